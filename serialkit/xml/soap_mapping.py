"""``SoapReflectionImporter``: classes and SOAP attributes -> an encoded XmlSerializer mapping.

The encoded mode reuses the literal mapping objects (:class:`StructMapping`, ...) with .NET's
SOAP rules: every type is named by ``SoapType`` (or its class name) in its own namespace (the
default namespace unless ``SoapType`` gives one), member elements are unqualified, a class or
a collection is written once and referenced (``href``), and collections are SOAP-ENC arrays
whose items are ``<Item>``. :class:`XmlTypeMapping` and :class:`XmlMembersMapping` are what
``XmlSerializer(mapping)`` takes, as in .NET.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from serialkit.attributes.markers import Array, Width
from serialkit.xml import xsd
from serialkit.xml.custom import is_xml_serializable
from serialkit.xml.errors import XmlMappingError
from serialkit.xml.mapping import (
    NOTHING,
    READ_ONLY,
    ArrayMapping,
    AttributeAccessor,
    ElementAccessor,
    EnumMapping,
    MemberMapping,
    ObjectMapping,
    StructMapping,
    XmlMapping,
    _bind,
    _clr_name,
    _data_base,
    _has_member,
    _Importer,
    _is_lxml_element,
    _name,
    _own_members,
    _runtime_type,
    _TypeInfo,
    _unmappable,
    _unwrap,
    attributes_for,
    declared,
)
from serialkit.xml.namespaces import XmlSerializerNamespaces
from serialkit.xml.soap_attributes import (
    SoapAttributeOverrides,
    SoapAttributes,
    SoapElement,
    SoapInclude,
    SoapType,
    is_soap_attribute,
)

__all__ = ["SOAP_ENC_NS", "SoapReflectionImporter", "XmlMembersMapping", "XmlReflectionMember",
           "XmlTypeMapping"]

SOAP_ENC_NS = "http://schemas.xmlsoap.org/soap/encoding/"


@attrs.define(eq=False)
class XmlTypeMapping:
    """.NET's ``XmlTypeMapping``: one root type, mapped for the encoded (SOAP) mode."""

    mapping: XmlMapping
    is_soap: bool = True

    @property
    def element_name(self) -> str:
        """The root element's name."""
        return self.mapping.root.name

    @property
    def namespace(self) -> str:
        """The root element's namespace."""
        return self.mapping.root.namespace

    @property
    def type_name(self) -> str:
        """The XSD type name of the root type."""
        return str(self.mapping.root.mapping.type_name)

    @property
    def type_namespace(self) -> str:
        """The namespace of the root type."""
        return str(self.mapping.root.mapping.namespace)


@attrs.define
class XmlReflectionMember:
    """.NET's ``XmlReflectionMember``: one parameter of an RPC message."""

    member_name: str
    member_type: Any
    soap_attributes: SoapAttributes | None = None


@attrs.define(eq=False)
class XmlMembersMapping:
    """.NET's ``XmlMembersMapping``: a parameter list written as one element (rpc/encoded).

    ``members`` are element accessors in order; values are passed as a list.
    """

    element_name: str
    namespace: str
    members: list[ElementAccessor]
    names: list[str]
    mapping: XmlMapping
    has_wrapper_element: bool = True
    is_soap: bool = True

    @property
    def count(self) -> int:
        """The number of members."""
        return len(self.members)


def _soap_decl(cls: type) -> dict[str, Any]:
    return declared(cls, "soap")


class _SoapImporter(_Importer):
    """The encoded importer: the literal one's primitives, SOAP's names and shapes."""

    def __init__(self, overrides: SoapAttributeOverrides | None, default_ns: str) -> None:
        super().__init__(None, default_ns)
        self.soap_overrides = overrides
        #: class, or generic alias (``Gen[int]``) -> its mapping.
        self.soap_structs: dict[Any, StructMapping] = {}

    def soap_class_attributes(self, cls: type) -> SoapAttributes:
        found: SoapAttributes = attributes_for(self.soap_overrides, "soap", is_soap_attribute,
                                               SoapAttributes.from_list, cls)
        return found

    def soap_member_attributes(self, cls: type, name: str, markers: list[Any],
                               extra: list[Any]) -> SoapAttributes:
        found: SoapAttributes = attributes_for(self.soap_overrides, "soap", is_soap_attribute,
                                               SoapAttributes.from_list, cls, name, markers,
                                               extra)
        return found

    def mapping(self, root: ElementAccessor) -> XmlMapping:
        return XmlMapping(root, list(self.soap_structs.values()), list(self.enums.values()))

    # -- types ------------------------------------------------------------------------------
    def import_type(self, info: _TypeInfo, ns: str, data_type: str | None, where: str) -> Any:
        ann = info.annotation
        width = next((m for m in info.markers if isinstance(m, Width)), None)
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        prim = self.primitive(ann, width, data_type, where)
        if prim is not None:
            return prim
        if data_type:
            raise XmlMappingError(f"{where}: '{data_type}' is an invalid value for the "
                                  f"DataType property of a member of type {_name(ann)}")
        if ann in (Any, object) or isinstance(ann, typing.TypeVar) or origin in (
                typing.Union, types.UnionType):
            return ObjectMapping()
        if ann is dict or origin is dict or (isinstance(ann, type) and issubclass(ann, dict)):
            raise XmlMappingError(f"{where}: cannot serialize a dictionary (.NET: the type "
                                  "implements IDictionary, which XmlSerializer does not support)")
        if ann in (list, tuple, set, frozenset) or origin in (list, tuple, set, frozenset):
            if any(isinstance(m, Array) and m.rank > 1 for m in info.markers):
                raise XmlMappingError(f"{where}: Multidimensional arrays are not supported.")
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                raise XmlMappingError(f"{where}: a fixed-length tuple is not a collection "
                                      "XmlSerializer supports; use tuple[T, ...] or list[T]")
            kind = origin or ann
            container: Callable[[list[Any]], Any] = {
                list: list, tuple: tuple, set: set, frozenset: frozenset}[kind]
            is_array = kind is tuple or any(m is Array or isinstance(m, Array)
                                            for m in info.markers)
            return self.import_soap_array(_unwrap(args[0] if args else object), where,
                                          container, is_array)
        if isinstance(ann, type):
            if issubclass(ann, enum.Enum):
                return self.import_enum(ann, self.default_ns)
            if getattr(ann, "_is_protocol", False) or inspect.isabstract(ann):
                raise XmlMappingError(f"{where}: cannot serialize {_name(ann)} because it is an "
                                      "interface (a Protocol or an abstract class)")
            if ann is XmlSerializerNamespaces or is_xml_serializable(ann):
                raise XmlMappingError(f"{where}: {_name(ann)} cannot be used with encoded SOAP "
                                      "(IXmlSerializable and XmlSerializerNamespaces are "
                                      "literal-only)")
            if _is_lxml_element(ann):
                raise XmlMappingError(f"{where}: The type {_name(ann)} (.NET's XmlElement) may "
                                      "not be serialized with SOAP-encoded messages; use "
                                      "literal XML (XmlSerializer(cls))")
            reason = _unmappable(ann)
            if reason is not None:
                raise XmlMappingError(f"{where}: Cannot serialize {_name(ann)}: {reason}",
                                      type_name=_name(ann))
            return self.import_struct(ann, self.default_ns)
        if isinstance(origin, type) and bool(getattr(origin, "__parameters__", None)):
            # A generic class with its type arguments (Gen[int]): GenOfInt32, as in literal
            # mode (Mono's SoapReflectionImporter names it alike).
            return self.import_struct(ann, self.default_ns)
        raise XmlMappingError(f"{where}: cannot map the annotation {ann!r} to XML")

    def import_soap_array(self, item: _TypeInfo, where: str,
                          container: Callable[[list[Any]], Any],
                          is_array: bool) -> ArrayMapping:
        mapping = self.import_type(item, self.default_ns, None, where)
        acc = ElementAccessor("Item", "", mapping, True, _runtime_type(item, mapping))
        return ArrayMapping("ArrayOf" + mapping.type_name[:1].upper() + mapping.type_name[1:],
                            self.default_ns, [acc], container, is_array)

    def import_enum(self, cls: type[enum.Enum], ns: str) -> EnumMapping:
        existing = self.enums.get(cls)
        if existing is not None:
            return existing
        st = self.soap_class_attributes(cls).soap_type or SoapType()
        decl_enum = _soap_decl(cls)["enum"]
        to_xml: dict[Any, str] = {}
        for member_name, member in cls.__members__.items():
            if member.name != member_name:
                continue  # an alias
            over = self.soap_overrides.get(cls, member_name) if self.soap_overrides else None
            se = over.soap_enum if over is not None else decl_enum.get(member_name)
            to_xml[member] = se.name if se is not None and se.name else member_name
        mapping = EnumMapping(cls, st.type_name or cls.__name__,
                              st.namespace if st.namespace is not None else self.default_ns,
                              issubclass(cls, enum.Flag), to_xml,
                              {v: k for k, v in to_xml.items()})
        self.enums[cls] = mapping
        return mapping

    def import_struct(self, alias: Any, ns: str) -> StructMapping:
        existing = self.soap_structs.get(alias)
        if existing is not None:
            return existing
        cls: type = typing.get_origin(alias) or alias
        params = getattr(cls, "__parameters__", ()) if alias is not cls else ()
        bound = dict(zip(params, typing.get_args(alias), strict=False))
        ca = self.soap_class_attributes(cls)
        st = ca.soap_type or SoapType()
        type_ns = st.namespace if st.namespace is not None else self.default_ns
        mapping = StructMapping(cls, st.type_name or _clr_name(alias), type_ns,
                                alias=alias if alias is not cls else None)
        self.soap_structs[alias] = mapping
        base: Any = _data_base(cls)
        if base is not None:
            # A generic base keeps its arguments (class D(Gen[int]) derives from GenOfInt32).
            base = next((_bind(b, bound) for b in getattr(cls, "__orig_bases__", ())
                         if typing.get_origin(b) is base), base)
            mapping.base = self.import_struct(base, type_ns)
            mapping.base.derived.append(mapping)
        for name, annotation, default, extra in _own_members(cls):
            member = self.import_soap_member(cls, mapping, name, _bind(annotation, bound),
                                             default, extra)
            if member is not None:
                mapping.members.append(member)
        self.check_members(mapping)
        includes = list(ca.soap_includes) + [i for i in _soap_decl(cls)["class"]
                                             if isinstance(i, SoapInclude)
                                             and i not in ca.soap_includes]
        for inc in includes:
            self.import_type(_unwrap(inc.type), self.default_ns, None,
                             f"SoapInclude({_name(inc.type)}) on `{cls.__qualname__}`")
        return mapping

    def import_soap_member(self, cls: type, owner: StructMapping, name: str, annotation: Any,
                           default: Any, extra: list[Any]) -> MemberMapping | None:
        if READ_ONLY in extra:
            return None  # get-only collections: not part of an encoded type
        info = _unwrap(annotation)
        a = self.soap_member_attributes(cls, name, info.markers, extra)
        if a.soap_ignore:
            return None
        where = f"`{cls.__qualname__}.{name}`"
        member = MemberMapping(name, "element")
        if callable(getattr(cls, f"should_serialize_{name}", None)):
            member.should_serialize = f"should_serialize_{name}"
        if _has_member(cls, f"{name}_specified"):
            member.specified = f"{name}_specified"
        if a.soap_attribute is not None:
            sa = a.soap_attribute
            mapping = self.import_type(info, owner.namespace, sa.data_type, where)
            if not isinstance(mapping, xsd.PrimitiveMapping | EnumMapping):
                raise XmlMappingError(f"{where}: Cannot serialize member '{name}'. "
                                      "SoapAttribute cannot be used to encode complex types.")
            member.kind = "attribute"
            member.attribute = AttributeAccessor(
                sa.attribute_name or name,
                sa.namespace if sa.namespace is not None else owner.namespace, mapping)
            if not member.attribute.namespace and member.attribute.name in ("id", "href"):
                raise XmlMappingError(
                    f"{where}: the attribute '{member.attribute.name}' (no namespace) clashes "
                    "with the multiref attribute of the same name; give the class a SoapType "
                    "namespace or the attribute another name")
            return member
        se = a.soap_element or SoapElement()
        mapping = self.import_type(info, owner.namespace, se.data_type, where)
        member.elements.append(ElementAccessor(se.element_name or name, "", mapping,
                                               se.is_nullable, _runtime_type(info, mapping)))
        member.default = NOTHING
        return member

    # -- roots ------------------------------------------------------------------------------
    def import_soap_root(self, cls: Any, extra_types: tuple[type, ...] = ()) -> XmlMapping:
        info = _unwrap(cls)
        where = f"`{_name(info.annotation)}`"
        try:
            mapping = self.import_type(info, self.default_ns, None, where)
            for extra in extra_types:
                self.import_type(_unwrap(extra), self.default_ns, None, f"`{_name(extra)}`")
        except XmlMappingError as exc:
            exc.add_note(f"There was an error reflecting type '{_name(info.annotation)}'.")
            raise
        if isinstance(mapping, ArrayMapping):
            name, ns = "Array", SOAP_ENC_NS  # a SOAP-ENC:Array, as .NET writes it
        else:
            name, ns = mapping.default_element_name, mapping.namespace
        return self.mapping(ElementAccessor(name, ns, mapping, False))


class SoapReflectionImporter:
    """.NET's ``SoapReflectionImporter``: maps classes for XmlSerializer's encoded mode.

    ``XmlSerializer(SoapReflectionImporter().import_type_mapping(Customer))`` is .NET's
    ``new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Customer)))``.

    Args:
        overrides: SOAP attributes replacing the declared ones (``SoapAttributeOverrides``).
        default_namespace: the namespace of every type that ``SoapType`` gives none.
    """

    def __init__(self, overrides: SoapAttributeOverrides | None = None,
                 default_namespace: str | None = None) -> None:
        self.overrides = overrides
        self.default_namespace = default_namespace or ""
        self._included: list[type] = []

    def include_type(self, cls: type) -> None:
        """Make ``cls`` (a derived class) known to the mappings imported after this."""
        self._included.append(cls)

    def _importer(self, default_namespace: str | None) -> _SoapImporter:
        return _SoapImporter(self.overrides, default_namespace if default_namespace is not None
                             else self.default_namespace)

    def import_type_mapping(self, cls: Any, default_namespace: str | None = None
                            ) -> XmlTypeMapping:
        """The encoded mapping of ``cls`` as a document root (checked now)."""
        importer = self._importer(default_namespace)
        return XmlTypeMapping(importer.import_soap_root(cls, tuple(self._included)))

    def import_members_mapping(self, element_name: str, ns: str,
                               members: list[XmlReflectionMember],
                               has_wrapper_element: bool = True,
                               write_accessors: bool = True) -> XmlMembersMapping:
        """An RPC parameter list: ``<q1:Add xmlns:q1="urn:calc"><a ...>`` (rpc/encoded).

        Only the wrapped form (``has_wrapper_element=True``) is supported.
        """
        if not has_wrapper_element:
            raise NotImplementedError("members mappings without a wrapper element are not "
                                      "supported")
        importer = self._importer(None)
        accessors: list[ElementAccessor] = []
        for m in members:
            info = _unwrap(m.member_type)
            a = m.soap_attributes or SoapAttributes.from_list(
                [x for x in info.markers if is_soap_attribute(x)])
            se = a.soap_element or SoapElement()
            where = f"member '{m.member_name}' of '{element_name}'"
            mapping = importer.import_type(info, importer.default_ns, se.data_type, where)
            accessors.append(ElementAccessor(se.element_name or m.member_name, "", mapping,
                                             se.is_nullable, _runtime_type(info, mapping)))
        for extra in self._included:
            importer.import_type(_unwrap(extra), importer.default_ns, None, _name(extra))
        root = ElementAccessor(element_name, ns, ObjectMapping(), False)
        return XmlMembersMapping(element_name, ns, accessors, [m.member_name for m in members],
                                 importer.mapping(root), has_wrapper_element)
