"""The 'orders' workload (issue 7): a Ledger of N orders and N/10 shared customers.

Deterministic for a given N and seed. Customer: id, name, email, vip. Order: id, customer (one
of the ledger's, shared), placed (naive datetime, whole seconds), total (Decimal, 2 places),
3 OrderLines, 2 short tags, note (None on every odd id). OrderLine: sku, qty, price.

The classes are plain attrs classes marked for serialkit; pickle reads and writes them as they
are, and ``benchmarks/mono/Bench.cs`` declares the same classes for .NET. SoapFormatter refuses
generic types, as .NET's does, so the SOAP row uses ``SoapOrder`` and ``SoapLedger``, whose
lists are .NET arrays (``Annotated[list[T], Array]``): ``build(n, arrays=True)`` makes the
same data with them.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Annotated, Any

import attrs

from serialkit import Array, serializable

__all__ = ["ASSEMBLY", "Customer", "Ledger", "Order", "OrderLine", "SoapLedger", "SoapOrder",
           "build"]

#: The full name Mono gives ``Bench.exe``, so that both write the same bytes.
ASSEMBLY = "Bench, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


@serializable(type_name="Bench.Customer", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class Customer:
    id: int
    name: str
    email: str
    vip: bool


@serializable(type_name="Bench.OrderLine", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class OrderLine:
    sku: str
    qty: int
    price: float


@serializable(type_name="Bench.Order", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class Order:
    id: int
    customer: Customer
    placed: dt.datetime
    total: Decimal
    lines: list[OrderLine]
    tags: list[str]
    note: str | None


@serializable(type_name="Bench.Ledger", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class Ledger:
    customers: list[Customer]
    orders: list[Order]


@serializable(type_name="Bench.SoapOrder", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class SoapOrder:
    """``Order`` with arrays (``OrderLine[]``, ``string[]``) for SoapFormatter."""

    id: int
    customer: Customer
    placed: dt.datetime
    total: Decimal
    lines: Annotated[list[OrderLine], Array]
    tags: Annotated[list[str], Array]
    note: str | None


@serializable(type_name="Bench.SoapLedger", assembly_name=ASSEMBLY)
@attrs.define(eq=False)
class SoapLedger:
    """``Ledger`` with arrays (``Customer[]``, ``SoapOrder[]``) for SoapFormatter."""

    customers: Annotated[list[Customer], Array]
    orders: Annotated[list[SoapOrder], Array]


_EPOCH = dt.datetime(2024, 1, 1)


def build(n: int, seed: int = 1, *, arrays: bool = False) -> Ledger | SoapLedger:
    """The ledger of ``n`` orders (the same data for the same ``n`` and ``seed``).

    A ``Ledger``, or with ``arrays`` a ``SoapLedger`` of ``SoapOrder``.
    """
    order_cls, ledger_cls = (SoapOrder, SoapLedger) if arrays else (Order, Ledger)
    r = random.Random(seed)
    customers = [Customer(i, f"c{i}", f"c{i}@x.org", i % 7 == 0) for i in range(max(1, n // 10))]
    orders: list[Any] = []  # Order or SoapOrder, as ledger_cls expects
    for i in range(n):
        customer = r.choice(customers)
        placed = _EPOCH + dt.timedelta(seconds=r.randrange(10**7))
        total = Decimal(r.randrange(100_000)) / 100
        lines = [OrderLine(f"s{r.randrange(1000)}", r.randrange(1, 9), r.random() * 100)
                 for _ in range(3)]
        orders.append(order_cls(i, customer, placed, total, lines, ["a", "b"],
                                None if i % 2 else f"note {i}"))
    return ledger_cls(customers, orders)
