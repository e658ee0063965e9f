"""Every value the writer cannot write is a SerializationError that says what, where and why."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Any

import attrs
import pytest

from serialkit import (
    Array,
    BigInteger,
    BinaryFormatter,
    Char,
    DateTimeOffset,
    DotNetException,
    Int16,
    KeyValuePair,
    SerializationError,
    SerializationInfo,
    Single,
    UInt8,
    serializable,
)

LONE = "ok\udc80"


@serializable(type_name="W.Text")
@attrs.define
class Text:
    s: str | None


@serializable(type_name="W.Blob")
@attrs.define
class Blob:
    b: bytes | None


@serializable(type_name="W.Grid")
@attrs.define
class Grid:
    g: Annotated[list[list[int]], Array(rank=2)]


@serializable(type_name="W.Names")
@attrs.define
class Names:
    names: list[str]
    pair: Annotated[tuple[str, int], KeyValuePair] = ("k", 1)


@serializable(type_name="W.Typed")
@attrs.define
class Typed:
    by_name: dict[str, object]
    trio: tuple[int, object, str]


def fails(graph: Any, root_type: Any = None) -> SerializationError:
    with pytest.raises(SerializationError) as info:
        BinaryFormatter().dumps(graph, root_type=root_type)
    return info.value


@pytest.mark.parametrize(("graph", "path"), [
    (LONE, "$"),
    (["a", LONE], "$[1]"),
    ({"k": LONE}, "$.Values[0]"),  # a dict is a Hashtable
    ({LONE: 1}, "$.Keys[0]"),
    (Text(LONE), "$.s"),
    ([Text("a"), Text(LONE)], "$[1].s"),  # the second instance takes the generated writer
    (Names(["a", LONE]), "$.names[1]"),
    (Names([], (LONE, 2)), "$.pair.key"),
    ((1, LONE), "$.m_Item2"),
])
def test_a_lone_surrogate_is_refused_with_its_path(graph: Any, path: str) -> None:
    """UTF-8 cannot hold a lone surrogate: .NET would write U+FFFD, serialkit refuses."""
    err = fails(graph)
    assert (path, True, True) == (
        err.path, "lone surrogate (U+DC80 at index 2)" in err.message, "'ok\\udc80'" in
        err.message)


def test_a_surrogate_pair_is_written_and_read() -> None:
    """A character beyond the BMP is one UTF-8 sequence (a pair in .NET's UTF-16)."""
    assert "\U0001f600!" == BinaryFormatter().loads(BinaryFormatter().dumps("\U0001f600!"))


@serializable(type_name="W.Custom")
class Custom:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_object_data(self, info: SerializationInfo, context: Any) -> None:
        info.add_value(self.name, 1)


def test_a_lone_surrogate_in_a_member_name_is_reported_at_the_object() -> None:
    err = fails([0, Custom(LONE)])
    assert ("$[1]", True) == (err.path, "lone surrogate" in err.message)


@pytest.mark.parametrize(("value", "why"), [
    ("abc", "declared as System.Byte[] but holds a value of type str"),
    (5, "declared as System.Byte[] but holds a value of type int"),
    ([1, 300], "an element does not fit System.Byte"),
    ([1, "x"], "an element does not fit System.Byte"),
])
def test_a_bytes_member_holding_something_else(value: Any, why: str) -> None:
    err = fails(Blob(value))
    assert ("$.b", True) == (err.path, err.message.startswith(why))


def test_a_bytes_member_takes_bytes_bytearray_memoryview_or_a_list() -> None:
    for value in (b"\x01\xff", bytearray(b"\x01\xff"), memoryview(b"\x01\xff"), [1, 255]):
        assert b"\x01\xff" == BinaryFormatter().loads(BinaryFormatter().dumps(Blob(value))).b


@pytest.mark.parametrize(("value", "why"), [
    ([1, 2], "a rank-2 array is written from lists nested 2 deep, but an item at level 2 is "
             "of type int"),
    (5, "declared as System.Int32[,] but holds a value of type int"),
    ([[1], [2, 3]], "a rectangular array's rows differ in length"),
    ([[1, "x"]], "an element does not fit System.Int32"),
])
def test_a_rectangular_member_holding_a_bad_value(value: Any, why: str) -> None:
    err = fails(Grid(value))
    assert ("$.g", True) == (err.path, err.message.startswith(why))


def test_an_array_root_that_is_not_a_list() -> None:
    err = fails(5, Annotated[list[int], Array])
    assert ("$", "declared as System.Int32[] but holds a value of type int: an array is "
            "written from a list or a tuple") == (err.path, err.message)


def test_a_key_value_pair_that_is_not_a_pair() -> None:
    err = fails(Names([], ("a", 1, 2)))  # type: ignore[arg-type]
    assert "$.pair" == err.path
    assert "a KeyValuePair is written from a (key, value) pair" in err.message


@serializable(type_name="W.E")
class E(enum.IntEnum):
    A = 1


@serializable(type_name="W.V", value_type=True)
@attrs.frozen
class V:
    x: int


@serializable(type_name="W.P")
@attrs.define
class P:
    n: str


class NotMarked:
    pass


ANNOTATIONS: list[Any] = [
    int, Annotated[int, Int16], Annotated[int, UInt8], float, Annotated[float, Single],
    Annotated[str, Char], bool, Decimal, dt.datetime, dt.timedelta, uuid.UUID, bytes, str,
    list[int], list[str], list, dict[str, int], dict, set[int], tuple[int, str], int | None,
    V | None, Annotated[list[int], Array], Annotated[list[list[int]], Array(rank=2)],
    Annotated[list[str], Array], Annotated[list[list[int]], Array],
    Annotated[int, BigInteger], Annotated[tuple[str, int], KeyValuePair], E,
    Annotated[E, Int16], V, P, DateTimeOffset, object, Any, list[P], list[V], dict[V, P],
    frozenset[int], dt.date, complex,
]
BAD_VALUES: list[Any] = [
    5, "x", LONE, 1.5, b"x", [1], [LONE], {"a": 1}, {1}, (1,), object(), NotMarked(), 2**70,
    -1, float("nan"), Decimal("NaN"), Decimal("1e40"), dt.datetime(2020, 1, 1), [None],
    [[1], [2, 3]], [[1, "x"]], [5, [1]], {None: 1}, (1, 2, 3), E.A, V(1), P("a"), True,
    dt.date(2020, 1, 1), 1 + 2j, [V(1), 5], {V(1): 5}, [[None]], ["x", 5], -(2**40),
    [2**40],
]


@pytest.mark.parametrize("index", range(len(ANNOTATIONS)))
def test_any_value_in_any_member_writes_or_fails_with_a_path(index: int) -> None:
    """A sweep of declared types against ill-fitting values: each one is written, or raises
    SerializationError with the member's path (never a bare TypeError, ValueError...)."""

    # Made with type(): an annotation written in the class body would be a string here.
    holder = type("Holder", (), {"__annotations__": {"m": ANNOTATIONS[index]}})
    Holder: Any = serializable(type_name=f"W.Sweep{index}")(attrs.define(holder))

    failures = 0
    for value in BAD_VALUES:
        try:
            BinaryFormatter().dumps(Holder(value))
        except SerializationError as exc:
            failures += 1
            assert exc.path is not None and exc.path.startswith("$.m"), (value, str(exc))
    assert failures > 0


@serializable(type_name="W.Flags")
@attrs.define
class Flags:
    on: bool
    count: int
    many: Annotated[list[bool], Array]


@pytest.mark.parametrize(("graph", "path"), [
    (Flags(1, 2, []), "$.on"),  # type: ignore[arg-type]
    ([Flags(True, 1, []), Flags("yes", 2, [])], "$[1].on"),  # type: ignore[arg-type]
    (Flags(False, 2, [True, 0]), "$.many"),  # type: ignore[list-item]
])
def test_a_boolean_is_written_from_a_bool_only(graph: Any, path: str) -> None:
    """struct would pack any object as a Boolean by its truth; the writer refuses instead."""
    err = fails(graph)
    assert (path, True) == (err.path, "System.Boolean is written from a bool" in err.message)


@serializable(type_name="W.Raw")
@attrs.define(eq=False)
class Raw:
    data: bytearray
    numbers: tuple[int, ...]


@pytest.mark.parametrize("graph_of", [
    lambda b, t: [Raw(b, ()), b],
    lambda b, t: [b, Raw(b, ())],
    lambda b, t: [t, Raw(bytearray(), t)],
])
def test_one_object_cannot_be_both_an_array_and_a_python_only_class(graph_of: Any) -> None:
    """A bytearray (or a tuple of 8+ items) in an object slot is a class of the reserved
    assembly, while a ``bytearray`` (``tuple[int, ...]``) member is an array: one object cannot
    be written as both, so the writer refuses rather than write a payload nothing can read."""
    err = fails(graph_of(bytearray(b"xy"), tuple(range(9))))
    assert "cannot share one object" in err.message
    assert err.path is not None and err.path.endswith((".data", ".numbers"))


@pytest.mark.parametrize("root_type", [5, "int", [int], Text("x")])
def test_a_root_type_that_is_no_annotation_is_a_type_error(root_type: Any) -> None:
    """A string or a value would pass for ``object`` and be ignored without a word."""
    with pytest.raises(TypeError, match="root_type must be a type annotation"):
        BinaryFormatter().dumps(3, root_type=root_type)


def test_an_optional_root_type_is_its_value_type() -> None:
    """``Optional[T]`` at the root is a boxed ``T`` (.NET boxes a Nullable<T> as its T)."""
    formatter = BinaryFormatter()
    assert formatter.dumps(3, root_type=int | None) == formatter.dumps(3)
    assert formatter.dumps(3, root_type=Annotated[int, Int16] | None) == formatter.dumps(
        3, root_type=Annotated[int, Int16])


class _Opaque:
    """No @serializable, no surrogate: the writer must refuse it."""


@pytest.mark.parametrize(("graph", "path"), [
    (DotNetException("m", data={"k": 1, "j": _Opaque()}), "$.Data[1].value"),
    (DotNetException("m", data={"k": 1, _Opaque(): 2}), "$.Data[1].key"),
    (DotNetException("m", inner_exception=DotNetException(
        "i", data={"k": _Opaque()})), "$.InnerException.Data[0].value"),
    (DotNetException("m", extra={"ParamName": _Opaque()}), "$.ParamName"),
    ({"a": 1, "b": _Opaque()}, "$.Values[1]"),
    ([{"a": (1, _Opaque())}], "$[0].Values[0].m_Item2"),
    (Typed({"a": 1, "b": _Opaque()}, (1, 2, "s")), "$.by_name[1].value"),
    (Typed({}, (1, _Opaque(), "s")), "$.trio.m_Item2"),
    ((1, 2, _Opaque()), "$.m_Item3"),
])
def test_a_bad_value_inside_a_built_in_type_names_the_member(graph: Any, path: str) -> None:
    """An exception's Data, a Hashtable's values, a Dictionary's pairs and a Tuple's items
    are members of built-in records; an error below one names them, not the record."""
    err = fails(graph)
    assert (path, True) == (
        err.path, err.message.startswith("type `test_writer_errors._Opaque` is not serializable"))


def test_a_non_exception_inner_exception_is_refused_at_its_member() -> None:
    err = fails(DotNetException("m", inner_exception=ValueError("x")))  # type: ignore[arg-type]
    assert ("$.InnerException", True) == (
        err.path, err.message.startswith("type `builtins.ValueError` is not serializable"))
