"""Values written and read as Mono's XmlSerializer does (each rule checked on Mono; the
byte-for-byte checks against Mono are in tests/interop/xml/test_xml_rw_interop.py).

Every test runs on both engines (tests/xml/conftest.py).
"""
# ruff: noqa: E741 (single-letter member names, as in the C# models)

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

import pytest

from serialkit import DefaultValue, SerializationError, XmlElement, XmlSerializer
from serialkit.attributes import Char
from serialkit.nrbf.enums import PrimitiveType
from serialkit.soap.names import parse_value
from serialkit.xml.errors import XmlFormatError

XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


# -- a nullable flat list writes its None items as xsi:nil ----------------------------------
@dataclasses.dataclass
class FlatNil:
    F: Annotated[list[str | None], XmlElement(is_nullable=True)] = dataclasses.field(
        default_factory=list)


@dataclasses.dataclass
class FlatPlain:
    F: Annotated[list[str | None], XmlElement()] = dataclasses.field(default_factory=list)


def test_nullable_flat_list_writes_none_items_as_nil() -> None:
    """<F xsi:nil="true" /> for each None item (Mono writes it), read back as None."""
    s = XmlSerializer(FlatNil)
    data = s.dumps(FlatNil(["a", None, "b"]), indent=False)
    assert data == (b'<?xml version="1.0"?><FlatNil xmlns:xsi="http://www.w3.org/2001/'
                    b'XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
                    b'<F>a</F><F xsi:nil="true" /><F>b</F></FlatNil>')
    assert s.loads(data) == FlatNil(["a", None, "b"])


def test_flat_list_that_is_not_nullable_drops_none_items() -> None:
    """Without is_nullable a None item is not written (Mono: nothing for a null item)."""
    data = XmlSerializer(FlatPlain).dumps(FlatPlain(["a", None]), indent=False)
    assert data.endswith(b"><F>a</F></FlatPlain>")


# -- DefaultValue compares numbers across types --------------------------------------------
@dataclasses.dataclass
class Defaults:
    D: Annotated[float, DefaultValue(5)] = 0.0
    M: Annotated[Decimal, DefaultValue(5)] = Decimal(0)
    I: Annotated[int, DefaultValue(5.0)] = 0
    S: Annotated[str, DefaultValue("5")] = ""


@pytest.mark.parametrize(("values", "written"), [
    ((5.0, Decimal("5.00"), 5, "5"), b""),
    ((5.5, Decimal(5), 5, "5"), b"<D>5.5</D>"),
    ((5.0, Decimal("5.1"), 6, "5"), b"<M>5.1</M><I>6</I>"),
])
def test_default_value_of_another_numeric_type(values: tuple[Any, ...],
                                               written: bytes) -> None:
    """DefaultValue(5) on a float member omits 5.0, as .NET (which converts the default to
    the member's type; Mono omits <D>5</D> and <M>5.00</M>)."""
    data = XmlSerializer(Defaults).dumps(Defaults(*values), indent=False)
    body = data.split(b'XMLSchema">', 1)[1] if b'XMLSchema">' in data else b""
    assert body.removesuffix(b"</Defaults>") == written
    if not written:
        assert data.endswith(b'XMLSchema" />')


@dataclasses.dataclass
class BoolDefault:
    B: Annotated[bool, DefaultValue(1)] = False
    E: Annotated[int, DefaultValue(True)] = 0


def test_default_value_never_equates_bool_and_int() -> None:
    """True is not the number 1 here (bool is no number to .NET)."""
    data = XmlSerializer(BoolDefault).dumps(BoolDefault(True, 1), indent=False)
    assert data.endswith(b"<B>true</B><E>1</E></BoolDefault>")


# -- xsi:nil on simple members that are not nillable ---------------------------------------
@dataclasses.dataclass
class NilStr:
    S: str = "init"
    N: int | None = 1
    T: str | None = None
    R: Annotated[str | None, XmlElement(is_nullable=True)] = "r"


@dataclasses.dataclass
class NilClass:
    C: Inner | None = None
    N: Annotated[Inner | None, XmlElement(is_nullable=True)] = None


def test_nil_on_a_class_member_that_is_not_nillable_is_not_looked_at() -> None:
    """Mono reads the object of a class element that is not nillable, xsi:nil or not; a
    nillable one (XmlElement(is_nullable=True)) reads None."""
    doc = (f'<NilClass {XSI}><C xsi:nil="true"><V>c</V></C><N xsi:nil="true"><V>n</V></N>'
           '</NilClass>')
    assert XmlSerializer(NilClass).loads(doc) == NilClass(Inner("c"), None)


def test_nil_on_a_string_that_is_not_nillable_reads_its_text() -> None:
    """Mono: S='' (xsi:nil ignored), N=null, T='x'; a nillable string reads None."""
    doc = (f'<NilStr {XSI}><S xsi:nil="true" /><N xsi:nil="true" /><T xsi:nil="true">x</T>'
           '<R xsi:nil="true" /></NilStr>')
    assert XmlSerializer(NilStr).loads(doc) == NilStr("", None, "x", None)


# -- attributes reported to the events -----------------------------------------------------
@dataclasses.dataclass
class Inner:
    V: str | None = None


@dataclasses.dataclass
class Outer:
    I: Inner | None = None
    S: str | None = None


def test_schema_location_and_other_xsi_attributes_are_reported() -> None:
    """Every attribute of a class element that nothing maps goes to unknown_node, then
    unknown_attribute, as Mono reports them: xsi:schemaLocation,
    xsi:noNamespaceSchemaLocation, xsi:type, xsi:nil and xml:lang included (.NET's
    generated readers skip only xmlns declarations); a simple element's are not looked at."""
    doc = (f'<Outer {XSI} xsi:schemaLocation="urn:a a.xsd" '
           'xsi:noNamespaceSchemaLocation="b.xsd" xsi:type="Outer" xml:lang="en">\n'
           '<I xsi:nil="false" xsi:schemaLocation="urn:c c.xsd"><V>v</V></I>'
           '<S xsi:schemaLocation="urn:d d.xsd">s</S></Outer>')
    seen: list[tuple[str, ...]] = []
    s = XmlSerializer(Outer)
    s.unknown_node = lambda e: seen.append(("node", e.node_type, e.name, e.namespace_uri,
                                            str(e.text), type(e.obj).__name__))
    s.unknown_attribute = lambda e: seen.append(("attr", e.name, e.value, str(e.line_number),
                                                 type(e.obj).__name__))
    assert s.loads(doc) == Outer(Inner("v"), "s")
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    xml = "http://www.w3.org/XML/1998/namespace"
    assert seen == [
        ("node", "Attribute", "xsi:schemaLocation", xsi, "urn:a a.xsd", "Outer"),
        ("attr", "xsi:schemaLocation", "urn:a a.xsd", "1", "Outer"),
        ("node", "Attribute", "xsi:noNamespaceSchemaLocation", xsi, "b.xsd", "Outer"),
        ("attr", "xsi:noNamespaceSchemaLocation", "b.xsd", "1", "Outer"),
        ("node", "Attribute", "xsi:type", xsi, "Outer", "Outer"),
        ("attr", "xsi:type", "Outer", "1", "Outer"),
        ("node", "Attribute", "xml:lang", xml, "en", "Outer"),
        ("attr", "xml:lang", "en", "1", "Outer"),
        ("node", "Attribute", "xsi:nil", xsi, "false", "Inner"),
        ("attr", "xsi:nil", "false", "2", "Inner"),
        ("node", "Attribute", "xsi:schemaLocation", xsi, "urn:c c.xsd", "Inner"),
        ("attr", "xsi:schemaLocation", "urn:c c.xsd", "2", "Inner"),
    ]


# -- digits are ASCII digits ---------------------------------------------------------------
@dataclasses.dataclass
class Nums:
    I: int = 0
    L: int = 0
    D: float = 0.0
    M: Decimal = Decimal(0)
    G: uuid.UUID | None = None
    T: dt.date | None = None
    C: Annotated[str, Char] = "a"


@pytest.mark.parametrize(("member", "text"), [
    ("I", "\u0665"), ("I", "\uff11\uff12"), ("I", "-\u0665"), ("D", "\u0661.\u0665"),
    ("D", "1e\u0665"), ("M", "\u0665"), ("M", "1.\u0665"), ("G", "\u0661" * 32),
    ("T", "\u0662\u0660\u0662\u0660-01-01"), ("I", "\u00b2"), ("C", "\u0665"),
])
def test_digits_of_other_scripts_are_refused(member: str, text: str) -> None:
    """.NET's XmlConvert takes only 0-9 (Mono: "Input string was not in a correct format"
    for each); Python's int(), float() and Decimal() take any Unicode digit."""
    with pytest.raises(XmlFormatError, match="not a valid") as info:
        XmlSerializer(Nums).loads(f"<Nums><{member}>{text}</{member}></Nums>")
    assert info.value.line == 1


def test_ascii_digits_still_read() -> None:
    doc = ("<Nums><I>12</I><L> -7 </L><D>1.5e3</D><M>-2.50</M>"
           "<T>2020-01-02</T></Nums>")
    assert XmlSerializer(Nums).loads(doc) == Nums(12, -7, 1500.0, Decimal("-2.50"), None,
                                                  dt.date(2020, 1, 2))


@pytest.mark.parametrize(("code", "text"), [
    (PrimitiveType.INT32, "\u0665"), (PrimitiveType.DOUBLE, "\u0661.5"),
    (PrimitiveType.INT64, "\uff11"), (PrimitiveType.TIMESPAN, "PT\u0665S"),
    (PrimitiveType.DATETIME, "2020-01-0\u0662T00:00:00"),
])
def test_soap_numbers_refuse_digits_of_other_scripts(code: PrimitiveType, text: str) -> None:
    """SoapFormatter's number patterns take ASCII digits only too."""
    with pytest.raises(ValueError):
        parse_value(code, text)
    ascii_text = text.translate({0x665: "5", 0x661: "1", 0xFF11: "1", 0x662: "2"})
    assert parse_value(code, ascii_text) is not None


def test_errors_are_serialization_errors() -> None:
    assert issubclass(XmlFormatError, SerializationError)
