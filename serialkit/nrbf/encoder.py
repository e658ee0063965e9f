"""An MS-NRBF encoder: one method per record, emitting what BinaryFormatter emits."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from serialkit.errors import SerializationError
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.values import datetime_to_raw, decimal_to_text, timedelta_to_ticks

__all__ = ["NrbfWriter", "utf8"]

_PACK = {
    PrimitiveType.BOOLEAN: struct.Struct("<?"),
    PrimitiveType.BYTE: struct.Struct("<B"),
    PrimitiveType.DOUBLE: struct.Struct("<d"),
    PrimitiveType.INT16: struct.Struct("<h"),
    PrimitiveType.INT32: struct.Struct("<i"),
    PrimitiveType.INT64: struct.Struct("<q"),
    PrimitiveType.SBYTE: struct.Struct("<b"),
    PrimitiveType.SINGLE: struct.Struct("<f"),
    PrimitiveType.UINT16: struct.Struct("<H"),
    PrimitiveType.UINT32: struct.Struct("<I"),
    PrimitiveType.UINT64: struct.Struct("<Q"),
}
_ARRAY_FMT = {PrimitiveType.BOOLEAN: "?", PrimitiveType.DOUBLE: "d", PrimitiveType.INT16: "h",
              PrimitiveType.INT32: "i", PrimitiveType.INT64: "q", PrimitiveType.SBYTE: "b",
              PrimitiveType.SINGLE: "f", PrimitiveType.UINT16: "H", PrimitiveType.UINT32: "I",
              PrimitiveType.UINT64: "Q"}
_I32 = struct.Struct("<i")
# Record heads as one pack each, with the tags as plain ints (an IntEnum member costs more).
_STRING_HEAD = struct.Struct("<BiB")  # BinaryObjectString with a one-byte length
_CLASS_WITH_ID = struct.Struct("<Bii")
_BINARY_OBJECT_STRING = int(RecordType.BINARY_OBJECT_STRING)
_CLASS_WITH_ID_TAG = int(RecordType.CLASS_WITH_ID)
_OBJECT_NULL = int(RecordType.OBJECT_NULL)
_OFFSET = frozenset({BinaryArrayType.SINGLE_OFFSET, BinaryArrayType.JAGGED_OFFSET,
                     BinaryArrayType.RECTANGULAR_OFFSET})


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate (which UTF-8 cannot hold) is a SerializationError.

    .NET's writer puts U+FFFD in its place without a word; refusing keeps a Python string
    from changing silently on its way through a payload.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise SerializationError(
            f"the string {shown!r} holds a lone surrogate (U+{ord(text[exc.start]):04X} at "
            f"index {exc.start}), which UTF-8 cannot encode; MS-NRBF strings are UTF-8 (.NET "
            "would write U+FFFD in its place): pair it or replace it first") from None


class NrbfWriter:
    """Appends records to ``buf``. Values must already fit their declared types.

    Member types for Class members are ``(BinaryType.CLASS, (type name, library id))`` here:
    the caller writes the BinaryLibrary first and passes its id.
    """

    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf = bytearray()

    def header(self, root_id: int, header_id: int = -1) -> None:
        """SerializedStreamHeader, format version 1.0."""
        self.buf += b"\x00" + struct.pack("<iiii", root_id, header_id, 1, 0)

    def end(self) -> None:
        """MessageEnd."""
        self.buf.append(RecordType.MESSAGE_END)

    def lps(self, text: str) -> None:
        """A LengthPrefixedString (7-bit encoded UTF-8 byte count, then the bytes)."""
        self.prefixed(utf8(text))

    def prefixed(self, data: bytes) -> None:
        """UTF-8 bytes as a LengthPrefixedString (their 7-bit encoded count first)."""
        n = len(data)
        buf = self.buf
        while n >= 0x80:
            buf.append((n & 0x7F) | 0x80)
            n >>= 7
        buf.append(n)
        buf += data

    def library(self, lib_id: int, name: str) -> None:
        """BinaryLibrary."""
        self.buf.append(RecordType.BINARY_LIBRARY)
        self.buf += _I32.pack(lib_id)
        self.lps(name)

    def string(self, object_id: int, text: str) -> None:
        """BinaryObjectString."""
        data = utf8(text)
        if len(data) < 0x80:
            self.buf += _STRING_HEAD.pack(_BINARY_OBJECT_STRING, object_id, len(data)) + data
            return
        self.buf.append(_BINARY_OBJECT_STRING)
        self.buf += _I32.pack(object_id)
        self.prefixed(data)

    def reference(self, object_id: int) -> None:
        """MemberReference."""
        self.buf.append(RecordType.MEMBER_REFERENCE)
        self.buf += _I32.pack(object_id)

    def null(self) -> None:
        """ObjectNull."""
        self.buf.append(RecordType.OBJECT_NULL)

    def nulls(self, count: int) -> None:
        """A run of nulls: ObjectNull, ObjectNullMultiple256 or ObjectNullMultiple."""
        if count == 1:
            self.buf.append(_OBJECT_NULL)
        elif count < 256:
            self.buf += bytes((RecordType.OBJECT_NULL_MULTIPLE_256, count))
        else:
            self.buf.append(RecordType.OBJECT_NULL_MULTIPLE)
            self.buf += _I32.pack(count)

    def primitive(self, code: PrimitiveType, value: Any) -> None:
        """A raw primitive value (no record tag). Raises struct.error/ValueError if unfit."""
        st = _PACK.get(code)
        if st is not None:
            if code is PrimitiveType.BOOLEAN and value.__class__ is not bool:
                raise TypeError(f"System.Boolean is written from a bool, not a "
                                f"{type(value).__qualname__}")
            self.buf += st.pack(value)
        elif code is PrimitiveType.DATETIME:
            self.buf += struct.pack("<Q", datetime_to_raw(value))
        elif code is PrimitiveType.TIMESPAN:
            self.buf += struct.pack("<q", timedelta_to_ticks(value))
        elif code is PrimitiveType.DECIMAL:
            self.lps(decimal_to_text(value))
        elif code is PrimitiveType.CHAR:
            if not isinstance(value, str) or len(value) != 1 or ord(value) > 0xFFFF \
                    or 0xD800 <= ord(value) <= 0xDFFF:
                raise ValueError(f"{value!r} is not a single UTF-16 code unit (System.Char)")
            self.buf += value.encode("utf-8")
        else:
            raise ValueError(f"{code.name} is not a primitive value type")

    def member_primitive_typed(self, code: PrimitiveType, value: Any) -> None:
        """MemberPrimitiveTyped: a boxed primitive in an Object-typed slot."""
        self.buf += bytes((RecordType.MEMBER_PRIMITIVE_TYPED, code))
        self.primitive(code, value)

    def class_with_id(self, object_id: int, metadata_id: int) -> None:
        """ClassWithId: an instance reusing an earlier record's class metadata."""
        self.buf += _CLASS_WITH_ID.pack(_CLASS_WITH_ID_TAG, object_id, metadata_id)

    def class_record(self, object_id: int, type_name: str, names: Sequence[str],
                     types: Sequence[tuple[BinaryType, Any]], library_id: int | None) -> None:
        """(System)ClassWithMembersAndTypes; a None library means mscorlib (a system class)."""
        self.buf.append(RecordType.SYSTEM_CLASS_WITH_MEMBERS_AND_TYPES if library_id is None
                        else RecordType.CLASS_WITH_MEMBERS_AND_TYPES)
        self.buf += _I32.pack(object_id)
        self.lps(type_name)
        self.buf += _I32.pack(len(names))
        for name in names:
            self.lps(name)
        self.buf += bytes(bt for bt, _ in types)
        for bt, info in types:
            self._additional_info(bt, info)
        if library_id is not None:
            self.buf += _I32.pack(library_id)

    def _additional_info(self, bt: BinaryType, info: Any) -> None:
        if bt in (BinaryType.PRIMITIVE, BinaryType.PRIMITIVE_ARRAY):
            self.buf.append(info)
        elif bt is BinaryType.SYSTEM_CLASS:
            self.lps(info)
        elif bt is BinaryType.CLASS:
            self.lps(info[0])
            self.buf += _I32.pack(info[1])

    def array_single_primitive(self, object_id: int, code: PrimitiveType,
                               values: Sequence[Any] | bytes) -> None:
        """ArraySinglePrimitive with its raw values."""
        self.buf.append(RecordType.ARRAY_SINGLE_PRIMITIVE)
        self.buf += struct.pack("<ii", object_id, len(values))
        self.buf.append(code)
        self.primitive_values(code, values)

    def primitive_values(self, code: PrimitiveType, values: Sequence[Any] | bytes) -> None:
        """Raw primitive values back to back, packed in one call where the width is fixed."""
        if code is PrimitiveType.BYTE:
            self.buf += bytes(values)
            return
        fmt = _ARRAY_FMT.get(code)
        if code is PrimitiveType.BOOLEAN:
            for v in values:
                if v.__class__ is not bool:
                    raise TypeError(f"System.Boolean is written from a bool, not a "
                                    f"{type(v).__qualname__}")
        if fmt is not None:
            self.buf += struct.pack(f"<{len(values)}{fmt}", *values)
        else:
            for v in values:
                self.primitive(code, v)

    def array_single(self, record_type: RecordType, object_id: int, length: int) -> None:
        """ArraySingleObject or ArraySingleString header; the elements follow as records."""
        self.buf.append(record_type)
        self.buf += struct.pack("<ii", object_id, length)

    def binary_array(self, object_id: int, array_type: BinaryArrayType,
                     lengths: Sequence[int], lower_bounds: Sequence[int] | None,
                     element: tuple[BinaryType, Any]) -> None:
        """BinaryArray header; elements follow (raw for primitives, else records)."""
        self.buf.append(RecordType.BINARY_ARRAY)
        self.buf += _I32.pack(object_id)
        self.buf.append(array_type)
        self.buf += _I32.pack(len(lengths))
        for n in lengths:
            self.buf += _I32.pack(n)
        if array_type in _OFFSET:
            for lb in lower_bounds or [0] * len(lengths):
                self.buf += _I32.pack(lb)
        self.buf.append(element[0])
        self._additional_info(*element)
