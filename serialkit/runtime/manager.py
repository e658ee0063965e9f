"""The object manager: binds decoded records to Python objects, as .NET's ObjectManager does.

It works on the record graph (:mod:`serialkit.nrbf.records`) that a formatter decoded, so every
formatter shares it. There is no recursion: one node per record is discovered with a stack,
then nodes are completed in dependency order (Kahn's algorithm). A node that merely refers to
another needs it to *exist*; containers, classes and ISerializable objects exist as soon as
they are allocated (uninitialised, like ``FormatterServices.GetUninitializedObject``), while
immutable values (tuples, Decimal, Guid...) and objects that ``get_real_object`` or a surrogate
may replace exist only once built. Hashed containers need their keys *complete*.
ISerializable objects prefer complete members (so ``set_object_data`` sees filled
collections) but, as in .NET, are completed anyway when a cycle leaves no other way.

Callbacks follow .NET: ``on_deserializing`` when an object is allocated, before any member is
set; ``on_deserialized`` once the whole graph is complete; then every
``on_deserialization(sender)`` (IDeserializationCallback).
"""

from __future__ import annotations

import enum
import re
from collections import deque
from collections.abc import Callable
from typing import Any

from serialkit import metadata
from serialkit.errors import LimitExceededError, SerializationError, TypeNotAllowedError
from serialkit.limits import ReaderLimits
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.info import SerializationInfo
from serialkit.runtime.paths import ROOT, GraphPath
from serialkit.runtime.registry import TypeRegistry, simple_assembly_name
from serialkit.surrogates.builtin import builtin_reader
from serialkit.surrogates.selector import SurrogateSelector
from serialkit.typespec import ARRAY, ARRAYLIST, BYTES, CLASS, DICT, HASHTABLE, LIST, SET, TypeSpec

__all__ = ["DENIED_TYPE_NAMES", "ObjectManager"]

#: Type names refused even if an application allows them by mistake: the classic
#: BinaryFormatter gadget chains (see docs/safety.md).
DENIED_TYPE_NAMES = re.compile(
    r"(?:^|\[)\s*(System\.DelegateSerializationHolder|System\.Reflection\.MemberInfoSerializationHolder"
    r"|System\.UnitySerializationHolder|System\.Runtime\.Remoting\.|System\.Windows\.Data\."
    r"ObjectDataProvider|System\.Diagnostics\.Process|System\.Data\.DataSet|System\.Data\."
    r"DataTable|System\.Security\.Claims\.|System\.Security\.Principal\.Windows|System\."
    r"Management\.Automation\.PSObject|Microsoft\.VisualStudio\.Text\.Formatting\.|System\."
    r"Workflow\.ComponentModel\.|System\.Resources\.ResourceSet|System\.Collections\.Generic\."
    r"SortedSet|System\.Collections\.Generic\.ComparisonComparer)")
_SHELL, _VALUE = 0, 1


class _Node:
    __slots__ = ("build", "children", "complete", "dependents", "hard", "index", "meta",
                 "path", "record", "shell", "soft", "value")

    def __init__(self, record: Any, path: GraphPath, index: int) -> None:
        self.record = record
        self.path = path
        self.index = index
        self.value: Any = None
        self.shell = False        # the value exists before it is complete
        self.complete = False
        self.hard = 0
        self.soft = 0
        self.dependents: list[tuple[_Node, bool]] = []
        self.build: Callable[[_Node], Any] | None = None
        self.children: list[tuple[Any, bool]] = []
        self.meta: metadata.ClassMetadata | None = None


class ObjectManager:
    """Binds one decoded record graph to objects; make a new manager per payload.

    Args:
        registry: the ``@serializable`` classes that may be built.
        binder: consulted first for every type name.
        surrogate_selector: surrogates for classes the application does not own.
        context: handed to callbacks, surrogates and ``set_object_data``.
        full_assembly_match: compare whole assembly names, and require every member that is
            not an OptionalField (.NET's FormatterAssemblyStyle.Full).
        limits: the IObjectReference chain limit comes from here.
    """

    def __init__(self, *, registry: TypeRegistry, binder: SerializationBinder | None = None,
                 surrogate_selector: SurrogateSelector | None = None,
                 context: StreamingContext | None = None, full_assembly_match: bool = False,
                 limits: ReaderLimits | None = None) -> None:
        self.registry = registry
        self.binder = binder
        self.selector = surrogate_selector
        self.ctx = context if context is not None else StreamingContext()
        self.full = full_assembly_match
        self.limits = limits or ReaderLimits()
        self.nodes: dict[int, _Node] = {}
        self.order: list[_Node] = []
        self.type_cache: dict[tuple[str, str | None], Any] = {}
        self.deserialized: list[tuple[Any, metadata.ClassMetadata]] = []
        self.callbacks: list[Any] = []
        self.converted: dict[type, frozenset[str]] = {}

    def run(self, root: Any) -> Any:
        """The object graph for ``root`` (a record, or a plain value returned as is)."""
        if not isinstance(root, ClassRecord | ArrayRecord):
            return root
        self.discover(root)
        self.schedule()
        for obj, meta in self.deserialized:
            for cb in meta.callbacks.get("on_deserialized", ()):
                cb(obj, self.ctx)
        for obj in self.callbacks:
            obj.on_deserialization(None)
        return self.nodes[id(root)].value

    # Discovery: one node per record, iteratively --------------------------------------
    def discover(self, root: Any) -> None:
        todo: list[tuple[Any, GraphPath]] = [(root, ROOT)]
        while todo:
            record, path = todo.pop()
            if id(record) in self.nodes:
                continue
            node = _Node(record, path, len(self.order))
            self.nodes[id(record)] = node
            self.order.append(node)
            self.plan(node)
            by_member = node.meta is not None or isinstance(node.value, tuple)
            for i, (child, _) in enumerate(node.children):
                if isinstance(child, ClassRecord | ArrayRecord) and id(child) not in self.nodes:
                    todo.append((child, path.child(node.record.member_names[i]) if by_member
                                 else path.item(i)))

    def plan(self, node: _Node) -> None:
        record = node.record
        if isinstance(record, ArrayRecord):
            node.shell = not isinstance(record.values, bytes)
            node.value = [] if node.shell else bytes(record.values)
            node.children = [] if not node.shell else [(v, False) for v in record.values]
            node.build = self.build_array
            return
        target = self.resolve_type(record, node.path)
        if isinstance(target, type) and metadata.is_serializable(target):
            meta = node.meta = metadata.of(target)
            if meta.is_enum:
                node.children = []
                node.build = self.build_enum
                return
            converted = self.converted_members(meta)
            node.children = [(v, name in converted)
                             for name, v in zip(record.member_names, record.values, strict=True)]
            obj = _uninitialized(target)
            for field in meta.fields:
                object.__setattr__(obj, field.name, field.default_value())
            node.value = obj
            node.shell = not meta.is_object_reference
            for cb in meta.callbacks.get("on_deserializing", ()):
                cb(obj, self.ctx)
            if meta.is_iserializable:
                node.soft = -1  # marker: members are soft dependencies
                node.build = self.build_iserializable
            else:
                node.build = self.build_members
            return
        if isinstance(target, tuple):  # (surrogate, class)
            node.children = [(v, False) for v in record.values]
            node.build = self.build_surrogate
            node.meta = None
            node.value = target
            return
        reader = target
        node.children = reader.children(record)
        if reader.shell is not None:
            node.shell = True
            node.value = reader.shell()
        node.build = lambda n: reader.build(n.value, n.record, self.resolve)

    def converted_members(self, meta: metadata.ClassMetadata) -> frozenset[str]:
        """Wire names of members whose value is converted (list -> tuple...) on assignment:
        the conversion copies, so the value must be complete first."""
        found = self.converted.get(meta.cls)
        if found is None:
            found = self.converted[meta.cls] = frozenset(
                m.wire_name for m in meta.members
                if m.spec.kind == SET or m.spec.py in (tuple, frozenset, bytes, bytearray))
        return found

    def resolve_type(self, record: ClassRecord, path: GraphPath) -> Any:
        key = (record.type_name, record.library_name)
        cached = self.type_cache.get(key)
        if cached is not None:
            return cached
        name, library = key
        if DENIED_TYPE_NAMES.search(name):
            raise TypeNotAllowedError(f"type {name} is never deserialized: it is a known "
                                      "BinaryFormatter attack gadget", offset=record.offset,
                                      path=path, type_name=name)
        nesting = _generic_nesting(name)
        if nesting > self.limits.max_generic_nesting:
            raise LimitExceededError(
                f"type name nests generic arguments {nesting} deep, more than "
                f"max_generic_nesting={self.limits.max_generic_nesting}",
                offset=record.offset, path=path)
        assembly = library or "mscorlib"
        found: Any = None
        if self.binder is not None:
            try:
                found = self.binder.bind_to_type(assembly, name)
            except SerializationError as exc:
                exc.offset = record.offset if exc.offset is None else exc.offset
                exc.path = str(path) if exc.path is None else exc.path
                raise
        if found is None:
            found = self.registry.lookup(name, assembly, full=self.full)
        if found is not None and self.selector is not None:
            hit = self.selector.get_surrogate(found, self.ctx)
            if hit is not None:
                found = (hit[0], found)
        if (found is None and library in (None, )) or found is None:
            found = builtin_reader(name, record)
        if found is None and self.selector is not None:
            for cls in self.selector.types():
                if (f"{cls.__module__}.{cls.__qualname__}" == name and
                        cls.__module__.split(".", 1)[0] == simple_assembly_name(assembly)):
                    hit = self.selector.get_surrogate(cls, self.ctx)
                    if hit is not None:
                        found = (hit[0], cls)
                        break
        if found is None:
            where = f" in assembly {simple_assembly_name(assembly)}" if library else ""
            raise TypeNotAllowedError(
                f"type {name}{where} is not allowed: register a class for it with "
                "@serializable(type_name=..., assembly_name=...), bind it with a "
                "SerializationBinder, or add a surrogate (read it without binding through "
                "serialkit.nrbf.decode)", offset=record.offset, path=path, type_name=name)
        self.type_cache[key] = found
        return found

    # Scheduling: Kahn's algorithm over "needs complete" edges --------------------------
    def schedule(self) -> None:
        nodes = self.nodes
        ready: deque[_Node] = deque()
        for node in self.order:
            soft_members = node.soft == -1
            node.soft = 0
            for child, needs_complete in node.children:
                if not isinstance(child, ClassRecord | ArrayRecord):
                    continue
                dep = nodes[id(child)]
                if dep is node:
                    continue
                if needs_complete or not dep.shell:
                    node.hard += 1
                    dep.dependents.append((node, True))
                elif soft_members:
                    node.soft += 1
                    dep.dependents.append((node, False))
        blocked: dict[int, _Node] = {}
        for node in self.order:
            if node.hard == 0:
                if node.soft == 0:
                    ready.append(node)
                else:
                    blocked[node.index] = node
        remaining = len(self.order)
        while remaining:
            if not ready:
                if not blocked:
                    stuck = next(n for n in self.order if not n.complete)
                    raise SerializationError(
                        "the graph has a cycle through objects that only exist once their "
                        "members do (tuples, immutable values, objects a surrogate or "
                        "get_real_object replaces), so it cannot be rebuilt",
                        offset=getattr(stuck.record, "offset", None), path=stuck.path)
                _, forced = blocked.popitem()
                ready.append(forced)
            node = ready.popleft()
            if node.complete:
                continue
            blocked.pop(node.index, None)
            self.complete(node)
            remaining -= 1
            for dependent, hard in node.dependents:
                if hard:
                    dependent.hard -= 1
                else:
                    dependent.soft -= 1
                if dependent.complete:
                    continue
                if dependent.hard == 0:
                    if dependent.soft <= 0:
                        ready.append(dependent)
                    else:
                        blocked[dependent.index] = dependent
        # Nodes forced early still have soft edges pending; nothing further to do.

    def complete(self, node: _Node) -> None:
        assert node.build is not None
        try:
            value = node.build(node)
        except SerializationError as exc:
            if exc.path is None:
                exc.path = str(node.path)
            raise
        meta = node.meta
        if meta is not None and meta.is_object_reference:
            value = self.real_object(value, node)
        node.value = value
        node.complete = True

    def real_object(self, value: Any, node: _Node) -> Any:
        for _ in range(self.limits.max_reference_chain):
            get = getattr(value, "get_real_object", None)
            if not callable(get):
                return value
            nxt = get(self.ctx)
            if nxt is value:
                return value
            value = nxt
        raise LimitExceededError(f"get_real_object chain longer than max_reference_chain="
                                 f"{self.limits.max_reference_chain}", path=node.path)

    def resolve(self, raw: Any) -> Any:
        if isinstance(raw, ClassRecord | ArrayRecord):
            node = self.nodes[id(raw)]
            if not (node.complete or node.shell):
                raise SerializationError("an object was needed before it could be built "
                                         "(a cycle through immutable values)", path=node.path)
            return node.value
        return raw

    # Builders ----------------------------------------------------------------------------
    def build_array(self, node: _Node) -> Any:
        record: ArrayRecord = node.record
        if not node.shell:
            return node.value
        values = [self.resolve(v) for v in record.values]
        if record.rank > 1:
            values = _nest(values, list(record.lengths))
        node.value.extend(values)
        return node.value

    def build_enum(self, node: _Node) -> Any:
        record: ClassRecord = node.record
        assert node.meta is not None
        value = record.get("value__")
        if not isinstance(value, int):
            raise SerializationError(f"enum {record.type_name} has no integer value__",
                                     offset=record.offset)
        try:
            return node.meta.cls(value)
        except ValueError:
            cls = node.meta.cls
            if issubclass(cls, enum.Flag):
                raise SerializationError(f"{value} is not a valid {cls.__qualname__}",
                                         offset=record.offset) from None
            raise SerializationError(f"{value} is not a member of enum {cls.__qualname__}",
                                     offset=record.offset) from None

    def build_members(self, node: _Node) -> Any:
        record: ClassRecord = node.record
        meta = node.meta
        assert meta is not None
        obj = node.value
        index = record.layout.index
        # Most-derived last: a Python object has one attribute where .NET may keep a base
        # class's private field of the same name beside the derived one.
        for field in reversed(meta.members):
            i = index.get(field.wire_name)
            if i is None:
                if field.optional is None and self.full:
                    raise SerializationError(
                        f"member {field.wire_name!r} of {meta.type_name} is not in the payload "
                        "and is not marked OptionalField", offset=record.offset)
                continue
            value = _coerce(self.resolve(record.values[i]), field.spec)
            object.__setattr__(obj, field.name, value)
        self.after(node, obj)
        return obj

    def build_iserializable(self, node: _Node) -> Any:
        record: ClassRecord = node.record
        meta = node.meta
        assert meta is not None
        obj = node.value
        info = self.info_of(record)
        setter = getattr(obj, "set_object_data", None)
        if not callable(setter):
            raise SerializationError(
                f"{meta.cls.__qualname__} has get_object_data but no set_object_data: the "
                "deserialization constructor was not found", offset=record.offset)
        setter(info, self.ctx)
        self.after(node, obj)
        return obj

    def build_surrogate(self, node: _Node) -> Any:
        surrogate, cls = node.value
        obj = _uninitialized(cls)
        result = surrogate.set_object_data(obj, self.info_of(node.record), self.ctx,
                                           self.selector)
        return obj if result is None else result

    def info_of(self, record: ClassRecord) -> SerializationInfo:
        info = SerializationInfo(record.type_name, record.library_name or "mscorlib")
        for name, value in record.items():
            info.add_value(name, self.resolve(value))
        return info

    def after(self, node: _Node, obj: Any) -> None:
        meta = node.meta
        assert meta is not None
        if meta.callbacks.get("on_deserialized"):
            self.deserialized.append((obj, meta))
        if meta.has_deserialization_callback:
            self.callbacks.append(obj)


def _uninitialized(cls: type) -> Any:
    """An instance made without running ``__init__`` (.NET's GetUninitializedObject)."""
    new: Any = cls.__new__
    return new(cls)


def _nest(flat: list[Any], lengths: list[int]) -> list[Any]:
    for n in reversed(lengths[1:]):
        flat = [flat[i:i + n] for i in range(0, len(flat), n)] if n else []
    return flat


def _generic_nesting(name: str) -> int:
    depth = deepest = 0
    for ch in name:
        if ch == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "]":
            depth -= 1
    return (deepest + 1) // 2  # each generic argument opens two brackets: [[...]]


def _coerce(value: Any, spec: TypeSpec) -> Any:
    kind = spec.kind
    if value is None:
        return None
    if kind == SET and spec.py is frozenset and not isinstance(value, frozenset):
        return frozenset(value)
    if kind in (SET,) and isinstance(value, list):
        return set(value)
    if spec.py is tuple and isinstance(value, list):
        return tuple(value)
    if kind == BYTES and isinstance(value, list):
        return bytes(value)
    if kind == BYTES and spec.py is bytearray and isinstance(value, bytes):
        return bytearray(value)
    if kind in (LIST, ARRAYLIST, ARRAY) and isinstance(value, bytes):
        return list(value)
    if kind == CLASS and isinstance(value, int) and isinstance(spec.py, type) and issubclass(
            spec.py, enum.Enum):
        return spec.py(value)
    if kind in (DICT, HASHTABLE) and not isinstance(value, dict):
        raise SerializationError(f"expected a dictionary, got {type(value).__name__}")
    return value
