"""Records: what an MS-NRBF payload holds, before any type is bound.

A decoded payload is a graph of these records. Member and element values are plain Python
values (``int``, ``float``, ``bool``, ``str``, ``Decimal``, ``datetime``, ``timedelta``,
``None``) or other records; references in the payload are already resolved, so a cycle in the
payload is a cycle of records. Nothing here instantiates a type the payload names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType

__all__ = ["ArrayRecord", "ClassLayout", "ClassRecord", "MemberType", "Record"]


class MemberType(NamedTuple):
    """How one member or array element is typed on the wire.

    ``info`` is the PrimitiveType for Primitive and PrimitiveArray, the type name for
    SystemClass, a ``(type name, library name)`` pair for Class, and None otherwise.
    """

    binary_type: BinaryType
    info: PrimitiveType | str | tuple[str, str] | None = None

    def describe(self) -> str:
        """A short .NET-flavoured description, such as ``Int32`` or ``Class Acme.Point``."""
        bt, info = self.binary_type, self.info
        if bt is BinaryType.PRIMITIVE and isinstance(info, PrimitiveType):
            return info.net_name.removeprefix("System.")
        if bt is BinaryType.PRIMITIVE_ARRAY and isinstance(info, PrimitiveType):
            return info.net_name.removeprefix("System.") + "[]"
        if bt is BinaryType.SYSTEM_CLASS:
            return f"SystemClass {info}"
        if bt is BinaryType.CLASS and isinstance(info, tuple):
            return f"Class {info[0]}"
        return {
            BinaryType.STRING: "String",
            BinaryType.OBJECT: "Object",
            BinaryType.OBJECT_ARRAY: "Object[]",
            BinaryType.STRING_ARRAY: "String[]",
        }.get(bt, bt.name)


class ClassLayout:
    """The metadata a class record defines once and later ClassWithId records reuse."""

    __slots__ = ("index", "library_name", "member_names", "member_types", "metadata_id",
                 "record_type", "type_name")

    def __init__(
        self,
        type_name: str,
        library_name: str | None,
        member_names: tuple[str, ...],
        member_types: tuple[MemberType, ...] | None,
        metadata_id: int,
        record_type: RecordType,
    ) -> None:
        self.type_name = type_name
        self.library_name = library_name
        self.member_names = member_names
        self.member_types = member_types
        self.metadata_id = metadata_id
        self.record_type = record_type
        self.index = {name: i for i, name in enumerate(member_names)}


class Record:
    """Base of the records that carry an object id."""

    __slots__ = ("object_id", "offset")

    object_id: int
    offset: int


class ClassRecord(Record):
    """An object: a class or struct instance, with its members by name.

    ``record["Name"]`` returns a member's value, ``record.get(name, default)`` a value or the
    default, ``name in record`` tests for a member, and ``items()`` yields the members in wire
    order.
    """

    __slots__ = ("layout", "values")

    def __init__(self, object_id: int, layout: ClassLayout, offset: int) -> None:
        self.object_id = object_id
        self.layout = layout
        self.values: list[Any] = []
        self.offset = offset

    @property
    def type_name(self) -> str:
        """The .NET full type name, e.g. ``System.Collections.Generic.List`1[[...]]``."""
        return self.layout.type_name

    @property
    def library_name(self) -> str | None:
        """The assembly the type lives in; None for mscorlib (a system class)."""
        return self.layout.library_name

    @property
    def member_names(self) -> tuple[str, ...]:
        """Member names in wire order."""
        return self.layout.member_names

    @property
    def member_types(self) -> tuple[MemberType, ...] | None:
        """Member wire types in order; None for records written without type information."""
        return self.layout.member_types

    def __getitem__(self, name: str) -> Any:
        try:
            return self.values[self.layout.index[name]]
        except KeyError:
            raise KeyError(f"{self.type_name} has no member {name!r}") from None

    def get(self, name: str, default: Any = None) -> Any:
        """The value of member ``name``, or ``default`` when there is no such member."""
        i = self.layout.index.get(name)
        return default if i is None else self.values[i]

    def __contains__(self, name: object) -> bool:
        return name in self.layout.index

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs in wire order."""
        return zip(self.layout.member_names, self.values, strict=True)

    def __repr__(self) -> str:
        return f"<ClassRecord #{self.object_id} {self.type_name}>"


class ArrayRecord(Record):
    """An array of any kind; ``values`` holds the elements in row-major order.

    For a ``byte[]`` the values are one ``bytes`` object. ``lengths`` has one entry per
    dimension; ``lower_bounds`` is all zeros unless the payload says otherwise.
    """

    __slots__ = ("array_type", "element_type", "lengths", "lower_bounds", "record_type",
                 "values")

    def __init__(
        self,
        object_id: int,
        record_type: RecordType,
        array_type: BinaryArrayType,
        lengths: tuple[int, ...],
        lower_bounds: tuple[int, ...],
        element_type: MemberType,
        offset: int,
    ) -> None:
        self.object_id = object_id
        self.record_type = record_type
        self.array_type = array_type
        self.lengths = lengths
        self.lower_bounds = lower_bounds
        self.element_type = element_type
        self.values: Any = []
        self.offset = offset

    @property
    def rank(self) -> int:
        """Number of dimensions."""
        return len(self.lengths)

    @property
    def type_name(self) -> str:
        """A .NET-style name of the array type, such as ``Int32[,]`` or ``Object[]``."""
        dims = "[" + "," * (self.rank - 1) + "]"
        return self.element_type.describe().removeprefix("Class ").removeprefix(
            "SystemClass ") + dims

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        return f"<ArrayRecord #{self.object_id} {self.type_name} lengths={list(self.lengths)}>"
