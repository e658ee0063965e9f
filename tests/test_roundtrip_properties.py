"""Round-trip properties of BinaryFormatter over random object graphs, and the mapping table.

The graphs come from tests/strategies.py: nodes of the three class styles, every scalar of
SPEC.md's mapping table within .NET's ranges, and drawn links that share objects and close
cycles. Each graph is written with ``BinaryFormatter().dumps`` and read back with ``loads``;
the copy must hold the same values and the same sharing. Then one test per row of the table.
"""


from __future__ import annotations

import datetime as dt
import fractions
import pathlib
import struct
import uuid
from decimal import Decimal
from typing import Annotated, Any, Optional

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    AttrsNode,
    Color,
    DataNode,
    Perm,
    PlainNode,
    Point,
    ShapeNode,
    any_values,
    assert_same_graph,
    boxed_values,
    datetimes,
    decimals,
    graphs,
    python_values,
    scalars,
    timedeltas,
)

import serialkit
from serialkit import Array, BinaryFormatter, Char, Int8, Int16, Single, UInt64, serializable
from serialkit.nrbf import BinaryType, ClassRecord, RecordType


def roundtrip(graph: Any) -> Any:
    """Write ``graph`` and read it back with a default BinaryFormatter."""
    bf = BinaryFormatter()
    return bf.loads(bf.dumps(graph))


# ---- properties -----------------------------------------------------------------------------


@settings(max_examples=100)
@given(graphs())
def test_graph_roundtrip_keeps_values_and_sharing(graph: Any) -> None:
    """Random graphs with shared references and cycles read back equal, sharing preserved."""
    assert_same_graph(graph, roundtrip(graph))


@settings(max_examples=60)
@given(scalars)
def test_boxed_scalar_roundtrip(value: Any) -> None:
    """Every scalar of the mapping table survives a trip through an ``object`` slot."""
    node = AttrsNode(payload=value)
    assert_same_graph(node, roundtrip(node))


@settings(max_examples=60)
@given(st.lists(any_values, max_size=6))
def test_root_arraylist_roundtrip(values: list[Any]) -> None:
    """A bare list as the root (an ArrayList) reads back element for element."""
    assert_same_graph(values, roundtrip(values))


@settings(max_examples=40)
@given(st.dictionaries(st.text(max_size=5), st.integers(-(2**31), 2**31 - 1), max_size=5))
def test_root_hashtable_roundtrip(values: dict[str, int]) -> None:
    """A bare dict as the root (a Hashtable) reads back with the same items."""
    assert values == roundtrip(values)


@settings(max_examples=60)
@given(decimals(), datetimes, timedeltas)
def test_plain_node_scalars_roundtrip(amount: Decimal, when: dt.datetime,
                                      span: dt.timedelta) -> None:
    """Decimal keeps its scale and sign, DateTime its kind, TimeSpan its ticks, in fields."""
    node = PlainNode(amount=amount, when=when, span=span)
    back = roundtrip(node)
    assert (amount.as_tuple(), when, when.tzinfo is None, span) == (
        back.amount.as_tuple(), back.when, back.when.tzinfo is None, back.span)


@settings(max_examples=40)
@given(st.lists(python_values, min_size=1, max_size=4))
def test_python_only_values_roundtrip(values: list[Any]) -> None:
    """date, time, frozenset, complex, bytearray, range, Fraction, paths and tuples of 8+
    items come back with their types and values, in an ArrayList and at the root."""
    assert_same_graph(values, roundtrip(values))
    assert_same_graph(values[0], roundtrip(values[0]))


@settings(max_examples=40)
@given(st.lists(boxed_values, max_size=6))
def test_boxed_values_rewrite_byte_for_byte(values: list[Any]) -> None:
    """Int16(5), UInt8(200), Single(x), Char(c)... read back with their types, so writing the
    copy gives the same bytes."""
    bf = BinaryFormatter()
    data = bf.dumps(values)
    back = bf.loads(data)
    assert_same_graph(values, back)
    assert data == bf.dumps(back)


@settings(max_examples=40)
@given(graphs(max_nodes=2).map(lambda g: [n for n in g.nodes if isinstance(n, ShapeNode)]))
def test_declared_shapes_roundtrip(nodes: list[Any]) -> None:
    """HashSet, Tuple, KeyValuePair, BigInteger, T[], jagged, rectangular and object[]
    members read back as the annotation's Python types."""
    assert_same_graph(nodes, roundtrip(nodes))


@settings(max_examples=30)
@given(graphs(max_nodes=3))
def test_graph_writes_deterministically(graph: Any) -> None:
    """Writing the same graph twice gives identical bytes (the writer is deterministic)."""
    bf = BinaryFormatter()
    assert bf.dumps(graph) == bf.dumps(graph)


def test_shared_node_in_two_lists_is_one_object() -> None:
    """A node held by two different lists reads back as one object held by both."""
    shared = DataNode(s32=7)
    a = AttrsNode(children=[shared], payload=[shared])
    back = roundtrip(a)
    assert back.children[0] is back.payload[0]


def test_two_node_cycle_across_class_styles() -> None:
    """An attrs node and a plain node referring to each other keep the cycle."""
    a = AttrsNode(label="a")
    p = PlainNode(other=a)
    a.ref = p
    back = roundtrip(a)
    assert back is back.ref.other


# ---- one test per row of SPEC.md's mapping table --------------------------------------------


_ZERO_GUID = uuid.UUID(int=0)
_NO_PERM = Perm(0)


@serializable
@attrs.define(eq=False)
class Table:
    """One member per row of the mapping table, so the wire type of each can be checked."""

    boolean: bool = False
    double: float = 0.0
    text: str | None = None
    int32: int = 0
    sbyte: Annotated[int, Int8] = 0
    uint64: Annotated[int, UInt64] = 0
    char: Annotated[str, Char] = "a"
    single: Annotated[float, Single] = 0.0
    amount: Decimal = Decimal(0)
    span: dt.timedelta = dt.timedelta(0)
    guid: uuid.UUID = _ZERO_GUID
    when: dt.datetime = dt.datetime(1, 1, 1)
    blob: bytes | None = None
    generic_list: list[int] = attrs.field(factory=list)
    array_list: list = attrs.field(factory=list)  # type: ignore[type-arg]
    array: Annotated[list[int], Array] = attrs.field(factory=list)
    jagged: Annotated[list[Annotated[list[int], Array]], Array] = attrs.field(factory=list)
    rectangular: Annotated[list[list[int]], Array(rank=2)] = attrs.field(factory=list)
    dictionary: dict[str, int] = attrs.field(factory=dict)
    hashtable: dict = attrs.field(factory=dict)  # type: ignore[type-arg]
    hash_set: set[int] = attrs.field(factory=set)
    pair: tuple[int, str] = (0, "")
    nullable: Optional[int] = None  # noqa: UP045
    color: Color = Color.RED
    narrow: Annotated[Color, Int16] = Color.RED
    flags: Perm = _NO_PERM
    struct: Point = attrs.field(factory=Point)
    anything: object = None


_I32 = "System.Int32, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"

# (member, value, MemberType.describe() on the wire)
TABLE_ROWS = [
    ("boolean", True, "Boolean"),
    ("double", -2.5, "Double"),
    ("text", "h\u00e9llo \U0001d11e", "String"),
    ("int32", -(2**31), "Int32"),
    ("sbyte", -128, "SByte"),
    ("uint64", 2**64 - 1, "UInt64"),
    ("char", "\u00e9", "Char"),
    ("single", 1.5, "Single"),
    ("amount", Decimal("-79228162514264337593543950335"), "Decimal"),
    ("span", dt.timedelta(days=-3, microseconds=7), "TimeSpan"),
    ("guid", uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"), "SystemClass System.Guid"),
    ("when", dt.datetime(9999, 12, 31, 23, 59, 59, 999_999), "DateTime"),
    ("blob", b"\x00\xff", "Byte[]"),
    ("generic_list", [1, 2, 3], f"SystemClass System.Collections.Generic.List`1[[{_I32}]]"),
    ("array_list", [1, "two", None], "SystemClass System.Collections.ArrayList"),
    ("array", [4, 5], "Int32[]"),
    ("jagged", [[1], [2, 3]], "SystemClass System.Int32[][]"),
    ("rectangular", [[1, 2], [3, 4], [5, 6]], "SystemClass System.Int32[,]"),
    ("dictionary", {"a": 1},
     "SystemClass System.Collections.Generic.Dictionary`2"
     "[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, "
     f"PublicKeyToken=b77a5c561934e089],[{_I32}]]"),
    ("hashtable", {"k": 1, 2: "v"}, "SystemClass System.Collections.Hashtable"),
    ("hash_set", {1, 2}, f"Class System.Collections.Generic.HashSet`1[[{_I32}]]"),
    ("pair", (1, "x"),
     f"SystemClass System.Tuple`2[[{_I32}],[System.String, mscorlib, Version=4.0.0.0, "
     "Culture=neutral, PublicKeyToken=b77a5c561934e089]]"),
    # BinaryFormatter types a Nullable<T> member holding a value as T (notes/nrbf.md)
    ("nullable", 5, "SystemClass System.Int32"),
    ("color", Color.BLUE, "Class strategies.Color"),
    ("narrow", Color.GREEN, "Class strategies.Color"),
    ("flags", Perm.READ | Perm.EXEC, "Class strategies.Perm"),
    ("struct", Point(3, -4), "Class strategies.Point"),
    ("anything", None, "Object"),
]


def _wire_type(record: ClassRecord, member: str) -> str:
    types = record.member_types
    assert types is not None
    return types[record.member_names.index(member)].describe()


@pytest.mark.parametrize(("member", "value", "wire"), TABLE_ROWS,
                         ids=[row[0] for row in TABLE_ROWS])
def test_mapping_table_row(member: str, value: Any, wire: str) -> None:
    """Each declared Python type is written as its .NET type and reads back equal."""
    table = Table(**{member: value})
    payload = BinaryFormatter().dumps(table)
    record = serialkit.nrbf.decode(payload)
    back = BinaryFormatter().loads(payload)
    assert (wire, value, type(value)) == (
        _wire_type(record, member), getattr(back, member), type(getattr(back, member)))


def test_mapping_none_is_object_null() -> None:
    """None in an object slot is written as ObjectNull and reads back as None."""
    payload = BinaryFormatter().dumps(Table(anything=None))
    assert None is serialkit.nrbf.decode(payload)["anything"]


def test_mapping_nullable_null_reads_none() -> None:
    """A None Optional[int] is typed Nullable<Int32>, written null, and reads back None."""
    payload = BinaryFormatter().dumps(Table(nullable=None))
    record = serialkit.nrbf.decode(payload)
    assert (f"SystemClass System.Nullable`1[[{_I32}]]", None, None) == (
        _wire_type(record, "nullable"), record["nullable"],
        BinaryFormatter().loads(payload).nullable)


def test_mapping_struct_nullable_roundtrip() -> None:
    """Optional[struct] (Nullable<Point>) holds a struct or None and reads back so."""
    node = PlainNode(maybe_point=Point(1, 2))
    assert (Point(1, 2), None) == (roundtrip(node).maybe_point,
                                   roundtrip(PlainNode()).maybe_point)


def _boxed_int_record(value: int) -> bytes:
    return BinaryFormatter().dumps(AttrsNode(payload=value))


@pytest.mark.parametrize(("value", "code", "fmt"), [
    (2**31 - 1, 8, "<i"), (-(2**31), 8, "<i"), (2**31, 9, "<q"), (-(2**63), 9, "<q"),
])
def test_mapping_unannotated_int_width(value: int, code: int, fmt: str) -> None:
    """An int in an object slot is boxed as Int32 when it fits, else as Int64."""
    expected = bytes([RecordType.MEMBER_PRIMITIVE_TYPED, code]) + struct.pack(fmt, value)
    payload = _boxed_int_record(value)
    assert (True, value) == (expected in payload, roundtrip(AttrsNode(payload=value)).payload)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**200, -(3**100)])
def test_mapping_unannotated_int_bigint(value: int) -> None:
    """An int beyond Int64 in an object slot is a System.Numerics.BigInteger."""
    record = serialkit.nrbf.decode(_boxed_int_record(value))
    payload = record["payload"]
    assert ("System.Numerics.BigInteger", value) == (
        payload.type_name, roundtrip(AttrsNode(payload=value)).payload)


@pytest.mark.parametrize("when", [
    dt.datetime(2024, 2, 29, 13, 45, 30, 123456),
    dt.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=dt.UTC),
    dt.datetime(2024, 2, 29, 13, 45, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
], ids=["unspecified", "utc", "local"])
def test_mapping_datetime_kinds(when: dt.datetime) -> None:
    """Naive, UTC and other aware datetimes read back as the same instant and awareness."""
    back = roundtrip(Table(when=when)).when
    assert (when, when.tzinfo is None) == (back, back.tzinfo is None)


def test_mapping_class_with_id_for_later_instances() -> None:
    """The first instance of a class is ClassWithMembersAndTypes, later ones ClassWithId."""
    graph = [Point(1, 2), Point(3, 4)]
    payload = BinaryFormatter().dumps(graph)
    first, second = serialkit.nrbf.decode(payload)["_items"].values[:2]
    class_with_id = bytes([RecordType.CLASS_WITH_ID]) + struct.pack(
        "<ii", second.object_id, first.object_id)
    assert (RecordType.CLASS_WITH_MEMBERS_AND_TYPES, True, True, graph) == (
        first.layout.record_type, first.layout is second.layout, class_with_id in payload,
        roundtrip(graph))


def test_mapping_enum_value_field() -> None:
    """A boxed enum is a class record of the enum's name with an Int32 value__."""
    record = serialkit.nrbf.decode(BinaryFormatter().dumps(AttrsNode(payload=Color.BLUE)))
    boxed = record["payload"]
    assert ("strategies.Color", 300, BinaryType.PRIMITIVE) == (
        boxed.type_name, boxed["value__"], boxed.member_types[0].binary_type)


PYTHON_ONLY = [
    ("date", dt.date(2024, 2, 29), "Date"),
    ("time", dt.time(13, 45, 30, 5), "Time"),
    ("time-aware-fold", dt.time(1, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)), fold=1),
     "Time"),
    ("frozenset", frozenset({1, "a"}), "FrozenSet"),
    ("complex", complex(1.5, -2), "Complex"),
    ("bytearray", bytearray(b"\x00\xffab"), "ByteArray"),
    ("range", range(-3, 10, 4), "Range"),
    ("range-big", range(2**70, -(2**80), -(3**40)), "Range"),
    ("fraction", fractions.Fraction(-7, 3), "Fraction"),
    ("fraction-big", fractions.Fraction(2**100 + 1, 3**70), "Fraction"),
    ("pureposixpath", pathlib.PurePosixPath("/srv/data/\u00e9t\u00e9.txt"), "Path"),
    ("purewindowspath", pathlib.PureWindowsPath("C:\\Users\\x\\a b.txt"), "Path"),
    ("path", pathlib.Path("relative/dir"), "Path"),
    ("tuple-8", tuple(range(8)), "Tuple"),
    ("tuple-10-mixed", (1, "a", None, 2.5, (1, 2), [3], {"k": 4}, Decimal("1.5"), b"x",
                        frozenset()), "Tuple"),
]


@pytest.mark.parametrize(("value", "name"), [row[1:] for row in PYTHON_ONLY],
                         ids=[row[0] for row in PYTHON_ONLY])
def test_mapping_python_only_types(value: Any, name: str) -> None:
    """Python-only types round-trip through an object slot and at the root, as classes of
    serialkit's reserved assembly ``serialkit``."""
    node = AttrsNode(payload=value)
    payload = BinaryFormatter().dumps(node)
    record = serialkit.nrbf.decode(payload)["payload"]
    back = BinaryFormatter().loads(payload).payload
    assert (f"serialkit.Python.{name}", "serialkit", value, type(value)) == (
        record.type_name, record.library_name, back, type(back))
    root = roundtrip(value)
    assert (value, type(value)) == (root, type(root))


@serializable
@attrs.define(eq=False)
class PythonOnly:
    """Python-only types as declared members."""

    day: dt.date
    clock: dt.time
    frozen: frozenset[int]
    number: complex
    raw: bytearray
    span: range
    ratio: fractions.Fraction
    posix: pathlib.PurePosixPath
    windows: pathlib.PureWindowsPath
    local: pathlib.Path
    many: Any


def test_python_only_types_as_declared_members() -> None:
    """Each Python-only type declared as a member reads back with its type."""
    node = PythonOnly(dt.date(1, 1, 1), dt.time(23, 59, 59, 999_999), frozenset({-1, 2**31 - 1}),
                      complex(-0.0, float("inf")), bytearray(b"xyz"), range(0),
                      fractions.Fraction(0), pathlib.PurePosixPath("a/b"),
                      pathlib.PureWindowsPath("D:/x"), pathlib.Path("/tmp"),
                      tuple("abcdefghi"))
    back = roundtrip(node)
    for field in attrs.fields(PythonOnly):
        expected, actual = getattr(node, field.name), getattr(back, field.name)
        assert (expected, type(expected)) == (actual, type(actual)), field.name


def test_shared_python_only_values_keep_their_identity() -> None:
    """One bytearray (mutable) held twice is one object after reading, like any other."""
    shared = bytearray(b"buf")
    big = tuple(range(9))
    back = roundtrip([shared, shared, big, AttrsNode(payload=shared)])
    assert back[0] is back[1] is back[3].payload
    assert (bytearray, big) == (type(back[0]), back[2])



# ---- deep and cyclic graphs -----------------------------------------------------------------


@serializable
@attrs.define(eq=False, repr=False)
class Link:
    """A singly linked list node."""

    value: int = 0
    next: Optional[Link] = None  # noqa: UP045


@serializable
class Custom:
    """An ISerializable object that refers to a peer through its SerializationInfo."""

    def __init__(self, name: str, peer: Custom | None = None) -> None:
        self.name = name
        self.peer = peer

    def get_object_data(self, info: serialkit.SerializationInfo,
                        context: serialkit.StreamingContext) -> None:
        info.add_value("name", self.name)
        info.add_value("peer", self.peer)

    def set_object_data(self, info: serialkit.SerializationInfo,
                        context: serialkit.StreamingContext) -> None:
        self.name = info.get_value("name")
        self.peer = info.get_value("peer")


LINKED_LENGTH = 100_000


def test_linked_list_of_100000_nodes_roundtrips() -> None:
    """A 100,000-node linked list is written and read without RecursionError."""
    head = None
    for i in reversed(range(LINKED_LENGTH)):
        head = Link(i, head)
    back = roundtrip(head)
    values = []
    while back is not None:
        values.append(back.value)
        back = back.next
    assert list(range(LINKED_LENGTH)) == values


def test_list_containing_itself() -> None:
    """A list that contains itself reads back as a list that contains itself."""
    items: list[Any] = [1]
    items.append(items)
    back = roundtrip(items)
    assert (2, 1, True) == (len(back), back[0], back[1] is back)


def test_dict_containing_itself_as_value() -> None:
    """A dict holding itself as a value reads back holding itself."""
    table: dict[str, Any] = {"n": 1}
    table["me"] = table
    back = roundtrip(table)
    assert ({"n", "me"}, 1, True) == (set(back), back["n"], back["me"] is back)


def test_iserializable_two_node_cycle() -> None:
    """Two ISerializable objects referring to each other read back as a 2-cycle."""
    a = Custom("a")
    b = Custom("b", a)
    a.peer = b
    back = roundtrip(a)
    assert ("a", "b", True) == (back.name, back.peer.name, back.peer.peer is back)
