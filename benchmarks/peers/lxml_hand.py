"""The floor: hand-written lxml code for the XML schema of the workload's ``Ledger``.

It writes the document serialkit's XmlSerializer writes, with one difference: a double is
written as Python's shortest round-trip ``repr`` rather than .NET's "R" format (15 digits,
17 when 15 do not round-trip), which serialkit must emulate. It reads back the workload's attrs
classes, a fresh ``Customer`` per order as XmlSerializer reads it. The code is what a careful
developer writes for speed: ``SubElement`` and one ``tostring`` to write, ``fromstring`` and
child iteration (dispatch on the tag, so element order and an absent ``note`` are tolerated)
to read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lxml import etree
from workload import Customer, Ledger, Order, OrderLine

__all__ = ["dumps", "loads"]

_DECLARATION = b'<?xml version="1.0"?>\n'
# XmlSerializer declares these two on the root (in .NET's order) even when unused.
_NSMAP = {"xsi": "http://www.w3.org/2001/XMLSchema-instance",
          "xsd": "http://www.w3.org/2001/XMLSchema"}
# No entities, no DTD, no network, as serialkit's own parser.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _write_customer(el: etree._Element, c: Customer) -> None:
    sub = etree.SubElement
    sub(el, "id").text = str(c.id)
    sub(el, "name").text = c.name
    sub(el, "email").text = c.email
    sub(el, "vip").text = "true" if c.vip else "false"


def dumps(ledger: Ledger) -> bytes:
    """The XML document of ``ledger``."""
    sub = etree.SubElement
    root = etree.Element("Ledger", nsmap=_NSMAP)
    customers = sub(root, "customers")
    for c in ledger.customers:
        _write_customer(sub(customers, "Customer"), c)
    orders = sub(root, "orders")
    for o in ledger.orders:
        el = sub(orders, "Order")
        sub(el, "id").text = str(o.id)
        _write_customer(sub(el, "customer"), o.customer)
        sub(el, "placed").text = o.placed.isoformat()
        sub(el, "total").text = str(o.total)
        lines = sub(el, "lines")
        for line in o.lines:
            line_el = sub(lines, "OrderLine")
            sub(line_el, "sku").text = line.sku
            sub(line_el, "qty").text = str(line.qty)
            sub(line_el, "price").text = repr(line.price)
        tags = sub(el, "tags")
        for tag in o.tags:
            sub(tags, "string").text = tag
        if o.note is not None:
            sub(el, "note").text = o.note
    return _DECLARATION + etree.tostring(root, pretty_print=True)


def _read_customer(el: etree._Element) -> Customer:
    id_, name, email, vip = 0, "", "", False
    for child in el:
        tag, text = child.tag, child.text or ""
        if tag == "id":
            id_ = int(text)
        elif tag == "name":
            name = text
        elif tag == "email":
            email = text
        elif tag == "vip":
            vip = text == "true"
    return Customer(id_, name, email, vip)


def _read_line(el: etree._Element) -> OrderLine:
    sku, qty, price = "", 0, 0.0
    for child in el:
        tag, text = child.tag, child.text or ""
        if tag == "sku":
            sku = text
        elif tag == "qty":
            qty = int(text)
        elif tag == "price":
            price = float(text)
    return OrderLine(sku, qty, price)


def _read_order(el: etree._Element) -> Order:
    order = Order(0, None, None, None, [], [], None)  # type: ignore[arg-type]
    for child in el:
        tag = child.tag
        if tag == "id":
            order.id = int(child.text or "")
        elif tag == "customer":
            order.customer = _read_customer(child)
        elif tag == "placed":
            order.placed = dt.datetime.fromisoformat(child.text or "")
        elif tag == "total":
            order.total = Decimal(child.text or "")
        elif tag == "lines":
            order.lines = [_read_line(line) for line in child]
        elif tag == "tags":
            order.tags = [s.text or "" for s in child]
        elif tag == "note":
            order.note = child.text or ""
    return order


def loads(data: bytes) -> Ledger:
    """The ``Ledger`` of an XML document."""
    root = etree.fromstring(data, _PARSER)
    ledger = Ledger([], [])
    for child in root:
        if child.tag == "customers":
            ledger.customers = [_read_customer(c) for c in child]
        elif child.tag == "orders":
            ledger.orders = [_read_order(o) for o in child]
    return ledger
