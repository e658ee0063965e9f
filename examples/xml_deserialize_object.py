"""How to: deserialize an object with XmlSerializer (the .NET how-to "Deserialize an Object").

In C#::

    var serializer = new XmlSerializer(typeof(PurchaseOrder));
    using (var stream = new FileStream("purchase_order.xml", FileMode.Open))
        var order = (PurchaseOrder)serializer.Deserialize(stream);

Here the document is one a .NET program wrote (these are Mono's bytes for the classes of
``xml_serialize_object.py``, declared again below as another program would declare them).
``deserialize`` takes bytes, a str, a path, a binary or text stream, or an lxml element, and
returns an instance of the serializer's type. As in .NET, elements the class does not have are
skipped after the ``unknown_element`` event, and a document that does not fit the class is an
``XmlFormatError`` with its line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated

from serialkit import (
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlFormatError,
    XmlSerializer,
    xml_root,
)

DOTNET_DOCUMENT = b"""<?xml version="1.0"?>
<PurchaseOrder xmlns:xsd="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.cpandl.com">
  <ShipTo Name="Teresa Atkinson">
    <Line1>1 Main St.</Line1>
    <City>AnyTown</City>
    <State>WA</State>
    <Zip>00000</Zip>
  </ShipTo>
  <OrderDate>2024-03-01T00:00:00</OrderDate>
  <Items>
    <Item>
      <ItemName>Widget S</ItemName>
      <Description>Small widget</Description>
      <UnitPrice>5.23</UnitPrice>
      <Quantity>3</Quantity>
      <LineTotal>15.69</LineTotal>
    </Item>
  </Items>
  <SubTotal>15.69</SubTotal>
  <ShipCost>12.51</ShipCost>
  <TotalCost>28.20</TotalCost>
</PurchaseOrder>"""


@dataclass
class Address:
    Name: Annotated[str, XmlAttribute()] = ""
    Line1: str = ""
    City: str = ""
    State: str = ""
    Zip: str = ""


@dataclass
class OrderedItem:
    ItemName: str = ""
    Description: str = ""
    UnitPrice: Decimal = Decimal(0)
    Quantity: int = 0
    LineTotal: Decimal = Decimal(0)


@xml_root("PurchaseOrder", namespace="http://www.cpandl.com")
@dataclass
class PurchaseOrder:
    ShipTo: Address | None = None
    OrderDate: dt.datetime = dt.datetime(2000, 1, 1)
    OrderedItems: Annotated[list[OrderedItem], XmlArray("Items"), XmlArrayItem("Item")] = \
        field(default_factory=list)
    SubTotal: Decimal = Decimal(0)
    ShipCost: Decimal = Decimal(0)
    TotalCost: Decimal = Decimal(0)


def main() -> None:
    with open("purchase_order.xml", "wb") as fh:  # the file the .NET program left behind
        fh.write(DOTNET_DOCUMENT)

    serializer = XmlSerializer(PurchaseOrder)
    with open("purchase_order.xml", "rb") as stream:  # as Deserialize(FileStream)
        order = serializer.deserialize(stream)

    # Unlike .NET's `object`, the result needs no cast: it is a PurchaseOrder.
    assert isinstance(order, PurchaseOrder)
    assert order.ShipTo == Address("Teresa Atkinson", "1 Main St.", "AnyTown", "WA", "00000")
    assert order.OrderDate == dt.datetime(2024, 3, 1)  # DateTimeKind.Unspecified: naive
    assert order.OrderedItems[0].UnitPrice == Decimal("5.23")
    assert str(order.TotalCost) == "28.20"  # System.Decimal's scale is kept

    # Elements the class lacks are skipped, after the event (.NET's UnknownElement).
    newer = DOTNET_DOCUMENT.replace(b"<SubTotal>", b"<Coupon>SPRING</Coupon>\n  <SubTotal>")
    skipped: list[str] = []
    serializer.unknown_element = lambda e: skipped.append(
        f"{e.element.tag} at line {e.line_number}")
    assert serializer.deserialize(newer) == order
    assert skipped == ["{http://www.cpandl.com}Coupon at line 19"], skipped

    # A document for another root, or a value of the wrong form, is an error with its line.
    assert not serializer.can_deserialize(b"<Invoice xmlns='http://www.cpandl.com' />")
    try:
        serializer.deserialize(DOTNET_DOCUMENT.replace(b">3<", b">three<"))
    except XmlFormatError as exc:
        assert exc.line == 15 and "'three' is not a valid xs:int value" in str(exc), exc
    else:
        raise AssertionError("a bad quantity was accepted")

    items = len(order.OrderedItems)
    print(f"deserialized PurchaseOrder: {items} item(s) for {order.ShipTo.Name}, "
          f"total {order.TotalCost}")


if __name__ == "__main__":
    main()
