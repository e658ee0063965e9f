"""Round-trip properties of SoapFormatter over random object graphs, as broad as the binary
engine's (tests/test_roundtrip_properties.py).

The scalars and models come from tests/strategies.py: every scalar of the mapping table
within .NET's ranges (datetimes of years 1 to 9999, timedeltas, Guids, bytes, Decimals of any
scale, enums and flags, structs, NaN, infinities and -0.0), the plain-class node, and the
link drawing that shares objects and closes cycles. SoapFormatter refuses generic types, as
.NET Framework does, so the attrs and dataclass nodes here are twins of the binary suite's
with bare ``list`` (ArrayList), bare ``dict`` (Hashtable) and arrays in place of ``List<T>``
and ``Dictionary<K,V>``; an ISerializable node is added. Texts leave out the characters XML
1.0 cannot carry, which SoapFormatter refuses by design (tested in test_soap_formatter.py).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Optional

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import Color as Colour
from strategies import (
    PlainNode,
    assert_same_graph,
    datetimes,
    decimals,
    perms,
    points,
    timedeltas,
)

from serialkit import (
    Array,
    Char,
    Int8,
    Int16,
    Int64,
    SerializationInfo,
    Single,
    StreamingContext,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    serializable,
)
from serialkit.soap import SoapFormatter


def _xml_char(c: str) -> bool:
    return c >= " " or c in "\t\n\r"


#: Text XML 1.0 can carry: no lone surrogates, no control characters but tab, LF and CR.
xml_texts = st.text(st.characters(blacklist_categories=("Cs",)).filter(_xml_char), max_size=12)
#: A System.Char XML can carry.
xml_chars = st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",)).filter(_xml_char)

#: Values boxed as a given .NET primitive (serialkit.nrbf.boxed): ``xsi:type="xsd:short"``.
boxed_widths: st.SearchStrategy[Any] = st.one_of(
    st.integers(-(2**7), 2**7 - 1).map(Int8), st.integers(0, 2**8 - 1).map(UInt8),
    st.integers(-(2**15), 2**15 - 1).map(Int16), st.integers(0, 2**16 - 1).map(UInt16),
    # an Int64 beyond Int32's range reads back as a plain int, which writes as Int64 too
    st.integers(0, 2**32 - 1).map(UInt32), st.integers(-(2**31), 2**31 - 1).map(Int64),
    st.integers(0, 2**64 - 1).map(UInt64), st.floats(width=32).map(Single),
    xml_chars.map(Char),
)
#: strategies.scalars with XML's texts, and boxed widths: every value an ``object`` slot
#: can hold.
scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), xml_texts, decimals(), datetimes,
    timedeltas, st.uuids(), st.binary(max_size=8), st.sampled_from(Colour), perms, points,
    boxed_widths,
)
#: Scalars, ArrayLists and Hashtables of them, nested (a Hashtable in an ArrayList in one).
any_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(xml_texts, inner, max_size=3),
    max_leaves=6,
)


@serializable(type_name="SoapProps.AttrsNode", assembly_name="SoapProps")
@attrs.define(eq=False, repr=False)
class AttrsNode:
    """strategies.AttrsNode without generics: ArrayList, Hashtable and int[] slots."""

    label: str | None = None
    payload: Any = None
    ref: object = None
    children: list = attrs.field(factory=list)  # type: ignore[type-arg]  # ArrayList
    mapping: dict = attrs.field(factory=dict)  # type: ignore[type-arg]  # Hashtable
    maybe: Optional[int] = None  # noqa: UP045 - Nullable<Int32>
    ints: Annotated[list[int], Array] = attrs.field(factory=list)
    names: Annotated[list[str | None], Array] = attrs.field(factory=list)


@serializable(type_name="SoapProps.DataNode", assembly_name="SoapProps")
@dataclasses.dataclass(eq=False, repr=False)
class DataNode:
    """strategies.DataNode without generics: every width marker, Single and Char."""

    s8: Annotated[int, Int8] = 0
    u8: Annotated[int, UInt8] = 0
    s16: Annotated[int, Int16] = 0
    u16: Annotated[int, UInt16] = 0
    s32: int = 0
    u32: Annotated[int, UInt32] = 0
    s64: Annotated[int, Int64] = 0
    u64: Annotated[int, UInt64] = 0
    f32: Annotated[float, Single] = 0.0
    ch: Annotated[str, Char] = "a"
    singles: Annotated[list[Annotated[float, Single]], Array] | None = None
    items: list = dataclasses.field(default_factory=list)  # type: ignore[type-arg]
    link: Any = None


@serializable(type_name="SoapProps.CustomNode", assembly_name="SoapProps")
class CustomNode:
    """An ISerializable node: its members cross as SerializationInfo entries."""

    label: str
    count: int
    payload: Any

    def __init__(self, label: str = "", count: int = 0, payload: Any = None) -> None:
        self.label, self.count, self.payload = label, count, payload

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.add_value("label", self.label)
        info.add_value("count", self.count)
        info.add_value("payload", self.payload, object)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        # SOAP types no ISerializable member but a boxed one: convert as GetInt32 does.
        self.label = info.get_value("label", str)
        self.count = info.get_value("count", int)
        self.payload = info.get_value("payload")


@serializable(type_name="SoapProps.Graph", assembly_name="SoapProps")
@attrs.define(eq=False, repr=False)
class Graph:
    """The root: every node, in draw order, in an object[]."""

    nodes: Annotated[list[Any], Array] = attrs.field(factory=list)


TRACKED = (AttrsNode, DataNode, CustomNode, Graph)
_i32 = st.integers(-(2**31), 2**31 - 1)

nodes: st.SearchStrategy[Any] = st.one_of(
    st.builds(AttrsNode, label=st.none() | xml_texts, payload=any_values,
              children=st.lists(any_values, max_size=3),
              mapping=st.dictionaries(xml_texts, any_values, max_size=3),
              maybe=st.none() | _i32, ints=st.lists(_i32, max_size=4),
              names=st.lists(st.none() | xml_texts, max_size=3)),
    st.builds(DataNode, s8=st.integers(-(2**7), 2**7 - 1), u8=st.integers(0, 2**8 - 1),
              s16=st.integers(-(2**15), 2**15 - 1), u16=st.integers(0, 2**16 - 1),
              s32=_i32, u32=st.integers(0, 2**32 - 1), s64=st.integers(-(2**63), 2**63 - 1),
              u64=st.integers(0, 2**64 - 1), f32=st.floats(width=32), ch=xml_chars,
              singles=st.none() | st.lists(st.floats(width=32), max_size=3),
              items=st.lists(any_values, max_size=3), link=any_values),
    st.builds(PlainNode, amount=decimals(), when=datetimes, span=timedeltas, uid=st.uuids(),
              blob=st.none() | st.binary(max_size=8), color=st.sampled_from(Colour),
              narrow_color=st.sampled_from(Colour), perm=perms, point=points,
              maybe_point=st.none() | points, number=st.floats(), flag=st.booleans(),
              other=any_values),
    st.builds(CustomNode, label=xml_texts, count=_i32, payload=any_values),
)

_OBJECT_SLOTS = {AttrsNode: ("payload", "ref"), DataNode: ("link",), PlainNode: ("other",),
                 CustomNode: ("payload",)}


def _targets(node: Any) -> list[Any]:
    """The node, and the ArrayLists and Hashtables its object slots hold."""
    return [node, *(v for name in _OBJECT_SLOTS[type(node)]
                    if type(v := getattr(node, name)) in (list, dict))]


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
    elif isinstance(source, CustomNode):
        source.payload = target
    else:
        source.other = target


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 5) -> Graph:
    """Nodes of every style plus drawn links (strategies.graphs' scheme): sharing, cycles."""
    drawn = draw(st.lists(nodes, min_size=1, max_size=max_nodes))
    n = len(drawn)
    links = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 7),
                                    st.integers(0, n - 1), st.integers(0, 2)), max_size=3 * n))
    for source, slot, target, part in links:
        options = _targets(drawn[target])
        _link(drawn[source], slot, options[part % len(options)])
    return Graph(nodes=drawn)


def roundtrip(graph: Any, root_type: Any = None) -> Any:
    soap = SoapFormatter()
    return soap.loads(soap.dumps(graph, root_type=root_type))


@settings(max_examples=50)
@given(graphs())
def test_graph_roundtrip_keeps_values_and_sharing(graph: Graph) -> None:
    """Random graphs of all four node styles, with shared references and cycles, read back
    with equal values and exactly the same sharing."""
    assert_same_graph(graph, roundtrip(graph), TRACKED)


@settings(max_examples=120)
@given(scalars)
def test_boxed_scalar_roundtrip(value: Any) -> None:
    """Every scalar survives an ``object`` member (typed by xsi:type), an ArrayList item, a
    Hashtable value and an ISerializable member."""
    node = AttrsNode(payload=value, children=[value], mapping={"k": value})
    assert_same_graph(node, roundtrip(node), TRACKED)
    custom = CustomNode("c", 1, value)
    assert_same_graph(custom, roundtrip(custom), TRACKED)


@settings(max_examples=40)
@given(st.lists(any_values, max_size=5))
def test_root_arraylist_and_object_array(values: list[Any]) -> None:
    """A bare list as the root (an ArrayList) and as an object[] reads back item for item."""
    assert_same_graph(values, roundtrip(values), TRACKED)
    assert_same_graph(values, roundtrip(values, Annotated[list[Any], Array]), TRACKED)


@settings(max_examples=15)
@given(graphs(max_nodes=3))
def test_graph_writes_deterministically(graph: Graph) -> None:
    """Writing the same graph twice gives identical documents."""
    soap = SoapFormatter()
    assert soap.dumps(graph) == soap.dumps(graph)
