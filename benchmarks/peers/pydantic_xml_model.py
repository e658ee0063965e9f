"""pydantic-xml: ``BaseXmlModel`` classes for the workload's XML schema.

``to_xml(pretty_print=True, skip_empty=True)`` (``skip_empty`` leaves out ``note`` when None,
as XmlSerializer does) and ``from_xml``, on lxml. ``convert`` turns the workload's attrs graph
into these models before anything is timed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import workload
from pydantic_xml import BaseXmlModel, element, wrapped

__all__ = ["Customer", "Ledger", "Order", "OrderLine", "codec", "convert"]


class Customer(BaseXmlModel, tag="Customer"):
    id: int = element()
    name: str = element()
    email: str = element()
    vip: bool = element()


class OrderLine(BaseXmlModel, tag="OrderLine"):
    sku: str = element()
    qty: int = element()
    price: float = element()


class Order(BaseXmlModel, tag="Order"):
    id: int = element()
    customer: Customer = element(tag="customer")
    placed: dt.datetime = element()
    total: Decimal = element()
    lines: list[OrderLine] = wrapped("lines", element(tag="OrderLine"))
    tags: list[str] = wrapped("tags", element(tag="string"))
    note: str | None = element(default=None)


class Ledger(BaseXmlModel, tag="Ledger"):
    customers: list[Customer] = wrapped("customers", element(tag="Customer"))
    orders: list[Order] = wrapped("orders", element(tag="Order"))


def convert(ledger: workload.Ledger) -> Ledger:
    """The same data as pydantic-xml models (customers shared, as in the attrs graph)."""
    customers = {id(c): Customer(id=c.id, name=c.name, email=c.email, vip=c.vip)
                 for c in ledger.customers}
    return Ledger(
        customers=list(customers.values()),
        orders=[Order(id=o.id, customer=customers[id(o.customer)], placed=o.placed,
                      total=o.total,
                      lines=[OrderLine(sku=li.sku, qty=li.qty, price=li.price) for li in o.lines],
                      tags=list(o.tags), note=o.note)
                for o in ledger.orders])


def codec() -> tuple[Callable[[Ledger], bytes], Callable[[bytes], Ledger]]:
    """``dumps`` and ``loads``."""
    return (lambda ledger: ledger.to_xml(pretty_print=True, skip_empty=True)), \
        Ledger.from_xml
