"""What a Python annotation means on the wire: one :class:`TypeSpec` per declared type."""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import types
import typing
import uuid
from decimal import Decimal
from typing import Any

import attrs

from serialkit.attributes.markers import Array, BigInteger, Char, Int32, KeyValuePair, Single, Width
from serialkit.dotnet import DateTimeOffset
from serialkit.nrbf.enums import PrimitiveType

__all__ = ["MSCORLIB", "SYSTEM_CORE", "SYSTEM_NUMERICS", "TypeSpec", "parse"]

MSCORLIB = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
SYSTEM_CORE = "System.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
SYSTEM_NUMERICS = ("System.Numerics, Version=4.0.0.0, Culture=neutral, "
                   "PublicKeyToken=b77a5c561934e089")

# kinds
PRIM, STRING, OBJECT, NULLABLE, BYTES = "prim", "string", "object", "nullable", "bytes"
LIST, ARRAYLIST, ARRAY, DICT, HASHTABLE = "list", "arraylist", "array", "dict", "hashtable"
SET, TUPLE, CLASS, GUID, OTHER = "set", "tuple", "class", "guid", "other"
#: System.Numerics.BigInteger and KeyValuePair<K,V>: ``Annotated[int, BigInteger]`` and
#: ``Annotated[tuple[K, V], KeyValuePair]``.
BIGINT, KVP = "bigint", "kvp"
#: A .NET type named on the wire (``System.Collections.IDictionary``) whose values are
#: written by their runtime type: ``py`` holds the .NET name.
NAMED = "named"
#: System.DateTimeOffset, a struct: ``serialkit.DateTimeOffset`` (an aware datetime).
DTO = "datetimeoffset"

_PRIMS: dict[Any, PrimitiveType] = {
    bool: PrimitiveType.BOOLEAN,
    float: PrimitiveType.DOUBLE,
    Decimal: PrimitiveType.DECIMAL,
    _dt.datetime: PrimitiveType.DATETIME,
    _dt.timedelta: PrimitiveType.TIMESPAN,
}


@attrs.frozen(cache_hash=True)  # specs key the writers' per-type caches, looked up per value
class TypeSpec:
    """A declared type: its kind, primitive code, Python class and type arguments.

    ``py`` is the Python type values take after reading (``list``, ``tuple``, ``set``, a
    class...); ``args`` are element, key/value or item specs; ``rank`` is an array's rank.
    """

    kind: str
    code: PrimitiveType | None = None
    py: Any = None
    args: tuple[TypeSpec, ...] = ()
    rank: int = 1
    width: Width | None = None

    @property
    def is_value_type(self) -> bool:
        """True for what .NET stores inline: primitives, Guid, enums and structs."""
        if self.kind in (PRIM, GUID, DTO):
            return True
        if self.kind == CLASS:
            return _metadata().declares_value_type(self.py)  # type: ignore[no-any-return]
        return False


@functools.cache
def _metadata() -> types.ModuleType:
    """``serialkit.metadata``, which imports this module: imported once, on first use (an
    import statement in ``is_value_type`` cost a tenth of writing SOAP)."""
    from serialkit import metadata

    return metadata


OBJECT_SPEC = TypeSpec(OBJECT)
STRING_SPEC = TypeSpec(STRING, py=str)
INT32_SPEC = TypeSpec(PRIM, PrimitiveType.INT32, int, width=Int32)


def parse(annotation: Any) -> TypeSpec:
    """The TypeSpec of an annotation (markers inside ``Annotated`` included)."""
    if isinstance(annotation, Width):  # a bare marker, as in info.add_value(n, v, Int64)
        base = str if annotation is Char else float if annotation is Single else int
        annotation = typing.Annotated[base, annotation]
    markers: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        markers.extend(extra)
    if annotation is int and BigInteger in markers:
        return TypeSpec(BIGINT, py=int)
    if KeyValuePair in markers and typing.get_origin(annotation) is tuple:
        key, value = typing.get_args(annotation)
        return TypeSpec(KVP, py=tuple, args=(parse(key), parse(value)))
    width = next((m for m in markers if isinstance(m, Width)), None)
    array = next((m if isinstance(m, Array) else Array() for m in markers
                  if m is Array or isinstance(m, Array)), None)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)

    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) == 1:
            inner = parse(typing.Annotated[members[0], *markers] if markers else members[0])
            if (len(members) < len(args) and inner.kind in (PRIM, GUID, DTO)) or (
                    inner.kind == CLASS and inner.is_value_type and len(members) < len(args)):
                return TypeSpec(NULLABLE, py=inner.py, args=(inner,))
            return inner
        return OBJECT_SPEC
    if annotation in (Any, object) or annotation is None or isinstance(annotation, typing.TypeVar):
        return OBJECT_SPEC
    if annotation is int:
        w = width or Int32
        if w in (Char, Single):
            raise TypeError(f"{w!r} is not a width for int")
        return TypeSpec(PRIM, w.code, int, width=w)
    if annotation is str:
        if width is Char:
            return TypeSpec(PRIM, PrimitiveType.CHAR, str, width=Char)
        return STRING_SPEC
    if annotation is float:
        if width is Single:
            return TypeSpec(PRIM, PrimitiveType.SINGLE, float, width=Single)
        return TypeSpec(PRIM, PrimitiveType.DOUBLE, float)
    if annotation in _PRIMS:
        return TypeSpec(PRIM, _PRIMS[annotation], annotation)
    if annotation is uuid.UUID:
        return TypeSpec(GUID, py=uuid.UUID)
    if annotation is DateTimeOffset:
        return TypeSpec(DTO, py=DateTimeOffset)
    if annotation in (bytes, bytearray):
        return TypeSpec(BYTES, py=annotation)
    if annotation is list or origin is list:
        if array is not None:
            elem = parse(args[0]) if args else OBJECT_SPEC
            if array.rank > 1:
                elem = _innermost(elem, array.rank)
            return TypeSpec(ARRAY, py=list, args=(elem,), rank=array.rank)
        if not args:
            return TypeSpec(ARRAYLIST, py=list)
        return TypeSpec(LIST, py=list, args=(parse(args[0]),))
    if annotation is tuple or origin is tuple:
        if not args:
            return TypeSpec(ARRAYLIST, py=tuple)
        if len(args) == 2 and args[1] is Ellipsis:
            return TypeSpec(ARRAY, py=tuple, args=(parse(args[0]),))
        if len(args) > 7:
            raise TypeError("System.Tuple holds at most 7 items directly; use a list")
        return TypeSpec(TUPLE, py=tuple, args=tuple(parse(a) for a in args))
    if annotation is dict or origin is dict:
        if not args:
            return TypeSpec(HASHTABLE, py=dict)
        return TypeSpec(DICT, py=dict, args=(parse(args[0]), parse(args[1])))
    if annotation in (set, frozenset) or origin in (set, frozenset):
        py = origin or annotation
        return TypeSpec(SET, py=py, args=(parse(args[0]) if args else OBJECT_SPEC,))
    if isinstance(annotation, type):
        from serialkit import metadata

        if metadata.is_serializable(annotation):
            if issubclass(annotation, enum.Enum):
                w = width or metadata.of(annotation).underlying_type or Int32
                return TypeSpec(CLASS, py=annotation, width=w)
            return TypeSpec(CLASS, py=annotation)
        return TypeSpec(OTHER, py=annotation)
    return OBJECT_SPEC


def _innermost(elem: TypeSpec, rank: int) -> TypeSpec:
    # Annotated[list[list[int]], Array(rank=2)] names the element type through nesting.
    for _ in range(rank - 1):
        if elem.kind in (LIST, ARRAY, ARRAYLIST) and elem.args:
            elem = elem.args[0]
    return elem
