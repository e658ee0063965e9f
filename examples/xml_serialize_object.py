"""How to: serialize an object with XmlSerializer (the .NET how-to "Serialize an Object").

In C#::

    var serializer = new XmlSerializer(typeof(PurchaseOrder));
    using (var stream = new FileStream("purchase_order.xml", FileMode.Create))
        serializer.Serialize(stream, order);

In Python the class is an ordinary dataclass (or attrs class, or annotated class); the XML
attributes go in ``Annotated[...]`` or on the class as decorators, named as in .NET without
the ``Attribute`` suffix. ``serialize`` takes a path, a binary stream or a text stream, and
writes the bytes .NET writes. Writes ``purchase_order.xml`` in the current directory;
``xml_deserialize_object.py`` reads the same document.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated

from serialkit import XmlArray, XmlArrayItem, XmlAttribute, XmlSerializer, xml_root


@dataclass
class Address:
    Name: Annotated[str, XmlAttribute()] = ""  # [XmlAttribute] public string Name;
    Line1: str = ""
    City: str = ""
    State: str = ""
    Zip: str = ""


@dataclass
class OrderedItem:
    ItemName: str = ""
    Description: str = ""
    UnitPrice: Decimal = Decimal(0)  # System.Decimal keeps its scale: 5.20 stays 5.20
    Quantity: int = 0
    LineTotal: Decimal = Decimal(0)


# [XmlRoot("PurchaseOrder", Namespace = "http://www.cpandl.com")]
@xml_root("PurchaseOrder", namespace="http://www.cpandl.com")
@dataclass
class PurchaseOrder:
    ShipTo: Address | None = None
    OrderDate: dt.datetime = dt.datetime(2000, 1, 1)
    # [XmlArray("Items"), XmlArrayItem("Item")] public OrderedItem[] OrderedItems;
    OrderedItems: Annotated[list[OrderedItem], XmlArray("Items"), XmlArrayItem("Item")] = \
        field(default_factory=list)
    SubTotal: Decimal = Decimal(0)
    ShipCost: Decimal = Decimal(0)
    TotalCost: Decimal = Decimal(0)


def main() -> None:
    item = OrderedItem("Widget S", "Small widget", Decimal("5.23"), 3)
    item.LineTotal = item.UnitPrice * item.Quantity
    order = PurchaseOrder(
        ShipTo=Address("Teresa Atkinson", "1 Main St.", "AnyTown", "WA", "00000"),
        OrderDate=dt.datetime(2024, 3, 1),  # a naive datetime: .NET's DateTimeKind.Unspecified
        OrderedItems=[item], SubTotal=item.LineTotal, ShipCost=Decimal("12.51"))
    order.TotalCost = order.SubTotal + order.ShipCost

    # The serializer is built (and the class model checked) once; keep it and reuse it.
    serializer = XmlSerializer(PurchaseOrder)
    serializer.serialize("purchase_order.xml", order)  # as Serialize(FileStream, order)

    with open("purchase_order.xml", "rb") as fh:
        written = fh.read()
    # What .NET Framework's XmlSerializer writes for the same class and values (checked on
    # Mono, which lists xmlns:xsd before xmlns:xsi: the one difference serialkit's tests
    # normalise): UTF-8 without a BOM, no encoding in the declaration, two-space indents.
    assert written == b"""<?xml version="1.0"?>
<PurchaseOrder xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://www.cpandl.com">
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
</PurchaseOrder>""", written.decode()
    print(written.decode())

    # Serialize(StreamWriter, order) names the writer's encoding in the declaration; a text
    # stream here gets none unless it is given, as it is here.
    text = io.StringIO()
    serializer.serialize(text, order, encoding="utf-8")
    assert text.getvalue().startswith('<?xml version="1.0" encoding="utf-8"?>\n<PurchaseOrder ')

    # Settings of XmlWriterSettings' kind are keywords: no indentation, Windows line breaks...
    compact = serializer.dumps(order, indent=False, xml_declaration=False)
    assert compact.startswith(b"<PurchaseOrder ") and b"\n" not in compact
    print(f"serialized PurchaseOrder to purchase_order.xml ({len(written)} bytes): "
          "same bytes as .NET")


if __name__ == "__main__":
    main()
