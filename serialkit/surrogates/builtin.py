"""The built-in surrogates: the mapping table between Python and .NET types.

Writing, each turns a Python value plus its declared :class:`TypeSpec` into a
:class:`ClassShape` (the .NET type name and members BinaryFormatter would write for the .NET
object); reading, each rebuilds the Python value from a class record of its .NET type. The
shapes reproduce .NET Framework's own (``List`1._items`` with its capacity, Dictionary's
``HashSize`` prime, ...) so that the bytes match BinaryFormatter's.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import enum
import fractions
import functools
import pathlib
import re
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from serialkit import metadata
from serialkit.attributes.markers import (
    Char,
    Int8,
    Int16,
    Int32,
    Int64,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
)
from serialkit.dotnet import DateTimeOffset, DotNetException, Uri
from serialkit.errors import SerializationError
from serialkit.nrbf.boxed import BOXED_TYPES, boxed
from serialkit.nrbf.enums import BinaryType, PrimitiveType
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.nrbf.values import (
    datetime_from_raw,
    datetime_to_raw,
    decimal_to_text,
    timedelta_from_ticks,
)
from serialkit.runtime.paths import GraphPath
from serialkit.typespec import (
    ARRAY,
    ARRAYLIST,
    BIGINT,
    BYTES,
    CLASS,
    DICT,
    DTO,
    GUID,
    HASHTABLE,
    KVP,
    LIST,
    MSCORLIB,
    NAMED,
    NULLABLE,
    OBJECT,
    OBJECT_SPEC,
    OTHER,
    PRIM,
    SET,
    STRING,
    STRING_SPEC,
    SYSTEM_CORE,
    SYSTEM_NUMERICS,
    TUPLE,
    TypeSpec,
)

__all__ = ["BUILTIN_READERS", "ELEMENT_HOLDERS", "ClassShape", "builtin_shape", "member_type",
           "net_name", "spec_of_value"]

#: The members of built-in shapes that hold nothing but a collection's elements (List`1,
#: HashSet`1, Dictionary`2, a Python frozenset or long tuple) or link the nodes of an
#: exception's Data: the writers leave them out of error paths, which name the others (an
#: exception's Data, a Tuple's m_Item2, a Hashtable's Values).
ELEMENT_HOLDERS = frozenset({"_items", "Elements", "KeyValuePairs", "Items", "head", "next"})

# Internal kinds that no annotation produces.
COMPARER, PYTHON = "comparer", "python"
EXCEPTION, URI = "exception", "uri"
_LDI = "System.Collections.ListDictionaryInternal"
_NODE = _LDI + "+DictionaryNode"
#: An exception's Data, written as .NET keeps it (a ListDictionaryInternal), and its nodes.
LIST_DICTIONARY, DICTIONARY_NODE = "listdictionary", "dictionarynode"
SYSTEM = "System, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
#: The reserved assembly of Python-only types (date, frozenset, complex...): .NET has no
#: such classes, so these payloads are for Python-to-Python fidelity.
PYTHON_ASSEMBLY = "serialkit"
BIGINT_SPEC = TypeSpec(BIGINT, py=int)

_INT32 = TypeSpec(PRIM, PrimitiveType.INT32, int, width=Int32)
_INT64 = TypeSpec(PRIM, PrimitiveType.INT64, int, width=Int64)
_PRIM_OF_TYPE: dict[type, TypeSpec] = {
    bool: TypeSpec(PRIM, PrimitiveType.BOOLEAN, bool),
    float: TypeSpec(PRIM, PrimitiveType.DOUBLE, float),
    Decimal: TypeSpec(PRIM, PrimitiveType.DECIMAL, Decimal),
    _dt.datetime: TypeSpec(PRIM, PrimitiveType.DATETIME, _dt.datetime),
    _dt.timedelta: TypeSpec(PRIM, PrimitiveType.TIMESPAN, _dt.timedelta),
    # Int16(5), Char("x")...: values that say which .NET primitive they are boxed as.
    **{BOXED_TYPES[width.code]: TypeSpec(PRIM, width.code, int, width=width)
       for width in (Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64)},
    BOXED_TYPES[PrimitiveType.SINGLE]: TypeSpec(PRIM, PrimitiveType.SINGLE, float, width=Single),
    BOXED_TYPES[PrimitiveType.CHAR]: TypeSpec(PRIM, PrimitiveType.CHAR, str, width=Char),
}


@attrs.define
class ClassShape:
    """What one class record holds: the .NET type, its library, and (name, spec, value)s.

    ``fixed_layout`` says every instance of the type has the same members and types, so
    later instances may reuse the first one's metadata (ClassWithId) unconditionally;
    ``builtin`` marks a shape made by a built-in surrogate, whose ``ELEMENT_HOLDERS``
    members error paths leave out; ``entry`` is the index a built-in record stands for in
    the collection it is a link of (an exception Data's nth node).
    """

    type_name: str
    library: str | None
    names: list[str]
    specs: list[TypeSpec]
    values: list[Any]
    value_type: bool = False
    fixed_layout: bool = True
    builtin: bool = False
    entry: int | None = None

    def member_path(self, name: str, path: GraphPath) -> GraphPath:
        """The path of member ``name`` of this record, which sits at ``path``."""
        if not self.builtin:
            return path.child(name)
        if name in ELEMENT_HOLDERS:
            return path
        return (path if self.entry is None else path.item(self.entry)).child(name)


#: While a writer runs with a binder, how a class is named on the wire (binder first, then
#: the class's own names), so generic arguments and member types follow ``bind_to_name``.
CLASS_NAMES: contextvars.ContextVar[Callable[[type, str, str], tuple[str, str]] | None] = (
    contextvars.ContextVar("serialkit_class_names", default=None))


def spec_of_value(value: Any) -> TypeSpec | None:
    """The TypeSpec of a value's runtime type (what an ``object`` slot holding it writes)."""
    t = type(value)
    if t is str:
        return STRING_SPEC
    if t is int:
        if -(2**31) <= value < 2**31:
            return _INT32
        if -(2**63) <= value < 2**63:
            return _INT64
        return BIGINT_SPEC
    spec = _PRIM_OF_TYPE.get(t)
    if spec is not None:
        return spec
    if t is uuid.UUID:
        return TypeSpec(GUID, py=uuid.UUID)
    if t is bytes:
        return TypeSpec(BYTES, py=bytes)
    if t is list:
        return TypeSpec(ARRAYLIST, py=list)
    if t is dict:
        return TypeSpec(HASHTABLE, py=dict)
    if t is tuple and 1 <= len(value) <= 7:
        return TypeSpec(TUPLE, py=tuple, args=(OBJECT_SPEC,) * len(value))
    if t is set:
        return TypeSpec(SET, py=set, args=(OBJECT_SPEC,))
    if t in _PYTHON_TYPES or t is tuple:
        return TypeSpec(PYTHON, py=t)
    if isinstance(value, DotNetException):
        return TypeSpec(EXCEPTION, py=t)
    if t is Uri:
        return TypeSpec(URI, py=Uri)
    if t is DateTimeOffset:
        return TypeSpec(DTO, py=DateTimeOffset)
    if metadata.is_serializable(t):
        if issubclass(t, enum.Enum):
            meta = metadata.of(t)
            return TypeSpec(CLASS, py=t, width=meta.underlying_type or Int32)
        return TypeSpec(CLASS, py=t)
    return None


def net_name(spec: TypeSpec) -> tuple[str, str | None]:
    """The .NET full type name and library (None for mscorlib) of a declared type."""
    kind = spec.kind
    if kind == PRIM:
        assert spec.code is not None
        return spec.code.net_name, None
    if kind == STRING:
        return "System.String", None
    if kind in (OBJECT, OTHER):
        return "System.Object", None
    if kind == GUID:
        return "System.Guid", None
    if kind == BYTES:
        return "System.Byte[]", None
    if kind == CLASS:
        meta = metadata.of(spec.py)
        rename = CLASS_NAMES.get()
        if rename is not None:
            return rename(spec.py, meta.type_name, meta.assembly_name)
        return meta.type_name, meta.assembly_name
    if kind == LIST:
        return f"System.Collections.Generic.List`1[[{aqn(spec.args[0])}]]", None
    if kind == ARRAYLIST:
        return "System.Collections.ArrayList", None
    if kind == HASHTABLE:
        return "System.Collections.Hashtable", None
    if kind == DICT:
        return ("System.Collections.Generic.Dictionary`2"
                f"[[{aqn(spec.args[0])}],[{aqn(spec.args[1])}]]", None)
    if kind == KVP:
        return ("System.Collections.Generic.KeyValuePair`2"
                f"[[{aqn(spec.args[0])}],[{aqn(spec.args[1])}]]", None)
    if kind == SET:
        return f"System.Collections.Generic.HashSet`1[[{aqn(spec.args[0])}]]", SYSTEM_CORE
    if kind == TUPLE:
        args = ",".join(f"[{aqn(a)}]" for a in spec.args)
        return f"System.Tuple`{len(spec.args)}[{args}]", None
    if kind == NULLABLE:
        return f"System.Nullable`1[[{aqn(spec.args[0])}]]", None
    if kind == BIGINT:
        return "System.Numerics.BigInteger", SYSTEM_NUMERICS
    if kind in (COMPARER, NAMED):
        return str(spec.py), None
    if kind == EXCEPTION:
        return "System.Exception", None
    if kind == LIST_DICTIONARY:
        return _LDI, None
    if kind == DICTIONARY_NODE:
        return _NODE, None
    if kind == URI:
        return "System.Uri", SYSTEM
    if kind == DTO:
        return "System.DateTimeOffset", None
    if kind == PYTHON:
        return _PYTHON_TYPES.get(spec.py, _PY_TUPLE)[0], PYTHON_ASSEMBLY
    if kind == ARRAY:
        name, lib = net_name(spec.args[0])
        return name + "[" + "," * (spec.rank - 1) + "]", lib
    raise AssertionError(f"no .NET name for {spec}")  # pragma: no cover


def aqn(spec: TypeSpec) -> str:
    """The assembly-qualified name, as generic arguments spell it."""
    name, lib = net_name(spec)
    return f"{name}, {lib or MSCORLIB}"


def is_value_type(spec: TypeSpec) -> bool:
    """Whether .NET stores the type inline (struct semantics)."""
    return spec.kind in (PRIM, GUID, KVP, BIGINT, NULLABLE) or spec.is_value_type


def member_type(spec: TypeSpec, value: Any) -> tuple[BinaryType, Any]:
    """The MemberTypeInfo of a declared type; Class infos carry (name, library name).

    ``value`` is the first instance's value: a ``Nullable<T>`` member is typed as ``T`` when
    it holds a value and as ``Nullable<T>`` when it is null, and an ``object`` member holding
    an ISerializable .NET object (a DateTime, a Hashtable, an exception...) as that object's
    type, as BinaryFormatter does. The value itself is written as in any ``object`` slot.
    """
    kind = spec.kind
    if kind == PRIM:
        return BinaryType.PRIMITIVE, spec.code
    if kind == STRING:
        return BinaryType.STRING, None
    if kind in (OBJECT, OTHER):
        if value is not None:
            declared = _iserializable_type(value)
            if declared is not None:
                return declared
        return BinaryType.OBJECT, None
    if kind == BYTES:
        return BinaryType.PRIMITIVE_ARRAY, PrimitiveType.BYTE
    if kind == LIST_DICTIONARY:
        # Exception.GetObjectData's Data and InnerException are declared as the type of
        # what they hold (Mono: ListDictionaryInternal, ArgumentException), the interface or
        # base class when null.
        return BinaryType.SYSTEM_CLASS, (
            "System.Collections.IDictionary" if value is None else _LDI)
    if kind == NAMED and isinstance(value, DotNetException):
        declared = _iserializable_type(value)
        assert declared is not None
        return declared
    if kind == NULLABLE and value is not None:
        inner = spec.args[0]
        if inner.kind == PRIM:
            return BinaryType.SYSTEM_CLASS, net_name(inner)[0]
        return member_type(inner, value)
    if kind == ARRAY and spec.rank == 1:
        elem = spec.args[0]
        if elem.kind == PRIM and elem.code is not None:
            return BinaryType.PRIMITIVE_ARRAY, elem.code
        if elem.kind == STRING:
            return BinaryType.STRING_ARRAY, None
        if elem.kind in (OBJECT, OTHER):
            return BinaryType.OBJECT_ARRAY, None
    name, lib = net_name(spec)
    if lib is None:
        return BinaryType.SYSTEM_CLASS, name
    return BinaryType.CLASS, (name, lib)


def _iserializable_type(value: Any) -> tuple[BinaryType, Any] | None:
    """The member type BinaryFormatter declares for an ``object`` member whose first value is
    an ISerializable .NET object: that object's own type (Mono: DateTime, DateTimeOffset,
    Hashtable, Dictionary, HashSet, Uri, exceptions and ISerializable user types; not Guid,
    Decimal, TimeSpan, ArrayList, List, Tuple, BigInteger, enums or plain structs)."""
    spec = spec_of_value(value)
    if spec is None:
        return None
    kind = spec.kind
    if kind == PRIM:
        return (BinaryType.SYSTEM_CLASS, "System.DateTime") if (
            spec.code is PrimitiveType.DATETIME) else None
    if kind == EXCEPTION:
        if value.assembly:
            return BinaryType.CLASS, (value.type_name, value.assembly)
        return BinaryType.SYSTEM_CLASS, value.type_name
    if kind in (DTO, URI, HASHTABLE, SET) or (
            kind == CLASS and metadata.of(spec.py).is_iserializable):
        return member_type(spec, value)
    return None


# -- shapes (writing) -------------------------------------------------------------------------
_PRIMES = (3, 7, 11, 17, 23, 29, 37, 47, 59, 71, 89, 107, 131, 163, 197, 239, 293, 353, 431,
           521, 631, 761, 919, 1103, 1327, 1597, 1931, 2333, 2801, 3371, 4049, 4861, 5839,
           7013, 8419, 10103, 12143, 14591, 17519, 21023, 25229, 30293, 36353, 43627, 52361,
           62851, 75431, 90523, 108631, 130363, 156437, 187751, 225307, 270371, 324449,
           389357, 467237, 560689, 672827, 807403, 968897, 1162687, 1395263, 1674319,
           2009191, 2411033, 2893249, 3471899, 4166287, 4999559, 5999471, 7199369)


def _get_prime(minimum: int) -> int:
    """.NET's HashHelpers.GetPrime."""
    for p in _PRIMES:
        if p >= minimum:
            return p
    candidate = minimum | 1
    while True:
        if _is_prime(candidate) and (candidate - 1) % 101:
            return candidate
        candidate += 2


def _is_prime(n: int) -> bool:
    if n < 2 or n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def _dictionary_size(count: int) -> int:
    """Bucket count of a Dictionary/HashSet filled by ``count`` adds (0 if never added to)."""
    if count == 0:
        return 0
    size = 3
    while count > size:
        size = _get_prime(2 * size)
    return size


def _hashtable_size(count: int) -> int:
    """Bucket count of a Hashtable filled by ``count`` adds (load factor 0.72)."""
    size = 3
    while count > int(0.72 * size):
        size = _get_prime(2 * size)
    return size


def _capacity(count: int) -> int:
    """Capacity of a List<T>/ArrayList filled by ``count`` adds (0, 4, 8, 16...)."""
    if count == 0:
        return 0
    capacity = 4
    while capacity < count:
        capacity *= 2
    return capacity


@attrs.frozen(eq=False)
class _Comparer:
    """The memberless equality comparer a Dictionary or HashSet writes."""

    type_name: str


@functools.cache
def _comparer_for(key: TypeSpec) -> _Comparer:
    # One instance per key type, as .NET's EqualityComparer<T>.Default is a singleton: a
    # graph's dictionaries and sets of one key type share one comparer record.
    if key.kind in (PRIM, STRING, GUID, BIGINT) or (key.kind == CLASS and key.is_value_type
                                                  and not issubclass(key.py, enum.Enum)):
        generic = "GenericEqualityComparer"
    elif key.kind == CLASS and issubclass(key.py, enum.Enum):
        generic = "EnumEqualityComparer"
    else:
        generic = "ObjectEqualityComparer"
    return _Comparer(f"System.Collections.Generic.{generic}`1[[{aqn(key)}]]")


def _padded(items: list[Any], capacity: int, fill: Any) -> list[Any]:
    return items + [fill] * (capacity - len(items))


def builtin_shape(value: Any, spec: TypeSpec) -> ClassShape | None:
    """The class record a built-in type is written as, or None if ``spec`` is not built in."""
    kind = spec.kind
    if kind in (LIST, ARRAYLIST):
        items = list(value)
        elem = spec.args[0] if kind == LIST else OBJECT_SPEC
        fill = metadata.zero_value(elem)
        array = _padded(items, _capacity(len(items)), fill)
        name, lib = net_name(spec if kind == LIST else TypeSpec(ARRAYLIST))
        return ClassShape(name, lib, ["_items", "_size", "_version"],
                          [TypeSpec(ARRAY, py=list, args=(elem,)), _INT32, _INT32],
                          [array, len(items), len(items)])
    if kind in (DICT, HASHTABLE):
        return _dict_shape(value, spec)
    if kind == SET:
        elem = spec.args[0]
        items = list(value)
        name, lib = net_name(TypeSpec(SET, args=(elem,)))
        names = ["Version", "Comparer", "Capacity"]
        specs = [_INT32, TypeSpec(COMPARER, py=_comparer_for(elem).type_name), _INT32]
        values: list[Any] = [len(items), _comparer_for(elem), _dictionary_size(len(items))]
        if items:
            names.append("Elements")
            specs.append(TypeSpec(ARRAY, py=list, args=(elem,)))
            values.append(items)
        return ClassShape(name, lib, names, specs, values, fixed_layout=False)
    if kind == TUPLE:
        items = list(value)
        args = spec.args if len(spec.args) == len(items) else (OBJECT_SPEC,) * len(items)
        if not 1 <= len(items) <= 7:
            raise SerializationError(f"a tuple of {len(items)} items has no System.Tuple form")
        name, lib = net_name(TypeSpec(TUPLE, args=args))
        return ClassShape(name, lib, [f"m_Item{i}" for i in range(1, len(items) + 1)],
                          list(args), items)
    if kind == KVP:
        name, lib = net_name(spec)
        if not isinstance(value, tuple | list) or len(value) != 2:
            raise TypeError("a KeyValuePair is written from a (key, value) pair")
        return ClassShape(name, lib, ["key", "value"], list(spec.args), list(value),
                          value_type=True)
    if kind == GUID:
        g: uuid.UUID = value
        a, b, c = int.from_bytes(g.bytes_le[0:4], "little", signed=True), int.from_bytes(
            g.bytes_le[4:6], "little", signed=True), int.from_bytes(g.bytes_le[6:8], "little",
                                                                   signed=True)
        byte_spec = TypeSpec(PRIM, PrimitiveType.BYTE, int, width=UInt8)
        return ClassShape("System.Guid", None,
                          ["_a", "_b", "_c", *(f"_{ch}" for ch in "defghijk")],
                          [_INT32, TypeSpec(PRIM, PrimitiveType.INT16, int, width=Int16),
                           TypeSpec(PRIM, PrimitiveType.INT16, int, width=Int16),
                           *([byte_spec] * 8)],
                          [a, b, c, *g.bytes_le[8:16]], value_type=True)
    if kind == BIGINT:
        return _bigint_shape(value)
    if kind == COMPARER:
        return ClassShape(value.type_name, None, [], [], [])
    if kind == CLASS and issubclass(spec.py, enum.Enum):
        name, lib = net_name(spec)
        width = spec.width or Int32
        return ClassShape(name, lib, ["value__"],
                          [TypeSpec(PRIM, width.code, int, width=width)], [value.value],
                          value_type=True)
    if kind == PRIM:
        return _boxed_root_shape(value, spec)
    if kind == EXCEPTION:
        return _exception_shape(value)
    if kind == LIST_DICTIONARY:
        items = list(value.items())
        head = _DictionaryNode(items, 0) if items else None
        # version counts the writes to the dictionary; one per entry is what a fresh
        # exception's Data[key] = value assignments leave.
        return ClassShape(_LDI, None, ["head", "version", "count"],
                          [_NODE_SPEC, _INT32, _INT32], [head, len(items), len(items)])
    if kind == DICTIONARY_NODE:
        key, val = value.items[value.index]
        after = value.index + 1
        following = _DictionaryNode(value.items, after) if after < len(value.items) else None
        return ClassShape(_NODE, None, ["key", "value", "next"],
                          [OBJECT_SPEC, OBJECT_SPEC, _NODE_SPEC], [key, val, following],
                          entry=value.index)
    if kind == URI:
        return ClassShape("System.Uri", SYSTEM, ["AbsoluteUri"], [STRING_SPEC], [str(value)])
    if kind == DTO:
        return _datetime_offset_shape(value)
    if kind == PYTHON:
        name, to_members = _PYTHON_TYPES.get(type(value), _PY_TUPLE)
        names, specs, values = to_members(value)
        return ClassShape(name, PYTHON_ASSEMBLY, names, specs, values)
    return None


_DATETIME = _PRIM_OF_TYPE[_dt.datetime]
_INT16 = TypeSpec(PRIM, PrimitiveType.INT16, int, width=Int16)
#: DateTimeOffset's range of offsets (.NET's MaxOffset), in minutes.
_MAX_OFFSET_MINUTES = 14 * 60


def _datetime_offset_shape(value: Any) -> ClassShape:
    """DateTimeOffset.GetObjectData: the UTC time as an Unspecified DateTime, OffsetMinutes."""
    offset = value.utcoffset() if isinstance(value, _dt.datetime) else None
    if offset is None:
        raise SerializationError(f"a DateTimeOffset needs an aware datetime, got {value!r}")
    minutes, rest = divmod(offset, _dt.timedelta(minutes=1))
    if rest or abs(minutes) > _MAX_OFFSET_MINUTES:
        raise SerializationError(f"a DateTimeOffset's offset must be whole minutes within "
                                 f"±14 hours, not {offset}")
    utc = value.replace(tzinfo=None) - offset
    return ClassShape("System.DateTimeOffset", None, ["DateTime", "OffsetMinutes"],
                      [_DATETIME, _INT16], [utc, minutes], value_type=True)


_OBJECTS = TypeSpec(ARRAY, py=list, args=(OBJECT_SPEC,))
_DOUBLE = TypeSpec(PRIM, PrimitiveType.DOUBLE, float)
_PATH_CLASSES = {c.__name__: c for c in (
    pathlib.PurePath, pathlib.PurePosixPath, pathlib.PureWindowsPath, pathlib.Path,
    pathlib.PosixPath, pathlib.WindowsPath)}

Members = tuple[list[str], list[TypeSpec], list[Any]]


def _time_members(t: _dt.time) -> Members:
    offset = t.utcoffset()
    return (["Hour", "Minute", "Second", "Microsecond", "UtcOffsetSeconds", "Fold"],
            [_INT32] * 4 + [OBJECT_SPEC, _INT32],
            [t.hour, t.minute, t.second, t.microsecond,
             None if offset is None else int(offset.total_seconds()), t.fold])


_PYTHON_TYPES: dict[type, tuple[str, Callable[[Any], Members]]] = {
    _dt.date: ("serialkit.Python.Date", lambda d: (
        ["Year", "Month", "Day"], [_INT32] * 3, [d.year, d.month, d.day])),
    _dt.time: ("serialkit.Python.Time", _time_members),
    frozenset: ("serialkit.Python.FrozenSet", lambda f: (["Items"], [_OBJECTS], [list(f)])),
    complex: ("serialkit.Python.Complex", lambda c: (
        ["Real", "Imag"], [_DOUBLE, _DOUBLE], [c.real, c.imag])),
    bytearray: ("serialkit.Python.ByteArray", lambda b: (
        ["Data"], [TypeSpec(BYTES, py=bytes)], [bytes(b)])),
    range: ("serialkit.Python.Range", lambda r: (
        ["Start", "Stop", "Step"], [OBJECT_SPEC] * 3, [r.start, r.stop, r.step])),
    fractions.Fraction: ("serialkit.Python.Fraction", lambda f: (
        ["Numerator", "Denominator"], [OBJECT_SPEC] * 2, [f.numerator, f.denominator])),
    **{cls: ("serialkit.Python.Path", lambda p: (
        ["Kind", "Value"], [STRING_SPEC, STRING_SPEC], [type(p).__name__, str(p)]))
       for cls in _PATH_CLASSES.values()},
}
_PY_TUPLE: tuple[str, Callable[[Any], Members]] = (
    "serialkit.Python.Tuple", lambda t: (["Items"], [_OBJECTS], [list(t)]))


@attrs.frozen(eq=False)
class _DictionaryNode:
    """Entry ``index`` of a ListDictionaryInternal being written; its shape makes the next
    node, so a long Data needs no chain of nodes made up front."""

    items: list[tuple[Any, Any]]
    index: int


_NODE_SPEC = TypeSpec(DICTIONARY_NODE)

_EXCEPTION_MEMBERS = (
    ("ClassName", STRING_SPEC, "class_name"),
    ("Message", STRING_SPEC, "message"),
    ("Data", TypeSpec(LIST_DICTIONARY, py=dict), "data"),
    ("InnerException", TypeSpec(NAMED, py="System.Exception"), "inner_exception"),
    ("HelpURL", STRING_SPEC, "help_url"),
    ("StackTraceString", STRING_SPEC, "stack_trace"),
    ("RemoteStackTraceString", STRING_SPEC, "remote_stack_trace"),
    ("RemoteStackIndex", _INT32, "remote_stack_index"),
    ("ExceptionMethod", OBJECT_SPEC, "exception_method"),
    ("HResult", _INT32, "hresult"),
    ("Source", STRING_SPEC, "source"),
)


def _exception_shape(exc: DotNetException) -> ClassShape:
    names = [n for n, _, _ in _EXCEPTION_MEMBERS]
    specs = [s for _, s, _ in _EXCEPTION_MEMBERS]
    values = [getattr(exc, a) for _, _, a in _EXCEPTION_MEMBERS]
    for name, value in exc.extra.items():
        names.append(name)
        specs.append(OBJECT_SPEC if value is not None and not isinstance(value, str)
                     else STRING_SPEC)
        values.append(value)
    return ClassShape(exc.type_name, exc.assembly, names, specs, values, fixed_layout=False)


def _dict_shape(value: dict[Any, Any], spec: TypeSpec) -> ClassShape:
    items = list(value.items())
    if spec.kind == HASHTABLE:
        return ClassShape(
            "System.Collections.Hashtable", None,
            ["LoadFactor", "Version", "Comparer", "HashCodeProvider", "HashSize", "Keys",
             "Values"],
            [TypeSpec(PRIM, PrimitiveType.SINGLE, float), _INT32,
             TypeSpec(NAMED, py="System.Collections.IComparer"),
             TypeSpec(NAMED, py="System.Collections.IHashCodeProvider"), _INT32,
             TypeSpec(ARRAY, py=list, args=(OBJECT_SPEC,)),
             TypeSpec(ARRAY, py=list, args=(OBJECT_SPEC,))],
            [0.72, len(items), None, None, _hashtable_size(len(items)),
             [k for k, _ in items], [v for _, v in items]])
    key, val = spec.args
    name, _ = net_name(spec)
    comparer = _comparer_for(key)
    names = ["Version", "Comparer", "HashSize"]
    specs = [_INT32, TypeSpec(COMPARER, py=comparer.type_name), _INT32]
    values: list[Any] = [len(items), comparer, _dictionary_size(len(items))]
    if items:
        names.append("KeyValuePairs")
        specs.append(TypeSpec(ARRAY, py=list, args=(TypeSpec(KVP, args=(key, val)),)))
        values.append(items)
    return ClassShape(name, None, names, specs, values, fixed_layout=False)


def _bigint_shape(value: int) -> ClassShape:
    uint_array = TypeSpec(ARRAY, py=list, args=(TypeSpec(PRIM, PrimitiveType.UINT32, int),))
    if -(2**31) < value < 2**31:
        sign, bits = value, None
    else:
        sign = 1 if value > 0 else -1
        magnitude = abs(value)
        bits = []
        while magnitude:
            bits.append(magnitude & 0xFFFFFFFF)
            magnitude >>= 32
    return ClassShape("System.Numerics.BigInteger", SYSTEM_NUMERICS, ["_sign", "_bits"],
                      [_INT32, uint_array], [sign, bits], value_type=True)


def _boxed_root_shape(value: Any, spec: TypeSpec) -> ClassShape:
    code = spec.code
    assert code is not None
    if code is PrimitiveType.DECIMAL:
        decimal_to_text(value)  # refuses what System.Decimal cannot hold
        sign, digits, exponent = Decimal(value).as_tuple()
        assert isinstance(exponent, int)
        scale = max(0, -exponent)
        coefficient = int("".join(map(str, digits)) or "0") * (10 ** max(0, exponent))
        flags = (scale << 16) | (0x80000000 if sign else 0)
        i32 = [_INT32] * 4
        as_i32 = [int.from_bytes(x.to_bytes(4, "little"), "little", signed=True) for x in (
            flags, (coefficient >> 64) & 0xFFFFFFFF, coefficient & 0xFFFFFFFF,
            (coefficient >> 32) & 0xFFFFFFFF)]
        return ClassShape("System.Decimal", None, ["flags", "hi", "lo", "mid"], i32, as_i32,
                          value_type=True)
    if code is PrimitiveType.DATETIME:
        raw = datetime_to_raw(value)
        return ClassShape("System.DateTime", None, ["ticks", "dateData"],
                          [_INT64, TypeSpec(PRIM, PrimitiveType.UINT64, int)],
                          [raw & ((1 << 62) - 1), raw], value_type=True)
    if code is PrimitiveType.TIMESPAN:
        return ClassShape("System.TimeSpan", None, ["_ticks"], [_INT64],
                          [_timedelta_ticks(value)], value_type=True)
    return ClassShape(code.net_name, None, ["m_value"], [spec], [value], value_type=True)


def _timedelta_ticks(value: _dt.timedelta) -> int:
    return ((value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds) * 10


# -- readers ----------------------------------------------------------------------------------
@attrs.frozen
class BuiltinReader:
    """How a built-in .NET type is read back.

    ``shell`` makes the empty container that others may reference before it is filled
    (None for immutable values built once their members are known); ``children`` lists the
    member values the build reads, each with True when it needs the value complete (hashed
    keys) rather than merely existing; ``build`` makes or fills the Python value.
    """

    shell: Callable[[], Any] | None
    children: Callable[[ClassRecord], list[tuple[Any, bool]]]
    build: Callable[[Any, ClassRecord, Callable[[Any], Any]], Any]


def _items(record: ClassRecord) -> list[Any]:
    items = record.get("_items")
    size = record.get("_size")
    if not isinstance(items, ArrayRecord) or not isinstance(size, int) or \
            not 0 <= size <= len(items.values):
        raise SerializationError(f"{record.type_name} has an invalid _items/_size pair",
                                 offset=record.offset)
    return list(items.values[:size])


def _fill_list(shell: list[Any], record: ClassRecord, resolve: Callable[[Any], Any]) -> Any:
    shell.extend(resolve(v) for v in _items(record))
    return shell


def _kv_pairs(record: ClassRecord) -> list[tuple[Any, Any]]:
    if record.type_name == _LDI:
        return _node_pairs(record)
    if record.type_name.startswith("System.Collections.Hashtable"):
        keys, values = record.get("Keys"), record.get("Values")
        if not (isinstance(keys, ArrayRecord) and isinstance(values, ArrayRecord)
                and len(keys.values) == len(values.values)):
            raise SerializationError("a Hashtable's Keys and Values do not match",
                                     offset=record.offset)
        return list(zip(keys.values, values.values, strict=True))
    pairs = record.get("KeyValuePairs")
    if pairs is None:
        return []
    if not isinstance(pairs, ArrayRecord):
        raise SerializationError("a Dictionary's KeyValuePairs is not an array",
                                 offset=record.offset)
    result = []
    for kvp in pairs.values:
        if not isinstance(kvp, ClassRecord) or "key" not in kvp or "value" not in kvp:
            raise SerializationError("a Dictionary's KeyValuePairs holds a non-pair",
                                     offset=record.offset)
        result.append((kvp["key"], kvp["value"]))
    return result



def _node_pairs(record: ClassRecord) -> list[tuple[Any, Any]]:
    """The entries of a ListDictionaryInternal (what .NET exceptions keep their ``Data``
    in): a singly linked list of DictionaryNode records from ``head``, walked in a loop."""
    pairs: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    node = record.get("head")
    while node is not None:
        if not isinstance(node, ClassRecord) or node.type_name != _NODE or \
                "key" not in node or "value" not in node:
            raise SerializationError(f"a ListDictionaryInternal entry is not a {_NODE}",
                                     offset=record.offset)
        if id(node) in seen:
            raise SerializationError("a ListDictionaryInternal's entries form a cycle",
                                     offset=node.offset)
        seen.add(id(node))
        pairs.append((node["key"], node["value"]))
        node = node.get("next")
    count = record.get("count")
    if count != len(pairs) or count.__class__ is not int:
        raise SerializationError(f"a ListDictionaryInternal counts {count!r} entries but "
                                 f"holds {len(pairs)}", offset=record.offset)
    return pairs


def _fill_dict(shell: dict[Any, Any], record: ClassRecord,
               resolve: Callable[[Any], Any]) -> Any:
    for k, v in _kv_pairs(record):
        key = resolve(k)
        try:
            shell[key] = resolve(v)
        except TypeError as exc:
            raise SerializationError(f"a dictionary key of type {type(key).__name__} is not "
                                     "hashable", offset=record.offset) from exc
    return shell


def _set_elements(record: ClassRecord) -> list[Any]:
    elements = record.get("Elements")
    if elements is None:
        return []
    if not isinstance(elements, ArrayRecord):
        raise SerializationError("a HashSet's Elements is not an array", offset=record.offset)
    return list(elements.values)


def _fill_set(shell: set[Any], record: ClassRecord, resolve: Callable[[Any], Any]) -> Any:
    try:
        shell.update(resolve(v) for v in _set_elements(record))
    except TypeError as exc:
        raise SerializationError("a set element is not hashable", offset=record.offset) from exc
    return shell


def _member(record: ClassRecord, name: str, kind: type | tuple[type, ...]) -> Any:
    value = record.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise SerializationError(f"{record.type_name} member {name!r} is missing or has the "
                                 "wrong type", offset=record.offset)
    return value


def _guid(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> uuid.UUID:
    try:
        raw = (_member(record, "_a", int).to_bytes(4, "little", signed=True)
               + _member(record, "_b", int).to_bytes(2, "little", signed=True)
               + _member(record, "_c", int).to_bytes(2, "little", signed=True)
               + bytes(_member(record, f"_{ch}", int) for ch in "defghijk"))
    except (ValueError, OverflowError) as exc:  # members of the wrong width
        raise SerializationError(f"invalid {record.type_name}: {exc}",
                                 offset=record.offset) from None
    return uuid.UUID(bytes_le=raw)


def _decimal(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> Decimal:
    flags, hi, lo, mid = (_member(record, n, int) & 0xFFFFFFFF
                          for n in ("flags", "hi", "lo", "mid"))
    scale = (flags >> 16) & 0xFF
    if scale > 28 or flags & 0x7F00FFFF:
        raise SerializationError("invalid System.Decimal flags", offset=record.offset)
    coefficient = (hi << 64) | (mid << 32) | lo
    return Decimal((1 if flags & 0x80000000 else 0, tuple(int(d) for d in str(coefficient)),
                    -scale))


def _datetime(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> _dt.datetime:
    raw = _member(record, "dateData", int)
    try:
        return datetime_from_raw(raw & 0xFFFFFFFFFFFFFFFF)
    except (ValueError, OverflowError) as exc:
        raise SerializationError(str(exc), offset=record.offset) from None


def _bigint(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> int:
    sign: int = _member(record, "_sign", int)
    bits = record.get("_bits")
    if bits is None:
        return sign
    if not isinstance(bits, ArrayRecord):
        raise SerializationError("BigInteger _bits is not an array", offset=record.offset)
    magnitude = 0
    for word in reversed(bits.values):
        magnitude = (magnitude << 32) | (word & 0xFFFFFFFF)
    return -magnitude if sign < 0 else magnitude


def _m_value(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> Any:
    if "m_value" not in record:
        raise SerializationError(f"{record.type_name} has no m_value", offset=record.offset)
    code = _PRIMITIVE_OF_NAME.get(record.type_name)
    value = record["m_value"]
    # A boxed root Int16, Char... keeps its type, as in an object slot (nrbf.boxed).
    return value if code is None else boxed(code, value)


_PRIMITIVE_OF_NAME = {code.net_name: code for code in PrimitiveType}


def _tuple(_: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> tuple[Any, ...]:
    return tuple(resolve(v) for _, v in record.items())


def _no_children(record: ClassRecord) -> list[tuple[Any, bool]]:
    return []


def _all_members(record: ClassRecord) -> list[tuple[Any, bool]]:
    return [(v, False) for v in record.values]


def _value(build: Callable[[Any, ClassRecord, Callable[[Any], Any]], Any]) -> BuiltinReader:
    return BuiltinReader(None, _no_children, build)


def _pairs_children(record: ClassRecord) -> list[tuple[Any, bool]]:
    out: list[tuple[Any, bool]] = []
    for k, v in _kv_pairs(record):
        out.append((k, True))
        out.append((v, False))
    return out


BUILTIN_READERS: dict[str, BuiltinReader] = {
    "System.Collections.Generic.List`1": BuiltinReader(
        list, lambda r: [(v, False) for v in _items(r)], _fill_list),
    "System.Collections.ArrayList": BuiltinReader(
        list, lambda r: [(v, False) for v in _items(r)], _fill_list),
    "System.Collections.Generic.Dictionary`2": BuiltinReader(dict, _pairs_children, _fill_dict),
    "System.Collections.Hashtable": BuiltinReader(dict, _pairs_children, _fill_dict),
    # What .NET exceptions keep their Data in.
    "System.Collections.ListDictionaryInternal": BuiltinReader(
        dict, _pairs_children, _fill_dict),
    "System.Collections.Generic.HashSet`1": BuiltinReader(
        set, lambda r: [(v, True) for v in _set_elements(r)], _fill_set),
    "System.Collections.Generic.KeyValuePair`2": BuiltinReader(None, _all_members, _tuple),
    "System.Guid": _value(_guid),
    "System.Decimal": _value(_decimal),
    "System.DateTime": _value(_datetime),
    "System.TimeSpan": _value(
        lambda _, r, res: timedelta_from_ticks(_member(r, "_ticks", int))),
    "System.Numerics.BigInteger": _value(_bigint),
    "System.Collections.Generic.GenericEqualityComparer`1": _value(lambda _, r, res: None),
    "System.Collections.Generic.ObjectEqualityComparer`1": _value(lambda _, r, res: None),
    "System.Collections.Generic.EnumEqualityComparer`1": _value(lambda _, r, res: None),
}
for _n in range(1, 8):
    BUILTIN_READERS[f"System.Tuple`{_n}"] = BuiltinReader(None, _all_members, _tuple)
for _code in PrimitiveType:
    if _code not in (PrimitiveType.NULL, PrimitiveType.STRING, PrimitiveType.DECIMAL,
                     PrimitiveType.DATETIME, PrimitiveType.TIMESPAN):
        BUILTIN_READERS[_code.net_name] = _value(_m_value)


def _items_array(record: ClassRecord) -> list[Any]:
    items = record.get("Items")
    if not isinstance(items, ArrayRecord):
        raise SerializationError(f"{record.type_name} has no Items array", offset=record.offset)
    return list(items.values)


def _ints(record: ClassRecord, *names: str) -> list[int]:
    return [_member(record, n, int) for n in names]


def _big_ints(record: ClassRecord, *names: str) -> list[int]:
    """Integer members written as ``object``: beyond Int64 they are BigInteger structs."""
    values = []
    for name in names:
        value = record.get(name)
        if isinstance(value, ClassRecord) and value.type_name == "System.Numerics.BigInteger":
            values.append(_bigint(None, value, lambda v: v))
        else:
            values.append(_member(record, name, int))
    return values


def _py_time(_: Any, r: ClassRecord, resolve: Callable[[Any], Any]) -> _dt.time:
    offset = r.get("UtcOffsetSeconds")
    tz = None if offset is None else _dt.timezone(_dt.timedelta(seconds=_member(
        r, "UtcOffsetSeconds", int)))
    hour, minute, second, micro = _ints(r, "Hour", "Minute", "Second", "Microsecond")
    return _dt.time(hour, minute, second, micro, tzinfo=tz, fold=_member(r, "Fold", int))


def _py_path(_: Any, r: ClassRecord, resolve: Callable[[Any], Any]) -> pathlib.PurePath:
    cls = _PATH_CLASSES.get(_member(r, "Kind", str))
    if cls is None:
        raise SerializationError(f"unknown path kind {r.get('Kind')!r}", offset=r.offset)
    if cls is pathlib.PosixPath or cls is pathlib.WindowsPath:
        cls = pathlib.Path  # the concrete class of this platform
    return cls(_member(r, "Value", str))


def _checked(build: Callable[[Any, ClassRecord, Callable[[Any], Any]], Any]
             ) -> Callable[[Any, ClassRecord, Callable[[Any], Any]], Any]:
    def run(shell: Any, record: ClassRecord, resolve: Callable[[Any], Any]) -> Any:
        try:
            return build(shell, record, resolve)
        except (ValueError, TypeError, OverflowError, ZeroDivisionError) as exc:
            raise SerializationError(f"invalid {record.type_name}: {exc}",
                                     offset=record.offset) from None
    return run


BUILTIN_READERS.update({
    "serialkit.Python.Date": _value(_checked(
        lambda _, r, res: _dt.date(*_ints(r, "Year", "Month", "Day")))),
    "serialkit.Python.Time": _value(_checked(_py_time)),
    "serialkit.Python.FrozenSet": BuiltinReader(
        None, lambda r: [(v, True) for v in _items_array(r)],
        _checked(lambda _, r, res: frozenset(res(v) for v in _items_array(r)))),
    "serialkit.Python.Tuple": BuiltinReader(
        None, lambda r: [(v, False) for v in _items_array(r)],
        lambda _, r, res: tuple(res(v) for v in _items_array(r))),
    "serialkit.Python.Complex": _value(_checked(lambda _, r, res: complex(
        _member(r, "Real", float), _member(r, "Imag", float)))),
    "serialkit.Python.ByteArray": _value(_checked(lambda _, r, res: bytearray(
        _member(r, "Data", ArrayRecord).values))),
    "serialkit.Python.Range": _value(_checked(
        lambda _, r, res: range(*_big_ints(r, "Start", "Stop", "Step")))),
    "serialkit.Python.Fraction": _value(_checked(lambda _, r, res: fractions.Fraction(
        *_big_ints(r, "Numerator", "Denominator")))),
    "serialkit.Python.Path": _value(_checked(_py_path)),
})


def _datetime_offset(_: Any, r: ClassRecord, resolve: Callable[[Any], Any]) -> DateTimeOffset:
    utc: _dt.datetime = _member(r, "DateTime", _dt.datetime)
    offset = _dt.timedelta(minutes=_member(r, "OffsetMinutes", int))
    try:
        return DateTimeOffset.of((utc.replace(tzinfo=None) + offset).replace(
            tzinfo=_dt.timezone(offset)))
    except (OverflowError, ValueError) as exc:  # beyond datetime's range, or |offset| >= 1 day
        raise SerializationError(f"invalid DateTimeOffset: {exc}", offset=r.offset) from None


BUILTIN_READERS["System.Uri"] = _value(_checked(
    lambda _, r, res: Uri(_member(r, "AbsoluteUri", str))))
BUILTIN_READERS["System.DateTimeOffset"] = _value(_checked(_datetime_offset))

_EXCEPTION_NAME = re.compile(
    r"^(?:System|Microsoft)(?:\.[A-Za-z_][A-Za-z0-9_]*)*\.(?:[A-Za-z_][A-Za-z0-9_]*)?Exception$")
_ATTRS = {name: attr for name, _, attr in _EXCEPTION_MEMBERS}


def _fill_exception(shell: DotNetException, record: ClassRecord,
                    resolve: Callable[[Any], Any]) -> DotNetException:
    values = {name: resolve(v) for name, v in record.items()}
    kwargs = {_ATTRS[n]: v for n, v in values.items() if n in _ATTRS}
    extra = {n: v for n, v in values.items() if n not in _ATTRS}
    inner = kwargs.get("inner_exception")
    if inner is not None and not isinstance(inner, DotNetException):
        raise SerializationError("InnerException is not an exception", offset=record.offset)
    try:
        shell.__init__(kwargs.pop("message", None),  # type: ignore[misc]
                       type_name=record.type_name, extra=extra,
                       assembly=record.library_name, **kwargs)
    except TypeError as exc:
        raise SerializationError(f"invalid exception record: {exc}",
                                 offset=record.offset) from None
    return shell


_EXCEPTION_READER = BuiltinReader(lambda: DotNetException.__new__(DotNetException),
                                  _all_members, _fill_exception)


def builtin_reader(type_name: str, record: ClassRecord) -> BuiltinReader | None:
    """The built-in reader for a record's .NET type, if serialkit has one.

    Exceptions are recognised as a family: any ``System.*Exception`` or
    ``Microsoft.*Exception`` whose record carries .NET's exception members.
    """
    reader = BUILTIN_READERS.get(type_name.split("[", 1)[0])
    if reader is None and _EXCEPTION_NAME.match(type_name) and "ClassName" in record \
            and "Message" in record:
        return _EXCEPTION_READER
    return reader


def iter_specs(spec: TypeSpec) -> Iterable[TypeSpec]:
    """``spec`` and every spec nested in it."""
    stack = [spec]
    while stack:
        s = stack.pop()
        yield s
        stack.extend(s.args)
