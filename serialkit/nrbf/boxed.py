"""Python values that remember the .NET primitive type they were boxed as.

An ``object`` slot (an ``object`` member, an ``object[]``, an ``ArrayList`` or ``Hashtable``)
holds a boxed value whose .NET type is on the wire: a boxed ``short`` is an Int16, not an
Int32. A plain ``int`` or ``float`` cannot say that, so these subclasses do: ``Int16(5)``
(the width marker called on a value) is a :class:`BoxedInt16`, equal to ``5`` and usable as
an ``int``, that an ``object`` slot writes as a boxed Int16. Reading keeps the type the same
way: a boxed Byte, SByte, Int16, UInt16, UInt32, UInt64, Single or Char (and an Int64 small
enough to pass for an Int32) comes back as one of these, so writing it again gives the same
bytes. Arithmetic gives plain Python values, as for any ``int`` subclass.
"""

from __future__ import annotations

import operator
import struct
from typing import Any, ClassVar, Self, SupportsIndex

from serialkit.nrbf.enums import PrimitiveType

__all__ = [
    "BoxedByte",
    "BoxedChar",
    "BoxedInt",
    "BoxedInt16",
    "BoxedInt32",
    "BoxedInt64",
    "BoxedSByte",
    "BoxedSingle",
    "BoxedUInt16",
    "BoxedUInt32",
    "BoxedUInt64",
    "boxed",
]

_SINGLE = struct.Struct("<f")


class BoxedInt(int):
    """An ``int`` that an ``object`` slot writes as one .NET integer type (see subclasses)."""

    __slots__ = ()
    #: The .NET type and the marker name (``Int16``, ``UInt8``...) that makes one.
    code: ClassVar[PrimitiveType]
    marker: ClassVar[str]
    minimum: ClassVar[int]
    maximum: ClassVar[int]

    def __new__(cls, value: SupportsIndex = 0) -> Self:
        if cls is BoxedInt:
            raise TypeError("BoxedInt has no width: use Int16(5), UInt8(200)...")
        n = operator.index(value)
        if not cls.minimum <= n <= cls.maximum:
            raise OverflowError(f"{n} is out of range for {cls.code.net_name} "
                                f"({cls.minimum} to {cls.maximum})")
        return super().__new__(cls, n)

    def __repr__(self) -> str:
        return f"{self.marker}({int(self)})"

    def __str__(self) -> str:  # the digits, as for any int (str() would use __repr__)
        return int.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (int(self),)


class BoxedSByte(BoxedInt):
    """An ``int`` boxed as System.SByte: ``Int8(n)``."""

    __slots__ = ()
    code = PrimitiveType.SBYTE
    marker = "Int8"
    minimum, maximum = -(2**7), 2**7 - 1


class BoxedByte(BoxedInt):
    """An ``int`` boxed as System.Byte: ``UInt8(n)``."""

    __slots__ = ()
    code = PrimitiveType.BYTE
    marker = "UInt8"
    minimum, maximum = 0, 2**8 - 1


class BoxedInt16(BoxedInt):
    """An ``int`` boxed as System.Int16: ``Int16(n)``."""

    __slots__ = ()
    code = PrimitiveType.INT16
    marker = "Int16"
    minimum, maximum = -(2**15), 2**15 - 1


class BoxedUInt16(BoxedInt):
    """An ``int`` boxed as System.UInt16: ``UInt16(n)``."""

    __slots__ = ()
    code = PrimitiveType.UINT16
    marker = "UInt16"
    minimum, maximum = 0, 2**16 - 1


class BoxedInt32(BoxedInt):
    """An ``int`` boxed as System.Int32: ``Int32(n)``."""

    __slots__ = ()
    code = PrimitiveType.INT32
    marker = "Int32"
    minimum, maximum = -(2**31), 2**31 - 1


class BoxedUInt32(BoxedInt):
    """An ``int`` boxed as System.UInt32: ``UInt32(n)``."""

    __slots__ = ()
    code = PrimitiveType.UINT32
    marker = "UInt32"
    minimum, maximum = 0, 2**32 - 1


class BoxedInt64(BoxedInt):
    """An ``int`` boxed as System.Int64: ``Int64(n)``."""

    __slots__ = ()
    code = PrimitiveType.INT64
    marker = "Int64"
    minimum, maximum = -(2**63), 2**63 - 1


class BoxedUInt64(BoxedInt):
    """An ``int`` boxed as System.UInt64: ``UInt64(n)``."""

    __slots__ = ()
    code = PrimitiveType.UINT64
    marker = "UInt64"
    minimum, maximum = 0, 2**64 - 1


class BoxedSingle(float):
    """A ``float`` boxed as System.Single: ``Single(1.5)``, rounded to 32 bits when made, so
    that it equals what .NET holds."""

    __slots__ = ()
    code: ClassVar[PrimitiveType] = PrimitiveType.SINGLE
    marker: ClassVar[str] = "Single"

    def __new__(cls, value: Any = 0.0) -> Self:
        (rounded,) = _SINGLE.unpack(_SINGLE.pack(float(value)))
        return super().__new__(cls, rounded)

    def __repr__(self) -> str:
        return f"Single({float(self)!r})"

    def __str__(self) -> str:
        return float.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (float(self),)


class BoxedChar(str):
    """A one-character ``str`` boxed as System.Char (one UTF-16 code unit): ``Char("x")``."""

    __slots__ = ()
    code: ClassVar[PrimitiveType] = PrimitiveType.CHAR
    marker: ClassVar[str] = "Char"

    def __new__(cls, value: str) -> Self:
        if not isinstance(value, str) or len(value) != 1 or ord(value) > 0xFFFF or \
                0xD800 <= ord(value) <= 0xDFFF:
            raise ValueError(f"{value!r} is not one UTF-16 code unit (System.Char)")
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return f"Char({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (str(self),)


#: The boxed type of each .NET primitive that has one.
BOXED_TYPES: dict[PrimitiveType, type[BoxedInt] | type[BoxedSingle] | type[BoxedChar]] = {
    cls.code: cls for cls in (BoxedSByte, BoxedByte, BoxedInt16, BoxedUInt16, BoxedInt32,
                              BoxedUInt32, BoxedInt64, BoxedUInt64, BoxedSingle, BoxedChar)}
#: What reading wraps: the primitives a plain Python value would write back as another type.
_KEPT: dict[PrimitiveType, type[BoxedInt] | type[BoxedSingle] | type[BoxedChar]] = {
    code: cls for code, cls in BOXED_TYPES.items()
    if code not in (PrimitiveType.INT32, PrimitiveType.INT64)}


def boxed(code: PrimitiveType, value: Any) -> Any:
    """A boxed primitive read from a payload, as the value that writes back as the same type.

    Int32, Double, Boolean, Decimal, DateTime, TimeSpan and an Int64 outside Int32's range
    stay plain (a plain value is written as them); the others keep their type.
    """
    cls = _KEPT.get(code)
    if cls is not None:
        return cls(value)
    if code is PrimitiveType.INT64 and -(2**31) <= value < 2**31:
        return BoxedInt64(value)
    return value
