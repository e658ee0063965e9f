"""Central Hypothesis strategies for object graphs, and a structural graph comparer.

In the manner of attrs' ``tests/strategies.py``: module-level ``@serializable`` models in the
three class styles serialkit supports (attrs, dataclass, plain annotated), strategies for
every scalar of the binary mapping table within .NET's ranges, and :func:`graphs`, which
draws a handful of nodes and then a list of *links* between them, so graphs share objects
and have cycles. :func:`assert_same_graph` compares two graphs without recursion, checking
values and that sharing in one graph is exactly sharing in the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import pathlib
import uuid
from decimal import Decimal
from typing import Annotated, Any, Optional

import attrs
from hypothesis import strategies as st

from serialkit import (
    Array,
    BigInteger,
    Char,
    Int8,
    Int16,
    Int32,
    Int64,
    KeyValuePair,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    serializable,
)

__all__ = [
    "AttrsNode",
    "Color",
    "DataNode",
    "Graph",
    "Perm",
    "PlainNode",
    "Point",
    "ShapeNode",
    "any_values",
    "assert_same_graph",
    "boxed_values",
    "chars",
    "datetimes",
    "decimals",
    "graphs",
    "python_values",
    "scalars",
    "texts",
    "timedeltas",
]


# ---- models ---------------------------------------------------------------------------------


@serializable
class Color(enum.Enum):
    """A plain Int32-based .NET enum."""

    RED = 1
    GREEN = 2
    BLUE = 300


@serializable
class Perm(enum.IntFlag):
    """A [Flags] enum."""

    READ = 1
    WRITE = 2
    EXEC = 4


@serializable(value_type=True)
@attrs.frozen
class Point:
    """A .NET struct: written inline, compared by value."""

    x: int = 0
    y: int = 0


@serializable
@attrs.define(eq=False, repr=False)
class AttrsNode:
    """An attrs node: object, list and dict slots that links point at other nodes through."""

    label: str | None = None
    payload: Any = None
    ref: object = None
    children: list[Any] = attrs.field(factory=list)
    mapping: dict[str, Any] = attrs.field(factory=dict)
    maybe: Optional[int] = None  # noqa: UP045 - Optional is what users write
    ints: list[int] = attrs.field(factory=list)
    names: dict[str, str] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        return f"AttrsNode({self.label!r})"


@serializable
@dataclasses.dataclass(eq=False, repr=False)
class DataNode:
    """A dataclass node carrying every width marker."""

    s8: Annotated[int, Int8] = 0
    u8: Annotated[int, UInt8] = 0
    s16: Annotated[int, Int16] = 0
    u16: Annotated[int, UInt16] = 0
    s32: Annotated[int, Int32] = 0
    u32: Annotated[int, UInt32] = 0
    s64: Annotated[int, Int64] = 0
    u64: Annotated[int, UInt64] = 0
    f32: Annotated[float, Single] = 0.0
    ch: Annotated[str, Char] = "a"
    items: list[Any] = dataclasses.field(default_factory=list)
    link: Any = None

    def __repr__(self) -> str:
        return f"DataNode(s32={self.s32})"


@serializable
class PlainNode:
    """A plain annotated class: decimals, dates, spans, GUIDs, bytes, enums and structs."""

    amount: Decimal
    when: dt.datetime
    span: dt.timedelta
    uid: uuid.UUID
    blob: bytes | None
    color: Color
    narrow_color: Annotated[Color, Int16]
    perm: Perm
    point: Point
    maybe_point: Optional[Point]  # noqa: UP045 - Nullable<Point>
    number: float
    flag: bool
    other: Any

    def __init__(self, **values: Any) -> None:
        defaults: dict[str, Any] = {
            "amount": Decimal(0), "when": dt.datetime(2000, 1, 1), "span": dt.timedelta(0),
            "uid": uuid.UUID(int=0), "blob": None, "color": Color.RED,
            "narrow_color": Color.GREEN, "perm": Perm(0), "point": Point(),
            "maybe_point": None, "number": 0.0, "flag": False, "other": None,
        }
        defaults.update(values)
        for name, value in defaults.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"PlainNode({self.amount!r})"


@serializable
@attrs.define(eq=False, repr=False)
class ShapeNode:
    """The declared shapes of the mapping table the other nodes lack: HashSet, Tuple,
    KeyValuePair, BigInteger, T[], jagged, rectangular and object[] arrays."""

    int_set: set[int] = attrs.field(factory=set)
    text_set: frozenset[str] = frozenset()
    pair: tuple[int, str] = (0, "")
    seven: tuple[int, str, float, bool, Decimal, dt.timedelta, uuid.UUID] = (
        0, "", 0.0, False, Decimal(0), dt.timedelta(0), uuid.UUID(int=0))
    kvp: Annotated[tuple[str, int], KeyValuePair] = ("", 0)
    big: Annotated[int, BigInteger] = 0
    ints: Annotated[list[int], Array] = attrs.field(factory=list)
    texts: Annotated[list[str | None], Array] = attrs.field(factory=list)
    jagged: Annotated[list[Annotated[list[int], Array] | None], Array] = attrs.field(
        factory=list)
    grid: Annotated[list[list[float]], Array(rank=2)] = attrs.field(factory=list)
    objects: Annotated[list[Any], Array] = attrs.field(factory=list)
    anything: Any = None

    def __repr__(self) -> str:
        return f"ShapeNode({self.pair!r})"


@serializable
@attrs.define(eq=False, repr=False)
class Graph:
    """The root the property tests write: every node, in draw order."""

    nodes: list[Any] = attrs.field(factory=list)


# ---- scalars --------------------------------------------------------------------------------

#: Text .NET can hold: no lone surrogates (strings are UTF-8 on the wire).
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
#: One UTF-16 code unit that is a character on its own: a System.Char.
chars = st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",))

_MIN_DT = dt.datetime(1, 1, 1)
_MAX_DT = dt.datetime(9999, 12, 31, 23, 59, 59, 999_999)
#: DateTime: naive (Unspecified) or UTC, whole microseconds, years 1 to 9999.
datetimes = st.datetimes(min_value=_MIN_DT, max_value=_MAX_DT,
                         timezones=st.sampled_from([None, dt.UTC]))
#: TimeSpan: well inside +-(2**63 - 1) ticks.
timedeltas = st.timedeltas(min_value=dt.timedelta(days=-10_000_000),
                           max_value=dt.timedelta(days=10_000_000))


@st.composite
def decimals(draw: st.DrawFn) -> Decimal:
    """System.Decimal: a coefficient below 2**96 and a scale of 0 to 28, either sign."""
    coefficient = draw(st.integers(0, 2**96 - 1))
    scale = draw(st.integers(0, 28))
    sign = draw(st.integers(0, 1))
    return Decimal((sign, tuple(int(d) for d in str(coefficient)), -scale))


def _widths(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


points = st.builds(Point, _widths(-(2**31), 2**31 - 1), _widths(-(2**31), 2**31 - 1))
perms = st.integers(0, 7).map(Perm)

#: Values that say which .NET primitive an object slot boxes them as (serialkit.nrbf.boxed).
boxed_values: st.SearchStrategy[Any] = st.one_of(
    _widths(-(2**7), 2**7 - 1).map(Int8), _widths(0, 2**8 - 1).map(UInt8),
    _widths(-(2**15), 2**15 - 1).map(Int16), _widths(0, 2**16 - 1).map(UInt16),
    # An Int64 beyond Int32's range reads back as a plain int (which writes as Int64 too).
    _widths(0, 2**32 - 1).map(UInt32), _widths(-(2**31), 2**31 - 1).map(Int64),
    _widths(0, 2**64 - 1).map(UInt64), st.floats(width=32).map(Single), chars.map(Char),
)

_paths = st.lists(st.sampled_from(["a", "b c", "\u00e9t\u00e9", ".."]), min_size=1, max_size=3)
#: Python-only values: classes of serialkit's reserved assembly in an object slot.
python_values: st.SearchStrategy[Any] = st.one_of(
    st.dates(),
    st.times(timezones=st.none() | st.timezones().filter(
        lambda z: isinstance(z, dt.timezone))) | st.builds(
        dt.time, st.integers(0, 23), st.integers(0, 59), fold=st.integers(0, 1)),
    st.frozensets(st.integers(-5, 5) | texts, max_size=4),
    st.complex_numbers(allow_nan=False),
    st.binary(max_size=6).map(bytearray),
    st.builds(range, st.integers(-(2**40), 2**40), st.integers(-(2**70), 2**70),
              st.integers(1, 9) | st.integers(-9, -1)),
    st.fractions(),
    st.builds(lambda parts, kind: kind(*parts), _paths,
              st.sampled_from([pathlib.PurePosixPath, pathlib.PureWindowsPath, pathlib.Path])),
    st.lists(st.integers() | texts | st.none(), min_size=8, max_size=10).map(tuple),
)

#: A value of any type an ``object`` slot can hold, except the nodes themselves.
scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), texts, decimals(), datetimes,
    timedeltas, st.uuids(), st.binary(max_size=8), st.sampled_from(Color), perms, points,
    boxed_values, python_values,
)
#: Scalars, plus small untyped lists (ArrayList) and str-keyed dicts (Hashtable) of them.
any_values: st.SearchStrategy[Any] = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(texts, scalars, max_size=3),
)


# ---- nodes and graphs -----------------------------------------------------------------------


def _attrs_nodes() -> st.SearchStrategy[AttrsNode]:
    return st.builds(
        AttrsNode, label=st.none() | texts, payload=any_values,
        children=st.lists(any_values, max_size=3),
        mapping=st.dictionaries(texts, any_values, max_size=3),
        maybe=st.none() | _widths(-(2**31), 2**31 - 1),
        ints=st.lists(_widths(-(2**31), 2**31 - 1), max_size=4),
        names=st.dictionaries(texts, texts, max_size=3),
    )


def _data_nodes() -> st.SearchStrategy[DataNode]:
    return st.builds(
        DataNode,
        s8=_widths(-(2**7), 2**7 - 1), u8=_widths(0, 2**8 - 1),
        s16=_widths(-(2**15), 2**15 - 1), u16=_widths(0, 2**16 - 1),
        s32=_widths(-(2**31), 2**31 - 1), u32=_widths(0, 2**32 - 1),
        s64=_widths(-(2**63), 2**63 - 1), u64=_widths(0, 2**64 - 1),
        f32=st.floats(width=32), ch=chars, items=st.lists(any_values, max_size=3),
        link=any_values,
    )


def _plain_nodes() -> st.SearchStrategy[PlainNode]:
    return st.builds(
        PlainNode, amount=decimals(), when=datetimes, span=timedeltas, uid=st.uuids(),
        blob=st.none() | st.binary(max_size=8), color=st.sampled_from(Color),
        narrow_color=st.sampled_from(Color), perm=perms, point=points,
        maybe_point=st.none() | points, number=st.floats(), flag=st.booleans(),
        other=any_values,
    )


@st.composite
def _grids(draw: st.DrawFn) -> list[list[float]]:
    # Rows of zero columns included: double[2,0] reads back as [[], []].
    rows, cols = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    return [[draw(st.floats()) for _ in range(cols)] for _ in range(rows)]


def _shape_nodes() -> st.SearchStrategy[ShapeNode]:
    i32 = _widths(-(2**31), 2**31 - 1)
    return st.builds(
        ShapeNode,
        int_set=st.sets(i32, max_size=4), text_set=st.frozensets(texts, max_size=3),
        pair=st.tuples(i32, texts),
        seven=st.tuples(i32, texts, st.floats(), st.booleans(), decimals(), timedeltas,
                        st.uuids()),
        kvp=st.tuples(texts, i32), big=st.integers(), ints=st.lists(i32, max_size=4),
        texts=st.lists(st.none() | texts, max_size=4),
        jagged=st.lists(st.none() | st.lists(i32, max_size=3), max_size=3), grid=_grids(),
        objects=st.lists(any_values, max_size=3), anything=any_values,
    )


nodes: st.SearchStrategy[Any] = st.one_of(_attrs_nodes(), _data_nodes(), _plain_nodes(),
                                          _shape_nodes())


_OBJECT_SLOTS = {AttrsNode: ("payload", "ref"), DataNode: ("link",), PlainNode: ("other",),
                 ShapeNode: ("anything",)}


def _targets(node: Any) -> list[Any]:
    """What a link may point at in ``node``: the node, and lists and dicts in its object slots.

    Only containers already held by ``object`` slots (ArrayList, Hashtable) are shared: .NET
    gives one object one type, so a list held by a ``list[Any]`` field (a List<Object>) cannot
    also be held by an ``object`` slot (an ArrayList).
    """
    found: list[Any] = [node]
    for name in _OBJECT_SLOTS[type(node)]:
        value = getattr(node, name)
        if type(value) in (list, dict):
            found.append(value)
    return found


def _link(source: Any, slot: int, target: Any) -> None:
    """Make ``source`` refer to ``target`` through one of its object-typed slots."""
    if isinstance(source, AttrsNode):
        kind = slot % 4
        if kind == 0:
            source.ref = target
        elif kind == 1:
            source.payload = target
        elif kind == 2:
            source.children.append(target)
        else:
            source.mapping[f"link{len(source.mapping)}"] = target
    elif isinstance(source, DataNode):
        if slot % 2:
            source.link = target
        else:
            source.items.append(target)
    elif isinstance(source, ShapeNode):
        if slot % 2:
            source.anything = target
        else:
            source.objects.append(target)
    else:
        source.other = target


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 6) -> Graph:
    """A graph of 1 to ``max_nodes`` nodes plus drawn links: shared references and cycles.

    Each link is (source, slot, target, part): ``source`` gets a reference to the ``part``-th
    target of ``target`` (the node itself, or a list or dict in one of its object slots),
    through the ``slot``-th of its object slots (an object member, or an element of a
    ``list[Any]`` / value of a ``dict[str, Any]``). Links may point back at their source, so
    self-cycles occur too.
    """
    drawn = draw(st.lists(nodes, min_size=1, max_size=max_nodes))
    n = len(drawn)
    links = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 7),
                                    st.integers(0, n - 1), st.integers(0, 2)), max_size=3 * n))
    for source, slot, target, part in links:
        options = _targets(drawn[target])
        _link(drawn[source], slot, options[part % len(options)])
    return Graph(nodes=drawn)


# ---- comparing graphs -----------------------------------------------------------------------

_TRACKED = (list, dict, set, AttrsNode, DataNode, PlainNode, ShapeNode, Graph)


def _members(obj: Any) -> list[str]:
    if attrs.has(type(obj)):
        return [a.name for a in attrs.fields(type(obj))]
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj)]
    return list(type(obj).__annotations__)


def _same_leaf(expected: Any, actual: Any) -> bool:
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, float):
        if math.isnan(expected):
            return math.isnan(actual)
        return expected == actual and math.copysign(1, expected) == math.copysign(1, actual)
    if isinstance(expected, Decimal):
        return expected.as_tuple() == actual.as_tuple()
    if isinstance(expected, dt.datetime):
        return (expected == actual
                and (expected.tzinfo is None) == (actual.tzinfo is None))
    return bool(expected == actual)


def assert_same_graph(expected: Any, actual: Any, tracked: tuple[type, ...] = ()) -> None:
    """Assert ``actual`` is a copy of ``expected``: equal values, the same sharing.

    Walks both graphs with an explicit stack. Every mutable object of ``expected`` (lists,
    dicts, sets, model instances that are not value types) must map to one object of
    ``actual``, and two distinct objects must not map to the same one, so a shared reference
    or a cycle in the input is exactly a shared reference or cycle in the output.
    ``tracked`` adds model classes of the caller's own, compared member by member.
    """
    kinds = (*_TRACKED, *tracked)
    forward: dict[int, int] = {}
    backward: dict[int, int] = {}
    stack: list[tuple[Any, Any, str]] = [(expected, actual, "$")]
    while stack:
        exp, act, path = stack.pop()
        assert type(exp) is type(act), f"{path}: {type(exp).__name__} != {type(act).__name__}"
        if isinstance(exp, kinds):
            if id(exp) in forward:
                assert forward[id(exp)] == id(act), f"{path}: sharing differs"
                continue
            assert id(act) not in backward, f"{path}: two input objects read as one"
            forward[id(exp)] = id(act)
            backward[id(act)] = id(exp)
        if isinstance(exp, list | tuple):
            assert len(exp) == len(act), f"{path}: length {len(exp)} != {len(act)}"
            stack.extend((e, a, f"{path}[{i}]") for i, (e, a) in enumerate(zip(exp, act,
                                                                               strict=True)))
        elif isinstance(exp, dict):
            assert set(exp) == set(act), f"{path}: keys {list(exp)} != {list(act)}"
            stack.extend((exp[k], act[k], f"{path}[{k!r}]") for k in exp)
        elif isinstance(exp, set | frozenset):
            assert exp == act, f"{path}: {exp!r} != {act!r}"
        elif isinstance(exp, (*kinds, Point)):
            stack.extend((getattr(exp, name), getattr(act, name), f"{path}.{name}")
                         for name in _members(exp))
        else:
            assert _same_leaf(exp, act), f"{path}: {exp!r} != {act!r}"
