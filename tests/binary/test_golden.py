"""Golden payloads written by Mono's BinaryFormatter (tests/golden/nrbf, see gen.cs/gen2.cs),
read by serialkit and compared value by value with what the C# put in."""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import attrs
import pytest

from serialkit import (
    Array,
    BigInteger,
    BinaryFormatter,
    Char,
    DotNetException,
    FieldName,
    Int8,
    Int16,
    Int64,
    KeyValuePair,
    Single,
    TypeNotAllowedError,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Uri,
    serializable,
)
from serialkit.nrbf import ArrayRecord, ClassRecord, decode, format_tree

GOLDEN = Path(__file__).parent.parent / "golden" / "nrbf" / "payloads"


GEN = "gen, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


def payload(name: str) -> bytes:
    return (GOLDEN / f"{name}.bin").read_bytes()


@serializable(type_name="Simple", assembly_name=GEN)
@attrs.define(eq=True)
class Simple:
    A: int = 42
    S: str | None = "hi"
    _d: Annotated[float, FieldName("d")] = 1.5


@serializable(type_name="Node", assembly_name=GEN)
@attrs.define(eq=False)
class Node:
    Name: str | None = None
    Next: Node | None = None
    Self: Node | None = None


@serializable(type_name="Pt", assembly_name=GEN, value_type=True)
@attrs.define
class Pt:
    X: int = 0
    Y: int = 0


@serializable(type_name="WithStruct", assembly_name=GEN)
@attrs.define
class WithStruct:
    P: Pt
    Ps: Annotated[list[Pt], Array]
    Boxed: Any


@serializable(type_name="Color", assembly_name=GEN, underlying_type=Int16)
class Color(enum.IntEnum):
    Red = 1
    Green = 2


@serializable(type_name="WithEnum", assembly_name=GEN)
@attrs.define
class WithEnum:
    C: Annotated[Color, Int16]
    BoxedEnum: Any


@serializable(type_name="Prims", assembly_name=GEN)
@attrs.define
class Prims:
    b: bool
    y: Annotated[int, UInt8]
    sy: Annotated[int, Int8]
    c: Annotated[str, Char]
    s: Annotated[int, Int16]
    us: Annotated[int, UInt16]
    i: int
    ui: Annotated[int, UInt32]
    l: Annotated[int, Int64]  # noqa: E741 - the C# field is named l
    ul: Annotated[int, UInt64]
    f: Annotated[float, Single]
    d: float
    m: Decimal
    dt: datetime
    ts: timedelta
    text: Annotated[str | None, FieldName("str")]


@serializable(type_name="Base", assembly_name=GEN)
@attrs.define
class Base:
    B: int = 1
    _priv: Annotated[int, FieldName("priv")] = 2


@serializable(type_name="Derived", assembly_name=GEN)
@attrs.define
class Derived(Base):
    D: int = 3
    _own: Annotated[int, FieldName("priv")] = 4


GEN2 = "gen2, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


@serializable(type_name="SampleStruct", assembly_name=GEN2, value_type=True)
@attrs.define
class SampleStruct:
    Value: int = 0


@serializable(type_name="HasNullable", assembly_name=GEN2)
@attrs.define
class HasNullable:
    N: SampleStruct | None = None


@serializable(type_name="HasBig", assembly_name=GEN2)
@attrs.define
class HasBig:
    B: Annotated[int, BigInteger] = 0
    Boxed: Any = None
    Dt: Any = None
    Ts: Any = None
    G: Any = None
    N1: SampleStruct | None = None


@serializable(type_name="NullableHolder", assembly_name=GEN)
@attrs.define
class NullableHolder:
    A: int | None
    B: int | None
    Boxed: Any


def test_reads_simple_class_and_its_private_field() -> None:
    """A class record binds to the registered class; FieldName maps C#'s `d` to `_d`."""
    assert Simple(42, "hi", 2.5) == BinaryFormatter().loads(
        payload("simple").replace(b"\x00\x00\x00\x00\x00\x00\xf8\x3f",
                                  b"\x00\x00\x00\x00\x00\x00\x04\x40"))


def test_reads_cycle_with_identity() -> None:
    """Node a -> b -> a and a.Self is a: the cycle comes back as the same objects."""
    a = BinaryFormatter().loads(payload("cycle"))
    assert ("a", "b") == (a.Name, a.Next.Name)
    assert a.Next.Next is a
    assert a.Self is a
    assert a.Next.Self is None


def test_reads_structs_inline_and_boxed() -> None:
    """Pt inline (negative id), in a Pt[] (BinaryArray of inline structs) and boxed in object."""
    w = BinaryFormatter().loads(payload("struct"))
    assert (Pt(1, 2), [Pt(3, 4)], Pt(5, 6)) == (w.P, w.Ps, w.Boxed)


def test_reads_enums_as_field_boxed_and_root() -> None:
    """Enums are records with value__; Color is short-based in C#."""
    w = BinaryFormatter().loads(payload("enum"))
    assert (Color.Green, Color.Red) == (w.C, w.BoxedEnum)
    assert Color.Green is BinaryFormatter().loads(payload("enum_root"))


def test_reads_every_primitive() -> None:
    """Every .NET primitive of Prims, with its exact value."""
    p = BinaryFormatter().loads(payload("prims"))
    expected = Prims(True, 255, -1, "\u00e9", -2, 65535, -3, 4_000_000_000, -4, 2**64 - 1, 1.5,
                     2.25, Decimal("123.456"), datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
                     timedelta(seconds=90), None)
    assert expected == p


def test_reads_inherited_private_field() -> None:
    """Derived's own `priv` and Base's private `priv`, written `Base+priv`, stay apart."""
    d = BinaryFormatter().loads(payload("derived"))
    assert (1, 2, 3, 4) == (d.B, d._priv, d.D, d._own)
    assert ("D", "priv", "B", "Base+priv") == decode(BinaryFormatter().dumps(d)).member_names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("int", 42),
        ("string", "hello"),
        ("char", "Z"),
        ("double", 1.0 / 3),
        ("decimal", Decimal("123.456")),
        ("timespan", timedelta(minutes=3)),
        ("datetime_utc", datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("guid", UUID("01234567-89ab-cdef-0123-456789abcdef")),
        ("bigint", 123456789012345678901234567890),
        ("int_array_root", [1, 2, 3]),
        ("obj_array_root", [1, None, None, "x"]),
        ("string_array_root", ["x", "y", "x"]),
        ("nulls300", [None] * 300),
        ("empty_obj_array", []),
        ("list_int", [1, 2, 3]),
        ("list_string", ["a", "b"]),
        ("arraylist", [1, "two", 3.0]),
        ("dict", {"one": 1, "two": 2}),
        ("hashtable", {"k": 1, 2: "v"}),
        ("hashset", {1, 2}),
        ("tuple", (1, "a")),
        ("kvp", ("k", 1)),
        ("string_2d", [["a", "b"], [None, "a"]]),
        ("jagged_obj", [[1], None]),
        ("decimal_array", [Decimal("1.5"), Decimal("-2")]),
        ("datetime_array", [datetime(2000, 1, 1, tzinfo=UTC)]),
        ("char_array", ["a", "\u20ac"]),
        ("bool_array", [True, False]),
        ("long_string", "x" * 300),
    ],
)
def test_reads_builtin_shape(name: str, expected: Any) -> None:
    """Each .NET system type reads as the Python type of SPEC.md's mapping table."""
    assert expected == BinaryFormatter().loads(payload(name))


def test_reads_local_datetime_as_aware_local_time() -> None:
    """Kind=Local becomes an aware datetime in the local zone, same wall-clock time."""
    value = BinaryFormatter().loads(payload("datetime"))
    assert datetime(2020, 1, 2, 3, 4, 5) == value.replace(tzinfo=None)
    assert value.tzinfo is not None


def test_reads_nullable_members() -> None:
    """int? with a value, int? null and a boxed int? (SystemClass Int32 + MemberPrimitiveTyped)."""
    assert NullableHolder(5, None, 7) == BinaryFormatter().loads(payload("nullable_int_in_obj"))


def test_reads_shared_string_and_shared_object() -> None:
    """Two references to one string and to one object come back as one Python object."""
    refs = BinaryFormatter().loads(payload("shared_refs"))
    assert refs[0] is refs[1]
    assert Simple() == refs[2]
    shared = BinaryFormatter().loads(payload("shared_obj"))
    assert shared[0] is shared[1]
    two = BinaryFormatter().loads(payload("two_simple"))
    assert two[0] == two[1]
    assert two[0] is not two[1]


def test_reads_types_when_needed_through_the_registered_class() -> None:
    """A TypesWhenNeeded payload has untyped members; the registered class supplies the types."""
    assert Simple(42, "hi", 1.5) == BinaryFormatter().loads(payload("simple_typeswhenneeded"))


@pytest.mark.parametrize("name", ["type", "custom", "versioned"])
def test_unregistered_types_are_refused_but_decodable(name: str) -> None:
    """Classes nobody registered are refused by loads, and still readable as records."""
    with pytest.raises(TypeNotAllowedError):
        BinaryFormatter().loads(payload(name))
    assert isinstance(decode(payload(name)), ClassRecord)


def test_decode_gives_records_with_members_by_name() -> None:
    """decode reads a payload whose classes we do not have, member by member."""
    root = decode(payload("custom"))
    assert ("Custom", 5, "x", 3.25) == (root.type_name, root["v"], root["extra"], root["o"])
    assert ("v", "extra", "o") == root.member_names
    assert root.library_name.startswith("gen,")
    arrays = decode(payload("arrays"))
    m = arrays["M"]
    assert isinstance(m, ArrayRecord)
    assert ((2, 3), [1, 2, 3, 4, 5, 6]) == (m.lengths, m.values)
    assert ((2,), (5,)) == (arrays["Lb"].lengths, arrays["Lb"].lower_bounds)
    assert b"\x01\x02\x03" == arrays["Bs"].values


def test_format_tree_shows_references_once() -> None:
    """The printed tree shows each record once and later uses as `-> #id`."""
    expected = "\n".join([
        "Node [gen] #1",
        '  Name: "a"',
        "  Next: Node [gen] #4",
        '    Name: "b"',
        "    Next: -> #1 Node",
        "    Self: None",
        "  Self: -> #1 Node",
    ])
    assert expected == format_tree(decode(payload("cycle")))


@pytest.mark.parametrize("name", ["simple", "cycle", "struct", "enum", "prims", "derived",
                                  "nullable_int_in_obj", "int", "string", "double",
                                  "decimal", "datetime_utc", "timespan", "guid", "bigint",
                                  "hashtable", "arraylist", "exception", "uri", "char",
                                  "datetime", "dto", "enum_root", "long_string", "hasbig",
                                  "exception_data"])
def test_rewrites_mono_bytes_exactly(name: str) -> None:
    """Read then written again, the graph gives exactly the bytes Mono's BinaryFormatter wrote."""
    data = payload(name)
    assert data.hex() == BinaryFormatter().dumps(BinaryFormatter().loads(data)).hex()


@pytest.mark.parametrize(
    ("name", "root_type"),
    [
        ("int_array_root", Annotated[list[int], Array]),
        ("string_array_root", Annotated[list[str], Array]),
        ("obj_array_root", Annotated[list[Any], Array]),
        ("nulls300", Annotated[list[Any], Array]),
        ("empty_obj_array", Annotated[list[Any], Array]),
        ("shared_obj", Annotated[list[Any], Array]),
        ("shared_refs", Annotated[list[Any], Array]),
        ("two_simple", Annotated[list[Simple], Array]),
        ("bool_array", Annotated[list[bool], Array]),
        ("char_array", Annotated[list[Annotated[str, Char]], Array]),
        ("decimal_array", Annotated[list[Decimal], Array]),
        ("datetime_array", Annotated[list[datetime], Array]),
        ("string_2d", Annotated[list[list[str]], Array(rank=2)]),
        ("jagged_obj", Annotated[list[Annotated[list[Any], Array]], Array]),
        ("list_int", list[int]),
        ("list_string", list[str]),
        ("list_simple", list[Simple]),
        ("dict", dict[str, int]),
        ("hashset", set[int]),
        ("tuple", tuple[int, str]),
        ("char", Annotated[str, Char]),
        ("kvp", Annotated[tuple[str, int], KeyValuePair]),
        ("nullable_struct_mixed", Annotated[list[HasNullable], Array]),
        ("nullable_struct_only_values", Annotated[list[HasNullable], Array]),
    ],
)
def test_root_type_rewrites_mono_bytes_exactly(name: str, root_type: Any) -> None:
    """Given the root's .NET type, serialkit writes exactly Mono's bytes for it."""
    data = payload(name)
    formatter = BinaryFormatter()
    assert data.hex() == formatter.dumps(formatter.loads(data), root_type=root_type).hex()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("int_array_root", "a Python list at the root is an ArrayList, not an int[]"),
        ("shared_obj", "a Python list at the root is an ArrayList, not an object[]"),
        ("list_int", "a Python list at the root is an ArrayList, not a List<int>"),
        ("dict", "a Python dict at the root is a Hashtable, not a Dictionary<string,int>"),
        ("tuple", "an untyped tuple is a Tuple<object,object>"),
    ],
)
def test_untyped_roots_differ_for_a_stated_reason(name: str, why: str) -> None:
    """Without root_type, where Python's value cannot say the .NET type, the bytes differ."""
    data = payload(name)
    assert data != BinaryFormatter().dumps(BinaryFormatter().loads(data)), why


def test_reads_exception_as_dotnet_exception() -> None:
    """An InvalidOperationException reads as a DotNetException carrying its members."""
    exc = BinaryFormatter().loads(payload("exception"))
    assert isinstance(exc, DotNetException)
    assert ("System.InvalidOperationException", "boom", -2146233079, None, {}) == (
        exc.type_name, exc.message, exc.hresult, exc.inner_exception, exc.extra)
    assert "System.InvalidOperationException: boom" == str(exc)


def test_reads_uri_and_datetimeoffset() -> None:
    """System.Uri reads as serialkit.Uri (a str); DateTimeOffset as an aware datetime."""
    uri = BinaryFormatter().loads(payload("uri"))
    assert (Uri, "http://example.com/") == (type(uri), uri)
    dto = BinaryFormatter().loads(payload("dto"))
    assert datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))) == dto
    assert timedelta(hours=2) == dto.utcoffset()
