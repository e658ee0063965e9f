"""A safe, iterative decoder from MS-NRBF bytes to records.

The decoder never instantiates a type the payload names, never recurses (nested records are
kept on an explicit stack), checks every length against the bytes that remain before it
allocates, and enforces :class:`~serialkit.limits.ReaderLimits`. Any malformed input raises
:class:`~serialkit.errors.SerializationError` with the byte offset where it was found.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, BinaryIO

from serialkit._codegen import compile_function
from serialkit.errors import LimitExceededError, NrbfFormatError, SerializationError
from serialkit.limits import ReaderLimits
from serialkit.nrbf.boxed import boxed
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.records import ArrayRecord, ClassLayout, ClassRecord, MemberType, Record
from serialkit.nrbf.values import (
    DECIMAL_TEXT,
    EPOCH,
    MAX_TICKS,
    SURELY_IN_RANGE,
    datetime_from_raw,
    decimal_from_text,
    timedelta_from_ticks,
)

__all__ = ["Binding", "LayoutResolver", "Maker", "NotDirect", "Payload", "decode",
           "decode_payload", "payload_bytes"]

#: Supplies member types for records written without them (TypesWhenNeeded): called with the
#: type name, library name and member names; returns the member types or None if unknown.
LayoutResolver = Callable[[str, "str | None", tuple[str, ...]], "tuple[MemberType, ...] | None"]

#: How the decoder makes the objects of one class layout itself, when it binds a graph of
#: plain classes and lists as it reads (``decode_payload(binding=...)``): ``(cls, bind,
#: early)`` for an instance made with ``cls.__new__`` and filled by ``bind(obj, values)``
#: once its members are known (at once if ``early`` and none is a forward reference, else
#: once every record is read), or ``(list, (items, size), False)`` for a List<T> or
#: ArrayList, a list filled from its members ``_items`` and ``_size`` at those positions.
Maker = tuple[Any, Any, bool]
#: Gives the :data:`Maker` of a class layout, or raises :class:`NotDirect`.
Binding = Callable[[ClassLayout], Maker]


class NotDirect(Exception):
    """The payload holds what the decoder does not bind itself (a class that is not plain,
    a multidimensional array, an invalid List): decode it to records and bind those."""

_FIXED = {
    PrimitiveType.BOOLEAN: struct.Struct("<?"),
    PrimitiveType.BYTE: struct.Struct("<B"),
    PrimitiveType.DOUBLE: struct.Struct("<d"),
    PrimitiveType.INT16: struct.Struct("<h"),
    PrimitiveType.INT32: struct.Struct("<i"),
    PrimitiveType.INT64: struct.Struct("<q"),
    PrimitiveType.SBYTE: struct.Struct("<b"),
    PrimitiveType.SINGLE: struct.Struct("<f"),
    PrimitiveType.TIMESPAN: struct.Struct("<q"),
    PrimitiveType.DATETIME: struct.Struct("<Q"),
    PrimitiveType.UINT16: struct.Struct("<H"),
    PrimitiveType.UINT32: struct.Struct("<I"),
    PrimitiveType.UINT64: struct.Struct("<Q"),
}
_ARRAY_CODES = {
    PrimitiveType.BOOLEAN: "?", PrimitiveType.DOUBLE: "d", PrimitiveType.INT16: "h",
    PrimitiveType.INT32: "i", PrimitiveType.INT64: "q", PrimitiveType.SBYTE: "b",
    PrimitiveType.SINGLE: "f", PrimitiveType.UINT16: "H", PrimitiveType.UINT32: "I",
    PrimitiveType.UINT64: "Q", PrimitiveType.TIMESPAN: "q", PrimitiveType.DATETIME: "Q",
}
_I32 = struct.Struct("<i")
_II = struct.Struct("<ii")
_HEADER = struct.Struct("<iiii")
_VALID_PRIMITIVES = frozenset(_FIXED) | {PrimitiveType.CHAR, PrimitiveType.DECIMAL}
_CLASS_TAGS = frozenset({1, 2, 3, 4, 5})
_ARRAY_TAGS = frozenset({7, 15, 16, 17})
_OFFSET_ARRAYS = frozenset({BinaryArrayType.SINGLE_OFFSET, BinaryArrayType.JAGGED_OFFSET,
                            BinaryArrayType.RECTANGULAR_OFFSET})
_ARRAY_SLOTS = frozenset({BinaryType.OBJECT_ARRAY, BinaryType.STRING_ARRAY,
                          BinaryType.PRIMITIVE_ARRAY})
_MAX_RANK = 32
#: The assembly of a joined type name that names none (see _Decoder.untruncated).
CORE_LIBRARY = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
#: Array slots null runs may fill per byte of payload, beyond ReaderLimits.max_null_slots:
#: a slot costs 8 bytes, about what a byte of records costs once decoded.
NULL_SLOTS_PER_BYTE = 8
# Record tags as plain ints: comparing with an IntEnum member costs several times more.
_BINARY_LIBRARY = int(RecordType.BINARY_LIBRARY)
_MESSAGE_END = int(RecordType.MESSAGE_END)
_MEMBER_REFERENCE = int(RecordType.MEMBER_REFERENCE)
_OBJECT_NULL = int(RecordType.OBJECT_NULL)
_OBJECT_NULL_MULTIPLE = int(RecordType.OBJECT_NULL_MULTIPLE)
_OBJECT_NULL_MULTIPLE_256 = int(RecordType.OBJECT_NULL_MULTIPLE_256)
_BINARY_OBJECT_STRING = int(RecordType.BINARY_OBJECT_STRING)
_CLASS_WITH_ID = int(RecordType.CLASS_WITH_ID)
_MEMBER_PRIMITIVE_TYPED = int(RecordType.MEMBER_PRIMITIVE_TYPED)
_BINARY_ARRAY = int(RecordType.BINARY_ARRAY)
_RECORD_TYPES = {int(t): t for t in RecordType}
_ARRAY_HEAD = struct.Struct("<iBii")  # BinaryArray: id, array type, rank, first length
_CLASS_KIND = int(BinaryType.CLASS)
_NAMED_KINDS = frozenset({_CLASS_KIND, int(BinaryType.SYSTEM_CLASS)})
#: Element types without additional info.
_INFOLESS = frozenset({BinaryType.STRING, BinaryType.OBJECT, BinaryType.OBJECT_ARRAY,
                       BinaryType.STRING_ARRAY})
_NOT_OBJECT_SLOTS = _ARRAY_SLOTS | {BinaryType.STRING}
_BINARY_TYPES = tuple(BinaryType)  # by value: fixups keep a slot's type as an int
_STRING_SLOT = MemberType(BinaryType.STRING)
_OBJECT_SLOT = MemberType(BinaryType.OBJECT)
_SINGLE_SLOTS = {int(RecordType.ARRAY_SINGLE_STRING): _STRING_SLOT,
                 int(RecordType.ARRAY_SINGLE_OBJECT): _OBJECT_SLOT}


class Payload:
    """A decoded payload: the root, every record by id, every class layout, and the header's
    facts."""

    __slots__ = ("end_offset", "header_id", "layouts", "libraries", "objects", "root",
                 "root_id")

    def __init__(self, root: Any, root_id: int, header_id: int, objects: dict[int, Any],
                 libraries: dict[int, str], end_offset: int,
                 layouts: tuple[ClassLayout, ...] = ()) -> None:
        self.root = root
        self.root_id = root_id
        self.header_id = header_id
        self.objects = objects
        self.libraries = libraries
        self.end_offset = end_offset
        #: The class layouts (metadata) the payload defines, each once.
        self.layouts = layouts


class _Run(struct.Struct):
    """A run of fixed-width primitive members, unpacked with one precompiled struct.

    ``post`` lists the (position, type) of members whose raw value is converted (DateTime,
    TimeSpan).
    """

    def __init__(self, codes: list[PrimitiveType]) -> None:
        super().__init__("<" + "".join(_FIXED[c].format[1:] for c in codes))
        self.count = len(codes)
        self.post = tuple((i, c) for i, c in enumerate(codes)
                          if c in (PrimitiveType.DATETIME, PrimitiveType.TIMESPAN))


#: How a class layout's member at some index is read: a run of fixed-width primitives, one
#: other primitive (Decimal, Char), or None for a member that is a record of its own.
_Step = _Run | PrimitiveType


def _steps(types: tuple[MemberType, ...] | None) -> tuple[_Step | None, ...]:
    """The read steps of a class layout, computed once per layout (see :class:`_Run`)."""
    assert types is not None
    steps: list[_Step | None] = [None] * len(types)
    i = 0
    while i < len(types):
        t = types[i]
        if t.binary_type is BinaryType.PRIMITIVE and isinstance(t.info, PrimitiveType):
            if t.info not in _FIXED:
                steps[i] = t.info
                i += 1
                continue
            codes: list[PrimitiveType] = []
            j = i
            while j < len(types) and types[j].binary_type is BinaryType.PRIMITIVE and \
                    types[j].info in _FIXED:
                info = types[j].info
                assert isinstance(info, PrimitiveType)
                codes.append(info)
                j += 1
            steps[i] = _Run(codes)
            i = j
        else:
            i += 1
    return tuple(steps)


def _convert(values: list[Any], post: tuple[tuple[int, PrimitiveType], ...]) -> list[Any] | None:
    """Convert a run's raw DateTime and TimeSpan values; None if one is invalid."""
    try:
        for i, code in post:
            if code is PrimitiveType.DATETIME:
                values[i] = datetime_from_raw(values[i])
            else:
                values[i] = timedelta_from_ticks(values[i])
    except (ValueError, OverflowError):
        return None
    return values


#: A layout's generated member reader: (decoder, values, first member) -> next member.
_Reader = Callable[["_Decoder", list[Any], int], int]
_READERS: dict[tuple[MemberType, ...], tuple[tuple[_Step | None, ...], _Reader]] = {}
_MAX_READERS = 4096  # distinct layouts kept; a payload cannot grow the cache without bound


def _layout_reader(types: tuple[MemberType, ...] | None
                   ) -> tuple[tuple[_Step | None, ...], _Reader]:
    """The read steps of a layout and its generated member reader, made once per layout.

    The reader is the decoder's loop unrolled for one layout, happy paths only: it reads, from
    member ``start`` on, primitive runs (one unpack each), Decimals and Chars, and for the
    other members the records that are read in place (MemberReference, ObjectNull, a short
    BinaryObjectString). It stops at the first member it cannot read so (a nested record, too
    few bytes, a string past a limit...), leaving it to the loop, which reads it or raises
    the precise error, and returns that member's index.
    """
    assert types is not None
    found = _READERS.get(types)
    if found is not None:
        return found
    steps = _steps(types)
    ns: dict[str, Any] = {"_I32": _I32.unpack_from, "_convert": _convert,
                          "UnicodeDecodeError": UnicodeDecodeError,
                          "_ArrayRecord": ArrayRecord, "EPOCH": EPOCH, "_td": timedelta,
                          "_decimal": Decimal, "_decimal_text": DECIMAL_TEXT.match}
    lines = ["def read(d, values, start):",
             "    buf = d.buf", "    end = d.end", "    p = d.pos", "    objects = d.objects"]
    i = 0
    while i < len(types):
        step = steps[i]
        lines.append(f"    if start <= {i}:")
        stop = [" " * 12 + "d.pos = p", " " * 12 + f"return {i}"]  # leave to the loop
        if isinstance(step, _Run):
            ns[f"_run{i}"] = step
            lines += [f"        if end - p < {step.size}:", *stop,
                      f"        got = _run{i}.unpack_from(buf, p)"]
            if step.post:
                ns[f"_post{i}"] = step.post
                # A DateTime of Kind Unspecified (no Kind bits, so at most MaxValue's ticks)
                # is made here; any other goes through _convert.
                dates = [k for k, code in step.post if code is PrimitiveType.DATETIME]
                fast = " and ".join(f"got[{k}] <= {MAX_TICKS}" for k in dates)
                if len(step.post) == len(dates):
                    lines += [f"        if {fast}:", "            got = list(got)",
                              *(f"            got[{k}] = EPOCH + _td(microseconds=got[{k}] "
                                "// 10)" for k in dates),
                              "        else:",
                              f"            got = _convert(list(got), _post{i})",
                              "            if got is None:", *("    " + x for x in stop)]
                else:
                    lines += [f"        got = _convert(list(got), _post{i})",
                              "        if got is None:", *stop]
            lines += ["        values.extend(got)", f"        p += {step.size}"]
            i += step.count
            continue
        if step is PrimitiveType.DECIMAL:
            # The usual Decimal: a short string of ASCII digits, at most 28 characters, so
            # within System.Decimal's range; anything else is left to the loop.
            lines += ["        n = buf[p] if p < end else 255",
                      f"        if n > {SURELY_IN_RANGE} or p + 1 + n > end:", *stop,
                      "        text = buf[p + 1:p + 1 + n].decode('latin-1')",
                      "        if not _decimal_text(text):", *stop,
                      "        values.append(_decimal(text))",
                      "        p += 1 + n"]
            i += 1
            continue
        if step is not None:
            ns[f"_code{i}"] = step
            lines += ["        d.pos = p", f"        values.append(d.primitive(_code{i}))",
                      "        p = d.pos"]
            i += 1
            continue
        kind = types[i].binary_type
        ns[f"_kind{i}"] = kind
        fits = {BinaryType.STRING: " and target.__class__ is str"}.get(
            kind, " and (target.__class__ is _ArrayRecord or id(target) in d.array_ids)"
            if kind in _ARRAY_SLOTS else "")
        lines += ["        tag = buf[p] if p < end else -1",
                  f"        if tag == {_MEMBER_REFERENCE} and end - p >= 5:",
                  "            ref = _I32(buf, p + 1)[0]",
                  "            target = objects.get(ref)",
                  f"            if ref > 0 and target is not None{fits}:",
                  "                values.append(target)",
                  "            else:",
                  "                d.fix_lists.append(values)",
                  f"                d.fix_ints.extend(({i}, ref, p, {int(kind)}))",
                  "                values.append(None)",
                  "            p += 5",
                  f"        elif tag == {_OBJECT_NULL}:",
                  "            values.append(None)",
                  "            p += 1"]
        if kind not in _ARRAY_SLOTS:  # a string there is an error the loop reports
            lines += [f"        elif tag == {_BINARY_OBJECT_STRING} and end - p >= 6 and "
                      "buf[p + 5] < 0x80 and p + 6 + buf[p + 5] <= end and "
                      "buf[p + 5] <= d.limits.max_string_bytes:",
                      "            try:",
                      "                text = buf[p + 6:p + 6 + buf[p + 5]].decode('utf-8')",
                      "            except UnicodeDecodeError:",
                      *("    " + line for line in stop),
                      "            object_id = _I32(buf, p + 1)[0]",
                      "            count = d.record_count + 1",
                      "            if count > d.limits.max_objects or object_id <= 0 or "
                      "object_id in objects or object_id in d.libraries:",
                      *("    " + line for line in stop),
                      "            d.record_count = count",
                      "            objects[object_id] = text",
                      "            values.append(text)",
                      "            p += 6 + buf[p + 5]"]
        lines += ["        else:", *stop]
        i += 1
    lines += ["    d.pos = p", f"    return {len(types)}"]
    reader = compile_function("read", "\n".join(lines) + "\n", ns,
                              f"read a layout of {len(types)} members")
    if len(_READERS) >= _MAX_READERS:
        _READERS.clear()
    found = _READERS[types] = (steps, reader)
    return found


class _Frame:
    """A record whose member or element values are still being read."""

    __slots__ = ("is_array", "reader", "record", "remaining", "slot", "steps", "types", "values")

    def __init__(self, record: Record, values: list[Any], types: tuple[MemberType, ...] | None,
                 slot: MemberType | None, count: int,
                 steps: tuple[_Step | None, ...] | None = None,
                 reader: _Reader | None = None) -> None:
        self.record = record
        self.values = values
        self.types = types          # member types of a class record
        self.steps = steps          # ... and how each is read (see _steps)
        self.reader = reader        # ... and the generated reader (see _layout_reader)
        self.slot = slot            # element type of an array record
        self.is_array = types is None
        self.remaining = count


def decode(data: bytes | bytearray | memoryview | BinaryIO, *,
           limits: ReaderLimits | None = None,
           undo_truncated_type_names: bool = False) -> Any:
    """Decode an MS-NRBF payload to its root record, without binding a single type.

    Args:
        data: the payload, as bytes or a binary stream (read to its end).
        limits: bounds on the work the payload may ask for; the defaults are safe.
        undo_truncated_type_names: join a generic type name that a writer split across the
            type and library names (.NET Framework's ResXSerializationBinder did), as
            System.Formats.Nrbf's ``PayloadOptions.UndoTruncatedTypeNames`` does.

    Returns:
        The root: a :class:`ClassRecord`, an :class:`ArrayRecord`, or a ``str`` for a string
        root. Members and elements are Python values or further records.

    Raises:
        SerializationError: the bytes are not a well-formed payload, or exceed the limits.
    """
    return decode_payload(data, limits=limits,
                          undo_truncated_type_names=undo_truncated_type_names).root


def decode_payload(data: bytes | bytearray | memoryview | BinaryIO, *,
                   limits: ReaderLimits | None = None,
                   layout_resolver: LayoutResolver | None = None,
                   allow_trailing: bool = False, binding: Binding | None = None,
                   undo_truncated_type_names: bool = False) -> Payload:
    """Decode a payload and return everything it holds (see :func:`decode`).

    ``allow_trailing`` permits bytes after MessageEnd (the payload is one of several in a
    stream); ``Payload.end_offset`` says where it ended. With ``binding``, the decoder makes
    the objects itself as it reads (see :data:`Maker`): the payload's objects, and its root,
    are those objects, not records; it raises :class:`NotDirect` for a payload it cannot so
    bind.
    """
    limits = limits or ReaderLimits()
    buf = payload_bytes(data, limits)
    decoder = _Decoder(buf, limits, layout_resolver, binding)
    decoder.undo_truncated = undo_truncated_type_names
    return decoder.run(allow_trailing)


def payload_bytes(data: bytes | bytearray | memoryview | BinaryIO, limits: ReaderLimits
                  ) -> bytes:
    """The bytes of a payload (a stream read to its end), within ``limits.max_bytes``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        data = _read_stream(data, limits)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"payload of {len(data)} bytes exceeds max_bytes={limits.max_bytes}")
    return bytes(data)


def _read_stream(stream: BinaryIO, limits: ReaderLimits) -> bytes:
    # Chunked: a raw stream's read(n) allocates n bytes up front, whatever it holds.
    chunks: list[bytes] = []
    total = 0
    while total <= limits.max_bytes:
        chunk = stream.read(1 << 20)
        if chunk is None:
            continue
        if not isinstance(chunk, bytes | bytearray):
            raise SerializationError("the stream must be opened in binary mode")
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
    return b"".join(chunks)


class _Decoder:
    def __init__(self, buf: bytes, limits: ReaderLimits,
                 layout_resolver: LayoutResolver | None, binding: Binding | None = None
                 ) -> None:
        self.buf = buf
        self.pos = 0
        self.end = len(buf)
        self.limits = limits
        self.resolver = layout_resolver
        self.objects: dict[int, Any] = {}
        self.libraries: dict[int, str] = {}
        self.layouts: dict[int, ClassLayout] = {}
        #: References to objects not read yet (or that fail a check resolve reports): the
        #: values list of each, and four machine integers each (the position in that list,
        #: the object id, the reference's offset, the slot's binary type), about 40 bytes a
        #: reference where a tuple of Python ints took three times that. A reference to an
        #: object already read, of the right kind, is resolved on the spot.
        self.fix_lists: list[list[Any]] = []
        self.fix_ints = array("q")
        self.pending_libs: list[tuple[ClassLayout, int, int, int]] = []
        #: Element types of BinaryArrays already read, by the bytes that gave them.
        self.elements: dict[bytes, MemberType] = {}
        self.record_count = 0
        self.total_elements = 0
        #: Slots filled by null runs, which have no bytes behind them: bounded in proportion
        #: to the payload (see ReaderLimits.max_null_slots).
        self.null_slots = 0
        self.null_budget = limits.max_null_slots + NULL_SLOTS_PER_BYTE * len(buf)
        #: Binding as it reads (see Maker): the makers by id(layout), the ids of the lists
        #: and bytes that are arrays (the check a slot typed as an array makes), and what
        #: is filled after the loop, flat: (bind, instance, values) and (list, values,
        #: positions of _items and _size, offset).
        self.binding = binding
        self.makers: dict[int, Maker] = {}
        self.array_ids: set[int] = set()
        self.fills: list[Any] = []
        self.lists: list[Any] = []
        #: The records being read, outermost first (the loop's stack), and the (values,
        #: index) of a reference resolve could not complete: where an error is.
        self.stack: list[_Frame] = []
        self.bad_slot: tuple[list[Any], int] | None = None
        self.root_id = 0
        #: Join the type and library names a writer split a generic name across.
        self.undo_truncated = False

    # -- errors ------------------------------------------------------------------------
    def fail(self, message: str, offset: int | None = None) -> SerializationError:
        return NrbfFormatError(message, offset=self.pos if offset is None else offset)

    def limit(self, message: str, offset: int | None = None) -> SerializationError:
        return LimitExceededError(message, offset=self.pos if offset is None else offset)

    # -- primitives ----------------------------------------------------------------------
    def take(self, n: int, what: str) -> bytes:
        pos = self.pos
        if n > self.end - pos:
            raise self.fail(f"truncated payload: {what} needs {n} bytes but only "
                            f"{self.end - pos} remain")
        self.pos = pos + n
        return self.buf[pos:pos + n]

    def byte(self, what: str) -> int:
        if self.pos >= self.end:
            raise self.fail(f"truncated payload: expected {what}")
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def i32(self, what: str) -> int:
        if self.end - self.pos < 4:
            raise self.fail(f"truncated payload: {what} needs 4 bytes")
        (v,) = _I32.unpack_from(self.buf, self.pos)
        self.pos += 4
        return int(v)

    def length(self, what: str) -> int:
        start = self.pos
        value = self.i32(what)
        if value < 0:
            raise self.fail(f"negative {what} ({value})", start)
        return value

    def varint(self) -> int:
        start = self.pos
        result = 0
        for shift in (0, 7, 14, 21, 28):
            b = self.byte("a string length")
            if shift == 28 and b > 0x07:
                raise self.fail("invalid string length: the 5th byte of a 7-bit encoded "
                                "Int32 may not exceed 0x07", start)
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    def string(self, what: str = "string") -> str:
        start = self.pos
        n = self.varint()
        if n > self.limits.max_string_bytes:
            raise self.limit(f"{what} of {n} bytes exceeds max_string_bytes="
                             f"{self.limits.max_string_bytes}", start)
        raw = self.take(n, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.fail(f"{what} is not valid UTF-8 ({exc.reason})", start) from None

    def name(self, what: str) -> str:
        start = self.pos
        text = self.string(what)
        if len(text) > self.limits.max_type_name_length:
            raise self.limit(f"{what} of {len(text)} characters exceeds "
                             f"max_type_name_length={self.limits.max_type_name_length}", start)
        return text

    def char(self) -> str:
        start = self.pos
        lead = self.byte("a Char")
        if lead < 0x80:
            return chr(lead)
        if 0xC2 <= lead <= 0xDF:
            size = 2
        elif 0xE0 <= lead <= 0xEF:
            size = 3
        elif 0xF0 <= lead <= 0xF4:
            raise self.fail("a Char cannot hold a character outside the Basic Multilingual "
                            "Plane (a surrogate pair)", start)
        else:
            raise self.fail(f"invalid UTF-8 lead byte 0x{lead:02X} in a Char", start)
        raw = bytes([lead]) + self.take(size - 1, "a Char")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("a Char is not valid UTF-8 (or is a lone surrogate)", start) from None

    def primitive(self, code: PrimitiveType) -> Any:
        st = _FIXED.get(code)
        if st is not None:
            start = self.pos
            if self.end - start < st.size:
                raise self.fail(f"truncated payload: {code.net_name} needs {st.size} bytes")
            (v,) = st.unpack_from(self.buf, start)
            self.pos = start + st.size
            if code is PrimitiveType.DATETIME:
                return self.datetime(v, start)
            if code is PrimitiveType.TIMESPAN:
                return timedelta_from_ticks(v)
            return v
        if code is PrimitiveType.CHAR:
            return self.char()
        if code is PrimitiveType.DECIMAL:
            start = self.pos
            text = self.string("Decimal")
            try:
                return decimal_from_text(text)
            except ValueError as exc:
                raise self.fail(str(exc), start) from None
        raise self.fail(f"invalid primitive type code {int(code)}")

    def datetime(self, raw: int, start: int) -> Any:
        try:
            return datetime_from_raw(raw)
        except (ValueError, OverflowError) as exc:
            raise self.fail(str(exc), start) from None

    def primitive_code(self, context: str) -> PrimitiveType:
        start = self.pos
        code = self.byte("a primitive type code")
        try:
            prim = PrimitiveType(code)
        except ValueError:
            raise self.fail(f"invalid primitive type code {code} in {context}", start) from None
        if prim not in _VALID_PRIMITIVES:
            raise self.fail(f"primitive type {prim.name} ({code}) is not allowed in {context}",
                            start)
        return prim

    # -- structure -----------------------------------------------------------------------
    def register(self, object_id: int, value: Any, offset: int) -> None:
        self.record_count += 1
        if self.record_count > self.limits.max_objects:
            raise self.limit(f"more than max_objects={self.limits.max_objects} records", offset)
        if object_id > 0 and (object_id in self.objects or object_id in self.libraries):
            raise self.fail(f"object id {object_id} is defined twice", offset)
        if object_id == 0:
            raise self.fail("object id 0 is not a valid id", offset)
        self.objects[object_id] = value

    def library(self) -> None:
        start = self.pos - 1
        lib_id = self.i32("a library id")
        name = self.name("library name")
        if lib_id in self.libraries or lib_id in self.objects:
            raise self.fail(f"library id {lib_id} is defined twice", start)
        # A library is a record like any other: many of them are bounded as objects are.
        self.record_count += 1
        if self.record_count > self.limits.max_objects:
            raise self.limit(f"more than max_objects={self.limits.max_objects} records", start)
        self.libraries[lib_id] = name

    def member_type_info(self, layout_name: str, count: int
                         ) -> tuple[list[BinaryType], list[Any], list[tuple[int, int, int]]]:
        kinds: list[BinaryType] = []
        for _ in range(count):
            start = self.pos
            b = self.byte("a member's binary type")
            try:
                kinds.append(BinaryType(b))
            except ValueError:
                raise self.fail(f"invalid binary type {b} for a member of {layout_name}",
                                start) from None
        infos: list[Any] = []
        pending: list[tuple[int, int, int]] = []
        for i, kind in enumerate(kinds):
            if kind is BinaryType.PRIMITIVE or kind is BinaryType.PRIMITIVE_ARRAY:
                infos.append(self.primitive_code(f"the member types of {layout_name}"))
            elif kind is BinaryType.SYSTEM_CLASS:
                infos.append(self.name("member type name"))
            elif kind is BinaryType.CLASS:
                type_name = self.name("member type name")
                start = self.pos
                lib_id = self.i32("a library id")
                lib = self.libraries.get(lib_id)
                if lib is None:
                    pending.append((i, lib_id, start))
                elif self.undo_truncated:
                    type_name, lib = self.untruncated(type_name, lib, start)
                infos.append((type_name, lib))
            else:
                infos.append(None)
        return kinds, infos, pending

    def class_record(self, tag: int, start: int) -> tuple[ClassRecord, ClassLayout]:
        object_id = self.i32("an object id")
        if tag == RecordType.CLASS_WITH_ID:
            metadata_id = self.i32("a metadata id")
            layout = self.layouts.get(metadata_id)
            if layout is None:
                raise self.fail(f"ClassWithId refers to metadata id {metadata_id}, which no "
                                "earlier class record defines", start)
            return ClassRecord(object_id, layout, start), layout
        type_name = self.name("class name")
        count = self.length("member count")
        if count > self.end - self.pos:
            raise self.fail(f"class {type_name} declares {count} members, more than the "
                            "bytes that remain", start)
        names = tuple(self.name("member name") for _ in range(count))
        if len(set(names)) != count:
            raise self.fail(f"class {type_name} names the same member twice", start)
        types: list[MemberType] | None = None
        pending: list[tuple[int, int, int]] = []
        if tag in (RecordType.CLASS_WITH_MEMBERS_AND_TYPES,
                   RecordType.SYSTEM_CLASS_WITH_MEMBERS_AND_TYPES):
            kinds, infos, pending = self.member_type_info(type_name, count)
            types = [MemberType(k, i) for k, i in zip(kinds, infos, strict=True)]
        library: str | None = None
        if tag in (RecordType.CLASS_WITH_MEMBERS_AND_TYPES, RecordType.CLASS_WITH_MEMBERS):
            lib_at = self.pos
            lib_id = self.i32("a library id")
            library = self.libraries.get(lib_id)
            if library is None:
                raise self.fail(f"class {type_name} refers to library id {lib_id}, which no "
                                "earlier BinaryLibrary record defines", lib_at)
        if self.undo_truncated and library is not None:
            type_name, library = self.untruncated(type_name, library, start)
        member_types: tuple[MemberType, ...] | None
        if types is None:
            member_types = self.resolver(type_name, library, names) if self.resolver else None
            if member_types is None:
                raise self.fail(
                    f"class {type_name} was written without member types (TypesWhenNeeded); "
                    "its members cannot be decoded without the class: register it, or have "
                    "the writer use TypesAlways", start)
        else:
            member_types = tuple(types)
        layout = ClassLayout(type_name, library, names, member_types, object_id,
                             RecordType(tag))
        for index, lib_id, at in pending:
            self.pending_libs.append((layout, index, lib_id, at))
        self.layouts[object_id] = layout
        return ClassRecord(object_id, layout, start), layout

    def array_record(self, tag: int, start: int) -> tuple[ArrayRecord, MemberType, int]:
        object_id = self.i32("an object id")
        if tag == RecordType.BINARY_ARRAY:
            b = self.byte("a BinaryArrayType")
            try:
                array_type = BinaryArrayType(b)
            except ValueError:
                raise self.fail(f"invalid BinaryArrayType {b}", start) from None
            rank = self.i32("an array rank")
            if not 1 <= rank <= _MAX_RANK:
                raise self.fail(f"invalid array rank {rank} (must be 1 to {_MAX_RANK})", start)
            if rank != 1 and array_type not in (BinaryArrayType.RECTANGULAR,
                                                BinaryArrayType.RECTANGULAR_OFFSET):
                raise self.fail(f"a {array_type.name.lower()} array must have rank 1, "
                                f"not {rank}", start)
            lengths = tuple(self.length("array length") for _ in range(rank))
            lower = (tuple(self.i32("a lower bound") for _ in range(rank))
                     if array_type in _OFFSET_ARRAYS else (0,) * rank)
            b = self.byte("an element binary type")
            try:
                kind = BinaryType(b)
            except ValueError:
                raise self.fail(f"invalid binary type {b} for array elements", start) from None
            info: Any = None
            if kind is BinaryType.PRIMITIVE and array_type in (
                    BinaryArrayType.JAGGED, BinaryArrayType.JAGGED_OFFSET):
                raise self.fail("a jagged array's elements are arrays, not primitives", start)
            if kind in (BinaryType.PRIMITIVE, BinaryType.PRIMITIVE_ARRAY):
                info = self.primitive_code("an array's element type")
            elif kind is BinaryType.SYSTEM_CLASS:
                info = self.name("element type name")
            elif kind is BinaryType.CLASS:
                type_name = self.name("element type name")
                lib_at = self.pos
                lib_id = self.i32("a library id")
                lib = self.libraries.get(lib_id)
                if lib is None:
                    raise self.fail(f"array element type {type_name} refers to library id "
                                    f"{lib_id}, which is not defined", lib_at)
                if self.undo_truncated:
                    type_name, lib = self.untruncated(type_name, lib, lib_at)
                info = (type_name, lib)
            element = MemberType(kind, info)
            count = 0 if 0 in lengths else 1  # rows of no columns hold no elements
            for n in lengths if count else ():
                count *= n
                if count > self.limits.max_array_length:
                    break
        else:
            count = self.length("array length")
            lengths, lower = (count,), (0,)
            array_type = BinaryArrayType.SINGLE
            if tag == RecordType.ARRAY_SINGLE_PRIMITIVE:
                element = MemberType(BinaryType.PRIMITIVE,
                                     self.primitive_code("an ArraySinglePrimitive"))
            elif tag == RecordType.ARRAY_SINGLE_STRING:
                element = _STRING_SLOT
            else:
                element = _OBJECT_SLOT
        if count > self.limits.max_array_length:
            raise self.limit(f"array of {count} elements exceeds max_array_length="
                             f"{self.limits.max_array_length}", start)
        self.total_elements += count
        if self.total_elements > self.limits.max_total_elements:
            raise self.limit(f"arrays hold more than max_total_elements="
                             f"{self.limits.max_total_elements} elements", start)
        record = ArrayRecord(object_id, RecordType(tag), array_type, lengths, lower, element,
                             start)
        return record, element, count

    def primitive_array(self, code: PrimitiveType, count: int) -> Any:
        start = self.pos
        if code is PrimitiveType.BYTE:
            return self.take(count, f"a Byte[{count}]")
        fmt = _ARRAY_CODES.get(code)
        if fmt is not None:
            size = _FIXED[code].size
            if count * size > self.end - start:
                raise self.fail(f"truncated payload: {code.net_name}[{count}] needs "
                                f"{count * size} bytes but only {self.end - start} remain")
            values = list(struct.unpack_from(f"<{count}{fmt}", self.buf, start))
            self.pos = start + count * size
            if code is PrimitiveType.DATETIME:
                return [self.datetime(v, start) for v in values]
            if code is PrimitiveType.TIMESPAN:
                return [timedelta_from_ticks(v) for v in values]
            return values
        if count > self.end - start:  # Char and Decimal take at least one byte each
            raise self.fail(f"truncated payload: {code.net_name}[{count}] cannot fit in the "
                            f"{self.end - start} bytes that remain")
        return [self.primitive(code) for _ in range(count)]

    # -- the main loop -------------------------------------------------------------------
    def run(self, allow_trailing: bool) -> Payload:
        try:
            return self.decode(allow_trailing)
        except SerializationError:
            self.release()
            raise

    def release(self) -> None:
        """Empty what the decoder has read, in place (the loop's frames alias it): an error's
        traceback keeps the decoder alive as long as the error lives, which should not keep
        a large payload's objects with it."""
        for values in self.fix_lists:
            values.clear()
        for frame in self.stack:
            frame.values.clear()
        for held in (self.objects, self.libraries, self.layouts, self.fix_lists,
                     self.pending_libs, self.elements, self.makers, self.array_ids,
                     self.fills, self.lists, self.stack):
            held.clear()
        del self.fix_ints[:]
        self.bad_slot = None

    def decode(self, allow_trailing: bool) -> Payload:
        if self.end == 0:
            raise self.fail("empty payload: expected a SerializedStreamHeader", 0)
        tag = self.byte("a record")
        if tag != RecordType.SERIALIZED_STREAM_HEADER:
            raise self.fail(f"not an MS-NRBF payload: the first record is 0x{tag:02X}, not a "
                            "SerializedStreamHeader (0x00)", 0)
        if self.end - self.pos < 16:
            raise self.fail("truncated payload: the SerializedStreamHeader needs 16 bytes")
        root_id, header_id, major, minor = _HEADER.unpack_from(self.buf, self.pos)
        self.pos += 16
        if (major, minor) != (1, 0):
            raise self.fail(f"unsupported format version {major}.{minor} (only 1.0 exists)", 1)
        if root_id == 0:
            raise self.fail("the header names no root object (root id 0 is used by remoting "
                            "method calls, which serialkit does not read)", 1)
        self.root_id = root_id
        try:
            self.loop()
        except SerializationError as exc:
            # A direct binder's error is reported again by the general path, with its path.
            if exc.path is None and self.binding is None:
                exc.path = self.stack_path(root_id)
            raise
        if not allow_trailing and self.pos != self.end:
            raise self.fail(f"{self.end - self.pos} unexpected bytes after MessageEnd")
        try:
            self.resolve()
        except SerializationError as exc:
            if exc.path is None and self.binding is None and self.bad_slot is not None:
                exc.path = self.graph_path(root_id, *self.bad_slot)
            raise
        if root_id not in self.objects:
            raise NrbfFormatError(f"the header's root object id {root_id} is never defined",
                                  offset=1)
        if self.binding is not None:
            self.fill()
        return Payload(self.objects[root_id], root_id, header_id, self.objects,
                       self.libraries, self.pos, tuple(self.layouts.values()))

    def loop(self) -> None:
        buf, end = self.buf, self.end
        objects, libraries = self.objects, self.libraries
        max_depth, max_objects = self.limits.max_depth, self.limits.max_objects
        i32_from, ii_from = _I32.unpack_from, _II.unpack_from
        stack: list[_Frame] = []
        self.stack = stack  # for the path of an error (stack_path)
        steps_of: dict[int, tuple[tuple[_Step | None, ...], _Reader]] = {}
        direct, makers = self.binding is not None, self.makers
        no_values: list[Any] = []
        while True:
            slot: MemberType | None = None
            frame: _Frame | None = None
            values = no_values
            while stack:
                frame = stack[-1]
                if frame.remaining > 0:
                    break
                stack.pop()
                frame = None
            if frame is not None:
                values = frame.values
                if frame.is_array:
                    slot = frame.slot
                    assert slot is not None
                    if slot.binary_type is not BinaryType.PRIMITIVE:
                        frame.remaining = self.references(values, frame.remaining,
                                                          slot.binary_type)
                        if frame.remaining <= 0:
                            continue
                else:
                    assert frame.types is not None and frame.steps is not None
                    assert frame.reader is not None
                    # The layout's generated reader takes every member it can; the rest
                    # (nested records, anything unusual) is read below, one at a time.
                    i = frame.reader(self, values, len(values))
                    frame.remaining = len(frame.types) - i
                    if frame.remaining <= 0:
                        continue
                    step = frame.steps[i]
                    if step is not None:
                        frame.remaining -= self.primitives(step, values, frame.types, i)
                        continue
                    slot = frame.types[i]
            start = self.pos
            if start >= end:
                self.byte("a record")  # raises: truncated
            tag = buf[start]
            self.pos = start + 1
            while tag == _BINARY_LIBRARY:
                self.library()
                start = self.pos
                tag = self.byte("a record")
            if frame is None:
                if tag == _MESSAGE_END:
                    return
                if tag not in _CLASS_TAGS and tag not in _ARRAY_TAGS and \
                        tag != _BINARY_OBJECT_STRING:
                    raise self.fail(f"{_describe_tag(tag)} cannot appear at the top level",
                                    start)
            assert frame is None or slot is not None
            if tag == _MEMBER_REFERENCE:
                assert frame is not None and slot is not None
                pos = self.pos
                if end - pos >= 4:
                    (ref,) = i32_from(buf, pos)
                    self.pos = pos + 4
                else:
                    ref = self.i32("a reference id")
                self.refer(values, ref, start, slot.binary_type)
                frame.remaining -= 1
            elif tag == _OBJECT_NULL:
                assert frame is not None
                values.append(None)
                frame.remaining -= 1
            elif tag == _BINARY_OBJECT_STRING:
                object_id, text = self.object_string()
                if slot is not None and slot.binary_type in _ARRAY_SLOTS:
                    self.check_slot(slot, "string", start)
                count = self.record_count + 1
                if count > max_objects or object_id <= 0 or object_id in objects or \
                        object_id in libraries:
                    self.register(object_id, text, start)
                else:
                    self.record_count = count
                    objects[object_id] = text
                if frame is not None:
                    values.append(text)
                    frame.remaining -= 1
            elif tag in _CLASS_TAGS:
                pos = self.pos
                layout: ClassLayout | None = None
                record: ClassRecord | None
                if tag == _CLASS_WITH_ID and end - pos >= 8:
                    object_id, metadata_id = ii_from(buf, pos)
                    layout = self.layouts.get(metadata_id)
                if layout is None:
                    record, layout = self.class_record(tag, start)
                    object_id = record.object_id
                else:
                    self.pos = pos + 8
                    record = None if direct else ClassRecord(object_id, layout, start)
                if slot is not None and slot.binary_type in _NOT_OBJECT_SLOTS:
                    self.check_slot(slot, "object", start)
                if direct:
                    maker = makers.get(id(layout))
                    if maker is None:
                        maker = makers[id(layout)] = self.make(layout)
                    cls, bind, early = maker
                    members: list[Any] = []
                    if cls is list:
                        value: Any = []
                        self.lists += (value, members, bind, start)
                    else:
                        value = cls.__new__(cls)
                else:
                    assert record is not None
                    value, members = record, record.values
                count = self.record_count + 1
                if count > max_objects or object_id <= 0 or object_id in objects or \
                        object_id in libraries:
                    self.register(object_id, value, start)
                else:
                    self.record_count = count
                    objects[object_id] = value
                if frame is not None:
                    values.append(value)
                    frame.remaining -= 1
                if layout.member_names:
                    if len(stack) >= max_depth:
                        raise self.too_deep(max_depth, start)
                    how = steps_of.get(id(layout))
                    if how is None:
                        how = steps_of[id(layout)] = _layout_reader(layout.member_types)
                    # The generated reader usually takes every member at once; a frame is
                    # needed only for what it leaves to the loop.
                    n = len(layout.member_names)
                    fixups = len(self.fix_lists)
                    done = how[1](self, members, 0)
                    if done < n:
                        nested = _Frame(value, members, layout.member_types, None, n, *how)
                        nested.remaining = n - done
                        stack.append(nested)
                    if direct and cls is not list:
                        # Filled now when every member is known (no forward reference) and
                        # none waits for a list to be complete; else after the last record.
                        if early and done == n and len(self.fix_lists) == fixups:
                            bind(value, members)
                        else:
                            self.fills += (bind, value, members)
                elif direct and cls is not list:
                    bind(value, members)
            elif tag == _MEMBER_PRIMITIVE_TYPED:
                code = self.primitive_code("a MemberPrimitiveTyped record")
                # A boxed Int16, Char... keeps its type, so that it is written back as one.
                value = boxed(code, self.primitive(code))
                self.check_slot(slot, "boxed primitive", start)
                assert frame is not None
                values.append(value)
                frame.remaining -= 1
            elif tag in (_OBJECT_NULL_MULTIPLE_256, _OBJECT_NULL_MULTIPLE):
                count = (self.byte("a null count") if tag == _OBJECT_NULL_MULTIPLE_256
                         else self.i32("a null count"))
                if frame is None or not frame.is_array:
                    raise self.fail("a run of nulls can only appear inside an array", start)
                if not 1 <= count <= frame.remaining:
                    raise self.fail(f"a run of {count} nulls does not fit the "
                                    f"{frame.remaining} array elements that remain", start)
                self.null_slots += count
                if self.null_slots > self.null_budget:
                    raise self.limit(
                        f"null runs fill more than {self.null_budget} array slots (the "
                        f"limit for a {self.end}-byte payload: max_null_slots="
                        f"{self.limits.max_null_slots} plus {NULL_SLOTS_PER_BYTE} per byte)",
                        start)
                values.extend([None] * count)
                frame.remaining -= count
            elif tag in _ARRAY_TAGS:
                found = self.common_array(tag, start)
                if found is None:
                    pos = self.pos
                    arr, element, count = self.array_record(tag, start)
                    if tag == _BINARY_ARRAY and arr.array_type is BinaryArrayType.SINGLE:
                        # id, array type, rank and length take 13 bytes; the element type
                        # follows: remember it by its bytes (see common_array).
                        self.elements[buf[pos + 13:self.pos]] = element
                else:
                    arr, element, count = found
                if slot is not None and slot.binary_type is BinaryType.STRING:
                    self.check_slot(slot, "array", start)
                if direct and len(arr.lengths) != 1:
                    raise NotDirect
                self.register(arr.object_id, arr, start)
                if element.binary_type is BinaryType.PRIMITIVE:
                    assert isinstance(element.info, PrimitiveType)
                    arr.values = self.primitive_array(element.info, count)
                if direct:
                    # The array is its list of elements (bytes for a byte[]), filled in place.
                    value = objects[arr.object_id] = arr.values
                    self.array_ids.add(id(value))
                else:
                    value = arr
                if frame is not None:
                    values.append(value)
                    frame.remaining -= 1
                if count and element.binary_type is not BinaryType.PRIMITIVE:
                    if len(stack) >= max_depth:
                        raise self.too_deep(max_depth, start)
                    left = self.references(arr.values, count, element.binary_type)
                    if left > 0:
                        nested = _Frame(arr, arr.values, None, element, count)
                        nested.remaining = left
                        stack.append(nested)
            else:
                where = "at the top level" if frame is None else "here"
                raise self.fail(f"{_describe_tag(tag)} cannot appear {where}", start)

    # -- binding as it reads (see Maker) -----------------------------------------------
    def make(self, layout: ClassLayout) -> Maker:
        """The maker of a layout met for the first time (raises NotDirect)."""
        assert self.binding is not None
        return self.binding(layout)

    def fill(self) -> None:
        """Fill the lists, then the instances, once every reference is resolved: a member
        converted on assignment (a list made a tuple) finds its list complete."""
        arrays = self.array_ids
        lists = iter(self.lists)
        for shell, values, (items_at, size_at), _ in zip(lists, lists, lists, lists,
                                                          strict=True):
            items, size = values[items_at], values[size_at]
            if id(items) not in arrays or size.__class__ is not int or \
                    not 0 <= size <= len(items):
                raise NotDirect  # the general path reports it, with the record's offset
            shell.extend(items if size == len(items) else items[:size])
        fills = iter(self.fills)
        for bind, obj, values in zip(fills, fills, fills, strict=True):
            bind(obj, values)

    def refer(self, values: list[Any], ref: int, at: int, kind: BinaryType) -> None:
        """Append the value of a MemberReference at offset ``at``: the object itself when it
        is already read and fits the slot, else a fixup that ``resolve`` completes or
        reports."""
        target = self.objects.get(ref)
        if ref > 0 and target is not None and (kind not in _NOT_OBJECT_SLOTS or
                                               self.fits(target, kind)):
            values.append(target)
        else:
            self.fix_lists.append(values)
            self.fix_ints.extend((len(values), ref, at, int(kind)))
            values.append(None)

    def fits(self, target: Any, kind: BinaryType) -> bool:
        """Whether ``resolve`` would accept ``target`` for a slot of binary type ``kind``."""
        if kind is BinaryType.STRING:
            return target.__class__ is str
        if kind in _ARRAY_SLOTS:
            return target.__class__ is ArrayRecord or id(target) in self.array_ids
        return True

    def references(self, values: list[Any], remaining: int, kind: BinaryType) -> int:
        """Read, of the ``remaining`` elements of an array, those that are MemberReference or
        ObjectNull records, as the loop would, up to the first other record; returns how many
        elements remain."""
        buf, end, p = self.buf, self.end, self.pos
        i32_from = _I32.unpack_from
        objects = self.objects
        checked = kind in _NOT_OBJECT_SLOTS
        strings = kind is BinaryType.STRING
        pend_list, pend_ints, code = self.fix_lists.append, self.fix_ints.extend, int(kind)
        while remaining > 0 and p < end:
            tag = buf[p]
            if tag == _MEMBER_REFERENCE and end - p >= 5:
                # refer(), inlined: arrays of references are the bulk of most payloads.
                ref = i32_from(buf, p + 1)[0]
                target = objects.get(ref)
                if ref > 0 and target is not None and (
                        not checked or (target.__class__ is str if strings else
                                        self.fits(target, kind))):
                    values.append(target)
                else:
                    pend_list(values)
                    pend_ints((len(values), ref, p, code))
                    values.append(None)
                p += 5
            elif tag == _OBJECT_NULL:
                values.append(None)
                p += 1
            else:
                break
            remaining -= 1
        self.pos = p
        return remaining

    def primitives(self, step: _Step, values: list[Any], types: tuple[MemberType, ...],
                   index: int) -> int:
        """Read the member at ``index`` and, for a run of fixed-width primitives, the rest of
        the run, in one unpack; returns how many were read. Anything amiss (too few bytes, a
        bad DateTime) is read again member by member, which raises the precise error."""
        if isinstance(step, _Run):
            pos = self.pos
            if self.end - pos >= step.size:
                got = step.unpack_from(self.buf, pos)
                if step.post:
                    converted = _convert(list(got), step.post)
                    if converted is not None:
                        values.extend(converted)
                        self.pos = pos + step.size
                        return step.count
                else:
                    values.extend(got)
                    self.pos = pos + step.size
                    return step.count
            for t in types[index:index + step.count]:
                assert isinstance(t.info, PrimitiveType)
                values.append(self.primitive(t.info))
            return step.count
        values.append(self.primitive(step))
        return 1

    def common_array(self, tag: int, start: int) -> tuple[ArrayRecord, MemberType, int] | None:
        """The header of a one-dimensional array of the usual kinds, read quickly; None when
        :meth:`array_record` must read it (anything unusual, or an element type not met yet).

        A BinaryArray's element type is looked up by its bytes among those already read, so
        a List<T>'s ``_items`` does not decode T's name again for every list.
        """
        buf, pos, end = self.buf, self.pos, self.end
        if tag == _BINARY_ARRAY:
            if end - pos < 14 or buf[pos + 4] != BinaryArrayType.SINGLE:
                return None
            object_id, _, rank, count = _ARRAY_HEAD.unpack_from(buf, pos)
            p = pos + 13
            kind = buf[p]
            if kind in _NAMED_KINDS:
                n = buf[p + 1] if p + 1 < end else 0x80
                stop = p + 2 + n + (4 if kind == _CLASS_KIND else 0)
                if n >= 0x80:
                    return None
            elif kind in _INFOLESS:
                stop = p + 1
            else:
                return None
            element = self.elements.get(buf[p:stop]) if rank == 1 and stop <= end else None
            if element is None:
                return None
            lengths: tuple[int, ...] = (count,)
        elif tag in _SINGLE_SLOTS and end - pos >= 8:
            object_id, count = _II.unpack_from(buf, pos)
            element = _SINGLE_SLOTS[tag]
            stop = pos + 8
            lengths = (count,)
        else:
            return None
        if not 0 <= count <= self.limits.max_array_length or \
                self.total_elements + count > self.limits.max_total_elements:
            return None
        self.total_elements += count
        self.pos = stop
        return ArrayRecord(object_id, _RECORD_TYPES[tag], BinaryArrayType.SINGLE, lengths, (0,),
                           element, start), element, count

    def object_string(self) -> tuple[int, str]:
        """A BinaryObjectString's id and text (its tag already read)."""
        buf, pos = self.buf, self.pos
        # Fast path: a short string (one-byte length) that fits and is valid UTF-8.
        if self.end - pos >= 5:
            n = buf[pos + 4]
            stop = pos + 5 + n
            if n < 0x80 and stop <= self.end and n <= self.limits.max_string_bytes:
                try:
                    text = buf[pos + 5:stop].decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:
                    self.pos = stop
                    (object_id,) = _I32.unpack_from(buf, pos)
                    return object_id, text
        object_id = self.i32("an object id")
        return object_id, self.string()

    def check_slot(self, slot: MemberType | None, what: str, start: int) -> None:
        if slot is None:
            return
        bt = slot.binary_type
        article = "an" if what[0] in "aeiou" else "a"
        if bt is BinaryType.STRING and what not in ("string", "null", "reference"):
            raise self.fail(f"a String member or element holds {article} {what} record", start)
        if bt in _ARRAY_SLOTS and what not in ("array", "null", "reference"):
            raise self.fail(f"an array-typed member or element holds {article} {what} record",
                            start)

    def resolve(self) -> None:
        for layout, index, lib_id, at in self.pending_libs:
            lib = self.libraries.get(lib_id)
            if lib is None:
                raise NrbfFormatError(f"a member type of {layout.type_name} refers to library "
                                      f"id {lib_id}, which the payload never defines", offset=at)
            assert layout.member_types is not None
            types = list(layout.member_types)
            name = types[index].info
            assert isinstance(name, tuple)
            type_name = name[0]
            if self.undo_truncated:
                type_name, lib = self.untruncated(type_name, lib, at)
            types[index] = MemberType(BinaryType.CLASS, (type_name, lib))
            layout.member_types = tuple(types)
        objects = self.objects
        ints = iter(self.fix_ints)
        for values, index, ref, at, kind in zip(self.fix_lists, ints, ints, ints, ints,
                                                strict=True):
            target = objects.get(ref)  # never None for an id that is defined
            if target is None or (kind in _NOT_OBJECT_SLOTS and
                                  not self.fits(target, _BINARY_TYPES[kind])):
                self.bad_slot = (values, index)
                self.bad_reference(ref, at, _BINARY_TYPES[kind])
            values[index] = target

    def bad_reference(self, ref: int, at: int, expect: BinaryType) -> None:
        """Raise the error of a MemberReference that ``resolve`` cannot complete."""
        if ref not in self.objects:
            raise NrbfFormatError(f"reference to object id {ref}, which the payload never "
                                  "defines", offset=at)
        if expect is BinaryType.STRING:
            raise NrbfFormatError(f"a String member or element refers to object id {ref}, "
                                  "which is not a string", offset=at)
        raise NrbfFormatError(f"an array-typed member or element refers to object id "
                              f"{ref}, which is not an array", offset=at)


    def too_deep(self, max_depth: int, start: int) -> SerializationError:
        """The error of a record (the last value read) nested deeper than ``max_depth``."""
        err = self.limit(f"records nest deeper than max_depth={max_depth}", start)
        if self.binding is None:
            err.path = self.stack_path(self.root_id, record=True)
        return err

    def untruncated(self, type_name: str, library: str, at: int) -> tuple[str, str]:
        """The type and library names a writer split a generic name across, joined again.

        .NET Framework's ResXSerializationBinder could cut ``List`1[[System.String,
        mscorlib, ...]]`` at its first comma: type ``List`1[[System.String``, library
        ``mscorlib, ...]]``. A type name whose brackets do not balance is such a piece: it is
        joined to the library name and cut again after its brackets close; the assembly is
        what follows (mscorlib when nothing does). Other names are returned as they are.
        """
        if type_name.count("[") == type_name.count("]"):
            return type_name, library
        joined = f"{type_name}, {library.lstrip()}"
        depth = 0
        for i, c in enumerate(joined):
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth < 0:
                    break
            elif c == "," and depth == 0:
                assembly = joined[i + 1:].strip()
                if assembly and "[" not in assembly and "]" not in assembly:
                    return joined[:i].rstrip(), assembly
                break
        else:
            if depth == 0:
                return joined.rstrip(), CORE_LIBRARY
        raise self.fail(f"type name {type_name!r} and library name {library!r} do not join "
                        "into one type name (undo_truncated_type_names)", at)

    # -- where an error is (only once one is raised) ---------------------------------------
    def stack_path(self, root_id: int, record: bool = False) -> str | None:
        """The graph path of the element or member the loop was reading: down the stack of
        records being read, each one the last value of the one before; the innermost may
        have been started by a layout's generated reader before it got a frame."""
        from serialkit.runtime.paths import ROOT, GraphPath

        stack = self.stack
        if not stack:
            return None
        first = stack[0].record
        path = ROOT if first.object_id == root_id else GraphPath(None, f"#{first.object_id}")
        frames: list[tuple[Any, list[Any], int]] = [
            (f.record, f.values, len(f.values) - 1) for f in stack[:-1]]
        top = stack[-1]
        last = top.values[-1] if top.values else None
        if record:  # the error is about the last value itself
            frames.append((top.record, top.values, len(top.values) - 1))
        elif isinstance(last, ClassRecord) and last is not top.record and \
                len(last.values) < len(last.member_names):
            frames += [(top.record, top.values, len(top.values) - 1),
                       (last, last.values, len(last.values))]
        else:
            frames.append((top.record, top.values, len(top.values)))
        for owner, _, index in frames:
            path = _step(path, owner, index)
        return str(path)

    def graph_path(self, root_id: int, values: list[Any], index: int) -> str | None:
        """The graph path of ``values[index]``: found by a breadth-first walk from the root
        (parent links, no recursion), or from the record holding ``values`` when the root
        does not reach it."""
        from serialkit.runtime.paths import ROOT, GraphPath

        owner: ClassRecord | ArrayRecord | None = next(
            (r for r in self.objects.values()
             if isinstance(r, ClassRecord | ArrayRecord) and r.values is values), None)
        if owner is None:
            return None
        owner_id = owner.object_id
        root = self.objects.get(root_id)
        parents: dict[int, tuple[Any, int] | None] = {id(root): None}
        queue = [root]
        for record in queue:  # grows as it goes: a breadth-first walk
            if record is owner:
                break
            children = record.values if isinstance(record, ClassRecord | ArrayRecord) else None
            if not isinstance(children, list):
                continue
            for i, child in enumerate(children):
                if isinstance(child, ClassRecord | ArrayRecord) and id(child) not in parents:
                    parents[id(child)] = (record, i)
                    queue.append(child)
        steps: list[tuple[Any, int]] = [(owner, index)]
        if id(owner) in parents:
            node = parents[id(owner)]
            while node is not None:
                steps.append(node)
                node = parents[id(node[0])]
            path = ROOT
        else:
            path = GraphPath(None, f"#{owner_id}")
        for record, i in reversed(steps):
            path = _step(path, record, i)
        return str(path)


def _step(path: Any, record: Any, index: int) -> Any:
    """``path`` extended by member or element ``index`` of ``record``."""
    if isinstance(record, ClassRecord) and 0 <= index < len(record.member_names):
        return path.child(record.member_names[index])
    return path.item(index)


def _describe_tag(tag: int) -> str:
    if tag in (18, 19, 20):
        return f"record type {tag} (a CrossAppDomain record, not part of MS-NRBF)"
    if tag in (RecordType.METHOD_CALL, RecordType.METHOD_RETURN):
        return (f"a remoting {RecordType(tag).name.replace('_', ' ').title()} record "
                "(serialkit reads object graphs, not remoting messages)")
    try:
        return f"a {RecordType(tag).name} record"
    except ValueError:
        return f"unknown record type 0x{tag:02X}"
