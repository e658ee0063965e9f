"""BinaryFormatter: object graphs to MS-NRBF and back.

Writing walks the graph breadth-first, as .NET's ObjectWriter does: the root, then each
referenced object in the order it was first met; strings and value types are written inline.
Reading decodes the whole payload to records first (:mod:`serialkit.nrbf.decoder`, which
enforces the limits), then binds records to Python objects without recursion, in an order
that gives every object its members before anything that needs them complete.

The hook order for each object written is fixed: the memo (already written?), the user's
surrogate selector, the class's ``get_object_data`` (ISerializable), its serializable
members, the built-in surrogates, and otherwise an error naming the type and the path.
"""

from __future__ import annotations

import enum
import io
import re
from collections import deque
from collections.abc import Callable
from typing import Any, BinaryIO

from serialkit import metadata
from serialkit.errors import (
    LimitExceededError,
    NotSerializableError,
    SerializationError,
    TypeNotAllowedError,
)
from serialkit.limits import ReaderLimits
from serialkit.nrbf.decoder import decode_payload
from serialkit.nrbf.encoder import NrbfWriter
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.info import SerializationInfo
from serialkit.runtime.registry import TypeRegistry, default_registry, simple_assembly_name
from serialkit.surrogates.builtin import (
    BIGINT,
    BUILTIN_READERS,
    ClassShape,
    builtin_shape,
    is_value_type,
    member_type,
    net_name,
    spec_of_value,
)
from serialkit.surrogates.selector import SurrogateSelector
from serialkit.typespec import (
    ARRAY,
    ARRAYLIST,
    BYTES,
    CLASS,
    DICT,
    HASHTABLE,
    LIST,
    NULLABLE,
    OBJECT,
    OBJECT_SPEC,
    OTHER,
    PRIM,
    SET,
    STRING,
    TUPLE,
    TypeSpec,
)

__all__ = ["BinaryFormatter", "FormatterAssemblyStyle"]


class FormatterAssemblyStyle(enum.Enum):
    """How assembly names are matched when reading (.NET's FormatterAssemblyStyle)."""

    SIMPLE = 0
    FULL = 1


#: Type names refused even if an application allows them by mistake: the classic
#: BinaryFormatter gadget chains (see docs/safety.md).
_DENIED = re.compile(
    r"^(System\.DelegateSerializationHolder|System\.Reflection\.MemberInfoSerializationHolder"
    r"|System\.UnitySerializationHolder|System\.Runtime\.Remoting\.|System\.Windows\.Data\."
    r"ObjectDataProvider|System\.Diagnostics\.Process|System\.Data\.DataSet|System\.Data\."
    r"DataTable|System\.Security\.Claims\.|System\.Security\.Principal\.Windows|System\."
    r"Management\.Automation\.PSObject|Microsoft\.VisualStudio\.Text\.Formatting\.|System\."
    r"Workflow\.ComponentModel\.|System\.Resources\.ResourceSet|System\.Collections\.Generic\."
    r"SortedSet|System\.Collections\.Generic\.ComparisonComparer)")
_MAX_INLINE_DEPTH = 100
_BOXABLE = {bool: PrimitiveType.BOOLEAN, float: PrimitiveType.DOUBLE}


class BinaryFormatter:
    """Serializes object graphs to MS-NRBF, the format of .NET's BinaryFormatter.

    Args:
        surrogate_selector: surrogates for types the application does not own.
        binder: maps wire names to classes and back; the gate for every type read.
        context: handed to every callback, surrogate and ``get_object_data``.
        assembly_format: SIMPLE matches assemblies by simple name and tolerates missing
            members; FULL compares full assembly names and requires every member that is
            not optional, as .NET does.
        limits: bounds on the work a payload may ask for when reading.
        registry: where ``@serializable`` classes are looked up (the global one by default).
    """

    def __init__(
        self,
        *,
        surrogate_selector: SurrogateSelector | None = None,
        binder: SerializationBinder | None = None,
        context: StreamingContext | None = None,
        assembly_format: FormatterAssemblyStyle = FormatterAssemblyStyle.SIMPLE,
        limits: ReaderLimits | None = None,
        registry: TypeRegistry | None = None,
    ) -> None:
        self.surrogate_selector = surrogate_selector
        self.binder = binder
        self.context = context if context is not None else StreamingContext()
        self.assembly_format = assembly_format
        self.limits = limits or ReaderLimits()
        self.registry = registry or default_registry

    def dumps(self, graph: Any) -> bytes:
        """The MS-NRBF payload of ``graph``."""
        return _Writer(self).run(graph)

    def serialize(self, stream: BinaryIO, graph: Any) -> None:
        """Write the payload of ``graph`` to a binary stream."""
        stream.write(self.dumps(graph))

    def loads(self, data: bytes | bytearray | memoryview) -> Any:
        """Read a payload (bytes) back into objects; trailing bytes are an error."""
        payload = decode_payload(data, limits=self.limits)
        return _Reader(self).run(payload)

    def deserialize(self, stream: BinaryIO) -> Any:
        """Read one payload from a binary stream, leaving a seekable stream just after it."""
        if not stream.seekable():
            return self.loads(stream.read())
        start = stream.tell()
        payload = decode_payload(stream, limits=self.limits, allow_trailing=True)
        stream.seek(start + payload.end_offset)
        return _Reader(self).run(payload)


# -- writing ----------------------------------------------------------------------------------
class _Writer:
    def __init__(self, formatter: BinaryFormatter) -> None:
        self.f = formatter
        self.w = NrbfWriter()
        self.next_id = 1
        self.ids: dict[int, int] = {}
        self.keep: list[Any] = []
        self.queue: deque[tuple[Any, int, TypeSpec, str]] = deque()
        self.libraries: dict[str, int] = {}
        self.layouts: dict[str, tuple[list[str], list[tuple[BinaryType, Any]], int]] = {}
        self.serialized: list[tuple[Any, metadata.ClassMetadata]] = []
        self.depth = 0
        self.prev: Any = None
        self.prev_id = 0

    def get_id(self, obj: Any) -> tuple[int, bool]:
        """The object's id and whether it is new, spending ids as .NET's ObjectWriter does.

        .NET advances its id counter on every lookup of a reference, even one already seen,
        unless it is the very object looked up last; matching that keeps the bytes equal.
        """
        if obj is self.prev:
            return self.prev_id, False
        counter = self.new_id()
        oid = self.ids.get(id(obj))
        is_new = oid is None
        if oid is None:
            oid = self.ids[id(obj)] = counter
            self.keep.append(obj)
        self.prev, self.prev_id = obj, oid
        return oid, is_new

    def new_id(self) -> int:
        oid = self.next_id
        self.next_id += 1
        return oid

    def run(self, graph: Any) -> bytes:
        if graph is None:
            raise SerializationError("cannot serialize None as the root of a graph (.NET "
                                     "rejects a null graph too)", path="$")
        root_id, _ = self.get_id(graph)
        self.w.header(root_id)
        if isinstance(graph, str):
            self.w.string(root_id, graph)
        else:
            self.queue.append((graph, root_id, self.runtime_spec(graph, "$"), "$"))
        while self.queue:
            obj, oid, spec, path = self.queue.popleft()
            self.write_object(obj, oid, spec, path)
        self.w.end()
        for obj, meta in self.serialized:
            for cb in meta.callbacks.get("on_serialized", ()):
                cb(obj, self.f.context)
        return bytes(self.w.buf)

    def runtime_spec(self, value: Any, path: str) -> TypeSpec:
        spec = spec_of_value(value)
        if spec is None:
            if self.surrogate_for(type(value)) is not None:
                return TypeSpec(OTHER, py=type(value))
            raise NotSerializableError(
                f"type `{type(value).__module__}.{type(value).__qualname__}` is not "
                "serializable: mark it @serializable or add a surrogate for it",
                path=path, type_name=type(value).__qualname__)
        return spec

    def surrogate_for(self, cls: type) -> Any:
        if self.f.surrogate_selector is None:
            return None
        found = self.f.surrogate_selector.get_surrogate(cls, self.f.context)
        return found[0] if found else None

    # Objects ---------------------------------------------------------------------------
    def write_object(self, obj: Any, oid: int, spec: TypeSpec, path: str) -> None:
        if spec.kind in (ARRAY, BYTES) or (spec.kind in (OBJECT, OTHER)
                                           and isinstance(obj, bytes)):
            self.write_array(obj, oid, spec if spec.kind != OBJECT else TypeSpec(BYTES), path)
            return
        self.write_class(self.shape(obj, spec, path), oid, path)

    def shape(self, obj: Any, spec: TypeSpec, path: str) -> ClassShape:
        cls = type(obj)
        surrogate = self.surrogate_for(cls)
        if surrogate is not None:
            info = SerializationInfo(f"{cls.__module__}.{cls.__qualname__}",
                                     cls.__module__.split(".", 1)[0], cls)
            surrogate.get_object_data(obj, info, self.f.context)
            return self.info_shape(info, path)
        if metadata.is_serializable(cls):
            meta = metadata.of(cls)
            for cb in meta.callbacks.get("on_serializing", ()):
                cb(obj, self.f.context)
            if meta.callbacks.get("on_serialized"):
                self.serialized.append((obj, meta))
            if meta.is_enum:
                width = spec.width if spec.kind == CLASS and spec.py is cls else None
                return self.checked(builtin_shape(obj, TypeSpec(
                    CLASS, py=cls, width=width or meta.underlying_type)), obj, path)
            type_name, assembly = self.names(cls, meta.type_name, meta.assembly_name)
            if meta.is_iserializable:
                info = SerializationInfo(type_name, assembly, cls)
                obj.get_object_data(info, self.f.context)
                return self.info_shape(info, path)
            return ClassShape(type_name, assembly, [m.wire_name for m in meta.members],
                              [m.spec for m in meta.members],
                              [getattr(obj, m.name, None) for m in meta.members],
                              value_type=meta.is_value_type)
        if spec.kind in (OBJECT, OTHER) or (isinstance(spec.py, type)
                                           and not isinstance(obj, spec.py)
                                           and spec.kind not in (LIST, ARRAYLIST, TUPLE)):
            spec = self.runtime_spec(obj, path)
        return self.checked(builtin_shape(obj, spec), obj, path)

    def checked(self, shape: ClassShape | None, obj: Any, path: str) -> ClassShape:
        if shape is None:
            raise NotSerializableError(
                f"type `{type(obj).__qualname__}` is not serializable: mark it @serializable "
                "or add a surrogate for it", path=path, type_name=type(obj).__qualname__)
        return shape

    def names(self, cls: type, type_name: str, assembly: str) -> tuple[str, str]:
        if self.f.binder is not None:
            asm, name = self.f.binder.bind_to_name(cls)
            return name or type_name, asm or assembly
        return type_name, assembly

    def info_shape(self, info: SerializationInfo, path: str) -> ClassShape:
        names, specs, values = [], [], []
        for entry in info:
            names.append(entry.name)
            values.append(entry.value)
            if entry.type is not None:
                from serialkit.typespec import parse

                specs.append(parse(entry.type))
            elif entry.value is None:
                specs.append(OBJECT_SPEC)
            else:
                specs.append(self.runtime_spec(entry.value, f"{path}.{entry.name}"))
        return ClassShape(info.full_type_name, info.assembly_name or None, names, specs,
                          values, fixed_layout=False)

    def library_id(self, name: str) -> int:
        lib = self.libraries.get(name)
        if lib is None:
            lib = self.libraries[name] = self.new_id()
            self.w.library(lib, name)
        return lib

    def write_class(self, shape: ClassShape, oid: int, path: str) -> None:
        cached = self.layouts.get(shape.type_name)
        if cached is not None and cached[0] == shape.names and (
                shape.fixed_layout or cached[1] == self.member_types(shape)):
            self.w.class_with_id(oid, cached[2])
            types = cached[1]
        else:
            types = self.member_types(shape)
            lib = self.library_id(shape.library) if shape.library else None
            wire_types = []
            for bt, info in types:
                wire_types.append((bt, (info[0], self.library_id(info[1])))
                                  if bt is BinaryType.CLASS else (bt, info))
            self.w.class_record(oid, shape.type_name, shape.names, wire_types, lib)
            if cached is None:
                self.layouts[shape.type_name] = (shape.names, types, oid)
        for name, spec, value, mt in zip(shape.names, shape.specs, shape.values, types,
                                         strict=True):
            self.write_slot(value, spec, mt, f"{path}.{name}")

    def member_types(self, shape: ClassShape) -> list[tuple[BinaryType, Any]]:
        return [member_type(s, v) for s, v in zip(shape.specs, shape.values, strict=True)]

    # Slots -----------------------------------------------------------------------------
    def write_slot(self, value: Any, spec: TypeSpec, mt: tuple[BinaryType, Any],
                   path: str) -> None:
        bt = mt[0]
        if bt is BinaryType.PRIMITIVE:
            self.write_primitive(mt[1], value, path)
        elif value is None:
            self.w.null()
        elif bt is BinaryType.STRING:
            if not isinstance(value, str):
                raise SerializationError(f"expected a str, got {type(value).__name__}",
                                         path=path)
            self.write_string(value)
        elif bt is BinaryType.OBJECT:
            self.write_boxed(value, path)
        elif bt in (BinaryType.SYSTEM_CLASS, BinaryType.CLASS):
            if spec.kind == NULLABLE:
                spec = spec.args[0]
                if spec.kind == PRIM:
                    assert spec.code is not None
                    self.write_mpt(spec.code, value, path)
                    return
            if is_value_type(spec) and not (spec.kind == CLASS and not isinstance(
                    value, spec.py)):
                self.write_inline(value, spec, path)
            else:
                self.write_reference(value, spec, path)
        else:
            self.write_reference(value, spec, path)

    def write_primitive(self, code: PrimitiveType, value: Any, path: str) -> None:
        if isinstance(value, enum.Enum):
            value = value.value
        try:
            self.w.primitive(code, value)
        except Exception as exc:  # struct.error, ValueError, TypeError, OverflowError
            raise SerializationError(f"{value!r} does not fit {code.net_name}: {exc}",
                                     path=path) from None

    def write_mpt(self, code: PrimitiveType, value: Any, path: str) -> None:
        try:
            self.w.member_primitive_typed(code, value)
        except Exception as exc:
            raise SerializationError(f"{value!r} does not fit {code.net_name}: {exc}",
                                     path=path) from None

    def write_string(self, value: str) -> None:
        oid, is_new = self.get_id(value)
        if is_new:
            self.w.string(oid, value)
        else:
            self.w.reference(oid)

    def write_boxed(self, value: Any, path: str) -> None:
        t = type(value)
        if t is str:
            self.write_string(value)
            return
        spec = spec_of_value(value)
        if spec is not None and spec.kind == PRIM:
            assert spec.code is not None
            self.write_mpt(spec.code, value, path)
            return
        self.write_reference(value, spec or self.runtime_spec(value, path), path)

    def write_reference(self, value: Any, spec: TypeSpec, path: str) -> None:
        oid, is_new = self.get_id(value)
        if is_new:
            if spec.kind in (OBJECT, OTHER) or spec.kind == BIGINT:
                spec = self.runtime_spec(value, path) if spec.kind != BIGINT else spec
            self.queue.append((value, oid, spec, path))
        self.w.reference(oid)

    def write_inline(self, value: Any, spec: TypeSpec, path: str) -> None:
        self.depth += 1
        if self.depth > _MAX_INLINE_DEPTH:
            raise SerializationError(f"value types nest deeper than {_MAX_INLINE_DEPTH} (a "
                                     "value_type class that contains itself?)", path=path)
        oid = -self.new_id()
        self.write_class(self.shape(value, spec, path), oid, path)
        self.depth -= 1

    # Arrays ----------------------------------------------------------------------------
    def write_array(self, obj: Any, oid: int, spec: TypeSpec, path: str) -> None:
        w = self.w
        if spec.kind == BYTES or isinstance(obj, bytes | bytearray):
            w.array_single_primitive(oid, PrimitiveType.BYTE, bytes(obj))
            return
        elem = spec.args[0] if spec.args else OBJECT_SPEC
        if spec.rank > 1:
            lengths, flat = _rectangular(obj, spec.rank, path)
            w.binary_array(oid, BinaryArrayType.RECTANGULAR, lengths, None,
                           self.wire_type(member_type(elem, None)))
            self.write_elements(flat, elem, path)
            return
        items = list(obj)
        if elem.kind == PRIM and elem.code is not None:
            try:
                w.array_single_primitive(oid, elem.code, [
                    v.value if isinstance(v, enum.Enum) else v for v in items])
            except Exception as exc:
                raise SerializationError(f"an element does not fit "
                                         f"{elem.code.net_name}: {exc}", path=path) from None
            return
        if elem.kind == STRING:
            w.array_single(RecordType.ARRAY_SINGLE_STRING, oid, len(items))
        elif elem.kind in (OBJECT, OTHER):
            w.array_single(RecordType.ARRAY_SINGLE_OBJECT, oid, len(items))
        else:
            et = member_type(elem, None)
            array_type = (BinaryArrayType.JAGGED if elem.kind in (ARRAY, BYTES)
                          else BinaryArrayType.SINGLE)
            w.binary_array(oid, array_type, [len(items)], None, self.wire_type(et))
        self.write_elements(items, elem, path)

    def wire_type(self, mt: tuple[BinaryType, Any]) -> tuple[BinaryType, Any]:
        if mt[0] is BinaryType.CLASS:
            return mt[0], (mt[1][0], self.library_id(mt[1][1]))
        return mt

    def write_elements(self, items: list[Any], elem: TypeSpec, path: str) -> None:
        mt = member_type(elem, None)
        if mt[0] is BinaryType.PRIMITIVE:
            try:
                self.w.primitive_values(mt[1], items)
            except Exception as exc:
                raise SerializationError(f"an element does not fit {mt[1].net_name}: {exc}",
                                         path=path) from None
            return
        if elem.kind == NULLABLE:
            mt = member_type(elem, 0)
        i, n = 0, len(items)
        while i < n:
            value = items[i]
            if value is None:
                j = i + 1
                while j < n and items[j] is None:
                    j += 1
                self.w.nulls(j - i)
                i = j
                continue
            self.write_slot(value, elem, mt, f"{path}[{i}]")
            i += 1


def _rectangular(obj: Any, rank: int, path: str) -> tuple[list[int], list[Any]]:
    lengths: list[int] = []
    level: list[Any] = [obj]
    for _ in range(rank):
        sizes = {len(x) for x in level}
        if len(sizes) > 1:
            raise SerializationError("a rectangular array's rows differ in length", path=path)
        lengths.append(sizes.pop() if sizes else 0)
        level = [y for x in level for y in x]
    return lengths, level


# -- reading ----------------------------------------------------------------------------------
_SHELL, _VALUE = 0, 1


class _Node:
    __slots__ = ("build", "children", "complete", "dependents", "hard", "index", "meta",
                 "path", "record", "shell", "soft", "value")

    def __init__(self, record: Any, path: str, index: int) -> None:
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


class _Reader:
    def __init__(self, formatter: BinaryFormatter) -> None:
        self.f = formatter
        self.ctx = formatter.context
        self.nodes: dict[int, _Node] = {}
        self.order: list[_Node] = []
        self.type_cache: dict[tuple[str, str | None], Any] = {}
        self.deserialized: list[tuple[Any, metadata.ClassMetadata]] = []
        self.callbacks: list[Any] = []

    def run(self, payload: Any) -> Any:
        root = payload.root
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
        todo = [(root, "$")]
        while todo:
            record, path = todo.pop()
            if id(record) in self.nodes:
                continue
            node = _Node(record, path, len(self.order))
            self.nodes[id(record)] = node
            self.order.append(node)
            self.plan(node)
            for i, (child, _) in enumerate(node.children):
                if isinstance(child, ClassRecord | ArrayRecord) and id(child) not in self.nodes:
                    todo.append((child, f"{path}.{_child_name(node.record, i)}"))

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
            node.children = [(v, False) for v in record.values]
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

    def resolve_type(self, record: ClassRecord, path: str) -> Any:
        key = (record.type_name, record.library_name)
        cached = self.type_cache.get(key)
        if cached is not None:
            return cached
        name, library = key
        if _DENIED.match(name) or any(_DENIED.match(arg) for arg in _generic_args(name)):
            raise TypeNotAllowedError(f"type {name} is never deserialized: it is a known "
                                      "BinaryFormatter attack gadget", offset=record.offset,
                                      path=path, type_name=name)
        assembly = library or "mscorlib"
        found: Any = None
        if self.f.binder is not None:
            found = self.f.binder.bind_to_type(assembly, name)
        if found is None:
            found = self.f.registry.lookup(
                name, assembly, full=self.f.assembly_format is FormatterAssemblyStyle.FULL)
        if found is not None and self.f.surrogate_selector is not None:
            hit = self.f.surrogate_selector.get_surrogate(found, self.ctx)
            if hit is not None:
                found = (hit[0], found)
        if (found is None and library in (None, )) or found is None:
            base = name.split("[", 1)[0]
            found = BUILTIN_READERS.get(base)
        if found is None and self.f.surrogate_selector is not None:
            for cls in self.f.surrogate_selector.types():
                if (f"{cls.__module__}.{cls.__qualname__}" == name and
                        cls.__module__.split(".", 1)[0] == simple_assembly_name(assembly)):
                    hit = self.f.surrogate_selector.get_surrogate(cls, self.ctx)
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
            if node.hard == 0 and node.soft == 0:
                ready.append(node)
        blocked: dict[int, _Node] = {}
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
                exc.path = node.path
            raise
        meta = node.meta
        if meta is not None and meta.is_object_reference:
            value = self.real_object(value, node)
        node.value = value
        node.complete = True

    def real_object(self, value: Any, node: _Node) -> Any:
        for _ in range(self.f.limits.max_reference_chain):
            get = getattr(value, "get_real_object", None)
            if not callable(get):
                return value
            nxt = get(self.ctx)
            if nxt is value:
                return value
            value = nxt
        raise LimitExceededError(f"get_real_object chain longer than max_reference_chain="
                                 f"{self.f.limits.max_reference_chain}", path=node.path)

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
                if (field.optional is None
                        and self.f.assembly_format is FormatterAssemblyStyle.FULL):
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
                                           self.f.surrogate_selector)
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


def _child_name(record: Any, i: int) -> str:
    if isinstance(record, ClassRecord) and i < len(record.member_names):
        return record.member_names[i]
    return f"[{i}]"


def _nest(flat: list[Any], lengths: list[int]) -> list[Any]:
    for n in reversed(lengths[1:]):
        flat = [flat[i:i + n] for i in range(0, len(flat), n)] if n else []
    return flat


def _generic_args(name: str) -> list[str]:
    if "[" not in name:
        return []
    return [part.strip("[] ") for part in re.split(r"\[+|,\s*\[", name)[1:]]


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


def _unused() -> None:  # pragma: no cover - keeps names referenced for type checkers
    _ = (io, net_name)
