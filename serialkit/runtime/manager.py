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
import keyword
import re
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from serialkit import metadata
from serialkit._codegen import compile_function
from serialkit.errors import LimitExceededError, SerializationError, TypeNotAllowedError
from serialkit.limits import ReaderLimits
from serialkit.nrbf.decoder import Maker, NotDirect
from serialkit.nrbf.enums import BinaryType
from serialkit.nrbf.records import ArrayRecord, ClassLayout, ClassRecord, MemberType
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.info import SerializationInfo
from serialkit.runtime.paths import ROOT, GraphPath
from serialkit.runtime.registry import TypeRegistry, simple_assembly_name
from serialkit.surrogates.builtin import BUILTIN_READERS, _items, builtin_reader
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
_RECORDS = (ClassRecord, ArrayRecord)
#: How a class layout's records are bound (the first item of a plan).
_PLAIN, _ENUM, _SURROGATE, _BUILTIN = 0, 1, 2, 3
_LIST_READERS = (BUILTIN_READERS["System.Collections.Generic.List`1"],
                 BUILTIN_READERS["System.Collections.ArrayList"])
#: Wire types whose values are never records (references to strings are already strings).
_PLAIN_ELEMENTS = frozenset({BinaryType.PRIMITIVE, BinaryType.STRING})


class _NotPlain(Exception):
    """The graph is not one ``run_plain`` binds; the general path takes it."""


class _Node:
    __slots__ = ("binder", "build", "by_member", "children", "complete", "dependents", "hard",
                 "index", "meta", "parent", "reader", "record", "scan", "shell", "slot", "soft",
                 "value", "values")

    def __init__(self, record: Any, parent: _Node | None, slot: int, index: int) -> None:
        self.record = record
        self.parent = parent      # the node that first reached this one (None for the root)
        self.slot = slot          # ... through its member or element number ``slot``
        self.index = index
        self.value: Any = None
        self.shell = False        # the value exists before it is complete
        self.complete = False
        self.hard = 0
        self.soft = 0
        self.dependents: list[tuple[_Node, bool]] | None = None  # made when needed
        self.build: Callable[[_Node], Any] | None = None
        #: (value, needs complete) pairs; None means the ``values`` below, none of which needs
        #: to be complete (plain classes, arrays and lists).
        self.children: list[tuple[Any, bool]] | None = None
        self.values: list[Any] = record.values
        #: The positions in ``values`` that may hold a record (None: any of them).
        self.scan: tuple[int, ...] | None = None
        self.meta: metadata.ClassMetadata | None = None
        self.by_member = False    # children are named by member (not numbered) in paths
        self.reader: Any = None
        self.binder: Callable[[Any, ClassRecord, Any], None] | None = None

    @property
    def path(self) -> GraphPath:
        """Where the node is in the graph; built only when an error needs it."""
        chain: list[_Node] = []
        node: _Node | None = self
        while node is not None and node.parent is not None:
            chain.append(node)
            node = node.parent
        path = ROOT
        for step in reversed(chain):
            parent = step.parent
            assert parent is not None
            path = (path.child(parent.record.member_names[step.slot]) if parent.by_member
                    else path.item(step.slot))
        return path

    def kids(self) -> list[tuple[Any, bool]]:
        """The (value, needs complete) pairs the node's build reads."""
        if self.children is None:
            return [(v, False) for v in self.values]
        return self.children


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
        #: Per class layout: how its records are bound (see ``plan``).
        self.plans: dict[int, tuple[Any, ...]] = {}
        #: True while every node is a shell whose build needs nothing complete: then no node
        #: waits for another and the nodes complete in discovery order.
        self.simple = True

    def run(self, root: Any, layouts: tuple[ClassLayout, ...] | None = None) -> Any:
        """The object graph for ``root`` (a record, or a plain value returned as is).

        ``layouts``, every class layout of the payload, lets a graph of plain classes, lists
        and arrays take a shorter path (see ``run_plain``).
        """
        if not isinstance(root, ClassRecord | ArrayRecord):
            return root
        if layouts is not None and self.all_plain(layouts):
            try:
                return self.run_plain(root)
            except (SerializationError, _NotPlain):
                pass  # the general path below says where the error is, or binds the rest
        try:
            self.discover(root)
            self.schedule()
            for obj, meta in self.deserialized:
                for cb in meta.callbacks.get("on_deserialized", ()):
                    cb(obj, self.ctx)
            for obj in self.callbacks:
                obj.on_deserialization(None)
            return self.nodes[id(root)].value
        finally:
            # Each node holds a bound method of this manager, which holds every node: drop
            # the nodes (and their records) now, so reference counting frees them rather
            # than a later pass of the cyclic garbage collector.
            self.nodes.clear()
            self.order.clear()

    # The short path: plain classes, lists and arrays ----------------------------------
    def all_plain(self, layouts: tuple[ClassLayout, ...]) -> bool:
        """Whether every layout binds as a plain class or a List/ArrayList, so that no object
        waits for another, no hook of the application runs, and nothing is replaced."""
        if self.binder is not None or self.selector is not None:
            return False
        return all(self.plain_plan(layout) is not None for layout in layouts)

    def plain_plan(self, layout: ClassLayout) -> tuple[Any, ...] | None:
        """The plan of a layout that binds as a plain class or a List/ArrayList, or None."""
        plan = self.plans.get(id(layout))
        if plan is None:
            record = ClassRecord(0, layout, 0)
            try:
                plan = self.plans[id(layout)] = self.plan_layout(
                    record, _Node(record, None, 0, 0))
            except SerializationError:
                return None  # the general path raises it if the graph reaches it
        kind = plan[0]
        if kind == _PLAIN:
            meta = plan[1]
            # Converted members are fine (every list is filled before any member is set)
            # but for sets, which hash elements that may not be filled yet.
            if plan[4] is not None and any(m.spec.kind == SET or m.spec.py is frozenset
                                           for m in meta.members if m.wire_name in plan[4]):
                return None
            if meta.is_iserializable or \
                    meta.is_object_reference or meta.has_deserialization_callback or \
                    meta.callbacks.get("on_deserializing") or \
                    meta.callbacks.get("on_deserialized"):
                return None
        elif not (kind == _BUILTIN and plan[1] in _LIST_READERS):
            return None
        return plan

    def direct_maker(self, layout: ClassLayout) -> Maker:
        """How the decoder makes the objects of ``layout`` itself (see ``Maker``); raises
        NotDirect for a layout that needs the general path."""
        if self.binder is not None or self.selector is not None:
            raise NotDirect
        plan = self.plain_plan(layout)
        if plan is None:
            raise NotDirect
        if plan[0] == _PLAIN:
            meta = plan[1]
            # A member converted on assignment (a list made a tuple) needs its value
            # complete, so such an instance is filled only after the last record.
            return (meta.cls, _class_view(meta).binder(layout.member_names,
                                                       layout.member_types, self.full,
                                                       defaults=True, direct=True),
                    plan[4] is None)
        index = layout.index
        if "_items" not in index or "_size" not in index:
            raise NotDirect
        return (list, (index["_items"], index["_size"]), False)

    def run_plain(self, root: Any) -> Any:
        """Bind a graph that ``all_plain`` vouched for: allocate every object while walking
        the records, then fill them in any order, since none needs another complete. An
        unusual record raises _NotPlain, and any error is left to the general path, which
        knows the path to report."""
        made: dict[int, Any] = {}
        fills: list[tuple[Any, Any, Any]] = []
        arrays: list[tuple[list[Any], list[Any]]] = []
        plans = self.plans
        todo = [root]
        while todo:
            record = todo.pop()
            key = id(record)
            if key in made:
                continue
            if record.__class__ is ArrayRecord:
                values = record.values
                if isinstance(values, bytes):
                    made[key] = bytes(values)
                    continue
                if record.rank != 1:
                    raise _NotPlain
                shell = made[key] = []
                if record.element_type.binary_type in _PLAIN_ELEMENTS:
                    shell.extend(values)
                    continue
                arrays.append((shell, values))
            else:
                plan = plans[id(record.layout)]
                if plan[0] == _PLAIN:
                    # A bare instance: its filler gives every field its value, from the
                    # record or its default, so nothing is set twice.
                    cls = plan[1].cls
                    obj = made[key] = cls.__new__(cls)
                    fills.append((plan[6], obj, record))
                    values = record.values
                    scan = plan[5]
                    if scan is not None:
                        values = [values[i] for i in scan]
                else:
                    values = _items(record)
                    shell = made[key] = []
                    arrays.append((shell, values))
            todo += [child for child in values if child.__class__ is ClassRecord or
                     child.__class__ is ArrayRecord]

        def resolve(record: Any) -> Any:
            return made[id(record)]

        for shell, values in arrays:
            shell.extend([made[id(v)] if isinstance(v, _RECORDS) else v for v in values])
        for bind, obj, record in fills:
            bind(obj, record, resolve)
        return made[id(root)]

    # Discovery: one node per record, iteratively --------------------------------------
    def discover(self, root: Any) -> None:
        nodes, order = self.nodes, self.order
        todo: list[tuple[Any, _Node | None, int]] = [(root, None, 0)]
        while todo:
            record, parent, slot = todo.pop()
            key = id(record)
            if key in nodes:
                continue
            node = nodes[key] = _Node(record, parent, slot, len(order))
            order.append(node)
            try:
                self.plan(node)
            except SerializationError as exc:
                if exc.path is None:
                    exc.path = str(node.path)
                raise
            if node.children is None:
                values = node.values
                for i in range(len(values)) if node.scan is None else node.scan:
                    child = values[i]
                    if isinstance(child, _RECORDS) and id(child) not in nodes:
                        todo.append((child, node, i))
            else:
                for i, (child, _) in enumerate(node.children):
                    if isinstance(child, _RECORDS) and id(child) not in nodes:
                        todo.append((child, node, i))

    def plan(self, node: _Node) -> None:
        record = node.record
        if isinstance(record, ArrayRecord):
            node.shell = not isinstance(record.values, bytes)
            if node.shell:
                node.value = []
                if record.element_type.binary_type in _PLAIN_ELEMENTS:
                    node.scan = ()
            else:
                node.value = bytes(record.values)
                node.children = []
                self.simple = False  # a value, not a shell: its referrers wait for it
            node.build = self.build_array
            return
        layout = record.layout
        plan = self.plans.get(id(layout))
        if plan is None:
            plan = self.plans[id(layout)] = self.plan_layout(record, node)
        kind = plan[0]
        if kind == _PLAIN:
            _, meta, init, binder, converted, scan, _ = plan
            node.scan = scan
            node.meta = meta
            node.by_member = True
            if converted is not None:
                node.children = [(v, name in converted) for name, v in
                                 zip(record.member_names, record.values, strict=True)]
                if any(needs and isinstance(v, _RECORDS) for v, needs in node.children):
                    self.simple = False
            node.value = obj = init()
            if meta.is_object_reference:
                self.simple = False
            else:
                node.shell = True
            for cb in meta.callbacks.get("on_deserializing", ()):
                cb(obj, self.ctx)
            if meta.is_iserializable:
                self.simple = False
                node.soft = -1  # marker: members are soft dependencies
                node.build = self.build_iserializable
            else:
                node.binder = binder
                node.build = (self.build_members if meta.has_deserialization_callback or
                              meta.callbacks.get("on_deserialized") else self.build_plain)
            return
        if kind == _ENUM:
            self.simple = False
            node.meta = plan[1]
            node.children = []
            node.build = self.build_enum
            return
        if kind == _SURROGATE:
            self.simple = False
            node.by_member = True
            node.children = [(v, False) for v in record.values]
            node.build = self.build_surrogate
            node.value = plan[1]
            return
        reader = node.reader = plan[1]
        if reader is _LIST_READERS[0] or reader is _LIST_READERS[1]:
            # List`1 and ArrayList, read as their reader does, _items checked once.
            node.values = _items(record)
            if record["_items"].element_type.binary_type in _PLAIN_ELEMENTS:
                node.scan = ()
            node.shell = True
            node.value = []
            node.build = self.build_list
            return
        node.children = reader.children(record)
        if reader.shell is not None:
            node.shell = True
            node.value = reader.shell()
            if any(needs and isinstance(v, _RECORDS) for v, needs in node.children):
                self.simple = False
        else:
            self.simple = False
        node.build = self.build_builtin

    def plan_layout(self, record: ClassRecord, node: _Node) -> tuple[Any, ...]:
        """How records of one class layout are bound: made once, reused by every record."""
        target = self.resolve_type(record, node)
        if isinstance(target, type) and metadata.is_serializable(target):
            meta = metadata.of(target)
            if meta.is_enum:
                return (_ENUM, meta)
            converted = self.converted_members(meta)
            view = _class_view(meta)
            types = record.layout.member_types
            binder = None if meta.is_iserializable else view.binder(
                record.layout.member_names, types, self.full)
            scan = None if types is None else tuple(
                i for i, t in enumerate(types) if t.binary_type not in _PLAIN_ELEMENTS)
            filler = None if meta.is_iserializable else view.binder(
                record.layout.member_names, types, self.full, defaults=True)
            return (_PLAIN, meta, view.init, binder, converted or None, scan, filler)
        if isinstance(target, tuple):  # (surrogate, class)
            return (_SURROGATE, target)
        return (_BUILTIN, target)

    def converted_members(self, meta: metadata.ClassMetadata) -> frozenset[str]:
        """Wire names of members whose value is converted (list -> tuple...) on assignment:
        the conversion copies, so the value must be complete first."""
        found = self.converted.get(meta.cls)
        if found is None:
            found = self.converted[meta.cls] = frozenset(
                m.wire_name for m in meta.members
                if m.spec.kind == SET or m.spec.py in (tuple, frozenset, bytes, bytearray))
        return found

    def resolve_type(self, record: ClassRecord, node: _Node) -> Any:
        key = (record.type_name, record.library_name)
        cached = self.type_cache.get(key)
        if cached is not None:
            return cached
        name, library = key
        if DENIED_TYPE_NAMES.search(name):
            raise TypeNotAllowedError(f"type {name} is never deserialized: it is a known "
                                      "BinaryFormatter attack gadget", offset=record.offset,
                                      path=node.path, type_name=name)
        nesting = _generic_nesting(name)
        if nesting > self.limits.max_generic_nesting:
            raise LimitExceededError(
                f"type name nests generic arguments {nesting} deep, more than "
                f"max_generic_nesting={self.limits.max_generic_nesting}",
                offset=record.offset, path=node.path)
        assembly = library or "mscorlib"
        found: Any = None
        if self.binder is not None:
            try:
                found = self.binder.bind_to_type(assembly, name)
            except SerializationError as exc:
                exc.offset = record.offset if exc.offset is None else exc.offset
                exc.path = str(node.path) if exc.path is None else exc.path
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
            cut = ("; its name is cut short (a writer split it across the type and library "
                   "names): read with undo_truncated_type_names=True"
                   if name.count("[") != name.count("]") else "")
            raise TypeNotAllowedError(
                f"type {name}{where} is not allowed: register a class for it with "
                "@serializable(type_name=..., assembly_name=...), bind it with a "
                "SerializationBinder, or add a surrogate (read it without binding through "
                f"serialkit.nrbf.decode){cut}", offset=record.offset, path=node.path,
                type_name=name)
        self.type_cache[key] = found
        return found

    # Scheduling: Kahn's algorithm over "needs complete" edges --------------------------
    def schedule(self) -> None:
        if self.simple:
            # No node waits for another (every one is a shell, none needs a complete
            # member): Kahn's order is the discovery order, so skip building the edges.
            # complete() without the get_real_object step (no node of a simple graph has one).
            try:
                for node in self.order:
                    node.value = node.build(node)  # type: ignore[misc]
                    node.complete = True
            except SerializationError as exc:
                if exc.path is None:
                    exc.path = str(node.path)
                raise
            return
        nodes = self.nodes
        ready: deque[_Node] = deque()
        for node in self.order:
            soft_members = node.soft == -1
            node.soft = 0
            for child, needs_complete in node.kids():
                if not isinstance(child, ClassRecord | ArrayRecord):
                    continue
                dep = nodes[id(child)]
                if dep is node:
                    continue
                if needs_complete or not dep.shell:
                    node.hard += 1
                    if dep.dependents is None:
                        dep.dependents = []
                    dep.dependents.append((node, True))
                elif soft_members:
                    node.soft += 1
                    if dep.dependents is None:
                        dep.dependents = []
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
            for dependent, hard in node.dependents or ():
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
        if record.element_type.binary_type in _PLAIN_ELEMENTS:
            values = list(record.values)
        else:
            resolve = self.resolve
            values = [resolve(v) if isinstance(v, _RECORDS) else v for v in record.values]
        if record.rank > 1:
            values = _nest(values, list(record.lengths), self.limits.max_null_slots)
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

    def build_list(self, node: _Node) -> Any:
        resolve = self.resolve
        node.value.extend([resolve(v) if isinstance(v, _RECORDS) else v for v in node.values])
        return node.value

    def build_builtin(self, node: _Node) -> Any:
        return node.reader.build(node.value, node.record, self.resolve)

    def build_plain(self, node: _Node) -> Any:
        """build_members for a class without deserialization callbacks (nothing ``after``)."""
        obj = node.value
        assert node.binder is not None
        node.binder(obj, node.record, self.resolve)
        return obj

    def build_members(self, node: _Node) -> Any:
        obj = node.value
        if node.binder is not None:
            node.binder(obj, node.record, self.resolve)
            self.after(node, obj)
            return obj
        record: ClassRecord = node.record
        meta = node.meta
        assert meta is not None
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


def _nest(flat: list[Any], lengths: list[int], cap: int) -> list[Any]:
    """The row-major ``flat`` elements of a rectangular array as nested lists.

    A zero length after the first leaves no elements but still has rows: ``[2, 0]`` is
    ``[[], []]``. Those empty lists cost memory no byte of the payload pays for, so at most
    ``cap`` of them are made (``int[2^24, 2^24, 0]`` holds nothing in .NET).
    """
    if 0 in lengths[1:]:
        zero = lengths.index(0, 1)
        rows = 1
        for n in lengths[:zero]:
            rows *= n
            if rows > cap:
                raise LimitExceededError(
                    f"a rectangular array of lengths {lengths} would need {rows} or more empty "
                    f"rows, over the limit of max_null_slots={cap}")
        flat = [[] for _ in range(rows)]
        lengths = lengths[:zero]
    for n in reversed(lengths[1:]):
        flat = [flat[i:i + n] for i in range(0, len(flat), n)]
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


# Generated binders ---------------------------------------------------------------------------
class _ClassView:
    """The code that makes and fills instances of one class, generated once per class.

    ``init`` allocates an instance and gives every field its default (what ``plan`` did field
    by field); ``binder`` returns, per wire layout, a function setting the members from a
    record as ``build_members`` does: most-derived last, each value resolved and coerced.
    """

    def __init__(self, meta: metadata.ClassMetadata) -> None:
        self.meta = meta
        self.binders: dict[tuple[Any, ...], Any] = {}
        ns: dict[str, Any] = {"_cls": meta.cls, "_osa": object.__setattr__}
        lines = ["def init():", "    obj = _cls.__new__(_cls)"]
        for i, field in enumerate(meta.fields):
            if field.factory is not None:
                ns[f"_f{i}"] = field.factory
                value = f"_f{i}()"
            else:
                ns[f"_d{i}"] = field.default_value()
                value = f"_d{i}"
            lines.append(f"    _osa(obj, {field.name!r}, {value})")
        lines.append("    return obj")
        self.init: Callable[[], Any] = compile_function(
            "init", "\n".join(lines) + "\n", ns, f"init {meta.type_name}")

    def binder(self, names: tuple[str, ...], types: tuple[MemberType, ...] | None,
               full: bool, defaults: bool = False, direct: bool = False) -> Any:
        """The binder of one wire layout; with ``defaults``, it first gives the fields the
        record does not set their defaults, for an instance made without ``init``.

        It is called ``bind(obj, record, resolve)``, or, ``direct``, ``bind(obj, values)``
        with values that are objects already (the decoder made them: see ``Maker``).
        """
        kinds = None if types is None else tuple(t.binary_type for t in types)
        key = (names, kinds, full, defaults, direct)
        found = self.binders.get(key)
        if found is None:
            found = self.binders[key] = self._make_binder(names, kinds, full, defaults, direct)
        return found

    def _make_binder(self, names: tuple[str, ...], kinds: tuple[BinaryType, ...] | None,
                     full: bool, defaults: bool, direct: bool) -> Any:
        meta = self.meta
        index = {name: i for i, name in enumerate(names)}
        ns: dict[str, Any] = {"_osa": object.__setattr__, "_coerce": _coerce,
                              "_RECORDS": _RECORDS, "_missing": _missing_member}
        lines = (["def bind(obj, values):"] if direct else
                 ["def bind(obj, record, resolve):", "    values = record.values"])
        # A member is set as .NET sets a field, past any __setattr__ of the class (attrs'
        # validators, a frozen class); without one, plain assignment does the same, faster.
        plain_setattr = getattr(meta.cls, "__setattr__", None) is object.__setattr__
        if defaults:
            bound = {m.name for m in meta.members if m.wire_name in index}
            for k, each in enumerate(meta.fields):
                if each.name in bound:
                    continue
                if each.factory is not None:
                    ns[f"_f{k}"] = each.factory
                    lines.append(f"    _osa(obj, {each.name!r}, _f{k}())")
                else:
                    ns[f"_d{k}"] = each.default_value()
                    lines.append(f"    _osa(obj, {each.name!r}, _d{k})")
        for n, field in enumerate(reversed(meta.members)):
            i = index.get(field.wire_name)
            if i is None:
                if field.optional is None and full:
                    lines.append(f"    _missing({'None' if direct else 'record'}, "
                                 f"{field.wire_name!r}, {meta.type_name!r})")
                continue
            lines.append(f"    v = values[{i}]")
            if not direct and (kinds is None or kinds[i] not in _PLAIN_ELEMENTS):
                lines.append("    if isinstance(v, _RECORDS):")
                lines.append("        v = resolve(v)")
            if _needs_coerce(field.spec):
                ns[f"_s{n}"] = field.spec
                if field.spec.kind in (LIST, ARRAYLIST, ARRAY) and field.spec.py is not tuple:
                    # _coerce keeps a list as it is (and makes one of bytes).
                    lines.append(f"    if v.__class__ is not list: v = _coerce(v, _s{n})")
                else:
                    lines.append(f"    v = _coerce(v, _s{n})")
            if plain_setattr and field.name.isidentifier() and \
                    not keyword.iskeyword(field.name):
                lines.append(f"    obj.{field.name} = v")
            else:
                lines.append(f"    _osa(obj, {field.name!r}, v)")
        return compile_function("bind", "\n".join(lines) + "\n", ns,
                                f"bind {meta.type_name}")


_VIEWS: weakref.WeakKeyDictionary[type, _ClassView] = weakref.WeakKeyDictionary()


def _class_view(meta: metadata.ClassMetadata) -> _ClassView:
    view = _VIEWS.get(meta.cls)
    if view is None or view.meta is not meta:
        view = _VIEWS[meta.cls] = _ClassView(meta)
    return view


def _missing_member(record: ClassRecord | None, wire_name: str, type_name: str) -> None:
    raise SerializationError(f"member {wire_name!r} of {type_name} is not in the payload "
                             "and is not marked OptionalField",
                             offset=None if record is None else record.offset)


def _needs_coerce(spec: TypeSpec) -> bool:
    """False when ``_coerce`` returns every value of ``spec`` unchanged."""
    if spec.kind in (SET, BYTES, LIST, ARRAYLIST, ARRAY, DICT, HASHTABLE) or spec.py is tuple:
        return True
    return spec.kind == CLASS and isinstance(spec.py, type) and issubclass(spec.py, enum.Enum)
