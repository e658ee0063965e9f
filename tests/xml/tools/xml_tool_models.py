"""The Python twins of reference/models.cs: the class models behind the reference schemas."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated

from lxml import etree  # type: ignore[import-untyped]

from serialkit.attributes.markers import (
    Array,
    Char,
    Int8,
    Int16,
    Int64,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
)
from serialkit.xml import (
    DefaultValue,
    XmlAnyAttribute,
    XmlAnyElement,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlChoiceIdentifier,
    XmlElement,
    XmlIgnore,
    XmlNamespaceDeclarations,
    XmlSchemaForm,
    XmlSerializerNamespaces,
    XmlText,
    xml_enum,
    xml_include,
    xml_root,
    xml_type,
)


@xml_enum("InProgress", "in-progress")
class Status(enum.Enum):
    New = 0
    InProgress = 1
    Done = 2


@xml_enum("NONE", "None")
class Perm(enum.Flag):
    NONE = 0
    Read = 1
    Write = 2


@dataclass
class Line:
    Sku: Annotated[str | None, XmlAttribute()] = None
    Qty: Annotated[int, XmlText()] = 0


@dataclass
class Party:
    Name: str | None = None


@dataclass
class Person(Party):
    Born: dt.datetime = dt.datetime(2000, 1, 1)


@dataclass
class Company(Party):
    Staff: Annotated[int, XmlAttribute()] = 0


xml_include(Person, Company)(Party)


@xml_root("order", namespace="urn:shop")
@dataclass
class Order:
    Id: Annotated[int, XmlAttribute()] = 0
    Code: Annotated[str | None, XmlAttribute(form=XmlSchemaForm.QUALIFIED)] = None
    Rights: Annotated[Perm, XmlAttribute()] = Perm.NONE
    Nums: Annotated[list[int] | None, Array, XmlAttribute()] = None
    Customer: str | None = None
    Date: dt.datetime = dt.datetime(2020, 1, 2, 3, 4, 5)
    Ship: Annotated[dt.datetime, XmlElement(data_type="date")] = dt.datetime(2020, 1, 3)
    Lines: list[Line] = field(default_factory=list)
    Skus: Annotated[list[str] | None, Array, XmlArray("items"), XmlArrayItem("sku")] = None
    Discount: Decimal | None = None
    State: Status = Status.New
    Ref: uuid.UUID = field(default_factory=lambda: uuid.UUID(int=0))
    Initial: Annotated[str, Char] = "A"
    Blob: bytes | None = None
    Hex: Annotated[bytes | None, XmlElement(data_type="hexBinary")] = None
    Note: Annotated[str | None, XmlElement(is_nullable=True)] = None
    Opt: int = 0
    Opt_specified: Annotated[bool, XmlIgnore] = False
    Count: Annotated[int, DefaultValue(3)] = 3
    Tag: Annotated[str, DefaultValue("x")] = "x"
    Big: Annotated[int, Int64] = 0
    Single: Annotated[float, Single] = 0.0
    Double: float = 0.0
    Flag: bool = False
    SB: Annotated[int, Int8] = 0
    B: Annotated[int, UInt8] = 0
    S: Annotated[int, Int16] = 0
    US: Annotated[int, UInt16] = 0
    UI: Annotated[int, UInt32] = 0
    UL: Annotated[int, UInt64] = 0
    Buyer: Party | None = None
    Flat: Annotated[list[str], XmlElement("Flat")] = field(default_factory=list)
    Pick: Annotated[object, XmlElement("dog", type=Person), XmlElement("num", type=int)] = 0
    Any: object = None
    Foreign: Annotated[str | None, XmlElement(namespace="urn:other")] = None
    Local: Annotated[str | None, XmlElement(form=XmlSchemaForm.UNQUALIFIED)] = None
    ForeignAttr: Annotated[str | None, XmlAttribute(namespace="urn:other")] = None
    Rest: Annotated[list[etree._Element] | None, XmlAnyElement()] = None
    RestAttrs: Annotated[dict[str, str] | None, XmlAnyAttribute()] = None


@xml_type("Thing", namespace="urn:t")
@dataclass
class Thing:
    N: str | None = None
    L: Line | None = None


@dataclass
class Note:
    Lang: Annotated[str | None, XmlAttribute()] = None
    Text: Annotated[str | None, XmlText()] = None


@dataclass
class Catalog:
    Item: Thing | None = None
    Grid: list[list[int]] = field(default_factory=list)
    Maybe: Annotated[list[str] | None, XmlArray(is_nullable=True)] = None
    Parties: Annotated[list[Party], XmlArrayItem("p", type=Person),
                       XmlArrayItem("c", type=Company)] = field(default_factory=list)
    Remark: Note | None = None
    Count: int | None = None
    States: Annotated[list[Status] | None, Array] = None


# Array type names (reference/arrays: xsd.exe /type:Shop.Shelf /type:Shop.Crate).
@dataclass
class Choice1:
    X: int = 0


@dataclass
class Pair:
    Third: Annotated[list[object] | None, Array, XmlArrayItem("x", type=int),
                     XmlArrayItem("y", type=float)] = None


@dataclass
class Shelf:
    Plain: list[Choice1] | None = None
    First: Annotated[list[object] | None, XmlArrayItem("i", type=int),
                     XmlArrayItem("s", type=str)] = None
    Same: Annotated[list[object] | None, XmlArrayItem("i", type=int),
                    XmlArrayItem("s", type=str)] = None
    In: Pair | None = None
    Nested: Annotated[list[list[object]] | None, XmlArrayItem("i", type=int, nesting_level=1),
                      XmlArrayItem("s", type=str, nesting_level=1)] = None
    L: list[int] | None = None
    A: Annotated[list[int] | None, Array] = None
    Renamed: Annotated[list[int] | None, Array, XmlArrayItem("n")] = None


@dataclass
class Crate:
    More: Annotated[list[object] | None, XmlArrayItem("i", type=int),
                    XmlArrayItem("s", type=str)] = None


# Every other XML attribute (reference/box: xsd.exe /type:Shop.Box).
@xml_type(include_in_schema=False)
class Kind(enum.Enum):
    num = 0
    str = 1


@xml_type(include_in_schema=False)
@xml_enum("far", "urn:other:far")
class ItemKind(enum.Enum):
    n = 0
    s = 1
    far = 2


@dataclass
class Stamp:
    Zone: Annotated[str | None, XmlAttribute(data_type="token")] = None
    Day: Annotated[dt.datetime, XmlText(data_type="date")] = dt.datetime(2000, 1, 1)


@dataclass
class Ordered:
    Third: Annotated[int, XmlElement(order=3)] = 0
    Second: Annotated[list[int] | None, Array, XmlArray(order=2), XmlArrayItem("v")] = None
    Rest: Annotated[list[etree._Element] | None, XmlAnyElement(order=4)] = None
    First: Annotated[str | None, XmlElement(order=1)] = None
    Plain: Annotated[int, XmlAttribute()] = 0


@xml_root("box", namespace="urn:box", is_nullable=False)
@dataclass
class Box:
    Xmlns: Annotated[XmlSerializerNamespaces | None, XmlNamespaceDeclarations] = None
    Item: Annotated[object, XmlChoiceIdentifier("Which"), XmlElement("num", type=int),
                    XmlElement("str", type=str)] = 0
    Which: Annotated[Kind, XmlIgnore] = Kind.num
    Items: Annotated[list[object], XmlChoiceIdentifier("ItemsElementName"),
                     XmlElement("n", type=int), XmlElement("s", type=str),
                     XmlElement("far", type=str, namespace="urn:other")] = field(
        default_factory=list)
    ItemsElementName: Annotated[list[ItemKind], XmlIgnore] = field(default_factory=list)
    Maybe: int = 0
    Tok: Annotated[str | None, XmlAttribute(data_type="token")] = None
    When: Annotated[dt.datetime, XmlAttribute(data_type="date")] = dt.datetime(2000, 1, 1)
    Norm: Annotated[str | None, XmlElement(data_type="normalizedString")] = None
    Token: Annotated[str | None, XmlElement(data_type="NMTOKEN")] = None
    Stamp: Stamp | None = None
    Ordered: Ordered | None = None

    def should_serialize_Maybe(self) -> bool:
        return self.Maybe != 0
