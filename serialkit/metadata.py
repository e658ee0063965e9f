"""One frozen metadata object per class, built once from its declarations.

Engines never read decorator internals: they call :func:`of` and read the
:class:`ClassMetadata` it returns (cached on the class under ``__serialkit__``).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import inspect
import typing
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from serialkit.attributes.decorators import CALLBACK_ATTR, DECL_ATTR, declared_names
from serialkit.attributes.markers import FieldName, NonSerialized, OptionalField, Width
from serialkit.errors import NotSerializableError
from serialkit.nrbf.enums import PrimitiveType
from serialkit.typespec import BIGINT, CLASS, GUID, KVP, PRIM, TypeSpec, parse

__all__ = ["ClassMetadata", "FieldMetadata", "is_serializable", "of"]

CACHE_ATTR = "__serialkit__"
NO_DEFAULT: Any = attrs.NOTHING
CALLBACK_KINDS = ("on_serializing", "on_serialized", "on_deserializing", "on_deserialized")


@attrs.frozen
class FieldMetadata:
    """One data member: its Python name, its .NET name and how it is typed."""

    name: str
    wire_name: str
    spec: TypeSpec
    annotation: Any
    nonserialized: bool
    optional: OptionalField | None
    default: Any
    factory: Callable[[], Any] | None

    def default_value(self) -> Any:
        """The value a member takes when a payload lacks it: its default, else .NET's zero."""
        if self.factory is not None:
            return self.factory()
        if self.default is not NO_DEFAULT:
            return self.default
        return zero_value(self.spec)


@attrs.frozen
class ClassMetadata:
    """Everything an engine needs to know about a serializable class.

    ``members`` are the serialized fields in .NET's order (the class's own first, then each
    base's), ``fields`` all fields including non-serialized ones; ``callbacks`` maps each
    callback kind to its functions, base class first.
    """

    cls: type
    type_name: str
    assembly_name: str
    is_value_type: bool
    is_enum: bool
    underlying_type: Width | None
    fields: tuple[FieldMetadata, ...]
    members: tuple[FieldMetadata, ...]
    callbacks: dict[str, tuple[Callable[..., Any], ...]]
    is_iserializable: bool
    is_object_reference: bool
    has_deserialization_callback: bool

    @property
    def simple_name(self) -> str:
        """The .NET ``Type.Name``: the type name without its namespace."""
        return self.type_name.rsplit(".", 1)[-1].rsplit("+", 1)[-1]


def is_serializable(cls: type) -> bool:
    """True when ``cls`` itself (not merely a base) is marked ``@serializable``."""
    decl = cls.__dict__.get(DECL_ATTR)
    return bool(decl and decl.get("serializable"))


def declares_value_type(cls: type) -> bool:
    """True for an enum or a class marked ``value_type=True``, without building metadata."""
    decl = cls.__dict__.get(DECL_ATTR) or {}
    return bool(decl.get("value_type")) or issubclass(cls, enum.Enum)


def of(cls: type) -> ClassMetadata:
    """The metadata of a ``@serializable`` class.

    Raises NotSerializableError naming the class when it is not marked (the mark is not
    inherited), or when a base class that holds fields is not marked.
    """
    cached = cls.__dict__.get(CACHE_ATTR)
    if cached is not None and cached.cls is cls:
        return cached  # type: ignore[no-any-return]
    meta = _build(cls)
    setattr(cls, CACHE_ATTR, meta)
    return meta


def _build(cls: type) -> ClassMetadata:
    if not is_serializable(cls):
        marked_base = next((b.__qualname__ for b in cls.__mro__[1:] if is_serializable(b)), None)
        hint = (f" (its base {marked_base} is, but the mark is not inherited, as in .NET)"
                if marked_base else "")
        raise NotSerializableError(
            f"type `{cls.__module__}.{cls.__qualname__}` is not serializable{hint}: mark it "
            "@serializable or add a surrogate for it", type_name=cls.__qualname__)
    decl = cls.__dict__[DECL_ATTR]
    type_name, assembly = declared_names(cls, decl)
    is_enum = issubclass(cls, enum.Enum)
    callbacks = _callbacks(cls)
    if is_enum:
        return ClassMetadata(cls, type_name, assembly, True, True, decl.get("underlying_type"),
                             (), (), callbacks, False, False, False)
    # .NET's order (FormatterServices.GetSerializableMembers): the class's own fields, then
    # the public fields it inherits (nearest base first), then each base's private fields
    # (nearest base first), which are the ones written `Base+name`.
    own_fields: list[FieldMetadata] = []
    inherited_public: list[FieldMetadata] = []
    inherited_private: list[FieldMetadata] = []
    first = True
    for klass in cls.__mro__:
        if klass is object:
            break
        own = _own_fields(klass)
        if not is_serializable(klass):
            if own:
                raise NotSerializableError(
                    f"type `{cls.__qualname__}` derives from `{klass.__qualname__}`, which has "
                    "fields but is not @serializable: .NET requires every base class with "
                    f"state to be [Serializable]; mark `{klass.__qualname__}` too",
                    type_name=cls.__qualname__)
            continue
        base_name = None if first else _simple_name(klass)
        for name, ann, extra in own:
            field = _field(klass, name, ann, extra, base_name)
            if first:
                own_fields.append(field)
            elif name.startswith("_"):
                inherited_private.append(field)
            else:
                inherited_public.append(field)
        first = False
    fields = own_fields + inherited_public + inherited_private
    members = tuple(f for f in fields if not f.nonserialized)
    return ClassMetadata(
        cls, type_name, assembly, bool(decl.get("value_type")), False, None, tuple(fields),
        members, callbacks, callable(getattr(cls, "get_object_data", None)),
        callable(getattr(cls, "get_real_object", None)),
        callable(getattr(cls, "on_deserialization", None)))


def _simple_name(klass: type) -> str:
    decl = klass.__dict__[DECL_ATTR]
    name = decl.get("type_name") or klass.__qualname__
    return str(name).rsplit(".", 1)[-1].rsplit("+", 1)[-1]


def _own_fields(klass: type) -> list[tuple[str, Any, Any]]:
    """(name, annotation, field-metadata marker) for fields the class itself declares."""
    own_ann = inspect.get_annotations(klass)
    try:
        hints = typing.get_type_hints(klass, include_extras=True)
    except Exception as exc:
        raise NotSerializableError(
            f"cannot resolve the annotations of `{klass.__qualname__}`: {exc}") from exc
    result: list[tuple[str, Any, Any]] = []
    if attrs.has(klass):
        for a in attrs.fields(klass):
            if not a.inherited:
                result.append((a.name, hints.get(a.name, a.type or Any),
                               a.metadata.get("serialkit")))
        return result
    if dataclasses.is_dataclass(klass):
        for f in dataclasses.fields(klass):
            if f.name in own_ann:
                result.append((f.name, hints.get(f.name, Any), f.metadata.get("serialkit")))
        return result
    for name in own_ann:
        hint = hints.get(name, Any)
        if typing.get_origin(hint) is typing.ClassVar or hint is typing.ClassVar:
            continue
        result.append((name, hint, None))
    return result


def _field(klass: type, name: str, annotation: Any, extra: Any,
           base_name: str | None) -> FieldMetadata:
    markers: list[Any] = []
    ann = annotation
    while typing.get_origin(ann) is typing.Annotated:
        ann, *more = typing.get_args(ann)
        markers.extend(more)
    if extra is not None:
        markers.extend(extra if isinstance(extra, list | tuple) else [extra])
    decls = [k.__dict__[DECL_ATTR] for k in klass.__mro__ if DECL_ATTR in k.__dict__]
    nonser = NonSerialized in markers or any(name in d["nonserialized"] for d in decls)
    optional = next((m for m in markers if isinstance(m, OptionalField)), None)
    if optional is None:
        optional = next((d["optional"][name] for d in decls if name in d["optional"]), None)
    default, factory = _default(klass, name)
    renamed = next((m.name for m in markers if isinstance(m, FieldName)), name)
    wire = renamed if base_name is None or not name.startswith("_") else f"{base_name}+{renamed}"
    try:
        spec = parse(annotation)
    except TypeError as exc:
        raise NotSerializableError(f"field `{klass.__qualname__}.{name}`: {exc}") from exc
    return FieldMetadata(name, wire, spec, annotation, nonser, optional, default, factory)


def _default(klass: type, name: str) -> tuple[Any, Callable[[], Any] | None]:
    if attrs.has(klass):
        a = attrs.fields_dict(klass).get(name)
        if a is not None and a.default is not attrs.NOTHING:
            default: Any = a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    return NO_DEFAULT, None
                return NO_DEFAULT, default.factory
            return a.default, None
        return NO_DEFAULT, None
    if dataclasses.is_dataclass(klass):
        for f in dataclasses.fields(klass):
            if f.name == name:
                if f.default is not dataclasses.MISSING:
                    return f.default, None
                if f.default_factory is not dataclasses.MISSING:
                    return NO_DEFAULT, f.default_factory
        return NO_DEFAULT, None
    for k in klass.__mro__:
        if name in k.__dict__ and not callable(k.__dict__[name]):
            return k.__dict__[name], None
    return NO_DEFAULT, None


_ZEROS: dict[PrimitiveType, Any] = {
    PrimitiveType.BOOLEAN: False, PrimitiveType.CHAR: "\0", PrimitiveType.DECIMAL: Decimal(0),
    PrimitiveType.DOUBLE: 0.0, PrimitiveType.SINGLE: 0.0,
    PrimitiveType.DATETIME: _dt.datetime(1, 1, 1), PrimitiveType.TIMESPAN: _dt.timedelta(0),
}


def zero_value(spec: TypeSpec, _depth: int = 0) -> Any:
    """.NET's ``default(T)`` for a declared type: 0, False, DateTime.MinValue, an all-zero
    Guid, struct or enum... and None for reference types."""
    kind = spec.kind
    if kind == PRIM and spec.code is not None:
        return _ZEROS.get(spec.code, 0)
    if kind == GUID:
        return uuid.UUID(int=0)
    if kind == BIGINT:
        return 0
    if kind == KVP:
        return (zero_value(spec.args[0], _depth + 1), zero_value(spec.args[1], _depth + 1))
    if kind == CLASS and declares_value_type(spec.py) and _depth < 32:
        cls = spec.py
        if issubclass(cls, enum.Enum):
            return _enum_zero(cls)
        obj = cls.__new__(cls)
        for field in of(cls).fields:
            object.__setattr__(obj, field.name, zero_value(field.spec, _depth + 1))
        return obj
    return None


def _enum_zero(cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(0)
    except ValueError:
        # .NET enums hold any value of their width; Python's only their members. This
        # stand-in (value 0, no name) exists only to be written, e.g. as List<T> padding.
        zero = int.__new__(cls, 0) if issubclass(cls, int) else object.__new__(cls)
        zero._value_ = 0
        zero._name_ = None  # type: ignore[assignment]
        return zero


def _callbacks(cls: type) -> dict[str, tuple[Callable[..., Any], ...]]:
    found: dict[str, list[Callable[..., Any]]] = {k: [] for k in CALLBACK_KINDS}
    for klass in reversed(cls.__mro__):
        for value in klass.__dict__.values():
            kind = getattr(value, CALLBACK_ATTR, None)
            if kind in found:
                found[kind].append(value)
    return {k: tuple(v) for k, v in found.items() if v}
