"""A tiny, test-only MS-NRBF record writer.

Each function returns the bytes of one record (or one wire primitive), so a test payload reads
like the record list it is::

    header(root=1) + array_single_object(1, length=2) + null_multiple_256(5) + end()

Nothing here validates anything: the point is to be able to write *invalid* streams (lying
lengths, unknown codes, negative counts) as easily as valid ones. Every ``length=``/``count=``
override writes the given number verbatim whatever data follows.

Wire format: MS-NRBF (https://learn.microsoft.com/openspecs/windows_protocols/ms-nrbf/), as
digested in notes/nrbf.md §2.1-2.3. Everything is little-endian.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from enum import IntEnum

__all__ = [
    "OBJECT",
    "OBJECT_ARRAY",
    "STRING",
    "STRING_ARRAY",
    "ArrayType",
    "BinaryType",
    "Prim",
    "Rec",
    "array_single_object",
    "array_single_primitive",
    "array_single_string",
    "binary_array",
    "binary_library",
    "class_with_id",
    "class_with_members_and_types",
    "datetime_bits",
    "end",
    "f32",
    "f64",
    "header",
    "i8",
    "i16",
    "i32",
    "i64",
    "klass",
    "lps",
    "member_primitive_typed",
    "member_reference",
    "null",
    "null_multiple",
    "null_multiple_256",
    "nulls",
    "object_string",
    "prim",
    "prim_array",
    "record",
    "system_class",
    "system_class_with_members_and_types",
    "u8",
    "u16",
    "u32",
    "u64",
    "varint",
]


class Rec(IntEnum):
    """RecordTypeEnumeration (notes §2.2)."""

    SerializedStreamHeader = 0x00
    ClassWithId = 0x01
    SystemClassWithMembers = 0x02
    ClassWithMembers = 0x03
    SystemClassWithMembersAndTypes = 0x04
    ClassWithMembersAndTypes = 0x05
    BinaryObjectString = 0x06
    BinaryArray = 0x07
    MemberPrimitiveTyped = 0x08
    MemberReference = 0x09
    ObjectNull = 0x0A
    MessageEnd = 0x0B
    BinaryLibrary = 0x0C
    ObjectNullMultiple256 = 0x0D
    ObjectNullMultiple = 0x0E
    ArraySinglePrimitive = 0x0F
    ArraySingleObject = 0x10
    ArraySingleString = 0x11
    MethodCall = 0x15
    MethodReturn = 0x16


class BinaryType(IntEnum):
    """BinaryTypeEnumeration, the member kinds of MemberTypeInfo (notes §2.2)."""

    Primitive = 0
    String = 1
    Object = 2
    SystemClass = 3
    Class = 4
    ObjectArray = 5
    StringArray = 6
    PrimitiveArray = 7


class Prim(IntEnum):
    """PrimitiveTypeEnumeration (notes §2.2). 4 is unused; 17 and 18 are context-limited."""

    Boolean = 1
    Byte = 2
    Char = 3
    Decimal = 5
    Double = 6
    Int16 = 7
    Int32 = 8
    Int64 = 9
    SByte = 10
    Single = 11
    TimeSpan = 12
    DateTime = 13
    UInt16 = 14
    UInt32 = 15
    UInt64 = 16
    Null = 17
    String = 18


class ArrayType(IntEnum):
    """BinaryArrayTypeEnumeration (notes §2.2)."""

    Single = 0
    Jagged = 1
    Rectangular = 2
    SingleOffset = 3
    JaggedOffset = 4
    RectangularOffset = 5


# --- fixed-width primitives ---------------------------------------------------------------


def u8(v: int) -> bytes:
    return struct.pack("<B", v)


def i8(v: int) -> bytes:
    return struct.pack("<b", v)


def i16(v: int) -> bytes:
    return struct.pack("<h", v)


def u16(v: int) -> bytes:
    return struct.pack("<H", v)


def i32(v: int) -> bytes:
    return struct.pack("<i", v)


def u32(v: int) -> bytes:
    return struct.pack("<I", v)


def i64(v: int) -> bytes:
    return struct.pack("<q", v)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v)


def f32(v: float) -> bytes:
    return struct.pack("<f", v)


def f64(v: float) -> bytes:
    return struct.pack("<d", v)


def datetime_bits(ticks: int, kind: int = 0) -> bytes:
    """A DateTime primitive: 62 bits of ticks, Kind in the top 2 bits (3: LocalAmbiguousDst)."""
    return u64((kind << 62) | (ticks & ((1 << 62) - 1)))


# --- LengthPrefixedString -----------------------------------------------------------------


def varint(n: int) -> bytes:
    """7-bit encoded length (low groups first, high bit = "more"), as BinaryWriter writes it.

    Any non-negative n is encoded, even ones above 2**31-1 (which take a 5th byte with
    forbidden high bits, or a 6th byte): that is how hostile varints are built.
    """
    if n < 0:
        raise ValueError("varint() encodes non-negative numbers; write raw bytes for others")
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def lps(s: str | bytes, *, length: int | None = None, prefix: bytes | None = None) -> bytes:
    """LengthPrefixedString: varint byte count, then UTF-8 bytes.

    ``s`` as bytes is written raw (to write invalid UTF-8). ``length`` overrides the declared
    byte count; ``prefix`` replaces the whole varint with raw bytes.
    """
    data = s.encode("utf-8") if isinstance(s, str) else s
    if prefix is None:
        prefix = varint(len(data) if length is None else length)
    return prefix + data


# --- records ------------------------------------------------------------------------------


def record(tag: int, *parts: bytes) -> bytes:
    """Any record: the tag byte and its body, verbatim (for unknown record types)."""
    return u8(tag) + b"".join(parts)


def header(root: int = 1, header_id: int = -1, major: int = 1, minor: int = 0) -> bytes:
    """SerializedStreamHeader (17 bytes). BinaryFormatter writes root=1, header=-1, v1.0."""
    return record(Rec.SerializedStreamHeader, i32(root), i32(header_id), i32(major), i32(minor))


def end() -> bytes:
    """MessageEnd."""
    return record(Rec.MessageEnd)


def object_string(
    oid: int, s: str | bytes, *, length: int | None = None, prefix: bytes | None = None
) -> bytes:
    """BinaryObjectString(id, LPS)."""
    return record(Rec.BinaryObjectString, i32(oid), lps(s, length=length, prefix=prefix))


def binary_library(lib_id: int, name: str | bytes) -> bytes:
    """BinaryLibrary(library id, LPS assembly name)."""
    return record(Rec.BinaryLibrary, i32(lib_id), lps(name))


def member_reference(idref: int) -> bytes:
    """MemberReference(IdRef)."""
    return record(Rec.MemberReference, i32(idref))


def null() -> bytes:
    """ObjectNull."""
    return record(Rec.ObjectNull)


def null_multiple_256(count: int) -> bytes:
    """ObjectNullMultiple256: count as one unsigned byte (valid: 1-255)."""
    return record(Rec.ObjectNullMultiple256, u8(count))


def null_multiple(count: int) -> bytes:
    """ObjectNullMultiple: count as an Int32 (valid: >= 1)."""
    return record(Rec.ObjectNullMultiple, i32(count))


def nulls(count: int) -> bytes:
    """A run of nulls the way BinaryFormatter writes it (1: ObjectNull, <256: 256 form)."""
    if count == 1:
        return null()
    if count < 256:
        return null_multiple_256(count)
    return null_multiple(count)


def member_primitive_typed(code: int, value: bytes) -> bytes:
    """MemberPrimitiveTyped(PrimitiveType byte, raw value bytes)."""
    return record(Rec.MemberPrimitiveTyped, u8(code), value)


def array_single_object(oid: int, length: int) -> bytes:
    """ArraySingleObject header (id, length); the element records follow separately."""
    return record(Rec.ArraySingleObject, i32(oid), i32(length))


def array_single_string(oid: int, length: int) -> bytes:
    """ArraySingleString header (id, length); the element records follow separately."""
    return record(Rec.ArraySingleString, i32(oid), i32(length))


def array_single_primitive(oid: int, length: int, ptype: int, data: bytes = b"") -> bytes:
    """ArraySinglePrimitive(id, length, PrimitiveType) followed by ``data`` (raw values)."""
    return record(Rec.ArraySinglePrimitive, i32(oid), i32(length), u8(ptype), data)


# MemberTypeInfo entries: (BinaryType byte, AdditionalInfo bytes).
MemberType = tuple[int, bytes]

STRING: MemberType = (BinaryType.String, b"")
OBJECT: MemberType = (BinaryType.Object, b"")
OBJECT_ARRAY: MemberType = (BinaryType.ObjectArray, b"")
STRING_ARRAY: MemberType = (BinaryType.StringArray, b"")


def prim(code: int) -> MemberType:
    """A Primitive member (its values are written raw, with no record tag)."""
    return (BinaryType.Primitive, u8(code))


def prim_array(code: int) -> MemberType:
    """A PrimitiveArray member (its value is an ArraySinglePrimitive record or a reference)."""
    return (BinaryType.PrimitiveArray, u8(code))


def system_class(name: str | bytes) -> MemberType:
    """A SystemClass member: AdditionalInfo is the LPS type name."""
    return (BinaryType.SystemClass, lps(name))


def klass(name: str | bytes, lib_id: int) -> MemberType:
    """A Class member: AdditionalInfo is ClassTypeInfo (LPS type name + library id)."""
    return (BinaryType.Class, lps(name) + i32(lib_id))


def _class_info(
    oid: int, name: str | bytes, member_names: Sequence[str | bytes], member_count: int | None
) -> bytes:
    count = len(member_names) if member_count is None else member_count
    return i32(oid) + lps(name) + i32(count) + b"".join(lps(m) for m in member_names)


def _member_type_info(types: Iterable[MemberType]) -> bytes:
    types = list(types)
    return bytes(t for t, _ in types) + b"".join(extra for _, extra in types)


def class_with_members_and_types(
    oid: int,
    name: str | bytes,
    members: Sequence[tuple[str | bytes, MemberType]],
    lib_id: int,
    values: bytes = b"",
    *,
    member_count: int | None = None,
) -> bytes:
    """ClassWithMembersAndTypes: ClassInfo, MemberTypeInfo, LibraryId, then ``values``.

    ``members`` is [(name, member type)], e.g. [("A", prim(Prim.Int32)), ("S", STRING)].
    ``values`` is the already-encoded member values (raw primitives or records).
    """
    names = [m for m, _ in members]
    return record(
        Rec.ClassWithMembersAndTypes,
        _class_info(oid, name, names, member_count),
        _member_type_info(t for _, t in members),
        i32(lib_id),
        values,
    )


def system_class_with_members_and_types(
    oid: int,
    name: str | bytes,
    members: Sequence[tuple[str | bytes, MemberType]],
    values: bytes = b"",
    *,
    member_count: int | None = None,
) -> bytes:
    """SystemClassWithMembersAndTypes (mscorlib, so no library id)."""
    names = [m for m, _ in members]
    return record(
        Rec.SystemClassWithMembersAndTypes,
        _class_info(oid, name, names, member_count),
        _member_type_info(t for _, t in members),
        values,
    )


def class_with_id(oid: int, metadata_id: int, values: bytes = b"") -> bytes:
    """ClassWithId(object id, metadata id): reuses an earlier class record's metadata."""
    return record(Rec.ClassWithId, i32(oid), i32(metadata_id), values)


def binary_array(
    oid: int,
    array_type: int,
    lengths: Sequence[int],
    element: MemberType,
    *,
    rank: int | None = None,
    lower_bounds: Sequence[int] | None = None,
) -> bytes:
    """BinaryArray header; the elements follow separately.

    ``rank`` overrides the declared rank (default: len(lengths)); ``lower_bounds`` is written
    only if given (the *Offset array types need it).
    """
    body = i32(oid) + u8(array_type) + i32(len(lengths) if rank is None else rank)
    body += b"".join(i32(n) for n in lengths)
    if lower_bounds is not None:
        body += b"".join(i32(n) for n in lower_bounds)
    return record(Rec.BinaryArray, body, u8(element[0]), element[1])
