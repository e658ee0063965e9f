"""xsdata: dataclasses with xsdata field metadata for the workload's XML schema.

Its ``XmlSerializer`` (indent of two spaces) and ``XmlParser``, each with the handlers xsdata
picks by default (its lxml ones when lxml is installed). ``convert`` turns the workload's attrs
graph into these dataclasses before anything is timed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import workload
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig

__all__ = ["Customer", "Ledger", "Order", "OrderLine", "codec", "convert"]

_ELEMENT = {"type": "Element"}


def _wrapped(wrapper: str, item: str) -> dict[str, str]:
    """A list member written as ``<wrapper><item/>...</wrapper>``, as XmlSerializer does."""
    return {"type": "Element", "name": item, "wrapper": wrapper}


@dataclass
class Customer:
    id: int = field(metadata=_ELEMENT)
    name: str = field(metadata=_ELEMENT)
    email: str = field(metadata=_ELEMENT)
    vip: bool = field(metadata=_ELEMENT)


@dataclass
class OrderLine:
    sku: str = field(metadata=_ELEMENT)
    qty: int = field(metadata=_ELEMENT)
    price: float = field(metadata=_ELEMENT)


@dataclass
class Order:
    id: int = field(metadata=_ELEMENT)
    customer: Customer = field(metadata=_ELEMENT)
    # xsdata needs a format for a plain datetime (its own type is XmlDateTime).
    placed: dt.datetime = field(metadata={"type": "Element", "format": "%Y-%m-%dT%H:%M:%S"})
    total: Decimal = field(metadata=_ELEMENT)
    lines: list[OrderLine] = field(default_factory=list, metadata=_wrapped("lines", "OrderLine"))
    tags: list[str] = field(default_factory=list, metadata=_wrapped("tags", "string"))
    note: str | None = field(default=None, metadata=_ELEMENT)


@dataclass
class Ledger:
    customers: list[Customer] = field(default_factory=list,
                                      metadata=_wrapped("customers", "Customer"))
    orders: list[Order] = field(default_factory=list, metadata=_wrapped("orders", "Order"))


def convert(ledger: workload.Ledger) -> Ledger:
    """The same data as xsdata dataclasses (customers shared, as in the attrs graph)."""
    customers = {id(c): Customer(c.id, c.name, c.email, c.vip) for c in ledger.customers}
    return Ledger(
        list(customers.values()),
        [Order(o.id, customers[id(o.customer)], o.placed, o.total,
               [OrderLine(li.sku, li.qty, li.price) for li in o.lines], list(o.tags), o.note)
         for o in ledger.orders])


def codec() -> tuple[Callable[[Ledger], bytes], Callable[[bytes], Ledger]]:
    """``dumps`` and ``loads`` with one serializer and one parser, reused as users would."""
    serializer = XmlSerializer(config=SerializerConfig(indent="  "))
    parser = XmlParser()
    return (lambda ledger: serializer.render(ledger).encode()), \
        (lambda data: parser.from_bytes(data, Ledger))
