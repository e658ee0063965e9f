"""Markers for ``Annotated[...]``: .NET widths and shapes that Python's types lack."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from serialkit.nrbf.boxed import BOXED_TYPES
from serialkit.nrbf.enums import PrimitiveType

__all__ = [
    "Array",
    "BigInteger",
    "Char",
    "FieldName",
    "Float32",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "KeyValuePair",
    "NonSerialized",
    "OptionalField",
    "Single",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Width",
]


@attrs.frozen
class Width:
    """A .NET primitive the member is written as: ``Annotated[int, Int16]``."""

    net_name: str
    code: PrimitiveType
    minimum: int | None = None
    maximum: int | None = None

    def __repr__(self) -> str:
        return self.net_name

    def __call__(self, value: Any) -> Any:
        """``value`` boxed as this type: ``Int16(5)`` is an ``int`` (a
        :class:`~serialkit.nrbf.boxed.BoxedInt16`) that an ``object`` slot writes as a boxed
        Int16 rather than an Int32. Out of range is an OverflowError."""
        return BOXED_TYPES[self.code](value)


Int8 = Width("SByte", PrimitiveType.SBYTE, -(2**7), 2**7 - 1)
UInt8 = Width("Byte", PrimitiveType.BYTE, 0, 2**8 - 1)
Int16 = Width("Int16", PrimitiveType.INT16, -(2**15), 2**15 - 1)
UInt16 = Width("UInt16", PrimitiveType.UINT16, 0, 2**16 - 1)
Int32 = Width("Int32", PrimitiveType.INT32, -(2**31), 2**31 - 1)
UInt32 = Width("UInt32", PrimitiveType.UINT32, 0, 2**32 - 1)
Int64 = Width("Int64", PrimitiveType.INT64, -(2**63), 2**63 - 1)
UInt64 = Width("UInt64", PrimitiveType.UINT64, 0, 2**64 - 1)
#: A one-character ``str`` written as System.Char.
Char = Width("Char", PrimitiveType.CHAR)
#: A ``float`` written as System.Single (32-bit).
Single = Width("Single", PrimitiveType.SINGLE)
Float32 = Single


@attrs.frozen
class Array:
    """A .NET array rather than a ``List<T>``: ``Annotated[list[int], Array]`` is ``int[]``.

    ``Array(rank=2)`` is a rectangular ``T[,]``, read back as nested lists. The bare class
    ``Array`` means rank 1.
    """

    rank: int = 1

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.rank <= 32:
            raise ValueError(f"an array rank must be 1 to 32, not {self.rank}")


class _NonSerializedType:
    """``Annotated[T, NonSerialized]``: the member is never written and is not read."""

    _instance: ClassVar[_NonSerializedType | None] = None

    def __new__(cls) -> _NonSerializedType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NonSerialized"


NonSerialized = _NonSerializedType()


@attrs.frozen
class OptionalField:
    """``Annotated[T, OptionalField(version_added=2)]``: the member may be absent on reading.

    As in .NET, ``version_added`` is informational; a missing optional member keeps its
    default (the field default, or what an ``@on_deserializing`` hook set).
    """

    version_added: int = 1


@attrs.frozen
class FieldName:
    """``Annotated[T, FieldName("str")]``: the .NET field name, when the Python one differs.

    For .NET names that are Python keywords or builtins, or a base class's private field
    that a derived class redeclares. A private field (leading underscore in Python) of a base
    class is still written ``Base+<name>``.
    """

    name: str


class _TypeMarker:
    """A marker naming a .NET type Python has no annotation for."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: ``Annotated[int, BigInteger]``: a System.Numerics.BigInteger member.
BigInteger = _TypeMarker("BigInteger")
#: ``Annotated[tuple[K, V], KeyValuePair]``: a KeyValuePair<K,V> member (a struct).
KeyValuePair = _TypeMarker("KeyValuePair")


def is_marker(value: Any) -> bool:
    """True when ``value`` is one of serialkit's ``Annotated`` markers."""
    return value is NonSerialized or value is Array or isinstance(
        value, _TypeMarker | Width | Array | OptionalField | FieldName)
