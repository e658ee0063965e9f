"""The enumerations of MS-NRBF (section 2.1.2 of the specification)."""

from __future__ import annotations

import enum

__all__ = ["BinaryArrayType", "BinaryType", "PrimitiveType", "RecordType"]


class RecordType(enum.IntEnum):
    """The one-byte tag that starts every record."""

    SERIALIZED_STREAM_HEADER = 0
    CLASS_WITH_ID = 1
    SYSTEM_CLASS_WITH_MEMBERS = 2
    CLASS_WITH_MEMBERS = 3
    SYSTEM_CLASS_WITH_MEMBERS_AND_TYPES = 4
    CLASS_WITH_MEMBERS_AND_TYPES = 5
    BINARY_OBJECT_STRING = 6
    BINARY_ARRAY = 7
    MEMBER_PRIMITIVE_TYPED = 8
    MEMBER_REFERENCE = 9
    OBJECT_NULL = 10
    MESSAGE_END = 11
    BINARY_LIBRARY = 12
    OBJECT_NULL_MULTIPLE_256 = 13
    OBJECT_NULL_MULTIPLE = 14
    ARRAY_SINGLE_PRIMITIVE = 15
    ARRAY_SINGLE_OBJECT = 16
    ARRAY_SINGLE_STRING = 17
    METHOD_CALL = 21
    METHOD_RETURN = 22


class BinaryType(enum.IntEnum):
    """How a member or array element is typed (BinaryTypeEnumeration)."""

    PRIMITIVE = 0
    STRING = 1
    OBJECT = 2
    SYSTEM_CLASS = 3
    CLASS = 4
    OBJECT_ARRAY = 5
    STRING_ARRAY = 6
    PRIMITIVE_ARRAY = 7


class PrimitiveType(enum.IntEnum):
    """The .NET primitive types (PrimitiveTypeEnumeration); 4 is unused."""

    BOOLEAN = 1
    BYTE = 2
    CHAR = 3
    DECIMAL = 5
    DOUBLE = 6
    INT16 = 7
    INT32 = 8
    INT64 = 9
    SBYTE = 10
    SINGLE = 11
    TIMESPAN = 12
    DATETIME = 13
    UINT16 = 14
    UINT32 = 15
    UINT64 = 16
    NULL = 17
    STRING = 18

    @property
    def net_name(self) -> str:
        """The .NET type name (``System.Int32``) of this primitive."""
        return _NET_NAMES[self]


_NET_NAMES = {
    PrimitiveType.BOOLEAN: "System.Boolean",
    PrimitiveType.BYTE: "System.Byte",
    PrimitiveType.CHAR: "System.Char",
    PrimitiveType.DECIMAL: "System.Decimal",
    PrimitiveType.DOUBLE: "System.Double",
    PrimitiveType.INT16: "System.Int16",
    PrimitiveType.INT32: "System.Int32",
    PrimitiveType.INT64: "System.Int64",
    PrimitiveType.SBYTE: "System.SByte",
    PrimitiveType.SINGLE: "System.Single",
    PrimitiveType.TIMESPAN: "System.TimeSpan",
    PrimitiveType.DATETIME: "System.DateTime",
    PrimitiveType.UINT16: "System.UInt16",
    PrimitiveType.UINT32: "System.UInt32",
    PrimitiveType.UINT64: "System.UInt64",
    PrimitiveType.NULL: "System.DBNull",
    PrimitiveType.STRING: "System.String",
}


class BinaryArrayType(enum.IntEnum):
    """The shape of a BinaryArray record (BinaryArrayTypeEnumeration)."""

    SINGLE = 0
    JAGGED = 1
    RECTANGULAR = 2
    SINGLE_OFFSET = 3
    JAGGED_OFFSET = 4
    RECTANGULAR_OFFSET = 5
