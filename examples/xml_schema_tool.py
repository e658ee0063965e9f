"""Use the schema tool to generate classes and XML schemas (the .NET how-to).

.NET's xsd.exe goes both ways: ``xsd.exe MyAssembly.dll /type:Order`` writes the schema of a
class, ``xsd.exe order.xsd /classes`` writes classes for a schema. serialkit does the same,
from Python (``export_schema``, ``generate_classes``) or the command line (``serialkit xsd
module:Order -o DIR``, ``serialkit classes DIR/schema0.xsd -o models.py``).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from lxml import etree

from serialkit.xml import (
    XmlAttribute,
    XmlElement,
    XmlSerializer,
    export_schema,
    generate_classes,
    xml_root,
)
from serialkit.xml.schema import schema_file_names


@dataclass
class Item:
    Sku: Annotated[str, XmlAttribute("sku")] = ""
    Quantity: int = 0


@xml_root("order", namespace="urn:example:orders")
@dataclass
class Order:
    Id: Annotated[int, XmlAttribute("id")] = 0
    Customer: str | None = None
    Items: Annotated[list[Item], XmlElement("item")] = field(default_factory=list)


def main() -> None:
    out = Path("schema_tool")
    out.mkdir(exist_ok=True)

    # 1. Classes -> XML schema (xsd.exe /type): one file per namespace, schema0.xsd first.
    schemas = export_schema(Order)
    names = schema_file_names(schemas)
    for ns, data in schemas.items():
        (out / names[ns]).write_bytes(data)
    print(f"wrote {', '.join(names.values())} for namespace {next(iter(schemas))}")

    # The schema describes exactly what XmlSerializer writes.
    document = XmlSerializer(Order).dumps(Order(1001, "Ann", [Item("a-1", 2), Item("b-7", 1)]))
    schema = etree.XMLSchema(etree.parse(str(out / "schema0.xsd")))
    assert schema.validate(etree.fromstring(document)), schema.error_log
    print("the document serialkit writes validates against the schema")

    # 2. XML schema -> classes (xsd.exe /classes): a module of typed, annotated dataclasses.
    source = generate_classes(out / "schema0.xsd")
    models = out / "order_models.py"
    models.write_text(source, encoding="utf-8")
    print(f"generated {models}:")
    start = source.index("@xml_type('Item'")
    print("\n".join("    " + line for line in source[start:].splitlines()[:14]))

    spec = importlib.util.spec_from_file_location("order_models", models)
    assert spec is not None and spec.loader is not None
    generated = importlib.util.module_from_spec(spec)
    sys.modules["order_models"] = generated
    spec.loader.exec_module(generated)

    # The generated classes read the document and write the same bytes back.
    serializer = XmlSerializer(generated.Order)
    order = serializer.loads(document)
    same = serializer.dumps(order) == document
    print(f"\norder {order.id} for {order.Customer}: {len(order.item)} items")
    print(f"round trip through the generated classes: {'OK' if same else 'DIFFERENT'}")
    assert same


if __name__ == "__main__":
    main()
