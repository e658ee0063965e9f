"""The object manager's short path for graphs of plain classes, lists and arrays.

``ObjectManager.run(root, layouts)`` binds such a graph without building its node graph; the
result, and every error, must be what the general path gives.
"""

from __future__ import annotations

from typing import Annotated, Any

import attrs
import pytest

from serialkit import Array, BinaryFormatter, SerializationError, serializable
from serialkit.nrbf.decoder import decode_payload
from serialkit.nrbf.records import ClassRecord
from serialkit.runtime.manager import ObjectManager


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
    codes: list[int]
    data: bytes
    parent: Tree | None = None
    seen: list[Any] = attrs.field(factory=list)


@serializable
@attrs.define(eq=False)
class Watched:
    name: str
    log: list[str] = attrs.field(factory=list)

    def on_deserialization(self, sender: Any) -> None:
        self.log.append("done")


def _graph() -> Tree:
    shared = Leaf("shared", 1.5)
    root = Tree("root", [shared, Leaf("b", 2.0), shared], [shared, None], [1, 2, 3], b"\x00\x01")
    child = Tree("child", [], [], [], b"", parent=root)
    root.seen = [child, root, "text", 7]
    return root


def _decoded(data: bytes) -> tuple[Any, Any]:
    payload = decode_payload(data)
    return payload.root, payload.layouts


def _manager(bf: BinaryFormatter) -> ObjectManager:
    return bf._manager()


def _refuse(*args: Any) -> None:
    raise AssertionError("the general path ran")


def test_plain_graph_takes_the_short_path(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    root, layouts = _decoded(bf.dumps(_graph()))
    monkeypatch.setattr(ObjectManager, "discover", _refuse)
    back = _manager(bf).run(root, layouts)
    assert back.label == "root" and back.codes == [1, 2, 3] and back.data == b"\x00\x01"
    assert back.leaves[0] is back.leaves[2] is back.spare[0]
    assert back.spare[1] is None
    assert [leaf.name for leaf in back.leaves] == ["shared", "b", "shared"]
    child = back.seen[0]
    assert child.parent is back and back.seen[1] is back and back.seen[2:] == ["text", 7]


def test_short_and_general_paths_agree() -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    short = _manager(bf).run(*_decoded(data))
    general = _manager(bf).run(_decoded(data)[0])
    for a, b in ((short, general), (short.seen[0], general.seen[0])):
        assert (a.label, a.codes, a.data, [x.name for x in a.leaves]) == \
            (b.label, b.codes, b.data, [x.name for x in b.leaves])


def _list_records(record: Any, found: list[ClassRecord], seen: set[int]) -> None:
    stack = [record]
    while stack:
        r = stack.pop()
        if id(r) in seen or not hasattr(r, "values") or isinstance(r.values, bytes):
            continue
        seen.add(id(r))
        if isinstance(r, ClassRecord) and r.type_name.startswith("System.Collections.Generic."
                                                                 "List`1"):
            found.append(r)
        stack.extend(v for v in r.values if hasattr(v, "values"))


def test_an_error_on_the_short_path_is_the_general_paths_error() -> None:
    bf = BinaryFormatter()
    data = bf.dumps(_graph())
    messages = []
    for layouts in (None, "short"):
        root, decoded_layouts = _decoded(data)
        lists: list[ClassRecord] = []
        _list_records(root, lists, set())
        target = next(r for r in lists if r.get("_size") == 3 and "Leaf" in r.type_name)
        target.values[target.layout.member_names.index("_size")] = 99
        with pytest.raises(SerializationError) as info:
            _manager(bf).run(root, decoded_layouts if layouts else None)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "invalid _items/_size pair" in messages[0] and "$.leaves" in messages[0]


def test_a_class_with_a_callback_takes_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    root, layouts = _decoded(bf.dumps(Watched("w")))
    monkeypatch.setattr(ObjectManager, "run_plain", _refuse)
    back = _manager(bf).run(root, layouts)
    assert back.log == ["done"]


def test_an_unreachable_type_that_is_not_allowed_does_not_stop_the_graph() -> None:
    # A layout the root never reaches is planned up front; a type it cannot bind sends the
    # graph down the general path, which never reaches it either.
    bf = BinaryFormatter()
    root, layouts = _decoded(bf.dumps(_graph()))
    stray = ClassRecord(999, layouts[0].__class__("Evil.Gadget", "Evil", (), (), 999,
                                                  layouts[0].record_type), 0)
    back = _manager(bf).run(root, (*layouts, stray.layout))
    assert back.label == "root"


@serializable
@attrs.define(eq=False)
class Holder:
    pair: tuple[Leaf, ...]
    rows: list[list[int]]


@serializable
@attrs.define(eq=False)
class Tagged:
    tags: frozenset[str]


def test_converted_members_see_filled_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    leaf = Leaf("x", 1.0)
    root, layouts = _decoded(bf.dumps(Holder((leaf, leaf), [[1], [2, 3]])))
    monkeypatch.setattr(ObjectManager, "discover", _refuse)
    back = _manager(bf).run(root, layouts)
    assert isinstance(back.pair, tuple) and back.pair[0] is back.pair[1]
    assert back.pair[0].name == "x" and back.rows == [[1], [2, 3]]


def test_a_set_member_takes_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    bf = BinaryFormatter()
    root, layouts = _decoded(bf.dumps(Tagged(frozenset({"a", "b"}))))
    monkeypatch.setattr(ObjectManager, "run_plain", _refuse)
    assert _manager(bf).run(root, layouts).tags == frozenset({"a", "b"})
