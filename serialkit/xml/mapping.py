"""The importer: classes, attributes and overrides -> one XML mapping, built once and cached.

This is .NET's ``XmlReflectionImporter``: a :class:`StructMapping` per (class, namespace), an
:class:`EnumMapping` per enum, :class:`ArrayMapping` for collections and the XSD primitives of
:mod:`serialkit.xml.xsd`. The writer and the reader only read these objects.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import inspect
import sys
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import PurePath
from typing import Any

import attrs

from serialkit.attributes.decorators import DECL_ATTR
from serialkit.attributes.markers import Array, Char, Single, Width
from serialkit.xml import xsd
from serialkit.xml.attributes import XmlArrayItem, XmlElement, XmlRoot, XmlSchemaForm, XmlType
from serialkit.xml.custom import is_xml_serializable
from serialkit.xml.errors import XmlMappingError
from serialkit.xml.namespaces import XSD_NS, XmlSerializerNamespaces
from serialkit.xml.overrides import XmlAttributeOverrides, XmlAttributes

__all__ = [
    "AnyElementAccessor",
    "ArrayMapping",
    "AttributeAccessor",
    "ChoiceMapping",
    "ElementAccessor",
    "EnumMapping",
    "MemberMapping",
    "NodeMapping",
    "ObjectMapping",
    "SerializableMapping",
    "StructMapping",
    "XmlMapping",
    "build_mapping",
]



class _Missing:
    def __repr__(self) -> str:
        return "NOTHING"


#: "No value": no default declared, no DefaultValue.
NOTHING: Any = _Missing()


@attrs.define(eq=False)
class EnumMapping:
    """An enum: its XML names both ways; ``is_flags`` for ``enum.Flag`` (an xs:list)."""

    cls: type[enum.Enum]
    type_name: str
    namespace: str
    is_flags: bool
    to_xml: dict[Any, str]
    from_xml: dict[str, Any]
    is_value_type: bool = True

    @property
    def default_element_name(self) -> str:
        """The element name of a root or item of this enum."""
        return self.type_name

    def format(self, value: Any) -> str:
        """The XML text of ``value`` (.NET's ``Instance validation error`` otherwise)."""
        if self.is_flags and isinstance(value, enum.Flag) and isinstance(value, self.cls):
            names, rest = [], value.value
            zero = None
            for member, name in self.to_xml.items():
                if member.value == 0:
                    zero = name
                    continue
                if rest == 0:
                    break
                if member.value & value.value == member.value:
                    names.append(name)
                    rest &= ~member.value
            if rest:
                raise ValueError(f"Instance validation error: '{value.value}' is not a valid "
                                 f"value for {self.type_name}.")
            if not names and zero is not None:
                return zero
            return " ".join(names)
        if isinstance(value, self.cls) and value in self.to_xml:
            return self.to_xml[value]
        shown = value.value if isinstance(value, enum.Enum) else value
        raise ValueError(f"Instance validation error: '{shown}' is not a valid value for "
                         f"{self.type_name}.")

    def parse(self, text: str) -> Any:
        """The member an XML text names."""
        if self.is_flags:
            result = self.cls(0)
            for part in text.split():
                if part not in self.from_xml:
                    raise ValueError(f"Instance validation error: '{part}' is not a valid "
                                     f"value for {self.type_name}.")
                result |= self.from_xml[part]
            return result
        if text not in self.from_xml:
            raise ValueError(f"Instance validation error: '{text}' is not a valid value for "
                             f"{self.type_name}.")
        return self.from_xml[text]


@attrs.define(eq=False)
class ObjectMapping:
    """``object`` (xs:anyType): the value's runtime type is written as ``xsi:type``."""

    type_name: str = "anyType"
    namespace: str = XSD_NS
    is_value_type: bool = False

    @property
    def default_element_name(self) -> str:
        """``anyType``."""
        return self.type_name


@attrs.define(eq=False)
class SerializableMapping:
    """A class that writes and reads itself (IXmlSerializable: ``write_xml``/``read_xml``)."""

    cls: type
    type_name: str
    namespace: str
    is_value_type: bool = False

    @property
    def default_element_name(self) -> str:
        """The class name (or its XmlRoot name, at the root)."""
        return self.type_name


@attrs.define(eq=False)
class NodeMapping:
    """An lxml element member without ``XmlAnyElement`` (.NET's ``XmlElement`` member): its
    element, named after the member, wraps the node; in a list each item is wrapped in an
    ``<XmlElement>`` element, as .NET names them."""

    type_name: str = "XmlElement"
    namespace: str = ""
    is_value_type: bool = False

    @property
    def default_element_name(self) -> str:
        """``XmlElement``."""
        return self.type_name


@attrs.define(eq=False)
class ElementAccessor:
    """An element: name, namespace, the mapping of its content, and whether nil is written."""

    name: str
    namespace: str
    mapping: Any
    is_nullable: bool
    py: Any = None  # the runtime type that selects this accessor in a choice


@attrs.define(eq=False)
class AttributeAccessor:
    """An attribute: name, namespace and a simple mapping (``is_list``: an xs:list)."""

    name: str
    namespace: str
    mapping: Any
    is_list: bool = False


@attrs.define(eq=False)
class ArrayMapping:
    """A collection: its item elements (one per runtime type) and its Python container.

    ``is_array`` says it stands for a .NET array (absent -> None) rather than a ``List<T>``
    (absent -> empty). ``container`` builds the Python value from a list of items.
    """

    type_name: str
    namespace: str
    items: list[ElementAccessor]
    container: Callable[[list[Any]], Any]
    is_array: bool
    is_value_type: bool = False

    @property
    def default_element_name(self) -> str:
        """``ArrayOfX``."""
        return self.type_name


@attrs.define(eq=False)
class AnyElementAccessor:
    """One ``XmlAnyElement``: ``name``/``namespace`` None match any name / any namespace."""

    name: str | None
    namespace: str | None

    def matches(self, ns: str, local: str) -> bool:
        """True when an element (ns, local) belongs to this accessor."""
        return (self.name is None or self.name == local) and (
            self.namespace is None or self.namespace == ns)


@attrs.define(eq=False)
class ChoiceMapping:
    """``XmlChoiceIdentifier``: the enum member naming which element a value is written as.

    ``member`` holds an enum value (a list of them for a collection member); ``by_value``
    maps each enum value to its element, ``by_element`` the element back to the value.
    """

    member: str
    enum: EnumMapping
    is_list: bool
    by_value: dict[Any, ElementAccessor]
    by_element: dict[tuple[str, str], Any]


@attrs.define(eq=False)
class MemberMapping:
    """One serialized member.

    kind: element, flat, attribute, text, xmlns, any (``XmlAnyElement``), anyattr
    (``XmlAnyAttribute``). ``mixed``: an ``any`` member that is also ``XmlText`` (mixed
    content: a list of texts and elements, in document order).
    """

    name: str
    kind: str
    elements: list[ElementAccessor] = attrs.Factory(list)
    attribute: AttributeAccessor | None = None
    text: Any = None
    array: ArrayMapping | None = None
    default: Any = NOTHING
    should_serialize: str | None = None
    specified: str | None = None
    order: int | None = None
    any_elements: list[AnyElementAccessor] = attrs.Factory(list)
    any_is_list: bool = False
    mixed: bool = False
    choice: ChoiceMapping | None = None
    read_only: bool = False
    #: An ``XmlText`` member typed as a list: .NET reads the whole text as its one item.
    text_is_list: bool = False


@attrs.define(eq=False)
class StructMapping:
    """A class: its type name and namespace, its own members, base and derived mappings."""

    cls: type
    type_name: str
    namespace: str
    base: StructMapping | None = None
    derived: list[StructMapping] = attrs.Factory(list)
    members: list[MemberMapping] = attrs.Factory(list)
    is_value_type: bool = False
    has_order: bool = False
    xmlns_member: str | None = None
    #: For a parametrisation of a generic class, its alias (``Gen[int]``): the instance's
    #: ``__orig_class__`` names it, and reading sets it.
    alias: Any = None

    @property
    def default_element_name(self) -> str:
        """The type name: the element name of a root or an item of this class."""
        return self.type_name

    def all_members(self) -> list[MemberMapping]:
        """Base-class members first, then this class's own (.NET's order)."""
        chain: list[StructMapping] = []
        m: StructMapping | None = self
        while m is not None:
            chain.append(m)
            m = m.base
        members = [mm for s in reversed(chain) for mm in s.members]
        if any(mm.order is not None for mm in members):
            # .NET sorts each class's particles by `order` on their own, then puts the
            # base class's before the derived class's: orders never interleave across levels.
            particles = [mm for s in reversed(chain) for mm in sorted(
                (mm for mm in s.members if mm.kind in PARTICLES), key=lambda mm: mm.order or 0)]
            others = [mm for mm in members if mm.kind not in PARTICLES]
            return others + particles
        return members

    def find_derived(self, cls: type) -> StructMapping | None:
        """The mapping of ``cls`` among this one's derived mappings (at any depth)."""
        for d in self.derived:
            if d.cls is cls:
                return d
            found = d.find_derived(cls)
            if found is not None:
                return found
        return None

    def derived_of(self, cls: type) -> list[StructMapping]:
        """Every mapping of ``cls`` among this one's derived mappings (a generic class may
        have several parametrisations)."""
        found: list[StructMapping] = []
        stack = list(reversed(self.derived))
        while stack:
            d = stack.pop()
            if d.cls is cls:
                found.append(d)
            stack.extend(reversed(d.derived))
        return found


@attrs.define(eq=False)
class XmlMapping:
    """The built view for one serializer: the root element and every mapping in scope."""

    root: ElementAccessor
    structs: list[StructMapping]
    enums: list[EnumMapping]

    def find_type(self, name: str, ns: str) -> Any:
        """The struct or enum mapping named (name, ns) in ``xsi:type``, or None."""
        for s in self.structs:
            if s.type_name == name and s.namespace == ns:
                return s
        for e in self.enums:
            if e.type_name == name and e.namespace == ns:
                return e
        return None

    #: A generic class -> the mapping of the one parametrisation of it given in
    #: ``extra_types``: what an instance that does not record its own is written as.
    preferred: dict[type, StructMapping] = attrs.Factory(dict)

    def pick(self, candidates: list[StructMapping], value: Any) -> StructMapping | None:
        """The mapping among ``candidates`` (mappings of ``type(value)``) that ``value`` is
        written as. A generic class's instance has no type arguments of its own unless it was
        made through its alias (``Gen[int](...)`` records ``__orig_class__``): that names the
        parametrisation; else the one in scope, or the one given in ``extra_types``. Anything
        else is ambiguous: ValueError."""
        if not candidates:
            return None
        generic = [s for s in candidates if s.alias is not None]
        if not generic:
            return candidates[0]
        alias = getattr(value, "__orig_class__", None)
        cls = type(value)
        if alias is not None:
            for s in generic:
                if s.alias == alias:
                    return s
            raise ValueError(
                f"The type {_alias_name(alias)} was not expected ({_names(generic)} "
                "in scope). Use XmlInclude or extra_types to specify types that are not known "
                "statically.")
        if len(generic) == 1:
            return generic[0]
        preferred = self.preferred.get(cls)
        if preferred is not None and preferred in generic:
            return preferred
        raise ValueError(
            f"a {cls.__qualname__} instance records no type arguments, and {_names(generic)} "
            f"are in scope: make it through its alias ({_alias_name(generic[0].alias)}(...) "
            "records them), or give exactly one parametrisation of it in extra_types")

    def mapping_of(self, cls: type) -> Any:
        """A struct or enum mapping of the runtime class ``cls`` in scope, or None."""
        for s in self.structs:
            if s.cls is cls:
                return s
        for e in self.enums:
            if e.cls is cls:
                return e
        return None


_CACHE: dict[tuple[Any, ...], XmlMapping] = {}

#: Called as ``hook(mapping, cls, overrides, extra_types, root, default_namespace)`` for each
#: mapping built (not for cache hits): pre-generated serializers install themselves here.
BUILD_HOOKS: list[Callable[..., None]] = []

#: Member kinds that are elements in the content sequence (.NET's "particle-like" members).
PARTICLES = ("element", "flat", "any")


def build_mapping(cls: Any, overrides: XmlAttributeOverrides | None = None,
                  extra_types: tuple[type, ...] = (), root: XmlRoot | None = None,
                  default_namespace: str | None = None) -> XmlMapping:
    """The mapping of ``cls`` as a document root, cached per its arguments."""
    key: tuple[Any, ...] = (cls, overrides.key() if overrides else None, tuple(extra_types), root,
           default_namespace)
    try:
        cached = _CACHE.get(key)
    except TypeError:
        cached, key = None, ()
    if cached is not None:
        return cached
    try:
        mapping = _Importer(overrides, default_namespace or "").import_root(cls, root,
                                                                            extra_types)
    except (TypeError, AttributeError, ValueError, KeyError, NameError, RecursionError) as exc:
        # A class model the importer did not foresee: still a mapping error, not a crash.
        raise XmlMappingError(f"There was an error reflecting type '{_name(cls)}': "
                              f"{type(exc).__name__}: {exc}", type_name=_name(cls)) from exc
    for hook in BUILD_HOOKS:
        hook(mapping, cls, overrides, extra_types, root, default_namespace)
    if key:
        _CACHE[key] = mapping
    return mapping


def build_mappings(classes: Iterable[Any], overrides: XmlAttributeOverrides | None = None,
                   extra_types: tuple[type, ...] = (),
                   roots: Mapping[Any, XmlRoot] | None = None) -> list[XmlMapping]:
    """The mappings of several roots imported by one importer (not cached).

    xsd.exe imports all its ``/type``s so: the generated type names go on from one class to
    the next (a second class's choice array is ArrayOfChoice2), never naming two types alike.
    """
    importer = _Importer(overrides, "")
    return [importer.import_root(cls, (roots or {}).get(cls), extra_types) for cls in classes]


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _own_members(cls: type, call_factories: bool = True,
                 ) -> list[tuple[str, Any, Any, list[Any]]]:
    """(name, annotation, default, field-metadata attributes) of what ``cls`` itself declares,
    fields first, then properties with a setter. A default factory gives its value, or
    NOTHING when ``call_factories`` is false."""
    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except Exception as exc:
        raise XmlMappingError(f"cannot resolve the annotations of `{cls.__qualname__}`: "
                              f"{exc}", type_name=cls.__qualname__) from exc
    own = inspect.get_annotations(cls)
    result: list[tuple[str, Any, Any, list[Any]]] = []
    if attrs.has(cls):
        for a in attrs.fields(cls):
            if a.inherited:
                continue
            default: Any = NOTHING if a.default is attrs.NOTHING else a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = NOTHING if default.takes_self or not call_factories else (
                    default.factory())
            result.append((a.name, hints.get(a.name, a.type or Any), default,
                           _listify(a.metadata.get("serialkit"))))
    elif dataclasses.is_dataclass(cls):
        for f in dataclasses.fields(cls):
            if f.name not in own:
                continue
            if f.default is not dataclasses.MISSING:
                default = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory() if call_factories else NOTHING
            else:
                default = NOTHING
            result.append((f.name, hints.get(f.name, Any), default,
                           _listify(f.metadata.get("serialkit"))))
    else:
        for name in own:
            hint = hints.get(name, Any)
            if typing.get_origin(hint) is typing.ClassVar or hint is typing.ClassVar:
                continue
            value = cls.__dict__.get(name, NOTHING)
            result.append((name, hint, value, []))
    for name, value in cls.__dict__.items():
        if isinstance(value, property) and value.fget is not None:
            ret = typing.get_type_hints(value.fget, include_extras=True).get("return")
            if ret is None:
                continue
            if value.fset is not None:
                result.append((name, ret, NOTHING, []))
            elif _is_collection(_unwrap(ret).annotation) and typing.get_origin(
                    _unwrap(ret).annotation) is not tuple:
                # .NET serializes a get-only collection and fills it with Add on reading.
                result.append((name, ret, NOTHING, [READ_ONLY]))
    return [r for r in result if not r[0].startswith("_")]


class _ReadOnly:
    def __repr__(self) -> str:
        return "READ_ONLY"


#: In a member's extra attributes: a get-only collection property, filled by appending.
READ_ONLY: Any = _ReadOnly()


def _listify(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def declared(cls: type, kind: str) -> dict[str, Any]:
    """The class's own declarations of one kind ("xml" or "soap"), empty if none (read only:
    unlike ``kind_declarations`` this never adds them to the class)."""
    decl = cls.__dict__.get(DECL_ATTR) or {}
    found: dict[str, Any] = decl.get(kind) or {"class": [], "members": {}, "enum": {}}
    return found


def _xml_decl(cls: type) -> dict[str, Any]:
    return declared(cls, "xml")


def attributes_for(overrides: Any, kind: str, is_attribute: Callable[[Any], bool],
                   make: Callable[[list[Any]], Any], cls: type, name: str | None = None,
                   markers: Sequence[Any] = (), extra: Sequence[Any] = ()) -> Any:
    """A class's (``name`` None) or a member's attributes: the overrides' if they have some,
    else the markers in its annotation and field metadata, then its class decorators."""
    if overrides is not None:
        over = overrides.get(cls) if name is None else overrides.get(cls, name)
        if over is not None:
            return over
    decl = declared(cls, kind)
    if name is None:
        return make(list(decl["class"]))
    found = [m for m in markers if is_attribute(m)]
    found += [m for m in extra if is_attribute(m)]
    found += decl["members"].get(name, [])
    return make(found)


def _data_base(cls: type) -> type | None:
    for base in cls.__bases__:
        if base is object or base.__module__ in ("builtins", "typing", "abc"):
            continue
        return base
    return None


@attrs.define
class _TypeInfo:
    annotation: Any
    markers: list[Any]
    optional: bool
    #: For a list/set subclass (seen as list[T]/set[T]): the class that builds the value.
    container: Callable[[list[Any]], Any] | None = None


def _unwrap(annotation: Any) -> _TypeInfo:
    markers: list[Any] = []
    optional = False
    while True:
        while typing.get_origin(annotation) is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            markers.extend(extra)
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = typing.get_args(annotation)
            rest = [a for a in args if a is not type(None)]
            if len(rest) < len(args):
                optional = True
            if len(rest) == 1:
                annotation = rest[0]
                continue
            annotation = typing.Union[tuple(rest)]  # noqa: UP007
        view = _collection_subclass(annotation)
        if view is not None:
            return _TypeInfo(view[0], markers, optional, view[1])
        return _TypeInfo(annotation, markers, optional)


def _collection_subclass(ann: Any) -> tuple[Any, Callable[[list[Any]], Any]] | None:
    """A list/set subclass as the collection it is (.NET's ICollection rule: only the items
    are serialized, the class's other members are not), or None."""
    if not isinstance(ann, type) or ann in (list, set, frozenset):
        return None
    kind = next((k for k in (list, set, frozenset) if issubclass(ann, k)), None)
    if kind is None:
        return None
    item: Any = object
    for klass in ann.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            if typing.get_origin(base) in (list, set, frozenset) and typing.get_args(base):
                item = typing.get_args(base)[0]
                break
        else:
            continue
        break
    cls: Callable[[list[Any]], Any] = ann
    return kind[item], cls


class _Importer:
    def __init__(self, overrides: XmlAttributeOverrides | None, default_ns: str) -> None:
        self.overrides = overrides
        self.default_ns = default_ns
        self.structs: dict[tuple[type, str], StructMapping] = {}
        self.enums: dict[type, EnumMapping] = {}
        self.array_names: dict[tuple[str, str], list[Any]] = {}
        self.choice_num = 1

    # -- attributes -------------------------------------------------------------------------
    def class_attributes(self, cls: type) -> XmlAttributes:
        from serialkit.xml.attributes import is_xml_attribute

        found: XmlAttributes = attributes_for(self.overrides, "xml", is_xml_attribute,
                                              XmlAttributes.from_list, cls)
        return found

    def member_attributes(self, cls: type, name: str, markers: list[Any],
                          extra: list[Any]) -> XmlAttributes:
        from serialkit.xml.attributes import is_xml_attribute

        found: XmlAttributes = attributes_for(self.overrides, "xml", is_xml_attribute,
                                              XmlAttributes.from_list, cls, name, markers,
                                              extra)
        return found

    # -- roots ------------------------------------------------------------------------------
    def import_root(self, cls: Any, root: XmlRoot | None,
                    extra_types: tuple[type, ...]) -> XmlMapping:
        info = _unwrap(cls)
        marked = [m for m in info.markers if isinstance(m, XmlRoot)]
        if root is None and marked:
            root = marked[-1]  # Annotated[T, XmlRoot(...)] at the root: as the root argument
        if isinstance(info.annotation, type) and root is None and not info.markers:
            root = self.class_attributes(info.annotation).xml_root
        ns = root.namespace if root is not None and root.namespace is not None else None
        if ns is None:
            ns = self.default_ns
        try:
            mapping = self.import_type(info, ns, root.data_type if root else None,
                                       f"`{_name(info.annotation)}`")
            for extra in extra_types:
                self.import_type(_unwrap(extra), self.default_ns, None, f"`{_name(extra)}`")
        except XmlMappingError as exc:
            exc.add_note(f"There was an error reflecting type '{_name(info.annotation)}'.")
            raise
        name = root.element_name if root is not None and root.element_name else None
        # A value-type root (int, an enum, a struct) is nullable only as T | None; any root
        # is not with XmlRoot(is_nullable=False) (then None is written as an empty element).
        nullable = (info.optional or not mapping.is_value_type) and not (
            root is not None and root.is_nullable is False)
        element = ElementAccessor(name or mapping.default_element_name, ns, mapping, nullable)
        built = XmlMapping(element, list(self.structs.values()), list(self.enums.values()))
        given: dict[type, list[StructMapping]] = {}
        for extra in extra_types:
            origin = typing.get_origin(extra)
            found = next((m for m in built.structs if m.alias is not None
                          and m.alias == extra), None)
            if isinstance(origin, type) and found is not None:
                given.setdefault(origin, []).append(found)
        built.preferred = {cls: found[0] for cls, found in given.items() if len(found) == 1}
        return built

    # -- types ------------------------------------------------------------------------------
    def import_type(self, info: _TypeInfo, ns: str, data_type: str | None, where: str) -> Any:
        ann = info.annotation
        width = next((m for m in info.markers if isinstance(m, Width)), None)
        array = next((m if isinstance(m, Array) else Array() for m in info.markers
                      if m is Array or isinstance(m, Array)), None)
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        prim = self.primitive(ann, width, data_type, where)
        if prim is not None:
            return prim
        if data_type:
            raise XmlMappingError(f"{where}: '{data_type}' is an invalid value for the "
                                  f"DataType property of a member of type {_name(ann)}")
        if ann in (Any, object) or isinstance(ann, typing.TypeVar):
            return ObjectMapping()
        if origin in (typing.Union, types.UnionType):
            return ObjectMapping()
        if ann is dict or origin is dict or (isinstance(ann, type) and issubclass(
                ann, dict)):
            raise XmlMappingError(f"{where}: cannot serialize a dictionary (.NET: the type "
                                  "implements IDictionary, which XmlSerializer does not support)")
        if ann in (list, tuple, set, frozenset) or origin in (list, tuple, set, frozenset):
            if array is not None and array.rank > 1:
                raise XmlMappingError(f"{where}: Multidimensional arrays are not supported.")
            item_ann: Any = args[0] if args else object
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                raise XmlMappingError(f"{where}: a fixed-length tuple is not a collection "
                                      "XmlSerializer supports; use tuple[T, ...] or list[T]")
            kind = origin or ann
            container: Callable[[list[Any]], Any] = info.container or {
                list: list, tuple: tuple, set: set, frozenset: frozenset}[kind]
            is_array = array is not None or kind is tuple
            return self.import_array(_unwrap(item_ann), ns, where, container, is_array, [], 0)
        if isinstance(ann, type):
            if issubclass(ann, enum.Enum):
                return self.import_enum(ann, ns)
            if getattr(ann, "_is_protocol", False) or inspect.isabstract(ann):
                raise XmlMappingError(f"{where}: cannot serialize {_name(ann)} because it is an "
                                      "interface (a Protocol or an abstract class)")
            if ann is XmlSerializerNamespaces:
                raise XmlMappingError(f"{where}: an XmlSerializerNamespaces member needs "
                                      "XmlNamespaceDeclarations")
            if is_xml_serializable(ann):
                return SerializableMapping(ann, ann.__name__, ns)
            if _is_lxml_element(ann):
                return NodeMapping()
            reason = _unmappable(ann)
            if reason is not None:
                raise XmlMappingError(f"{where}: Cannot serialize {_name(ann)}: {reason}",
                                      type_name=_name(ann))
            struct = self.import_struct(ann, ns)
            # Checked here, not for a class met as a base: a base may leave its state to its
            # subclasses (a constructor that fills their members).
            if not struct.all_members() and _holds_hidden_state(
                    ann, self.class_attributes(ann)):
                raise XmlMappingError(
                    f"{where}: Cannot serialize {_name(ann)}: it declares no annotated field or "
                    "property, so its state would be lost; annotate the members XmlSerializer "
                    "should write (or make it a dataclass)", type_name=_name(ann))
            return struct
        if isinstance(origin, type) and bool(getattr(origin, "__parameters__", None)):
            # A generic class with its type arguments (Gen[int]): .NET's GenOfInt32.
            return self.import_struct(ann, ns)
        raise XmlMappingError(f"{where}: cannot map the annotation {ann!r} to XML")

    def primitive(self, ann: Any, width: Width | None, data_type: str | None,
                  where: str) -> xsd.PrimitiveMapping | None:
        def check(allowed: tuple[str, ...], default: xsd.PrimitiveMapping
                  ) -> xsd.PrimitiveMapping:
            if data_type and data_type not in allowed:
                raise XmlMappingError(f"{where}: '{data_type}' is an invalid value for the "
                                      f"DataType property of a member of type {_name(ann)}")
            return default

        if ann is str:
            if width is Char:
                return check(("char",), xsd.CHAR)
            if data_type and data_type != "string":
                if data_type not in xsd.STRING_DATA_TYPES:
                    raise XmlMappingError(f"{where}: '{data_type}' is an invalid value for the "
                                          "DataType property of a str member")
                return xsd.string_with_data_type(data_type)
            return xsd.STRING
        if ann is bool:
            return check(("boolean",), xsd.BOOLEAN)
        if ann is int:
            name = xsd.WIDTH_TYPES.get(width.net_name if width else "Int32")
            if name is None:
                raise XmlMappingError(f"{where}: {width!r} is not a width for int")
            return check((name,), xsd.INTS[name])
        if ann is float:
            return check(("float",), xsd.FLOAT) if width is Single else check(
                ("double",), xsd.DOUBLE)
        if ann is Decimal:
            return check(("decimal",), xsd.DECIMAL)
        if ann is _dt.datetime:
            if data_type == "date":
                return xsd.DATETIME_AS_DATE
            if data_type == "time":
                return xsd.PrimitiveMapping("time", XSD_NS, _dt.datetime, xsd.TIME.format,
                                            _time_as_datetime)
            return check(("dateTime",), xsd.DATETIME)
        if ann is _dt.date:
            return check(("date",), xsd.DATE)
        if ann is _dt.time:
            return check(("time",), xsd.TIME)
        if ann is _dt.timedelta:
            return check(("duration",), xsd.DURATION)
        if ann in (bytes, bytearray):
            if data_type == "hexBinary":
                return xsd.HEX
            return check(("base64Binary",), xsd.BASE64)
        if ann is uuid.UUID:
            return check(("guid",), xsd.GUID)
        return None

    def import_enum(self, cls: type[enum.Enum], ns: str) -> EnumMapping:
        existing = self.enums.get(cls)
        if existing is not None:
            return existing
        ca = self.class_attributes(cls)
        xml_type = ca.xml_type or XmlType()
        type_ns = xml_type.namespace if xml_type.namespace is not None else ns
        decl_enum = _xml_decl(cls)["enum"]
        to_xml: dict[Any, str] = {}
        for member_name, member in cls.__members__.items():
            if member.name != member_name:
                continue  # an alias
            over = self.overrides.get(cls, member_name) if self.overrides else None
            xe = over.xml_enum if over is not None else decl_enum.get(member_name)
            to_xml[member] = xe.name if xe is not None and xe.name else member_name
        from_xml = {v: k for k, v in to_xml.items()}
        mapping = EnumMapping(cls, xml_type.type_name or cls.__name__, type_ns,
                              issubclass(cls, enum.Flag), to_xml, from_xml)
        self.enums[cls] = mapping
        return mapping

    def import_array(self, item: _TypeInfo, ns: str, where: str,
                     container: Callable[[list[Any]], Any], is_array: bool,
                     item_attrs: list[XmlArrayItem], level: int) -> ArrayMapping:
        here = [a for a in item_attrs if a.nesting_level == level]
        accessors: list[ElementAccessor] = []
        if not here:
            here = [XmlArrayItem()]
        for a in here:
            info = _unwrap(a.type) if a.type is not None else item
            mapping = self.import_inner(info, ns, a.data_type, where, item_attrs, level + 1)
            name = a.element_name or mapping.default_element_name
            item_ns = (a.namespace if a.namespace is not None
                       else "" if a.form is XmlSchemaForm.UNQUALIFIED else ns)
            nullable = a.is_nullable if a.is_nullable is not None else (
                not mapping.is_value_type or info.optional)
            accessors.append(ElementAccessor(name, item_ns, mapping, nullable,
                                             _runtime_type(info, mapping)))
        if len(accessors) == 1:
            base_name = "ArrayOf" + _pascal(accessors[0].mapping.type_name)
        else:
            # .NET's XmlReflectionImporter numbers every array of several item elements it
            # imports, from 1 (ArrayOfChoice1, ArrayOfChoice2...), identical ones included.
            base_name = f"ArrayOfChoice{self.choice_num}"
            self.choice_num += 1
        # One XSD type per name and namespace: an array whose item elements match a taken
        # name's (.NET's ElementsMatch: name, namespace, nillable) shares it (List<int> and
        # int[] are both ArrayOfInt); other arrays get base_name + 1, 2... (ArrayOfInt1).
        identity = tuple((a.name, a.namespace, a.is_nullable) for a in accessors)
        taken = self.array_names.setdefault((ns, base_name), [])
        if identity not in taken:
            taken.append(identity)
        index = taken.index(identity)
        type_name = base_name if index == 0 else f"{base_name}{index}"
        return ArrayMapping(type_name, ns, accessors, container, is_array)

    def import_inner(self, info: _TypeInfo, ns: str, data_type: str | None, where: str,
                     item_attrs: list[XmlArrayItem], level: int) -> Any:
        ann = info.annotation
        origin = typing.get_origin(ann)
        if ann in (list, tuple, set, frozenset) or origin in (list, tuple, set, frozenset):
            args = typing.get_args(ann)
            container: Callable[[list[Any]], Any] = info.container or {
                list: list, tuple: tuple, set: set, frozenset: frozenset}[origin or ann]
            is_array = origin is tuple or any(m is Array or isinstance(m, Array)
                                              for m in info.markers)
            return self.import_array(_unwrap(args[0] if args else object), ns, where,
                                     container, is_array, item_attrs, level)
        return self.import_type(info, ns, data_type, where)

    def import_struct(self, alias: Any, ns: str) -> StructMapping:
        """The mapping of a class, or of a generic class with its arguments (``Gen[int]``)."""
        cls: type = typing.get_origin(alias) or alias
        params = getattr(cls, "__parameters__", ()) if alias is not cls else ()
        bound = dict(zip(params, typing.get_args(alias), strict=False))
        ca = self.class_attributes(cls)
        xml_type = ca.xml_type or XmlType()
        type_ns = xml_type.namespace if xml_type.namespace is not None else ns
        # Keyed by the type's own namespace, as .NET keys its type models: a class with an
        # XmlType namespace is one mapping whether it is met as a member of a root in another
        # namespace, as an XmlInclude or as a base class, so its derived classes stay found.
        existing = self.structs.get((alias, type_ns))
        if existing is not None:
            return existing
        mapping = StructMapping(cls, xml_type.type_name or _clr_name(alias), type_ns,
                                alias=alias if alias is not cls else None)
        self.structs[(alias, type_ns)] = mapping
        base: Any = _data_base(cls)
        if base is not None:
            # A generic base keeps its arguments (class D(Gen[int]) derives from GenOfInt32).
            base = next((_bind(b, bound) for b in getattr(cls, "__orig_bases__", ())
                         if typing.get_origin(b) is base), base)
            mapping.base = self.import_struct(base, type_ns)
            mapping.base.derived.append(mapping)
        for name, annotation, default, extra in _own_members(cls):
            member = self.import_member(cls, mapping, name, _bind(annotation, bound),
                                        default, extra)
            if member is not None:
                mapping.members.append(member)
        self.check_members(mapping)
        for inc in ca.xml_includes:
            self.import_type(_unwrap(inc.type), self.default_ns, None,
                             f"XmlInclude({_name(inc.type)}) on `{cls.__qualname__}`")
        return mapping

    def check_members(self, mapping: StructMapping) -> None:
        members = mapping.all_members()
        particles = [m for m in members if m.kind in PARTICLES]
        ordered = [m for m in particles if m.order is not None]
        if ordered and len(ordered) != len(particles):
            raise XmlMappingError(
                f"`{mapping.cls.__qualname__}`: Inconsistent sequencing: if used on one of the "
                "class's members, the 'order' property is required on all particle-like "
                "members, please explicitly set 'order' using XmlElement, XmlAnyElement or "
                f"XmlArray on class member '{next(m.name for m in particles if m.order is None)}'")
        seen: dict[tuple[str, str, str], str] = {}
        for m in members:
            names = [("e", e.name, e.namespace) for e in m.elements]
            if m.attribute is not None:
                names.append(("a", m.attribute.name, m.attribute.namespace))
            for key in names:
                if key in seen:
                    what = "element" if key[0] == "e" else "attribute"
                    raise XmlMappingError(
                        f"`{mapping.cls.__qualname__}.{m.name}`: The XML {what} '{key[1]}' "
                        f"from namespace '{key[2]}' is already present in the current scope "
                        f"(member '{seen[key]}').")
                seen[key] = m.name
        texts = [m for m in members if m.kind == "text" or m.mixed]
        if len(texts) > 1:
            raise XmlMappingError(f"`{mapping.cls.__qualname__}`: only one member may be "
                                  "XmlText")

    def import_member(self, cls: type, owner: StructMapping, name: str, annotation: Any,
                      default: Any, extra: list[Any]) -> MemberMapping | None:
        info = _unwrap(annotation)
        a = self.member_attributes(cls, name, info.markers, extra)
        where = f"`{cls.__qualname__}.{name}`"
        if a.xml_ignore:
            return None
        member = MemberMapping(name, "element")
        member.read_only = READ_ONLY in extra
        member.default = a.xml_default_value if a.has_default_value else NOTHING
        if callable(getattr(cls, f"should_serialize_{name}", None)):
            member.should_serialize = f"should_serialize_{name}"
        if _has_member(cls, f"{name}_specified"):
            member.specified = f"{name}_specified"
            self.check_specified(cls, member.specified)
        self.check_combination(cls, name, info, a, where)
        ns = owner.namespace
        if a.xmlns:
            if info.annotation is not XmlSerializerNamespaces:
                raise XmlMappingError(f"{where}: XmlNamespaceDeclarations needs a member of "
                                      "type XmlSerializerNamespaces")
            member.kind = "xmlns"
            owner.xmlns_member = name
            return member
        if a.xml_any_attribute is not None:
            if not _is_mapping_type(info.annotation):
                raise XmlMappingError(
                    f"{where}: Cannot serialize member '{name}' of type {_name(info.annotation)}"
                    ". XmlAnyAttribute needs a dict[str, str] member (attribute name in lxml's "
                    "'{namespace}local' form -> value).")
            member.kind = "anyattr"
            return member
        if a.xml_any_elements:
            is_list = _is_collection(info.annotation)
            item = (typing.get_args(info.annotation) or (object,))[0] if is_list else (
                info.annotation)
            item_ann = _unwrap(item).annotation
            # [XmlText, XmlAnyElement] XmlNode[]: mixed content, a list of texts and elements.
            parts = typing.get_args(item_ann) if typing.get_origin(item_ann) in (
                typing.Union, types.UnionType) else ()
            mixed = a.xml_text is not None and is_list and len(parts) == 2 and str in parts \
                and any(_is_lxml_element(p) for p in parts)
            if a.xml_text is not None and not mixed:
                raise XmlMappingError(
                    f"{where}: Cannot serialize member '{name}' of type {_name(info.annotation)}"
                    ". XmlText with XmlAnyElement (mixed content) needs a list of texts and "
                    "lxml elements: list[str | etree._Element].")
            if not mixed and not _is_lxml_element(item_ann):
                raise XmlMappingError(
                    f"{where}: Cannot serialize member '{name}' of type {_name(info.annotation)}"
                    ". XmlAnyElement can only be used with lxml elements (etree._Element) or "
                    "lists of them.")
            if a.xml_elements or a.xml_attribute or a.xml_array:
                raise XmlMappingError(f"{where}: XmlAnyElement cannot be combined with "
                                      "XmlElement, XmlAttribute or XmlArray")
            member.kind = "any"
            member.any_is_list = is_list
            member.mixed = mixed
            for xe_any in a.xml_any_elements:
                any_ns = xe_any.namespace
                if any_ns is None and xe_any.name:
                    any_ns = ns
                member.any_elements.append(AnyElementAccessor(xe_any.name or None, any_ns))
            member.order = next((x.order for x in a.xml_any_elements if x.order is not None),
                                None)
            return member
        if a.xml_attribute is not None:
            xa = a.xml_attribute
            info = _unwrap(xa.type) if xa.type is not None else info
            is_list = _is_collection(info.annotation)
            inner = _unwrap(typing.get_args(info.annotation)[0]) if is_list and typing.get_args(
                info.annotation) else info
            mapping = self.import_type(inner, ns, xa.data_type, where)
            if not isinstance(mapping, xsd.PrimitiveMapping | EnumMapping):
                raise XmlMappingError(f"{where}: Cannot serialize member '{name}'. XmlAttribute/"
                                      "XmlText cannot be used to encode complex types.")
            attr_ns = (xa.namespace if xa.namespace is not None
                       else ns if xa.form is XmlSchemaForm.QUALIFIED else "")
            member.kind = "attribute"
            member.attribute = AttributeAccessor(xa.attribute_name or name, attr_ns, mapping,
                                                 is_list)
            return member
        if a.xml_text is not None and not a.xml_elements:  # .NET: XmlElement wins over XmlText
            xt = a.xml_text
            info = _unwrap(xt.type) if xt.type is not None else info
            is_list = _is_collection(info.annotation)
            inner = _unwrap(typing.get_args(info.annotation)[0]) if is_list and typing.get_args(
                info.annotation) else info
            mapping = self.import_type(inner, ns, xt.data_type, where)
            if not isinstance(mapping, xsd.PrimitiveMapping | EnumMapping):
                raise XmlMappingError(f"{where}: Cannot serialize member '{name}'. XmlAttribute/"
                                      "XmlText cannot be used to encode complex types.")
            member.kind = "text"
            member.text = mapping
            member.text_is_list = is_list
            return member
        if _is_collection(info.annotation) and a.xml_elements:
            member.kind = "flat"
            args = typing.get_args(info.annotation)
            item = _unwrap(args[0] if args else object)
            array = self.import_type(info, ns, None, where)
            member.array = array
            for xe in a.xml_elements:
                einfo = _unwrap(xe.type) if xe.type is not None else item
                member.elements.append(self.element(xe, einfo, ns, where, name,
                                                    len(a.xml_elements) == 1))
            member.order = next((xe.order for xe in a.xml_elements if xe.order is not None),
                                None)
            self.check_choice(cls, member, a, where, is_list=True)
            return member
        if _is_collection(info.annotation):
            xa_ = a.xml_array
            args = typing.get_args(info.annotation)
            origin = typing.get_origin(info.annotation) or info.annotation
            container: Callable[[list[Any]], Any] = info.container or {
                list: list, tuple: tuple, set: set, frozenset: frozenset}[origin]
            is_array = origin is tuple or any(m is Array or isinstance(m, Array)
                                              for m in info.markers)
            if any(isinstance(m, Array) and m.rank > 1 for m in info.markers):
                raise XmlMappingError(f"{where}: Multidimensional arrays are not supported.")
            array = self.import_array(_unwrap(args[0] if args else object), ns, where,
                                      container, is_array, a.xml_array_items, 0)
            wrapper_ns = (xa_.namespace if xa_ is not None and xa_.namespace is not None
                          else "" if xa_ is not None and xa_.form is XmlSchemaForm.UNQUALIFIED
                          else ns)
            nullable = bool(xa_ is not None and xa_.is_nullable)
            member.array = array
            member.elements.append(ElementAccessor(
                (xa_.element_name if xa_ is not None else None) or name, wrapper_ns, array,
                nullable))
            member.order = xa_.order if xa_ is not None else None
            return member
        elements = a.xml_elements or [XmlElement()]
        for xe in elements:
            einfo = _unwrap(xe.type) if xe.type is not None else info
            member.elements.append(self.element(xe, einfo, ns, where, name, len(elements) == 1))
        member.order = next((xe.order for xe in elements if xe.order is not None), None)
        self.check_choice(cls, member, a, where, is_list=False)
        return member

    def check_specified(self, cls: type, name: str) -> None:
        """Refuse a ``<member>_specified`` that is not a bool, as .NET does."""
        ann: Any = None
        for klass in cls.__mro__:
            value = klass.__dict__.get(name)
            if isinstance(value, property) and value.fget is not None:
                ann = typing.get_type_hints(value.fget).get("return")
                break
            hints = inspect.get_annotations(klass, eval_str=False)
            if name in hints:
                ann = typing.get_type_hints(klass, include_extras=True).get(name)
                break
            if name in klass.__dict__:
                ann = type(value)
                break
        ann = _unwrap(ann).annotation if ann is not None else None
        if ann is None or ann is bool or (typing.get_origin(ann) is typing.ClassVar
                                          and typing.get_args(ann) == (bool,)):
            return
        raise XmlMappingError(
            f"`{cls.__qualname__}`: Member '{name}' of type {_name(ann)} cannot be serialized. "
            "Members with names ending on '_specified' have special meaning to the "
            "XmlSerializer: they control serialization of optional members and have to be of "
            "type bool.", type_name=cls.__qualname__)

    def check_combination(self, cls: type, name: str, info: _TypeInfo, a: XmlAttributes,
                          where: str) -> None:
        """Refuse the attribute combinations .NET refuses on one member."""
        declared_here = self.overrides is None or self.overrides.get(cls, name) is None
        if declared_here and (a.xml_root is not None or a.xml_type is not None
                              or a.xml_includes or a.xml_enum is not None):
            which = ("XmlRoot" if a.xml_root is not None else "XmlType"
                     if a.xml_type is not None else "XmlInclude" if a.xml_includes
                     else "XmlEnum")
            raise XmlMappingError(
                f"{where}: {which} is a class attribute and cannot be used on the member "
                f"'{name}' (give it to the class: a decorator, or XmlAttributeOverrides)")
        elements = bool(a.xml_elements or a.xml_text is not None or a.xml_any_elements)
        attribute = a.xml_attribute is not None or a.xml_any_attribute is not None
        array = a.xml_array is not None or bool(a.xml_array_items)
        if _is_collection(info.annotation):
            if attribute and (elements or array):
                raise XmlMappingError(
                    f"{where}: XmlAttribute and XmlAnyAttribute cannot be used in conjunction "
                    "with XmlElement, XmlText, XmlAnyElement, XmlArray, or XmlArrayItem.")
            if elements and array:
                raise XmlMappingError(
                    f"{where}: XmlElement, XmlText, and XmlAnyElement cannot be used in "
                    "conjunction with XmlAttribute, XmlAnyAttribute, XmlArray, or "
                    "XmlArrayItem.")
        elif array or (a.xml_attribute is not None and a.xml_elements):
            raise XmlMappingError(
                f"{where}: For non-array types, you may use the following attributes: "
                "XmlAttribute, XmlText, XmlElement, or XmlAnyElement.")

    def check_choice(self, cls: type, member: MemberMapping, a: XmlAttributes, where: str,
                     is_list: bool) -> None:
        """Attach the XmlChoiceIdentifier mapping, or refuse an ambiguous choice without one."""
        ci = a.xml_choice_identifier
        if ci is None:
            seen: set[Any] = set()
            for acc in member.elements:
                key = acc.py if acc.py is not None else id(acc)
                if key in seen and len(member.elements) > 1:
                    raise XmlMappingError(
                        f"{where}: You need to add XmlChoiceIdentifier to the '{member.name}' "
                        "member: several of its elements have the same type.")
                seen.add(key)
            return
        if not ci.member_name:
            raise XmlMappingError(f"{where}: XmlChoiceIdentifier needs a member_name")
        hints = typing.get_type_hints(cls, include_extras=True)
        for klass in cls.__mro__:
            prop = klass.__dict__.get(ci.member_name)
            if isinstance(prop, property) and prop.fget is not None:
                hints.setdefault(ci.member_name, typing.get_type_hints(
                    prop.fget, include_extras=True).get("return"))
        ann = hints.get(ci.member_name)
        if ann is None:
            raise XmlMappingError(f"{where}: Missing '{ci.member_name}' member needed for "
                                  f"serialization of choice '{member.name}'.")
        enum_ann = _unwrap(ann).annotation
        if is_list:
            if not _is_collection(enum_ann):
                raise XmlMappingError(
                    f"{where}: Type of choice identifier '{ci.member_name}' is inconsistent "
                    f"with type of '{member.name}'. Please use a list of an enum.")
            enum_ann = _unwrap((typing.get_args(enum_ann) or (object,))[0]).annotation
        if not (isinstance(enum_ann, type) and issubclass(enum_ann, enum.Enum)):
            raise XmlMappingError(f"{where}: the choice identifier '{ci.member_name}' must be "
                                  "an enum" + (" list" if is_list else ""))
        enum_mapping = self.import_enum(enum_ann, member.elements[0].namespace
                                        if member.elements else "")
        by_value: dict[Any, ElementAccessor] = {}
        by_element: dict[tuple[str, str], Any] = {}
        for acc in member.elements:
            found = None
            for value, xml_name in enum_mapping.to_xml.items():
                choice_ns, _, choice_name = xml_name.rpartition(":")
                if not _:
                    choice_ns = enum_mapping.namespace
                if choice_name == acc.name and choice_ns == acc.namespace:
                    found = value
                    break
            if found is None:
                raise XmlMappingError(
                    f"{where}: Type {enum_ann.__qualname__} is missing enumeration value "
                    f"'{acc.name}' for element '{acc.name}' from namespace '{acc.namespace}'.")
            by_value[found] = acc
            by_element[(acc.namespace, acc.name)] = found
        member.choice = ChoiceMapping(ci.member_name, enum_mapping, is_list, by_value,
                                      by_element)

    def element(self, xe: XmlElement, info: _TypeInfo, ns: str, where: str, member: str,
                single: bool) -> ElementAccessor:
        mapping = self.import_type(info, ns, xe.data_type, where)
        name = xe.element_name or (member if single or xe.type is None
                                   else mapping.default_element_name)
        element_ns = (xe.namespace if xe.namespace is not None
                      else "" if xe.form is XmlSchemaForm.UNQUALIFIED else ns)
        nullable = xe.is_nullable if xe.is_nullable is not None else (
            info.optional and mapping.is_value_type)
        return ElementAccessor(name, element_ns, mapping, nullable, _runtime_type(info, mapping))


#: Classes with no XML mapping, refused when the serializer is built (.NET refuses what has
#: no parameterless constructor; these would otherwise be written as empty elements).
_REFUSED: dict[type, str] = {
    complex: "a complex number has no XSD type; write its parts as two float members",
    Fraction: "a fraction has no XSD type; use Decimal, or two int members",
    range: "a range has no XSD type; use list[int]",
    memoryview: "a memoryview has no XSD type; use bytes",
    slice: "a slice has no XSD type",
    type: "a class object has no XSD type",
}


def _unmappable(cls: type) -> str | None:
    """Why XmlSerializer cannot map the class ``cls`` as a struct, or None when it can."""
    if cls in _REFUSED:
        return _REFUSED[cls]
    if issubclass(cls, PurePath):
        return "a path has no XSD type; use a str member"
    if issubclass(cls, tuple):
        return ("a tuple class (NamedTuple) is built by its constructor, which XmlSerializer "
                "does not call (.NET refuses Tuple<...> alike); use a dataclass")
    if dataclasses.is_dataclass(cls) or attrs.has(cls) or any(
            inspect.get_annotations(klass) for klass in cls.__mro__[:-1]):
        return None  # declared state: a user's class even in a module named like the stdlib's
    top = cls.__module__.partition(".")[0]
    if top == "builtins" or top in sys.stdlib_module_names:
        return (f"{cls.__module__}.{cls.__qualname__} is a built-in or standard-library class "
                "other than the XSD types, with no annotated state to map; use a str member, "
                "or a class that writes itself (write_xml/read_xml)")
    if not cls.__flags__ & _HEAP_TYPE:
        return (f"{cls.__module__}.{cls.__qualname__} is implemented in C, with no annotated "
                "state to map")
    return None


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement, not a C type


def _holds_hidden_state(cls: type, ca: XmlAttributes) -> bool:
    """True for a plain class with no serialized member that still has a constructor or slots:
    its state lives in attributes XmlSerializer does not see. An empty class (``<Empty />`` in
    .NET too), a dataclass or a class carrying XML attributes is left alone."""
    if dataclasses.is_dataclass(cls) or attrs.has(cls):
        return False
    if ca.xml_root or ca.xml_type or ca.xml_includes:
        return False
    for klass in cls.__mro__[:-1]:
        if _xml_decl(klass)["members"] or inspect.get_annotations(klass):
            return False
        if "__init__" in klass.__dict__ or klass.__dict__.get("__slots__"):
            return True
    return False


def _bind(annotation: Any, bound: dict[Any, Any]) -> Any:
    """``annotation`` with a generic class's type parameters replaced by its arguments."""
    if not bound:
        return annotation
    if isinstance(annotation, typing.TypeVar):
        return bound.get(annotation, annotation)
    params = getattr(annotation, "__parameters__", ())
    if params and typing.get_origin(annotation) is not None:
        try:
            return annotation[tuple(bound.get(p, p) for p in params)]
        except TypeError:
            return annotation
    return annotation


#: The CLR names .NET uses for a generic argument (``Gen<int>`` is GenOfInt32).
_CLR_NAMES: dict[Any, str] = {
    str: "String", bool: "Boolean", float: "Double", Decimal: "Decimal",
    _dt.datetime: "DateTime", _dt.date: "DateTime", _dt.time: "DateTime",
    _dt.timedelta: "TimeSpan", bytes: "ArrayOfByte", bytearray: "ArrayOfByte",
    uuid.UUID: "Guid", object: "Object", Any: "Object", list: "ArrayList",
}
_VALUE_TYPES = (int, bool, float, Decimal, _dt.datetime, _dt.date, _dt.time, _dt.timedelta,
                uuid.UUID, enum.Enum)


def _clr_name(ann: Any) -> str:
    """The name .NET gives a type in a generic type's name: ``Gen[list[str]]`` is
    GenOfListOfString, ``Pair[int, str]`` PairOfInt32String, ``Gen[int | None]``
    GenOfNullableOfInt32."""
    info = _unwrap(ann)
    t = info.annotation
    if info.container is not None:
        return _name(info.container)
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if info.optional and isinstance(t, type) and issubclass(t, _VALUE_TYPES):
        return "NullableOf" + _clr_name(t)
    if t is int:
        width = next((m for m in info.markers if isinstance(m, Width)), None)
        return width.net_name if width is not None else "Int32"
    if t is str:
        return "Char" if Char in info.markers else "String"
    if t is float and Single in info.markers:
        return "Single"
    if t in _CLR_NAMES:
        return _CLR_NAMES[t]
    if origin in (list, set, frozenset, tuple):
        item = _clr_name(args[0]) if args else "Object"
        array = origin is tuple or any(m is Array or isinstance(m, Array) for m in info.markers)
        return ("ArrayOf" if array else "ListOf" if origin is list else "HashSetOf") + item
    if origin is not None and isinstance(origin, type):
        return origin.__name__ + "Of" + "".join(_clr_name(a) for a in args)
    return _name(t).rpartition(".")[2]


def _time_as_datetime(text: str) -> _dt.datetime:
    t = xsd.TIME.parse(text)
    return _dt.datetime(1, 1, 1, t.hour, t.minute, t.second, t.microsecond, tzinfo=t.tzinfo)


def element_levels(mapping: Any) -> int:
    """The levels of elements an element of ``mapping`` takes down to its leaves: itself,
    and for a collection the levels of its items (``list[list[int]]``: 3). A class element
    counts none: the writer checks its levels where it starts (``class_levels``)."""
    if isinstance(mapping, StructMapping):
        return 0
    if isinstance(mapping, ArrayMapping):
        return 1 + max((element_levels(a.mapping) for a in mapping.items), default=0)
    return 1


def class_levels(mapping: StructMapping) -> int:
    """The levels of elements a class element and its deepest member take, down to the
    leaves or the next class element (which checks its own): the writer refuses to start it
    where they would pass ``max_depth``, so that what it writes reads back. It is worked out
    from the mapping, so an empty ``list[list[int]]`` member counts its three levels too."""
    deepest = 0
    for mm in mapping.all_members():
        if mm.kind in ("element", "flat"):
            deepest = max([deepest, *(element_levels(a.mapping) for a in mm.elements)])
        elif mm.kind == "any":
            deepest = max(deepest, 1)
    return 1 + deepest


def _runtime_type(info: _TypeInfo, mapping: Any) -> Any:
    if isinstance(mapping, StructMapping | EnumMapping):
        return mapping.cls
    if isinstance(mapping, xsd.PrimitiveMapping):
        return mapping.py
    if isinstance(mapping, ArrayMapping):
        return list
    if isinstance(mapping, NodeMapping):
        from lxml import etree  # type: ignore[import-untyped]

        return etree._Element
    return None


def _is_collection(ann: Any) -> bool:
    origin = typing.get_origin(ann)
    return ann in (list, tuple, set, frozenset) or origin in (list, set, frozenset) or (
        origin is tuple and len(typing.get_args(ann)) == 2
        and typing.get_args(ann)[1] is Ellipsis)


def _is_mapping_type(ann: Any) -> bool:
    origin = typing.get_origin(ann) or ann
    return isinstance(origin, type) and issubclass(origin, dict | typing.Mapping)


def _is_lxml_element(ann: Any) -> bool:
    from lxml import etree

    return isinstance(ann, type) and issubclass(ann, etree._Element)


def _has_member(cls: type, name: str) -> bool:
    for klass in cls.__mro__:
        if name in inspect.get_annotations(klass) or name in klass.__dict__:
            return True
    return False


def _names(mappings: list[StructMapping]) -> str:
    return " and ".join(", ".join(m.type_name for m in mappings).rsplit(", ", 1))


def _alias_name(alias: Any) -> str:
    args = ", ".join(_name(a) for a in typing.get_args(alias))
    return f"{_name(typing.get_origin(alias))}[{args}]"


def _name(ann: Any) -> str:
    return getattr(ann, "__qualname__", None) or repr(ann)
