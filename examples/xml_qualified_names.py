"""Qualify XML element and attribute names (the .NET how-to).

Namespaces come from ``XmlRoot``/``XmlType``/``XmlElement``/``XmlAttribute``; prefixes from an
``XmlSerializerNamespaces`` passed to ``dumps``. Without prefixes, .NET's XmlTextWriter rules
apply as they are: a default namespace, and generated ``d1p1`` prefixes for qualified
attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from serialkit import (
    XmlAttribute,
    XmlElement,
    XmlSchemaForm,
    XmlSerializer,
    XmlSerializerNamespaces,
    xml_root,
)


@xml_root("purchaseOrder", namespace="http://www.cpandl.com")
@dataclass
class Order:
    Id: Annotated[str, XmlAttribute(form=XmlSchemaForm.QUALIFIED)] = ""
    Buyer: Annotated[str, XmlElement(namespace="http://www.cohowinery.com")] = ""
    Note: Annotated[str, XmlElement(form=XmlSchemaForm.UNQUALIFIED)] = ""


def main() -> None:
    """Write the order with .NET's default prefixes, then with chosen ones."""
    order = Order("1001", "Coho Winery", "rush")
    serializer = XmlSerializer(Order)
    default = serializer.dumps(order).decode()
    print(default)
    assert 'd1p1:Id="1001"' in default

    ns = XmlSerializerNamespaces([("po", "http://www.cpandl.com"),
                                  ("cw", "http://www.cohowinery.com")])
    chosen = serializer.dumps(order, namespaces=ns).decode()
    print(chosen)
    # As .NET does, the root's own prefix is declared last, after its attributes.
    assert '<po:purchaseOrder xmlns:cw="http://www.cohowinery.com" po:Id="1001" ' \
           'xmlns:po="http://www.cpandl.com">' in chosen and "<cw:Buyer>" in chosen
    assert order == serializer.loads(chosen) == serializer.loads(default)
    print("qualified: po:purchaseOrder, po:Id, cw:Buyer")


if __name__ == "__main__":
    main()
