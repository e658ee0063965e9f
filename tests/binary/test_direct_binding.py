"""The decoder binds a graph of plain classes, lists and arrays itself, as it reads.

``BinaryFormatter.loads`` hands the decoder a maker per class layout; the decoder makes the
objects instead of records, and anything it does not bind so (a class with a hook, a
multidimensional array, any error) is decoded again into records for the object manager,
so the result, and every error, is what the general path gives.
"""

from __future__ import annotations

import io
import struct
from typing import Annotated, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serialkit import (
    Array,
    BinaryFormatter,
    FormatterAssemblyStyle,
    SerializationError,
    serializable,
)
from serialkit.nrbf.decoder import NotDirect, decode_payload
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.runtime.manager import ObjectManager
from serialkit.runtime.registry import TypeRegistry


@serializable
@attrs.define(eq=False)
class Leaf:
    name: str
    weight: float


@serializable
@attrs.define(eq=False)
class Tree:
    label: str
    leaves: list[Leaf]
    spare: Annotated[list[Leaf], Array]
    names: Annotated[list[str], Array]
    codes: list[int]
    data: bytes
    pair: tuple[Leaf, ...] = ()
    parent: Tree | None = None
    seen: list[Any] = attrs.field(factory=list)


@serializable
@attrs.define(eq=False)
class Watched:
    name: str
    log: list[str] = attrs.field(factory=list)

    def on_deserialization(self, sender: Any) -> None:
        self.log.append("done")


@serializable
@attrs.define(eq=False)
class Box:
    grid: Annotated[list[list[int]], Array(rank=2)]


def _graph() -> Tree:
    shared = Leaf("shared", 1.5)
    root = Tree("root", [shared, Leaf("b", 2.0), shared], [shared, None], ["x", "y"],
                [1, 2, 3], b"\x00\x01", pair=(shared, shared))
    child = Tree("child", [], [], [], [], b"", parent=root)
    root.seen = [child, root, "text", 7, root.codes]
    return root


def _refuse(*args: Any) -> None:
    raise AssertionError("the object manager ran")


def test_a_plain_graph_is_bound_by_the_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    monkeypatch.setattr(ObjectManager, "run", _refuse)
    back = bf.loads(data)
    assert (back.label, back.codes, back.data, back.names) == ("root", [1, 2, 3], b"\x00\x01",
                                                               ["x", "y"])
    assert back.leaves[0] is back.leaves[2] is back.spare[0] is back.pair[0] is back.pair[1]
    assert isinstance(back.pair, tuple) and back.spare[1] is None
    assert [leaf.name for leaf in back.leaves] == ["shared", "b", "shared"]
    child = back.seen[0]
    assert child.parent is back and back.seen[1] is back and back.seen[2:4] == ["text", 7]
    assert back.seen[4] is back.codes
    assert (child.leaves, child.spare, child.names, child.data) == ([], [], [], b"")


def test_a_stream_of_payloads_is_read_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    stream = io.BytesIO(bf.dumps(Leaf("a", 1.0)) + bf.dumps(Leaf("b", 2.0)))
    monkeypatch.setattr(ObjectManager, "run", _refuse)
    assert [bf.deserialize(stream).name, bf.deserialize(stream).name] == ["a", "b"]
    assert stream.read() == b""


@pytest.mark.parametrize("graph", [Watched("w"), Box([[1, 2], [3, 4]])],
                         ids=["callback", "rank-2 array"])
def test_what_the_decoder_does_not_bind_goes_to_the_object_manager(graph: Any) -> None:
    bf = BinaryFormatter()
    calls = []
    run = ObjectManager.run

    def spy(self: ObjectManager, root: Any, layouts: Any = None) -> Any:
        calls.append(root)
        return run(self, root, layouts)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ObjectManager, "run", spy)
        back = bf.loads(bf.dumps(graph))
    assert len(calls) == 1 and isinstance(calls[0], ClassRecord)
    if isinstance(graph, Watched):
        assert back.log == ["done"]
    else:
        assert back.grid == [[1, 2], [3, 4]]


def _records(data: bytes) -> list[Any]:
    """Every record of a payload, by object id order."""
    return [v for _, v in sorted(decode_payload(data).objects.items())
            if isinstance(v, ClassRecord | ArrayRecord)]


def _leaf_lists(data: bytes) -> list[ClassRecord]:
    return [r for r in _records(data) if isinstance(r, ClassRecord)
            and r.type_name.startswith("System.Collections.Generic.List`1") and
            "Leaf" in r.type_name]


def _patch(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1
    return data.replace(old, new)


def _ref(object_id: int) -> bytes:
    return b"\x09" + struct.pack("<i", object_id)


def test_an_invalid_list_size_is_the_general_paths_error() -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    target = next(r for r in _leaf_lists(data) if r["_size"] == 3)
    items = target["_items"].object_id
    bad = _patch(data, _ref(items) + struct.pack("<i", 3), _ref(items) + struct.pack("<i", 99))
    with pytest.raises(SerializationError) as info:
        bf.loads(bad)
    assert "invalid _items/_size pair" in str(info.value)
    assert info.value.path == "$.leaves" and info.value.offset == target.offset


def test_list_items_that_are_not_an_array_are_refused() -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    full, empty = sorted(_leaf_lists(data), key=lambda r: -r["_size"])
    items = full["_items"].object_id
    # The full list's _items now names the empty List record: a list, not an array.
    bad = _patch(data, _ref(items) + struct.pack("<i", 3),
                 _ref(empty.object_id) + struct.pack("<i", 0))
    with pytest.raises(SerializationError, match="invalid _items/_size pair"):
        bf.loads(bad)


def test_an_array_slot_that_names_an_object_is_refused() -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    names = next(r for r in _records(data) if isinstance(r, ArrayRecord)
                 and r.values == ["x", "y"])
    leaf = next(r for r in _records(data) if isinstance(r, ClassRecord)
                and r.type_name.endswith("Leaf"))
    bad = _patch(data, _ref(names.object_id), _ref(leaf.object_id))
    with pytest.raises(SerializationError,
                       match=f"refers to object id {leaf.object_id}, which is not an array"):
        bf.loads(bad)


@serializable
@attrs.define(eq=False)
class Pair:
    pair: tuple[Leaf, ...]


@serializable
@attrs.define(eq=False)
class Middle:
    inner: Pair


@serializable
@attrs.define(eq=False)
class Outer:
    first: Pair
    middle: Middle


def test_a_converted_member_waits_for_its_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    # Records come in the writer's queue order: Outer, first, middle, the shared array, the
    # second Pair, then the Leaf. The second Pair names only records already read, but the
    # array's element is still a forward reference: the tuple is made once it is resolved.
    bf = BinaryFormatter()
    leaf = Leaf("x", 1.0)
    shared = (leaf, leaf)
    data = bf.dumps(Outer(Pair(shared), Middle(Pair(shared))))
    monkeypatch.setattr(ObjectManager, "run", _refuse)
    back = bf.loads(data)
    assert back.middle.inner.pair == back.first.pair
    assert back.middle.inner.pair[0] is back.first.pair[1]
    assert back.first.pair[0].name == "x"


def _outcome(load: Any) -> Any:
    """What a load gives, as bytes written back (comparable across two graphs) or 'refused'."""
    try:
        graph = load()
    except (SerializationError, NotDirect):
        return "refused"
    try:
        return BinaryFormatter().dumps(graph)
    except SerializationError as exc:
        return f"unwritable: {type(exc).__name__}"


_BASE = BinaryFormatter().dumps(_graph())


@settings(max_examples=300)
@given(st.data())
def test_a_mutated_payload_binds_as_the_record_path_binds_it(draw: st.DataObject) -> None:
    index = draw.draw(st.integers(0, len(_BASE) - 1), label="index")
    value = draw.draw(st.integers(0, 255).filter(lambda v: v != _BASE[index]), label="byte")
    data = _BASE[:index] + bytes([value]) + _BASE[index + 1:]
    bf = BinaryFormatter()

    def direct() -> Any:
        return decode_payload(data, binding=bf._manager().direct_maker).root

    def records() -> Any:
        return bf._manager().run(decode_payload(data).root)

    found = _outcome(direct)
    # The decoder binds a payload only if the object manager would bind it to the same graph.
    assert found == "refused" or found == _outcome(records)
    assert _outcome(lambda: bf.loads(data)) == _outcome(records)


@serializable(type_name="Direct.Record", assembly_name="Direct")
@attrs.define
class RecordV1:
    a: int


@attrs.define
class RecordV2:
    a: int
    b: int = 5


def test_a_missing_member_is_the_general_paths_error() -> None:
    # Version 2 of the class, registered apart, reads a version-1 payload: FULL requires
    # every member that is not an OptionalField, SIMPLE keeps the default.
    payload = BinaryFormatter().dumps(RecordV1(3))
    registry = TypeRegistry()
    registry.register(serializable(type_name="Direct.Record", assembly_name="Direct")(RecordV2),
                      "Direct.Record", "Direct")
    assert BinaryFormatter(registry=registry).loads(payload) == RecordV2(3, 5)
    full = BinaryFormatter(registry=registry, assembly_format=FormatterAssemblyStyle.FULL)
    with pytest.raises(SerializationError, match=r"member 'b' of Direct\.Record is not in the "
                       "payload") as info:
        full.loads(payload)
    assert info.value.offset is not None
