"""The SoapFormatter reader: a SOAP envelope to the record graph the object manager binds.

Every ``id`` element becomes a record (class, array or string) and every ``href`` a reference
to one, so shared objects and cycles survive. Member values carry no type on the wire unless
boxed, so the reader types them from the class they belong to (a registered class's
annotations, or the known members of .NET's system types), then from ``xsi:type``; anything
else stays text. Nothing is instantiated here: binding happens afterwards, through the same
allow-list as BinaryFormatter's.
"""

from __future__ import annotations

import codecs
import enum
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from serialkit import metadata
from serialkit.errors import LimitExceededError, SerializationError, TypeNotAllowedError
from serialkit.limits import ReaderLimits
from serialkit.nrbf.boxed import boxed
from serialkit.nrbf.decoder import NULL_SLOTS_PER_BYTE
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.records import ArrayRecord, ClassLayout, ClassRecord, MemberType
from serialkit.soap.names import (
    ENC,
    ENV,
    XSD,
    XSD_CODES,
    XSI,
    decode_base64,
    decode_name,
    parse_type_namespace,
    parse_value,
)
from serialkit.surrogates.builtin import net_name
from serialkit.typespec import (
    BIGINT,
    CLASS,
    GUID,
    KVP,
    NULLABLE,
    OBJECT_SPEC,
    PRIM,
    STRING,
    TypeSpec,
)
from serialkit.xml.parser import parse_document

__all__ = ["ClassLookup", "SoapReader"]

#: The Python class a (type name, library) binds to, or None: the formatter's binder and
#: registry, so the reader types members exactly as binding will.
ClassLookup = Callable[[str, "str | None"], "type | None"]

_XSI_TYPE = f"{{{XSI}}}type"
_XSI_NULL = f"{{{XSI}}}null"
_XSI_NIL = f"{{{XSI}}}nil"
_ARRAY_TYPE = f"{{{ENC}}}arrayType"
_POSITION = f"{{{ENC}}}position"
_OFFSET = f"{{{ENC}}}offset"


def _prim(code: PrimitiveType) -> TypeSpec:
    return TypeSpec(PRIM, code)


_I32, _I16, _I64 = (_prim(PrimitiveType.INT32), _prim(PrimitiveType.INT16),
                    _prim(PrimitiveType.INT64))
#: Members of .NET system types whose values SoapFormatter writes untyped.
_SYSTEM_MEMBERS: dict[str, TypeSpec] = {
    "_size": _I32, "_version": _I32, "Version": _I32, "HashSize": _I32, "Capacity": _I32,
    "LoadFactor": _prim(PrimitiveType.SINGLE), "_a": _I32, "_b": _I16, "_c": _I16,
    **{f"_{c}": _prim(PrimitiveType.BYTE) for c in "defghijk"},
    "flags": _I32, "hi": _I32, "lo": _I32, "mid": _I32, "ticks": _I64,
    "dateData": _prim(PrimitiveType.UINT64), "_ticks": _I64, "HResult": _I32,
    "RemoteStackIndex": _I32, "_sign": _I32, "OffsetMinutes": _I16, "m_value": OBJECT_SPEC,
    # ListDictionaryInternal, an exception's Data
    "version": _I32, "count": _I32,
}
#: .NET's own libraries besides mscorlib whose types' members those are (BigInteger's
#: ``_sign`` is in System.Numerics).
_SYSTEM_LIBRARIES = frozenset({"System", "System.Numerics", "System.Core"})
#: The boxed primitives whose root element may name them as System types, not xsd ones.
_SYSTEM_PRIMITIVES = {code.net_name: code for code in XSD_CODES.values()}
_XSD_NET = {name: code.net_name for name, code in XSD_CODES.items()}
#: SOAP-ENC:arrayType: the element type, any inner ranks (a jagged array), the lengths.
_ARRAY_TYPE_TEXT = re.compile(r"(.+?)((?:\[[\d,]*\])*)\[([\d,\s]+)\]").fullmatch
#: The value of a primitive array's element the document leaves out.
_ZERO: dict[PrimitiveType | None, Any] = {
    **dict.fromkeys(XSD_CODES.values(), 0), PrimitiveType.BOOLEAN: False,
    PrimitiveType.DOUBLE: 0.0, PrimitiveType.SINGLE: 0.0, PrimitiveType.DECIMAL: Decimal(0),
    PrimitiveType.CHAR: "\0", PrimitiveType.TIMESPAN: timedelta(0),
    PrimitiveType.DATETIME: datetime(1, 1, 1),
}
#: Element kinds whose arrays hold values, never null: structs and enums (CLASS when the class
#: is a value type), Guid, KeyValuePair.
_VALUE_KINDS = frozenset({CLASS, GUID, KVP})
#: SOAP-ENC:position and SOAP-ENC:offset: ``[i]``, or ``[i,j,...]`` in an array of rank > 1.
_INDEX = re.compile(r"\[(\d{1,10}(?:,\d{1,10})*)\]", re.ASCII).fullmatch


def _with_utf16_mark(data: Any) -> Any:
    """UTF-16 without a byte order mark given one, so that the parser takes it: XML requires
    the mark, but .NET's XmlReader reads '<' or white space as two bytes, one of them 0."""
    if not isinstance(data, bytes | bytearray) or len(data) < 2:
        return data
    first, second = data[0:1], data[1:2]
    if second == b"\x00" and first != b"\x00" and first in b"< \t\r\n":
        return codecs.BOM_UTF16_LE + data
    if first == b"\x00" and second != b"\x00" and second in b"< \t\r\n":
        return codecs.BOM_UTF16_BE + data
    return data


class SoapReader:
    """Turns one SOAP document into records; make one per document."""

    def __init__(self, limits: ReaderLimits, classes: ClassLookup | None = None, *,
                 lenient: bool = False) -> None:
        self.limits = limits
        self.classes = classes
        self.lenient = lenient  # records of unknown structs instead of errors (inspection)
        self.by_id: dict[str, Any] = {}
        self.records: dict[int, Any] = {}
        self.work: list[tuple[Any, Any, dict[str, TypeSpec] | None]] = []
        self.count = 0
        #: The class layouts met, by (type name, library, member names).
        self.layouts: dict[tuple[str, str | None, tuple[str, ...]], ClassLayout] = {}
        self.specs: dict[tuple[str, str | None, PrimitiveType | None], dict[str, TypeSpec]] = {}
        #: Member names by the tags of an object's child elements (the same on every object).
        self.names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.total_elements = 0
        #: Array slots no element of the document fills (a declared length beyond the items
        #: written, a position jump): bounded in proportion to the document, as the binary
        #: reader bounds null runs (ReaderLimits.max_null_slots, set in ``run``).
        self.absent = 0
        self.absent_budget = limits.max_null_slots
        self.size = 0
        #: SOAP-ENC:offset of the arrays that have one, by id of their record.
        self.offsets: dict[int, int] = {}

    def fail(self, message: str, el: Any = None) -> SerializationError:
        line = getattr(el, "sourceline", None)
        where = f" (line {line})" if line else ""
        return SerializationError(f"{message}{where}")

    def run(self, data: Any) -> Any:
        if isinstance(data, bytes | bytearray) and len(data) > self.limits.max_bytes:
            raise LimitExceededError(f"document of {len(data)} bytes exceeds max_bytes="
                                     f"{self.limits.max_bytes}")
        self.size = len(data)
        data = _with_utf16_mark(data)
        self.absent_budget = self.limits.max_null_slots + NULL_SLOTS_PER_BYTE * self.size
        try:
            root = parse_document(data)
        except SerializationError:
            raise
        except Exception as exc:  # the XML layer's own errors
            raise SerializationError(f"not a SOAP document: {exc}") from None
        if root.tag != f"{{{ENV}}}Envelope":
            raise self.fail(f"not a SOAP envelope: the root element is {root.tag}", root)
        body = root.find(f"{{{ENV}}}Body")
        if body is None:
            raise self.fail("the SOAP envelope has no Body", root)
        elements = [el for el in body if isinstance(el.tag, str)]
        if not elements:
            raise self.fail("the SOAP Body is empty: there is no root object", body)
        # The elements with an id, found by libxml2 rather than by a look at every element.
        for el in body.xpath("descendant-or-self::*[@id]"):
            key = el.get("id")
            if key in self.by_id:
                raise self.fail(f"id {key!r} is defined twice", el)
            self.by_id[key] = el
        result = self.value_of(elements[0], None)
        while self.work:
            self.fill(*self.work.pop())
        return result

    # Values ------------------------------------------------------------------------------
    def value_of(self, el: Any, hint: TypeSpec | None,
                 owner: tuple[str, str | None] | None = None) -> Any:
        # Most member elements have no attribute at all: one call says so.
        if el.keys():
            href = el.get("href")
            if href is not None:
                if not href.startswith("#") or href[1:] not in self.by_id:
                    raise self.fail(f"reference {href!r} to an object the document never "
                                    "defines", el)
                return self.record_for(self.by_id[href[1:]])
            if el.get(_XSI_NULL) in ("1", "true") or el.get(_XSI_NIL) in ("1", "true"):
                return None
            if el.get("id") is not None:
                return self.record_for(el)
            xsi_type = el.get(_XSI_TYPE)
            if xsi_type is not None:
                return self.typed(el, self.qname(el, xsi_type))
        text = el.text or ""
        if hint is not None:
            kind = hint.kind
            if kind == PRIM and hint.code is not None:
                return self.parse(hint.code, text, el)
            if kind == CLASS and isinstance(hint.py, type) and issubclass(hint.py, enum.Enum):
                return self.enum_value(hint.py, text, el)
            if kind in (CLASS, GUID, BIGINT, KVP) and len(el):
                name, library = net_name(hint)
                return self.new_class(el, name, library)
        if len(el):
            if self.lenient:
                return self.new_class(el, f"({decode_name(el.tag.rpartition('}')[2])})", None)
            if owner is not None and not self.member_specs(*owner):
                raise TypeNotAllowedError(
                    f"type {owner[0]} is not allowed: register a class for it with "
                    "@serializable(type_name=..., assembly_name=...) or bind it with a "
                    f"SerializationBinder (line {el.sourceline})", type_name=owner[0])
            raise self.fail(f"element <{el.tag}> holds an object of no known type (no "
                            "xsi:type, and its member's type is not declared)", el)
        return self.string(text, el)

    def typed(self, el: Any, qname: tuple[str, str]) -> Any:
        uri, local = qname
        text = el.text or ""
        if uri == XSD:
            code = XSD_CODES.get(local)
            if code is not None:  # a boxed Int16, Single... keeps its type (nrbf.boxed)
                return boxed(code, self.parse(code, text, el))
            if local == "string":
                return self.string(text, el)
            if local in ("anyType", "ur-type") and not len(el):
                return self.string(text, el)
        if uri == ENC:
            if local == "string":
                return self.string(text, el)
            if local == "base64":
                return self.base64(text, el)
        names = parse_type_namespace(uri, local)
        if names is None:
            raise self.fail(f"unknown xsi:type {{{uri}}}{local}", el)
        type_name, library = names
        if type_name == "System.Char":
            return boxed(PrimitiveType.CHAR, self.parse(PrimitiveType.CHAR, text, el))
        if len(el):
            return self.new_class(el, type_name, library)
        cls = self.enum_class(type_name, library)
        if cls is None and self.lenient:
            return text
        if cls is None:
            raise self.fail(f"type {type_name} is not allowed here (an unknown enum or an "
                            "empty struct)", el)
        return self.enum_value(cls, text, el)

    def string(self, text: str, el: Any) -> str:
        """``text`` as a string value, within max_string_bytes."""
        limit = self.limits.max_string_bytes
        # A character is at most 4 UTF-8 bytes: most texts need no encoding to pass.
        if len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit:
            raise LimitExceededError(f"a string of more than max_string_bytes={limit} bytes",
                                     path=f"line {el.sourceline}")
        return text

    def parse(self, code: PrimitiveType, text: str, el: Any) -> Any:
        try:
            return parse_value(code, text)
        except ValueError as exc:
            raise self.fail(str(exc), el) from None

    def base64(self, text: str, el: Any) -> bytes:
        try:
            return decode_base64(text)
        except ValueError:
            raise self.fail("malformed base64 content", el) from None

    def enum_value(self, cls: type, text: str, el: Any) -> Any:
        names = [n for n in re.split(r"[,\s|]+", text.strip()) if n]
        try:
            if len(names) == 1 and re.fullmatch(r"-?\d+", names[0]):
                return cls(int(names[0]))
            members = [cls[n] for n in names]  # type: ignore[index]
        except (KeyError, ValueError):
            raise self.fail(f"{text.strip()[:40]!r} is not a value of {cls.__qualname__}",
                            el) from None
        if not members:
            return cls(0)
        value = members[0]
        for member in members[1:]:
            value |= member
        return value

    def qname(self, el: Any, text: str) -> tuple[str, str]:
        prefix, _, local = text.rpartition(":")
        uri = el.nsmap.get(prefix or None)
        if uri is None:
            raise self.fail(f"undeclared prefix in {text!r}", el)
        return uri, local

    # Records -------------------------------------------------------------------------------
    def count_one(self, el: Any) -> None:
        self.count += 1
        if self.count > self.limits.max_objects:
            raise LimitExceededError(f"more than max_objects={self.limits.max_objects} "
                                     "objects", path=f"line {el.sourceline}")

    def record_for(self, el: Any) -> Any:
        found = self.records.get(id(el))
        if found is not None or id(el) in self.records:
            return found
        tag = el.tag
        uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if (uri == ENC and local == "string") or (
                el.get(_XSI_TYPE) is not None and self.qname(el, el.get(_XSI_TYPE)) in (
                    (ENC, "string"), (XSD, "string"))):
            self.count_one(el)
            value = self.string(el.text or "", el)
            self.records[id(el)] = value
            return value
        if uri == ENC and local == "Array":
            return self.new_array(el)
        if uri == XSD and local in _XSD_NET:
            if not len(el) and local == "duration":  # a TimeSpan root, as its text
                self.count_one(el)
                value = self.parse(PrimitiveType.TIMESPAN, el.text or "", el)
                self.records[id(el)] = value
                return value
            return self.new_class(el, _XSD_NET[local], None, boxed=XSD_CODES[local])
        names = parse_type_namespace(uri, local)
        if names is None:
            if len(el) == 0:  # a multiref string or value in a member element
                self.count_one(el)
                value = self.value_of_plain(el)
                self.records[id(el)] = value
                return value
            raise self.fail(f"element {tag} names no CLR type", el)
        return self.new_class(el, *names)

    def value_of_plain(self, el: Any) -> Any:
        xsi_type = el.get(_XSI_TYPE)
        if xsi_type is not None:
            return self.typed(el, self.qname(el, xsi_type))
        return self.string(el.text or "", el)

    def new_class(self, el: Any, type_name: str, library: str | None,
                  boxed: PrimitiveType | None = None) -> ClassRecord:
        self.count_one(el)
        limit = self.limits.max_type_name_length
        if len(type_name) > limit or (library is not None and len(library) > limit):
            raise LimitExceededError(f"a type or assembly name longer than "
                                     f"max_type_name_length={limit}",
                                     path=f"line {el.sourceline}")
        if el.get("id") is None:  # a struct written in place: as deep as its element
            depth = sum(1 for _ in el.iterancestors()) - 1  # top-level objects are depth 1
            if depth > self.limits.max_depth:
                raise LimitExceededError(f"records nest deeper than max_depth="
                                         f"{self.limits.max_depth}",
                                         path=f"line {el.sourceline}")
        children = [c for c in el if c.tag.__class__ is str]
        tags = tuple(c.tag for c in children)
        names = self.names.get(tags)
        if names is None:
            names = tuple(decode_name(t.rpartition("}")[2]) for t in tags)
            if any(len(name) > limit for name in names):
                raise LimitExceededError(f"a member name longer than max_type_name_length="
                                         f"{limit}", path=f"line {el.sourceline}")
            self.names[tags] = names
        if len(set(names)) != len(names):
            raise self.fail(f"{type_name} names the same member twice", el)
        # One layout per class and member list, as a binary payload has, so that the object
        # manager plans each class once rather than once per object.
        layout = self.layouts.get((type_name, library, names))
        if layout is None:
            layout = self.layouts[type_name, library, names] = ClassLayout(
                type_name, library, names, None, self.count,
                RecordType.CLASS_WITH_MEMBERS_AND_TYPES)
        record = ClassRecord(self.count, layout, el.sourceline or 0)
        if el.get("id") is not None:
            self.records[id(el)] = record
        if boxed is None and library is None:  # <a1:Int16 xmlns:a1=".../ns/System">
            boxed = _SYSTEM_PRIMITIVES.get(type_name)
        specs = self.specs.get((type_name, library, boxed))
        if specs is None:
            specs = self.member_specs(type_name, library)
            if library is None or library.partition(",")[0] in _SYSTEM_LIBRARIES:
                specs = {**_SYSTEM_MEMBERS, **specs}
            if boxed is not None:
                specs = {**specs, "m_value": _prim(boxed)}
            self.specs[type_name, library, boxed] = specs
        self.work.append((record, children, specs))
        return record

    def fill(self, record: Any, children: Any, specs: dict[str, TypeSpec] | None) -> None:
        if isinstance(record, ArrayRecord):
            self.fill_array(record, children, specs)
            return
        specs = specs or {}
        owner = (record.type_name, record.library_name)
        record.values = [self.value_of(child, specs.get(name), owner)
                         for name, child in zip(record.member_names, children, strict=True)]

    def new_array(self, el: Any) -> Any:
        self.count_one(el)
        if (el.get(_XSI_TYPE) is not None
                and self.qname(el, el.get(_XSI_TYPE)) == (ENC, "base64")):
            record = ArrayRecord(self.count, RecordType.ARRAY_SINGLE_PRIMITIVE,
                                 BinaryArrayType.SINGLE, (0,), (0,),
                                 MemberType(BinaryType.PRIMITIVE, PrimitiveType.BYTE),
                                 el.sourceline or 0)
            record.values = self.base64(el.text or "", el)
            record.lengths = (len(record.values),)
            self.records[id(el)] = record
            return record
        array_type = el.get(_ARRAY_TYPE)
        m = _ARRAY_TYPE_TEXT(array_type or "")
        if m is None:
            raise self.fail(f"invalid SOAP-ENC:arrayType {array_type!r}", el)
        element_qname, inner, dims = m.groups()
        lengths = tuple(int(n) for n in dims.split(","))
        if not 1 <= len(lengths) <= 32:
            raise self.fail(f"invalid array rank {len(lengths)}", el)
        total = 1
        for n in lengths:
            total *= n
        if total > self.limits.max_array_length:
            raise LimitExceededError(f"array of {total} elements exceeds max_array_length="
                                     f"{self.limits.max_array_length}",
                                     path=f"line {el.sourceline}")
        self.total_elements += total
        if self.total_elements > self.limits.max_total_elements:
            raise LimitExceededError(f"arrays of more than max_total_elements="
                                     f"{self.limits.max_total_elements} elements in all",
                                     path=f"line {el.sourceline}")
        spec = OBJECT_SPEC if inner else self.element_spec(el, element_qname)
        if spec.kind == PRIM and spec.code is not None:
            element = MemberType(BinaryType.PRIMITIVE, spec.code)
        elif spec.kind == STRING:
            element = MemberType(BinaryType.STRING)
        else:
            element = MemberType(BinaryType.OBJECT)
        record = ArrayRecord(self.count, RecordType.BINARY_ARRAY,
                             BinaryArrayType.RECTANGULAR if len(lengths) > 1
                             else BinaryArrayType.SINGLE, lengths, (0,) * len(lengths),
                             element, el.sourceline or 0)
        self.records[id(el)] = record
        offset = el.get(_OFFSET)
        if offset is not None:
            self.offsets[id(record)] = self.index(offset, lengths, "offset", el)
        self.work.append((record, [c for c in el if isinstance(c.tag, str)], {"": spec}))
        return record

    def element_spec(self, el: Any, text: str) -> TypeSpec:
        uri, local = self.qname(el, text)
        if uri == XSD and local in XSD_CODES:
            return _prim(XSD_CODES[local])
        if (uri, local) in ((ENC, "string"), (XSD, "string")):
            return TypeSpec(STRING, py=str)
        names = parse_type_namespace(uri, local)
        if names == ("System.Char", None):
            return _prim(PrimitiveType.CHAR)
        cls = self.classes(*names) if names is not None and self.classes else None
        if cls is not None and metadata.is_serializable(cls):
            return TypeSpec(CLASS, py=cls)
        if names == ("System.Guid", None):
            return TypeSpec(GUID)
        return OBJECT_SPEC

    def member_specs(self, type_name: str, library: str | None) -> dict[str, TypeSpec]:
        """Declared member types of a registered plain class (not ISerializable)."""
        cls = self.classes(type_name, library) if self.classes else None
        if cls is None or not metadata.is_serializable(cls):
            return {}
        meta = metadata.of(cls)
        if meta.is_enum or meta.is_iserializable:
            return {}
        # A Nullable<T> member holding a value is written as a T.
        return {m.wire_name: m.spec.args[0] if m.spec.kind == NULLABLE else m.spec
                for m in meta.members}

    def enum_class(self, type_name: str, library: str | None) -> type | None:
        cls = self.classes(type_name, library) if self.classes else None
        if cls is not None and issubclass(cls, enum.Enum) and metadata.is_serializable(cls):
            return cls
        return None

    def fill_array(self, record: ArrayRecord, children: Any,
                   specs: dict[str, TypeSpec] | None) -> None:
        spec = (specs or {}).get("", OBJECT_SPEC)
        lengths = record.lengths
        total = 1
        for n in lengths:
            total *= n
        values: list[Any] = []
        position = self.offsets.pop(id(record), 0)
        for child in children:
            pos = child.get(_POSITION)
            if pos is not None:
                position = self.index(pos, lengths, "position", child)
            if position >= total:
                raise self.fail(f"array item {position} is beyond the array's "
                                f"{total} elements", child)
            if position > len(values):
                self.leave_absent(position - len(values), child)
                values.extend([None] * (position - len(values)))
            value = self.value_of(child, spec)
            if position == len(values):
                values.append(value)
            else:
                values[position] = value
            position += 1
        if total > len(values):
            self.leave_absent(total - len(values), record)
            values.extend([None] * (total - len(values)))
        if spec.kind == PRIM and spec.code in _ZERO and None in values:
            # An element left out of a primitive array is its type's zero, as in .NET.
            zero = _ZERO[spec.code]
            values = [zero if v is None else v for v in values]
        elif spec.kind in _VALUE_KINDS and None in values and (
                spec.kind != CLASS or metadata.declares_value_type(spec.py)):
            # A struct (or enum, Guid) array has no null slots in .NET: an element left out
            # is default(T), a fresh all-zero instance per slot as structs are copied.
            values = [metadata.zero_value(spec) if v is None else v for v in values]
        record.values = values

    def index(self, text: str, lengths: tuple[int, ...], what: str, el: Any) -> int:
        """A SOAP-ENC:position or offset ``[i]`` or ``[i,j,...]`` as a flat (row-major) index."""
        m = _INDEX(text.strip())
        parts = m.group(1).split(",") if m else []
        if len(parts) != len(lengths):
            raise self.fail(f"invalid SOAP-ENC:{what} {text[:40]!r} for an array of rank "
                            f"{len(lengths)}", el)
        flat = 0
        for part, length in zip(parts, lengths, strict=True):
            i = int(part)
            if i >= length:
                raise self.fail(f"SOAP-ENC:{what} {text[:40]!r} is outside the array's "
                                f"lengths {list(lengths)}", el)
            flat = flat * length + i
        return flat

    def leave_absent(self, count: int, where: Any) -> None:
        """Count ``count`` array slots no element fills against the document's budget."""
        self.absent += count
        if self.absent > self.absent_budget:
            line = getattr(where, "sourceline", None) or getattr(where, "offset", None)
            raise LimitExceededError(
                f"arrays declare more than {self.absent_budget} elements that the document "
                f"does not hold (the limit for a {self.size}-byte document: max_null_slots="
                f"{self.limits.max_null_slots} plus {NULL_SLOTS_PER_BYTE} per byte)",
                path=f"line {line}" if line else None)
