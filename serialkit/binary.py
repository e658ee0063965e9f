"""BinaryFormatter: object graphs to MS-NRBF and back.

Writing walks the graph breadth-first, as .NET's ObjectWriter does: the root, then each
referenced object in the order it was first met; strings and value types are written inline.
Reading decodes the whole payload to records first (:mod:`serialkit.nrbf.decoder`, which
enforces the limits, before any hook of any class runs), then hands the record graph to the
:class:`~serialkit.runtime.manager.ObjectManager`, which binds it without recursion.

The hook order for each object written is fixed: the memo (already written?), the user's
surrogate selector, the class's ``get_object_data`` (ISerializable), its serializable
members, the built-in surrogates, and otherwise an error naming the type and the path.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import struct
import typing
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO

from serialkit import metadata
from serialkit._codegen import compile_function
from serialkit.attributes.markers import Width
from serialkit.errors import (
    NotSerializableError,
    SerializationError,
)
from serialkit.limits import ReaderLimits
from serialkit.nrbf.decoder import NotDirect, decode_payload, payload_bytes
from serialkit.nrbf.dump import short_type_name
from serialkit.nrbf.encoder import _PACK, NrbfWriter
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.records import MemberType
from serialkit.nrbf.values import datetime_to_raw, decimal_to_text
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.formatter import Formatter, FormatterAssemblyStyle
from serialkit.runtime.info import SerializationInfo
from serialkit.runtime.paths import ROOT, GraphPath
from serialkit.runtime.registry import TypeRegistry
from serialkit.surrogates.builtin import (
    CLASS_NAMES,
    LIST_DICTIONARY,
    PYTHON,
    ClassShape,
    _capacity,
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
    GUID,
    HASHTABLE,
    LIST,
    NAMED,
    NULLABLE,
    OBJECT,
    OBJECT_SPEC,
    OTHER,
    PRIM,
    SET,
    STRING,
    TUPLE,
    TypeSpec,
    parse,
)

__all__ = ["BinaryFormatter", "FormatterAssemblyStyle"]


_MAX_INLINE_DEPTH = 100
#: Kinds whose wire record depends on the declared type, not only on the value's class.
#: PYTHON too: a bytearray or a long tuple in an object slot is a class of the reserved
#: assembly, which a Byte[] or T[] member cannot refer to.
_SHAPED = frozenset({ARRAY, BYTES, LIST, ARRAYLIST, DICT, HASHTABLE, SET, TUPLE, PYTHON})
#: The Python values a declared container type accepts.
_ACCEPTS: dict[str, type | tuple[type, ...]] = {
    DICT: dict, HASHTABLE: dict, LIST_DICTIONARY: dict, SET: (set, frozenset), LIST: (list, tuple),
    ARRAYLIST: (list, tuple), TUPLE: tuple, GUID: uuid.UUID,
}


class BinaryFormatter(Formatter):
    """Serializes object graphs to MS-NRBF, the format of .NET's BinaryFormatter.

    It takes the keyword options of :class:`~serialkit.runtime.formatter.Formatter`:
    ``surrogate_selector``, ``binder``, ``context``, ``assembly_format``, ``limits`` and
    ``registry``; and ``undo_truncated_type_names``, which reads generic type names a writer
    split across the type and library names (see :func:`serialkit.nrbf.decode`).
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
        undo_truncated_type_names: bool = False,
    ) -> None:
        super().__init__(surrogate_selector=surrogate_selector, binder=binder, context=context,
                         assembly_format=assembly_format, limits=limits, registry=registry)
        self.undo_truncated_type_names = undo_truncated_type_names

    def dumps(self, graph: Any, *, root_type: Any = None) -> bytes:
        """The MS-NRBF payload of ``graph``.

        ``root_type`` declares the root's .NET type where the Python value cannot say it:
        ``list[int]`` writes a ``List<int>`` rather than an ``ArrayList``,
        ``Annotated[list[int], Array]`` an ``int[]``, ``dict[str, int]`` a
        ``Dictionary<string,int>``, ``Annotated[int, Int16]`` a boxed ``Int16``.
        """
        spec = None if root_type is None else _root_spec(root_type)
        writer = _Writer(self)
        with _gc_paused():
            if self.binder is None:
                return writer.run(graph, spec)
            token = CLASS_NAMES.set(writer.names)
            try:
                return writer.run(graph, spec)
            finally:
                CLASS_NAMES.reset(token)

    def serialize(self, stream: BinaryIO, graph: Any, *, root_type: Any = None) -> None:
        """Write the payload of ``graph`` to a binary stream (``root_type`` as in dumps)."""
        stream.write(self.dumps(graph, root_type=root_type))

    def loads(self, data: bytes | bytearray | memoryview) -> Any:
        """Read a payload (bytes) back into objects; trailing bytes are an error."""
        return self._load(payload_bytes(data, self.limits), False)[0]

    def deserialize(self, stream: BinaryIO) -> Any:
        """Read one payload from a binary stream, leaving a seekable stream just after it."""
        if not stream.seekable():
            return self.loads(stream.read())
        start = stream.tell()
        graph, end = self._load(payload_bytes(stream, self.limits), True)
        stream.seek(start + end)
        return graph

    def _load(self, data: bytes, allow_trailing: bool) -> tuple[Any, int]:
        """The graph of a payload and the offset where it ended."""
        with _gc_paused():
            manager = self._manager()
            if self.binder is None and self.surrogate_selector is None:
                # A graph of plain classes and lists is made by the decoder as it reads;
                # anything else, or any error, is decoded again into records, which the
                # object manager binds (and which say where an error is).
                try:
                    payload = decode_payload(
                        data, limits=self.limits, layout_resolver=self._layout,
                        allow_trailing=allow_trailing, binding=manager.direct_maker,
                        undo_truncated_type_names=self.undo_truncated_type_names)
                except (NotDirect, SerializationError):
                    manager = self._manager()
                else:
                    return payload.root, payload.end_offset
            payload = decode_payload(data, limits=self.limits, layout_resolver=self._layout,
                                     allow_trailing=allow_trailing,
                                     undo_truncated_type_names=self.undo_truncated_type_names)
            # Keep only the root: the payload's table of every record goes before binding.
            root, end = payload.root, payload.end_offset
            del payload
            # Not the manager's short path for plain graphs: the decoder took those.
            try:
                return manager.run(root), end
            except SerializationError as exc:
                # The binding frames hold every record of the payload: an error the caller
                # keeps must not keep them (its message says where it is).
                del root, manager
                _drop_frames(exc)
                raise

    def _layout(self, type_name: str, library: str | None,
                names: tuple[str, ...]) -> tuple[MemberType, ...] | None:
        """Member types of a record written without them (TypesWhenNeeded), from our class."""
        cls = self._class(type_name, library)
        if cls is None or not metadata.is_serializable(cls):
            return None
        meta = metadata.of(cls)
        if meta.is_iserializable:
            return None
        by_wire = {m.wire_name: m for m in meta.members}
        types = []
        for name in names:
            field = by_wire.get(name)
            if field is None:
                return None
            bt, info = member_type(field.spec, None)
            types.append(MemberType(bt, info))
        return tuple(types)


def _drop_frames(exc: BaseException) -> None:
    """Clear the traceback of ``exc`` and of the exceptions it chains to."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.with_traceback(None)
        link = link.__cause__ or link.__context__


def _root_spec(root_type: Any) -> TypeSpec:
    """The spec of ``dumps``' ``root_type``: an annotation, or a TypeError (a string or a value
    would otherwise pass for ``object`` and be ignored without a word)."""
    if not (isinstance(root_type, type | Width | typing.TypeVar) or root_type is Any
            or typing.get_origin(root_type) is not None):
        raise TypeError(f"root_type must be a type annotation (int, list[str], "
                        f"Annotated[int, Int16]...), not {root_type!r}")
    spec = parse(root_type)
    # A Nullable<T> boxed is its T (the root is never null): Optional[Point] is a Point.
    return spec.args[0] if spec.kind == NULLABLE else spec


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a graph is read or written.

    Reading and writing allocate hundreds of thousands of objects, all of them alive until the
    end, so the collections their allocations trigger find nothing to free yet walk the whole
    growing graph each time (a quarter of the run). Reference counting still frees everything
    at once; the collector resumes, as it was, when the call returns or raises.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# -- writing ----------------------------------------------------------------------------------
class _Writer:
    def __init__(self, formatter: Formatter) -> None:
        self.f = formatter
        self.w = NrbfWriter()
        self.next_id = 1
        self.ids: dict[int, int] = {}
        self.keep: list[Any] = []
        self.queue: deque[tuple[Any, int, TypeSpec, GraphPath]] = deque()
        self.libraries: dict[str, int] = {}
        self.layouts: dict[str, tuple[list[str], list[tuple[BinaryType, Any]], int]] = {}
        self.serialized: list[tuple[Any, metadata.ClassMetadata]] = []
        self.depth = 0
        self.prev: Any = None
        self.prev_id = 0
        self.shapes: dict[int, TypeSpec] = {}
        #: Per class: its generated member writer once its layout is on the wire (None: the
        #: class always takes the general path).
        self.fast: dict[type, tuple[Any, int] | None] = {}
        #: Per declared List<T>: its metadata id and the member type of ``_items``, once the
        #: first such list is on the wire (None: lists take the general path).
        self.fast_lists: dict[TypeSpec, tuple[int, TypeSpec, Any] | None] = {}
        #: Per element type of a one-dimensional array: what write_array writes after the
        #: record's id and length, and how write_elements writes the elements.
        self.array_plans: dict[TypeSpec, tuple[int, bytes, bytes, _ElementPlan]] = {}

    def get_id(self, obj: Any) -> tuple[int, bool]:
        """The object's id and whether it is new, spending ids as .NET's ObjectWriter does.

        .NET advances its id counter on every lookup of a reference, even one already seen,
        unless it is the very object looked up last; matching that keeps the bytes equal.
        """
        if obj is self.prev:
            return self.prev_id, False
        counter = self.next_id
        self.next_id = counter + 1
        oid = self.ids.get(id(obj))
        if oid is None:
            self.ids[id(obj)] = counter
            self.keep.append(obj)
            self.prev, self.prev_id = obj, counter
            return counter, True
        self.prev, self.prev_id = obj, oid
        return oid, False

    def new_id(self) -> int:
        oid = self.next_id
        self.next_id += 1
        return oid

    def run(self, graph: Any, spec: TypeSpec | None) -> bytes:
        if graph is None:
            raise SerializationError("cannot serialize None as the root of a graph (.NET "
                                     "rejects a null graph too)", path=ROOT)
        root_id, _ = self.get_id(graph)
        self.w.header(root_id)
        if type(graph) is str and (spec is None or spec.kind in (STRING, OBJECT)):
            try:
                self.w.string(root_id, graph)
            except SerializationError as exc:
                raise _located(exc, ROOT) from None
        else:
            if spec is None or spec.kind in (OBJECT, OTHER):
                spec = self.runtime_spec(graph, ROOT)
            self.queue.append((graph, root_id, spec, ROOT))
        while self.queue:
            obj, oid, spec, path = self.queue.popleft()
            try:
                self.write_object(obj, oid, spec, path)
            except SerializationError as exc:
                # An error raised below the object's members (a type or member name that is
                # no UTF-8 text...) is reported at the object.
                raise _located(exc, path) from None
        self.w.end()
        for obj, meta in self.serialized:
            for cb in meta.callbacks.get("on_serialized", ()):
                cb(obj, self.f.context)
        return bytes(self.w.buf)

    def runtime_spec(self, value: Any, path: GraphPath) -> TypeSpec:
        spec = spec_of_value(value)
        if spec is None:
            if self.surrogate_for(type(value)) is not None:
                return TypeSpec(OTHER, py=type(value))
            try:
                metadata.of(type(value))  # its error says why (e.g. a marked base class)
            except NotSerializableError as exc:
                exc.path = str(path)
                raise
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
    def write_object(self, obj: Any, oid: int, spec: TypeSpec, path: GraphPath) -> None:
        if spec.kind in (ARRAY, BYTES) or (spec.kind in (OBJECT, OTHER)
                                           and isinstance(obj, bytes)):
            self.write_array(obj, oid, spec if spec.kind != OBJECT else TypeSpec(BYTES), path)
            return
        cls = type(obj)
        if cls is list and spec.kind == LIST:
            fast_list = self.fast_lists.get(spec)
            if fast_list is not None:
                self.write_list(obj, oid, fast_list, path)
                return
            self.write_class(self.shape(obj, spec, path), oid, path)
            if spec not in self.fast_lists:
                self.fast_lists[spec] = self.fast_list(spec)
            return
        fast = self.fast.get(cls)
        if fast is not None:
            write, metadata_id = fast
            meta = write.meta
            for cb in meta.callbacks.get("on_serializing", ()):
                cb(obj, self.f.context)
            if meta.callbacks.get("on_serialized"):
                self.serialized.append((obj, meta))
            self.w.class_with_id(oid, metadata_id)
            write(self, obj, path)
            return
        self.write_class(self.shape(obj, spec, path), oid, path)
        if cls not in self.fast:
            self.fast[cls] = self.fast_writer(cls)

    def fast_list(self, spec: TypeSpec) -> tuple[int, TypeSpec, Any] | None:
        """What ``write_list`` needs for lists declared as ``spec``, or None: the layout's
        metadata id, the spec of ``_items`` and the value that pads it."""
        if self.surrogate_for(list) is not None:
            return None
        cached = self.layouts.get(net_name(spec)[0])
        if cached is None or cached[0] != _LIST_MEMBERS:
            return None
        elem = spec.args[0]
        return cached[2], TypeSpec(ARRAY, py=list, args=(elem,)), metadata.zero_value(elem)

    def write_list(self, obj: list[Any], oid: int, fast: tuple[int, TypeSpec, Any],
                   path: GraphPath) -> None:
        """A List<T> as ``builtin_shape`` and ``write_class`` write it, the layout known."""
        metadata_id, items_spec, fill = fast
        n = len(obj)
        capacity = _capacity(n)
        items = obj[:] if capacity == n else obj + [fill] * (capacity - n)
        # ``_items`` is a new array that nothing else refers to: it takes the next id as
        # get_id would give it, and needs no entry in the memo.
        aid = self.next_id
        self.next_id = aid + 1
        self.prev, self.prev_id = items, aid
        self.queue.append((items, aid, items_spec, path))
        self.w.buf += _LIST_RECORD.pack(_CLASS_WITH_ID, oid, metadata_id, _MEMBER_REFERENCE, aid,
                                        n, n)

    def fast_writer(self, cls: type) -> tuple[Any, int] | None:
        """The generated writer of a plain ``@serializable`` class whose metadata is already
        written, and that metadata's id; None for a class that needs the general path."""
        if self.f.binder is not None or not metadata.is_serializable(cls) or \
                self.surrogate_for(cls) is not None:
            return None
        meta = metadata.of(cls)
        if meta.is_enum or meta.is_iserializable:
            return None
        cached = self.layouts.get(meta.type_name)
        names = [m.wire_name for m in meta.members]
        if cached is None or cached[0] != names:
            return None
        return _member_writer(meta, tuple(cached[1])), cached[2]

    def shape(self, obj: Any, spec: TypeSpec, path: GraphPath) -> ClassShape:
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
        if spec.kind in (OBJECT, OTHER, NAMED):
            spec = self.runtime_spec(obj, path)
        elif not isinstance(obj, _ACCEPTS.get(spec.kind, object)):
            raise SerializationError(
                f"declared as {short_type_name(net_name(spec)[0])} but holds a value of "
                f"type {type(obj).__qualname__}",
                path=path, type_name=type(obj).__qualname__)
        try:
            shape = builtin_shape(obj, spec)
            if shape is not None:
                shape.builtin = True
        except SerializationError as exc:
            raise _located(exc, path) from None
        except (TypeError, AttributeError, ValueError, ArithmeticError) as exc:
            raise SerializationError(
                f"a value of type {type(obj).__qualname__} cannot be written as "
                f"{short_type_name(net_name(spec)[0])}: {exc}",
                path=path, type_name=type(obj).__qualname__) from None
        return self.checked(shape, obj, path)

    def checked(self, shape: ClassShape | None, obj: Any, path: GraphPath) -> ClassShape:
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

    def info_shape(self, info: SerializationInfo, path: GraphPath) -> ClassShape:
        names, specs, values = [], [], []
        for entry in info:
            names.append(entry.name)
            values.append(entry.value)
            if entry.type is not None:
                specs.append(parse(entry.type))
            elif entry.value is None:
                specs.append(OBJECT_SPEC)
            else:
                specs.append(self.runtime_spec(entry.value, path.child(entry.name)))
        return ClassShape(info.full_type_name, info.assembly_name or None, names, specs,
                          values, fixed_layout=False)

    def library_id(self, name: str) -> int:
        lib = self.libraries.get(name)
        if lib is None:
            lib = self.libraries[name] = self.new_id()
            self.w.library(lib, name)
        return lib

    def write_class(self, shape: ClassShape, oid: int, path: GraphPath) -> None:
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
            self.write_slot(value, spec, mt, shape.member_path(name, path))

    def member_types(self, shape: ClassShape) -> list[tuple[BinaryType, Any]]:
        return [member_type(s, v) for s, v in zip(shape.specs, shape.values, strict=True)]

    # Slots -----------------------------------------------------------------------------
    def write_slot(self, value: Any, spec: TypeSpec, mt: tuple[BinaryType, Any],
                   path: GraphPath) -> None:
        bt = mt[0]
        if bt is BinaryType.PRIMITIVE:
            self.write_primitive(mt[1], value, path)
        elif value is None:
            self.w.null()
        elif bt is BinaryType.STRING:
            if not isinstance(value, str):
                raise SerializationError(f"expected a str, got {type(value).__name__}",
                                         path=path)
            try:
                self.write_string(value)
            except SerializationError as exc:
                raise _located(exc, path) from None
        elif bt is BinaryType.OBJECT or spec.kind in (OBJECT, OTHER):
            # An object member may be declared with its first value's type (an ISerializable
            # one: see member_type); every value is still written as a boxed one.
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

    def write_primitive(self, code: PrimitiveType, value: Any, path: GraphPath) -> None:
        if isinstance(value, enum.Enum):
            value = value.value
        try:
            self.w.primitive(code, value)
        except Exception as exc:  # struct.error, ValueError, TypeError, OverflowError
            raise SerializationError(f"{value!r} does not fit {code.net_name}: {exc}",
                                     path=path) from None

    def write_mpt(self, code: PrimitiveType, value: Any, path: GraphPath) -> None:
        try:
            self.w.member_primitive_typed(code, value)
        except Exception as exc:
            raise SerializationError(f"{value!r} does not fit {code.net_name}: {exc}",
                                     path=path) from None

    def write_string(self, value: str) -> None:
        # get_id inlined: strings are the most common records.
        buf = self.w.buf
        if value is self.prev:
            buf.append(_MEMBER_REFERENCE)
            buf += _I32.pack(self.prev_id)
            return
        counter = self.next_id
        self.next_id = counter + 1
        oid = self.ids.get(id(value))
        if oid is None:
            self.ids[id(value)] = counter
            self.keep.append(value)
            self.prev, self.prev_id = value, counter
            self.w.string(counter, value)
        else:
            self.prev, self.prev_id = value, oid
            buf.append(_MEMBER_REFERENCE)
            buf += _I32.pack(oid)

    def write_boxed(self, value: Any, path: GraphPath) -> None:
        t = type(value)
        if t is str:
            try:
                self.write_string(value)
            except SerializationError as exc:
                raise _located(exc, path) from None
            return
        spec = spec_of_value(value)
        if spec is not None and spec.kind == PRIM:
            assert spec.code is not None
            self.write_mpt(spec.code, value, path)
            return
        self.write_reference(value, spec or self.runtime_spec(value, path), path)

    def write_reference(self, value: Any, spec: TypeSpec, path: GraphPath) -> None:
        # get_id and NrbfWriter.reference inlined: every referenced object passes here.
        if value is self.prev:
            oid = self.prev_id
            if spec.kind in _SHAPED:
                self.check_shared(value, oid, spec, path)
        else:
            oid = self.next_id
            self.next_id = oid + 1
            seen = self.ids.get(id(value))
            if seen is None:
                self.ids[id(value)] = oid
                self.keep.append(value)
                self.prev, self.prev_id = value, oid
                if spec.kind in (OBJECT, OTHER, NAMED):
                    spec = self.runtime_spec(value, path)
                self.queue.append((value, oid, spec, path))
                if spec.kind in _SHAPED:
                    self.shapes[oid] = spec
            else:
                oid = seen
                self.prev, self.prev_id = value, oid
                if spec.kind in _SHAPED:
                    self.check_shared(value, oid, spec, path)
        self.w.buf += _REFERENCE.pack(_MEMBER_REFERENCE, oid)

    def check_shared(self, value: Any, oid: int, spec: TypeSpec, path: GraphPath) -> None:
        """Refuse a second reference that declares a shaped object differently: an array
        record cannot stand where a List`1 is declared, nor the reverse."""
        first = self.shapes.get(oid, spec)
        if _is_array(first) != _is_array(spec):
            raise SerializationError(
                f"one {type(value).__name__} is referenced both as "
                f"{short_type_name(net_name(first)[0])} and as "
                f"{short_type_name(net_name(spec)[0])}: an array and a collection cannot "
                "share one object; give each member its own copy", path=path)

    def write_inline(self, value: Any, spec: TypeSpec, path: GraphPath) -> None:
        self.depth += 1
        if self.depth > _MAX_INLINE_DEPTH:
            raise SerializationError(f"value types nest deeper than {_MAX_INLINE_DEPTH} (a "
                                     "value_type class that contains itself?)", path=path)
        oid = -self.new_id()
        self.write_class(self.shape(value, spec, path), oid, path)
        self.depth -= 1

    # Arrays ----------------------------------------------------------------------------
    def write_array(self, obj: Any, oid: int, spec: TypeSpec, path: GraphPath) -> None:
        w = self.w
        if spec.kind == BYTES or isinstance(obj, bytes | bytearray):
            w.array_single_primitive(oid, PrimitiveType.BYTE, _byte_values(obj, path))
            return
        if type(obj) is not list and not isinstance(obj, _ARRAY_VALUES):
            raise SerializationError(
                f"declared as {short_type_name(net_name(spec)[0])} but holds a value of "
                f"type {type(obj).__qualname__}: an array is written from a list or a tuple",
                path=path, type_name=type(obj).__qualname__)
        elem = spec.args[0] if spec.args else OBJECT_SPEC
        if spec.rank > 1:
            lengths, flat = _rectangular(obj, spec.rank, path)
            w.binary_array(oid, BinaryArrayType.RECTANGULAR, lengths, None,
                           self.wire_type(member_type(elem, None)))
            self.write_elements(flat, elem, path)
            return
        items = obj if type(obj) is list else list(obj)
        if elem.kind == PRIM and elem.code is not None:
            try:
                w.array_single_primitive(oid, elem.code, [
                    v.value if isinstance(v, enum.Enum) else v for v in items])
            except Exception as exc:
                raise SerializationError(f"an element does not fit "
                                         f"{elem.code.net_name}: {exc}", path=path) from None
            return
        plan = self.array_plans.get(elem)
        if plan is None:
            plan = self.array_plans[elem] = self.array_plan(elem)
        tag, middle, suffix, elements = plan
        w.buf += _HEAD.pack(tag, oid) + middle + _I32.pack(len(items)) + suffix
        self.write_elements(items, elem, path, elements)

    def array_plan(self, elem: TypeSpec) -> tuple[int, bytes, bytes, _ElementPlan]:
        """How a one-dimensional array of non-primitive ``elem`` is written (see array_plans);
        made when the first such array is written, which puts any library record first."""
        if elem.kind == STRING:
            return int(RecordType.ARRAY_SINGLE_STRING), b"", b"", self.element_plan(elem)
        if elem.kind in (OBJECT, OTHER):
            return int(RecordType.ARRAY_SINGLE_OBJECT), b"", b"", self.element_plan(elem)
        array_type = (BinaryArrayType.JAGGED if elem.kind in (ARRAY, BYTES)
                      else BinaryArrayType.SINGLE)
        head = NrbfWriter()
        head.binary_array(0, array_type, [0], None, self.wire_type(member_type(elem, None)))
        # The header as binary_array writes it: tag, id, array type, rank, length, then the
        # element type, which is the same for every array of ``elem``.
        return (int(RecordType.BINARY_ARRAY), bytes(head.buf[5:10]), bytes(head.buf[14:]),
                self.element_plan(elem))

    def wire_type(self, mt: tuple[BinaryType, Any]) -> tuple[BinaryType, Any]:
        if mt[0] is BinaryType.CLASS:
            return mt[0], (mt[1][0], self.library_id(mt[1][1]))
        return mt

    def element_plan(self, elem: TypeSpec) -> _ElementPlan:
        """What write_slot would do with each element of type ``elem``, decided once: the
        member type, and whether every element is a string or a reference."""
        mt = member_type(elem, None)
        if mt[0] is not BinaryType.PRIMITIVE and elem.kind == NULLABLE:
            mt = member_type(elem, 0)
        strings = mt[0] is BinaryType.STRING
        references = mt[0] in (BinaryType.SYSTEM_CLASS, BinaryType.CLASS) and \
            elem.kind != NULLABLE and not is_value_type(elem)
        return mt, strings, references

    def write_elements(self, items: list[Any], elem: TypeSpec, path: GraphPath,
                       plan: _ElementPlan | None = None) -> None:
        mt, strings, references = self.element_plan(elem) if plan is None else plan
        if mt[0] is BinaryType.PRIMITIVE:
            try:
                self.w.primitive_values(mt[1], items)
            except Exception as exc:
                raise SerializationError(f"an element does not fit {mt[1].net_name}: {exc}",
                                         path=path) from None
            return
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
            if strings and value.__class__ is str:
                try:
                    self.write_string(value)
                except SerializationError as exc:
                    raise _located(exc, path.item(i)) from None
            elif references:
                self.write_reference(value, elem, path.item(i))
            else:
                self.write_slot(value, elem, mt, path.item(i))
            i += 1


def _located(exc: SerializationError, path: GraphPath) -> SerializationError:
    """``exc`` with ``path`` as its place in the graph, unless it already has a deeper one."""
    if exc.path is None:
        exc.path = str(path)
    return exc


def _is_array(spec: TypeSpec) -> bool:
    return spec.kind in (ARRAY, BYTES)


#: What a declared .NET array (T[], T[,]) is written from.
_ARRAY_VALUES = (list, tuple)


def _byte_values(obj: Any, path: GraphPath) -> bytes:
    """The bytes of a ``byte[]``: from bytes, a bytearray or memoryview, or a list of ints."""
    if isinstance(obj, bytes | bytearray | memoryview):
        return bytes(obj)
    if isinstance(obj, _ARRAY_VALUES):
        try:
            return bytes(obj)
        except (TypeError, ValueError) as exc:
            raise SerializationError(f"an element does not fit System.Byte: {exc}",
                                     path=path) from None
    raise SerializationError(
        f"declared as System.Byte[] but holds a value of type {type(obj).__qualname__}: a "
        "byte[] is written from "
        "bytes, a bytearray or a list of ints from 0 to 255", path=path,
        type_name=type(obj).__qualname__)


def _rectangular(obj: Any, rank: int, path: GraphPath) -> tuple[list[int], list[Any]]:
    lengths: list[int] = []
    level: list[Any] = [obj]
    for depth in range(rank):
        for x in level:
            if not isinstance(x, _ARRAY_VALUES):
                raise SerializationError(
                    f"a rank-{rank} array is written from lists nested {rank} deep, but an "
                    f"item at level {depth + 1} is of type {type(x).__qualname__}", path=path,
                    type_name=type(x).__qualname__)
        sizes = {len(x) for x in level}
        if len(sizes) > 1:
            raise SerializationError("a rectangular array's rows differ in length", path=path)
        lengths.append(sizes.pop() if sizes else 0)
        level = [y for x in level for y in x]
    return lengths, level




# -- generated member writers ------------------------------------------------------------------
_MEMBER_WRITERS: weakref.WeakKeyDictionary[type, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary())


def _member_writer(meta: metadata.ClassMetadata, types: tuple[tuple[BinaryType, Any], ...]
                   ) -> Any:
    """The members of a plain class written as ``write_slot`` writes them, generated once per
    class and wire layout: runs of fixed-width primitives are packed in one call, and every
    slot's dispatch is decided here rather than per value. Whatever is unusual (a value that
    does not fit, a None primitive, a str slot holding something else) goes to the general
    methods, which write it or raise their own error."""
    by_types = _MEMBER_WRITERS.setdefault(meta.cls, {})
    found = by_types.get(types)
    if found is not None and found.meta is meta:
        return found
    ns: dict[str, Any] = {"_NULL": int(RecordType.OBJECT_NULL), "_REF": _REFERENCE.pack,
                          "_MR": _MEMBER_REFERENCE, "_CONVERTED": _CONVERTED,
                          "_ERROR": SerializationError, "_LOCATED": _located}
    lines = ["def write(self, obj, path):", "    buf = self.w.buf"]
    members = meta.members
    lines += [f"    v{i} = getattr(obj, {m.name!r}, None)" for i, m in enumerate(members)]
    i = 0
    while i < len(members):
        bt, info = types[i]
        m = members[i]
        ns[f"_spec{i}"], ns[f"_mt{i}"] = m.spec, types[i]
        child = f"path.child({m.wire_name!r})"
        if bt is BinaryType.PRIMITIVE and info in _PACKED:
            j = i
            while j < len(members) and types[j][0] is BinaryType.PRIMITIVE and \
                    types[j][1] in _PACKED:
                ns[f"_code{j}"] = types[j][1]
                j += 1
            run = range(i, j)
            ns[f"_run{i}"] = struct.Struct("<" + "".join(_PACKED[types[k][1]] for k in run))
            # struct packs any object as a Boolean (by its truth): only a bool may pass.
            lines += ["    try:",
                      *(f"        if v{k}.__class__ is not bool: raise TypeError" for k in run
                        if types[k][1] is PrimitiveType.BOOLEAN),
                      f"        packed = _run{i}.pack({', '.join(f'v{k}' for k in run)})",
                      "    except Exception:"]
            lines += [f"        self.write_primitive(_code{k}, v{k}, "
                      f"path.child({members[k].wire_name!r}))" for k in run]
            lines += ["    else:", "        buf += packed"]
            i = j
            continue
        if bt is BinaryType.PRIMITIVE and info in _CONVERTED:
            # DateTime and Decimal packed here; a value that does not convert takes the
            # general path, which raises the precise error (nothing was written yet).
            lines += ["    try:",
                      f"        packed = _CONVERTED[_code{i}](v{i})",
                      "    except Exception:",
                      f"        self.write_slot(v{i}, _spec{i}, _mt{i}, {child})",
                      "    else:", "        buf += packed"]
            ns[f"_code{i}"] = info
        elif bt is BinaryType.PRIMITIVE:
            lines.append(f"    self.write_slot(v{i}, _spec{i}, _mt{i}, {child})")
        elif bt is BinaryType.STRING:
            lines += [f"    if v{i} is None:", "        buf.append(_NULL)",
                      f"    elif v{i}.__class__ is str:",
                      "        try:", f"            self.write_string(v{i})",
                      "        except _ERROR as exc:",
                      f"            raise _LOCATED(exc, {child}) from None",
                      "    else:", f"        self.write_slot(v{i}, _spec{i}, _mt{i}, {child})"]
        elif bt in (BinaryType.SYSTEM_CLASS, BinaryType.CLASS) and \
                m.spec.kind not in (NULLABLE, OBJECT, OTHER, NAMED) and \
                not is_value_type(m.spec):
            # write_reference inlined for the common cases: a new object, or one written
            # before; the object looked up last takes the general path.
            shaped = m.spec.kind in _SHAPED
            lines += [f"    if v{i} is None:", "        buf.append(_NULL)",
                      f"    elif v{i} is self.prev:",
                      f"        self.write_reference(v{i}, _spec{i}, {child})",
                      "    else:",
                      "        oid = self.next_id",
                      "        self.next_id = oid + 1",
                      f"        seen = self.ids.get(id(v{i}))",
                      "        if seen is None:",
                      f"            self.ids[id(v{i})] = oid",
                      f"            self.keep.append(v{i})",
                      f"            self.queue.append((v{i}, oid, _spec{i}, {child}))",
                      *([f"            self.shapes[oid] = _spec{i}"] if shaped else []),
                      "        else:",
                      "            oid = seen",
                      *([f"            self.check_shared(v{i}, oid, _spec{i}, {child})"]
                        if shaped else []),
                      f"        self.prev = v{i}",
                      "        self.prev_id = oid",
                      "        buf += _REF(_MR, oid)"]
        else:
            lines.append(f"    self.write_slot(v{i}, _spec{i}, _mt{i}, {child})")
        i += 1
    write = compile_function("write", "\n".join(lines) + "\n", ns, f"write {meta.type_name}")
    write.meta = meta  # type: ignore[attr-defined]
    by_types[types] = write
    return write


_LIST_MEMBERS = ["_items", "_size", "_version"]
_MEMBER_REFERENCE = int(RecordType.MEMBER_REFERENCE)
_I32 = struct.Struct("<i")
_REFERENCE = struct.Struct("<Bi")
_HEAD = struct.Struct("<Bi")
#: ClassWithId of a List`1, then its members: a reference to _items, _size and _version.
_LIST_RECORD = struct.Struct("<BiiBiii")
_CLASS_WITH_ID = int(RecordType.CLASS_WITH_ID)
#: (member type of each element, all strings?, all references?): see element_plan.
_ElementPlan = tuple[tuple[BinaryType, Any], bool, bool]
_SIZE_VERSION = struct.Struct("<ii")
_U64 = struct.Struct("<Q")


def _decimal_bytes(value: Any) -> bytes:
    if type(value) is not Decimal:
        raise TypeError("not a Decimal")
    data = decimal_to_text(value).encode("ascii")
    if len(data) >= 0x80:  # a one-byte length prefix is all a Decimal's text ever needs
        raise ValueError("too long")
    return bytes((len(data),)) + data


#: How the generated member writers pack DateTime and Decimal members (see _member_writer).
_CONVERTED: dict[PrimitiveType, Callable[[Any], bytes]] = {
    PrimitiveType.DATETIME: lambda v: _U64.pack(datetime_to_raw(v)),
    PrimitiveType.DECIMAL: _decimal_bytes,
}
#: Struct codes of the primitives ``NrbfWriter.primitive`` packs with a fixed width.
_PACKED = {code: st.format[1:] for code, st in _PACK.items()}
