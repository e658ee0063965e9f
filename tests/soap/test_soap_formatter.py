"""SoapFormatter: round trips, the wire form, generics refused, and hostile documents."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serialkit import (
    Array,
    DotNetException,
    ReaderLimits,
    SerializationError,
    TypeNotAllowedError,
    serializable,
)
from serialkit.runtime import TypeRegistry
from serialkit.soap import SoapFormatter

ASM = "SoapTests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"


@serializable(type_name="Soap.Kind", assembly_name=ASM)
class Kind(enum.IntEnum):
    A = 0
    B = 1


@serializable(type_name="Soap.Node", assembly_name=ASM)
@attrs.define(eq=False)
class Node:
    name: str | None = None
    value: Any = None
    next: Node | None = None
    items: list | None = None  # type: ignore[type-arg]  # ArrayList
    table: dict | None = None  # type: ignore[type-arg]  # Hashtable
    numbers: Annotated[list[int], Array] | None = None
    kind: Kind = Kind.A
    when: dt.datetime = dt.datetime(2000, 1, 1)
    span: dt.timedelta = dt.timedelta(0)
    amount: Decimal = Decimal(0)
    uid: uuid.UUID = attrs.Factory(lambda: uuid.UUID(int=0))


NS = ("http://schemas.microsoft.com/clr/nsassem/Soap/"
      "SoapTests%2C%20Version%3D1.0.0.0%2C%20Culture%3Dneutral%2C%20PublicKeyToken%3Dnull")


def roundtrip(graph: Any, root_type: Any = None) -> Any:
    formatter = SoapFormatter()
    return formatter.loads(formatter.dumps(graph, root_type=root_type))


def test_envelope_shape() -> None:
    """The document is a SOAP-ENV envelope; the root is ref-1 in its CLR namespace."""
    doc = SoapFormatter().dumps(Node("n")).decode()
    assert doc.startswith(
        '<SOAP-ENV:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    assert f'<a1:Node id="ref-1" xmlns:a1="{NS}">' in doc
    assert doc.endswith("  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>")


def test_values_of_every_kind_round_trip() -> None:
    """Primitives, enums, Decimal, datetime, timedelta, Guid, ArrayList, Hashtable, arrays."""
    node = Node("n", 2.5, None, [1, "x", None, 2**40], {"k": [1]}, [3, 4], Kind.B,
                dt.datetime(2020, 1, 2, 3, 4, 5, 600000), dt.timedelta(days=-1, seconds=5),
                Decimal("-12.50"), uuid.UUID("01234567-89ab-cdef-0123-456789abcdef"))
    back = roundtrip(node)
    assert ("n", 2.5, [1, "x", None, 2**40], {"k": [1]}, [3, 4], Kind.B,
            dt.datetime(2020, 1, 2, 3, 4, 5, 600000), dt.timedelta(days=-1, seconds=5),
            Decimal("-12.50"), node.uid) == (
        back.name, back.value, back.items, back.table, back.numbers, back.kind, back.when,
        back.span, back.amount, back.uid)


def test_cycles_and_shared_references() -> None:
    """A two-node cycle and a list shared by both nodes keep their identity."""
    shared = [1, 2]
    a, b = Node("a", items=shared), Node("b", items=shared)
    a.next, b.next = b, a
    back = roundtrip(a)
    assert back.next.next is back
    assert back.items is back.next.items


def test_utc_and_aware_datetimes() -> None:
    """A UTC datetime keeps UTC; a fixed offset keeps its offset (xsd:dateTime with zzz)."""
    utc = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    plus2 = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert (utc, plus2) == (roundtrip(Node(when=utc)).when, roundtrip(Node(when=plus2)).when)


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (dt.datetime(1, 1, 1), "0001-01-01T00:00:00.0000000"),
        (dt.datetime(313, 3, 19, 1, 2, 3), "0313-03-19T01:02:03.0000000"),
        (dt.datetime(999, 12, 31, tzinfo=dt.UTC), "0999-12-31T00:00:00.0000000+00:00"),
        (dt.datetime(9999, 12, 31, 23, 59, 59, 999_999), "9999-12-31T23:59:59.9999990"),
        (dt.datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC),
         "9999-12-31T23:59:59.9999990+00:00"),
    ],
)
def test_datetimes_have_four_digit_years(when: dt.datetime, text: str) -> None:
    """A DateTime's year is written with four digits (.NET's ``yyyy``), in a member, boxed
    in an ``object`` member and in a DateTime[]; each reads back, years 1 and 9999 too."""
    node = Node(when=when, value=when, numbers=None)
    doc = SoapFormatter().dumps(node).decode()
    assert f"<when>{text}</when>" in doc
    assert f'<value xsi:type="xsd:dateTime">{text}</value>' in doc
    back = roundtrip(node)
    assert (when, when) == (back.when, back.value)
    array = SoapFormatter().dumps([when, when], root_type=Annotated[list[dt.datetime], Array])
    assert f"<item>{text}</item>" in array.decode()
    assert [when, when] == SoapFormatter().loads(array)


@pytest.mark.parametrize(
    ("text", "words"),
    [("313-03-19T01:02:03", "is not an xsd:dateTime"),
     ("10000-01-01T00:00:00", "is not a System.DateTime: year 10000 is out of range"),
     ("0000-01-01T00:00:00", "is not a System.DateTime: year 0 is out of range"),
     ("2020-02-30T00:00:00", "is not a System.DateTime: day is out of range")],
)
def test_datetimes_out_of_range_are_refused(text: str, words: str) -> None:
    """A three-digit year, or a date DateTime cannot hold, is refused naming the text."""
    doc = ('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SOAP-ENV:Body>'
           '<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:anyType[1]">'
           f'<item xsi:type="xsd:dateTime">{text}</item></SOAP-ENC:Array>'
           "</SOAP-ENV:Body></SOAP-ENV:Envelope>")
    with pytest.raises(SerializationError, match=words):
        SoapFormatter().loads(doc)


def test_exceptions_round_trip() -> None:
    """A DotNetException is ISerializable-shaped and survives SOAP too."""
    back = roundtrip(DotNetException("boom", type_name="System.InvalidOperationException",
                                     inner_exception=DotNetException("inner")))
    assert ("System.InvalidOperationException", "boom", "inner") == (
        back.type_name, back.message, back.inner_exception.message)


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, {1, 2}, (1, "a")])
def test_generic_types_are_refused_as_dotnet_does(value: Any) -> None:
    """List<T>, Dictionary<K,V>, HashSet<T> and Tuple<...> cannot be written: .NET Framework's
    SoapFormatter refuses generic types."""
    root_type = {list: list[int], dict: dict[str, int], set: set[int], tuple: tuple[int, str]}[
        type(value)]
    with pytest.raises(SerializationError, match="does not support generic types"):
        SoapFormatter().dumps(value, root_type=root_type)


def test_unregistered_type_is_refused() -> None:
    """A document naming a class nobody registered is refused before anything is built."""
    doc = SoapFormatter().dumps(Node("n"))
    with pytest.raises(TypeNotAllowedError, match=r"Soap\.Node"):
        SoapFormatter(registry=TypeRegistry()).loads(doc)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (f'<a1:Node id="ref-1" xmlns:a1="{NS}"><next href="#ref-9" /></a1:Node>',
         "never defines"),
        (f'<a1:Node id="ref-1" xmlns:a1="{NS}" /><a1:Node id="ref-1" xmlns:a1="{NS}" />',
         "twice"),
        ("", "empty"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[999999999]" />',
         "max_array_length"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[2]"><item>x</item>'
         "</SOAP-ENC:Array>", "not an integer"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[1]"><item>1</item><item>2</item>'
         "</SOAP-ENC:Array>", "beyond"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="bogus" />', "arrayType"),
    ],
)
def test_malformed_documents_are_refused(body: str, words: str) -> None:
    """Undefined hrefs, duplicate ids, an empty Body, huge or malformed arrays: each a
    SerializationError naming the problem."""
    doc = ('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
           'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SOAP-ENV:Body>'
           f"{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>")
    with pytest.raises(SerializationError, match=words):
        SoapFormatter(limits=ReaderLimits(max_array_length=1000)).loads(doc)


def test_doctype_and_entities_are_refused() -> None:
    """XXE and billion-laughs documents are refused: no DTD is ever loaded."""
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b"<x>&e;</x>")
    with pytest.raises(SerializationError, match="DOCTYPE"):
        SoapFormatter().loads(xxe)


def test_not_an_envelope() -> None:
    """Well-formed XML that is not a SOAP envelope is refused clearly."""
    with pytest.raises(SerializationError, match="not a SOAP envelope"):
        SoapFormatter().loads(b"<root/>")


def test_carriage_returns_survive_and_control_characters_are_refused() -> None:
    """"\r" is written as &#xD; so it survives; a character XML 1.0 cannot carry is refused
    with a clear error on writing."""
    assert "a\r\nb\rc" == roundtrip(Node("a\r\nb\rc")).name
    with pytest.raises(SerializationError, match=r"U\+001F, which XML 1.0 cannot carry"):
        SoapFormatter().dumps(Node("bad\x1f"))


def test_long_chain_is_iterative() -> None:
    """A 20,000-node chain reads back without recursion."""
    head = None
    for i in range(20_000):
        head = Node(str(i), next=head)
    back = roundtrip(head)
    count = 0
    while back is not None:
        count += 1
        back = back.next
    assert 20_000 == count


XML_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00",
                          min_codepoint=9).filter(lambda c: c >= " " or c in "\t\n\r")
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False), st.text(XML_CHARS, max_size=8),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2),
)


@given(st.lists(st.tuples(st.text(XML_CHARS, max_size=5), scalars, st.lists(scalars, max_size=4)),
                min_size=1, max_size=6), st.data())
def test_random_graphs_round_trip(rows: list[Any], data: st.DataObject) -> None:
    """Random node graphs with links between nodes (shared references and cycles) come back
    with the same values and the same sharing."""
    nodes = [Node(name, value, None, items) for name, value, items in rows]
    for node in nodes:
        node.next = data.draw(st.sampled_from([None, *nodes]))
    back = roundtrip(nodes, root_type=Annotated[list[Any], Array])
    assert [(n.name, n.value, n.items) for n in nodes] == [
        (n.name, n.value, n.items) for n in back]
    index = {id(n): i for i, n in enumerate(nodes)}
    back_index = {id(n): i for i, n in enumerate(back)}
    assert [None if n.next is None else index[id(n.next)] for n in nodes] == [
        None if n.next is None else back_index[id(n.next)] for n in back]
