"""Schema export: classes -> XSD, as xsd.exe ``/type`` (``XmlSchemaExporter``) writes it.

:func:`export_schema` reads the same mapping the serializer writes and reads with
(:func:`~serialkit.xml.mapping.build_mappings`: one importer for all the classes, as xsd.exe
has, so generated array type names never repeat), so the schema describes exactly the XML
:class:`~serialkit.xml.serializer.XmlSerializer` writes: one ``xs:schema`` per target
namespace, ``xs:import`` between them (with a ``schemaLocation`` naming the file
:func:`schema_file_names` gives it, which xsd.exe leaves out), the root element, a complex
type per class, ``ArrayOfX`` types, enums as ``xs:enumeration`` restrictions and ``[Flags]``
enums as ``xs:list``, and ``char``/``guid`` in .NET's ``http://microsoft.com/wsdl/types/``
schema.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from serialkit.xml import xsd
from serialkit.xml.attributes import XmlRoot
from serialkit.xml.errors import XmlMappingError
from serialkit.xml.mapping import (
    NOTHING,
    PARTICLES,
    ArrayMapping,
    ElementAccessor,
    EnumMapping,
    MemberMapping,
    NodeMapping,
    ObjectMapping,
    SerializableMapping,
    StructMapping,
    attributes_for,
    build_mappings,
)
from serialkit.xml.namespaces import XSD_NS
from serialkit.xml.overrides import XmlAttributeOverrides, XmlAttributes

__all__ = ["export_schema", "schema_file_names"]

_XS = "{" + XSD_NS + "}"
#: Attributes whose values are QNames, written as Clark names until the prefixes are known.
_QNAME_ATTRS = ("type", "base", "ref", "itemType")


def export_schema(*classes: Any, overrides: XmlAttributeOverrides | None = None,
                  extra_types: Iterable[type] = (),
                  roots: dict[Any, XmlRoot] | None = None) -> dict[str, bytes]:
    """The XML schemas of ``classes`` as document roots: ``{target namespace: xsd bytes}``.

    The first schema is the first class's root namespace, then each other namespace in the
    order it is first referenced (the order of xsd.exe's ``schema0.xsd``, ``schema1.xsd``...;
    :func:`schema_file_names` gives those names, which the ``xs:import``s point at).
    ``overrides`` and ``extra_types`` are the serializer's; ``roots`` maps a class to the
    ``XmlRoot`` its serializer is built with.
    """
    if not classes:
        raise ValueError("export_schema needs at least one class")
    exporter = _Exporter(overrides)
    for mapping in build_mappings(classes, overrides, tuple(extra_types), roots):
        if not exporter.included(mapping.root.mapping):
            continue  # an XmlType(include_in_schema=False) root: xsd.exe writes nothing
        exporter.root(mapping.root)
        for struct in mapping.structs:
            if exporter.included(struct):
                exporter.struct(struct)
        for enum_mapping in mapping.enums:
            if exporter.included(enum_mapping):
                exporter.enum(enum_mapping)
    return exporter.finish()


def schema_file_names(schemas: dict[str, bytes]) -> dict[str, str]:
    """``{namespace: "schemaN.xsd"}`` in the order of ``schemas``, as xsd.exe names them."""
    return {ns: f"schema{i}.xsd" for i, ns in enumerate(schemas)}


class _Exporter:
    def __init__(self, overrides: XmlAttributeOverrides | None = None) -> None:
        self.overrides = overrides
        self.schemas: dict[str, Any] = {}
        self.imports: dict[str, list[str]] = {}
        self.defined: dict[tuple[str, str, str], Any] = {}

    def included(self, mapping: Any) -> bool:
        """False for a class or enum marked XmlType(include_in_schema=False) (overrides
        first): xsd.exe leaves it out, as a choice identifier's enum is left out."""
        if not isinstance(mapping, StructMapping | EnumMapping):
            return True
        from serialkit.xml.attributes import is_xml_attribute

        found: XmlAttributes = attributes_for(self.overrides, "xml", is_xml_attribute,
                                              XmlAttributes.from_list, mapping.cls)
        return found.xml_type is None or found.xml_type.include_in_schema

    def require(self, mapping: Any) -> None:
        """A reference to a type left out of the schema is .NET's error."""
        if not self.included(mapping):
            raise XmlMappingError(
                f"The type {mapping.cls.__qualname__} may not be exported to a schema because "
                "the IncludeInSchema property of the XmlType attribute is 'false'.")

    # -- documents ---------------------------------------------------------------------------
    def schema(self, ns: str) -> Any:
        found = self.schemas.get(ns)
        if found is None:
            found = etree.Element(_XS + "schema", nsmap={"xs": XSD_NS})
            self.schemas[ns] = found
            self.imports[ns] = []
        return found

    def refer(self, from_ns: str, ns: str, name: str) -> str:
        """The Clark name of (ns, name), importing ``ns`` into ``from_ns``'s schema."""
        if ns and ns not in (XSD_NS, from_ns):
            self.schema(ns)
            if ns not in self.imports[from_ns]:
                self.imports[from_ns].append(ns)
        return f"{{{ns}}}{name}" if ns else name

    def define(self, kind: str, ns: str, name: str, owner: Any) -> Any | None:
        """A new top-level component (None when it exists for the same owner already)."""
        key = (kind, ns, name)
        if key in self.defined:
            if self.defined[key] != owner:
                raise XmlMappingError(
                    f"Types '{_describe(self.defined[key])}' and '{_describe(owner)}' both use "
                    f"the XML {kind} name '{name}' from namespace '{ns}'. Use XML attributes "
                    "to give one of them a unique XML name and/or namespace.")
            return None
        self.defined[key] = owner
        tag = {"type": None, "element": "element", "attribute": "attribute"}[kind]
        schema = self.schema(ns)
        if tag is None:
            return schema
        return etree.SubElement(schema, _XS + tag, name=name)

    # -- top level ---------------------------------------------------------------------------
    def root(self, acc: ElementAccessor) -> None:
        el = self.define("element", acc.namespace, acc.name, ("root", _type_key(acc.mapping)))
        if el is None:
            return
        if acc.is_nullable:
            el.set("nillable", "true")
        self.set_type(el, acc.namespace, acc.mapping)

    def type_ref(self, from_ns: str, mapping: Any) -> str | None:
        """The QName of ``mapping``'s type (exporting it), None for xs:anyType (no type=)."""
        if isinstance(mapping, xsd.PrimitiveMapping):
            if mapping.namespace == xsd.MS_TYPES_NS:
                self.ms_type(mapping.type_name)
            return self.refer(from_ns, mapping.namespace, mapping.type_name)
        self.require(mapping)
        if isinstance(mapping, StructMapping):
            self.struct(mapping)
        elif isinstance(mapping, EnumMapping):
            self.enum(mapping)
        elif isinstance(mapping, ArrayMapping):
            self.array(mapping)
        else:
            return None
        return self.refer(from_ns, mapping.namespace, mapping.type_name)

    def set_type(self, el: Any, from_ns: str, mapping: Any) -> None:
        if isinstance(mapping, SerializableMapping):
            # IXmlSerializable without a schema provider: any content (a lax wildcard).
            complex_type = etree.SubElement(el, _XS + "complexType", mixed="true")
            seq = etree.SubElement(complex_type, _XS + "sequence")
            etree.SubElement(seq, _XS + "any", minOccurs="0", maxOccurs="unbounded",
                             processContents="lax")
            etree.SubElement(complex_type, _XS + "anyAttribute", processContents="lax")
            return
        if isinstance(mapping, NodeMapping):
            # xsd.exe's form for an XmlElement member or item: one element of any name;
            # lax, as every wildcard here (strict would demand a declaration of the node).
            seq = etree.SubElement(etree.SubElement(el, _XS + "complexType"), _XS + "sequence")
            etree.SubElement(seq, _XS + "any", processContents="lax")
            return
        ref = self.type_ref(from_ns, mapping)
        if ref is not None:
            el.set("type", ref)

    def ms_type(self, name: str) -> None:
        schema = self.define("type", xsd.MS_TYPES_NS, name, ("ms", name))
        if schema is None:
            return
        simple = etree.SubElement(schema, _XS + "simpleType", name=name)
        if name == "guid":
            restriction = etree.SubElement(simple, _XS + "restriction", base=f"{{{XSD_NS}}}string")
            etree.SubElement(restriction, _XS + "pattern", value=(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"))
        else:  # char: its UTF-16 code unit, as a number
            etree.SubElement(simple, _XS + "restriction", base=f"{{{XSD_NS}}}unsignedShort")

    def enum(self, mapping: EnumMapping) -> None:
        schema = self.define("type", mapping.namespace, mapping.type_name, mapping.cls)
        if schema is None:
            return
        simple = etree.SubElement(schema, _XS + "simpleType", name=mapping.type_name)
        if mapping.is_flags:
            simple = etree.SubElement(etree.SubElement(simple, _XS + "list"), _XS + "simpleType")
        restriction = etree.SubElement(simple, _XS + "restriction", base=f"{{{XSD_NS}}}string")
        for name in mapping.to_xml.values():
            etree.SubElement(restriction, _XS + "enumeration", value=name)

    def array(self, mapping: ArrayMapping) -> None:
        schema = self.define("type", mapping.namespace, mapping.type_name,
                             ("array", _type_key(mapping)))
        if schema is None:
            return
        complex_type = etree.SubElement(schema, _XS + "complexType", name=mapping.type_name)
        ns = mapping.namespace
        if len(mapping.items) == 1:
            seq = etree.SubElement(complex_type, _XS + "sequence")
            self.element(seq, ns, mapping.items[0], "0", "unbounded")
        else:
            choice = etree.SubElement(complex_type, _XS + "choice", minOccurs="0",
                                      maxOccurs="unbounded")
            for item in mapping.items:
                self.element(choice, ns, item, _choice_min_occurs(item), "1")

    def struct(self, mapping: StructMapping) -> None:
        schema = self.define("type", mapping.namespace, mapping.type_name, mapping.cls)
        if schema is None:
            return
        ns = mapping.namespace
        complex_type = etree.SubElement(schema, _XS + "complexType", name=mapping.type_name)
        if mapping.xmlns_member is not None:
            # xsd.exe's note of an XmlNamespaceDeclarations member (it says nothing of the
            # content: the declarations are attributes xmlns:*, outside any schema)
            info = etree.SubElement(etree.SubElement(complex_type, _XS + "annotation"),
                                    _XS + "appinfo")
            etree.SubElement(info, "keepNamespaceDeclarations").text = mapping.xmlns_member
        members = _own_members(mapping)
        text = next((m for m in members if m.kind == "text"), None)
        # Text (XmlText, or mixed content: [XmlText, XmlAnyElement]) in this class or a base
        # (an extension of a mixed type is mixed, as xsd.exe writes it).
        mixed = any(m.kind == "text" or m.mixed for m in mapping.all_members())
        has_elements = any(m.kind in PARTICLES for m in mapping.all_members())
        holder = complex_type
        if mapping.base is not None:
            content = etree.SubElement(complex_type, _XS + "complexContent",
                                       mixed="true" if mixed else "false")
            holder = etree.SubElement(content, _XS + "extension",
                                      base=self.type_ref(ns, mapping.base))
        elif text is not None and not has_elements:
            content = etree.SubElement(complex_type, _XS + "simpleContent")
            base = xsd.STRING if text.text is None else text.text
            holder = etree.SubElement(content, _XS + "extension", base=self.type_ref(ns, base))
        elif mixed:
            complex_type.set("mixed", "true")
        particles = [m for m in members if m.kind in PARTICLES]
        if particles:
            seq = etree.SubElement(holder, _XS + "sequence")
            for member in particles:
                self.particle(seq, mapping, member, has_sibling_elements=len(
                    [m for m in mapping.all_members() if m.kind in ("element", "flat")]) > 0)
        for member in members:
            if member.kind == "attribute" and member.attribute is not None:
                self.attribute(holder, mapping, member)
        if any(m.kind == "anyattr" for m in members):
            etree.SubElement(holder, _XS + "anyAttribute", processContents="lax")
        for derived in mapping.derived:
            if self.included(derived):
                self.struct(derived)

    # -- members -----------------------------------------------------------------------------
    def particle(self, seq: Any, owner: StructMapping, member: MemberMapping,
                 has_sibling_elements: bool) -> None:
        ns = owner.namespace
        if member.kind == "any":
            for wildcard in member.any_elements:
                # processContents="lax" (.NET leaves the default, strict, which demands a
                # declaration for content that by definition has none).
                el = etree.SubElement(seq, _XS + "any", minOccurs="0",
                                      maxOccurs="unbounded" if member.any_is_list else "1",
                                      processContents="lax")
                if wildcard.namespace is not None:
                    el.set("namespace", wildcard.namespace or "##local")
                elif has_sibling_elements and _other_is_deterministic(owner):
                    # .NET writes namespace="##any" here, which makes the content model
                    # non-deterministic (UPA) whenever optional elements precede it, so no
                    # XSD 1.0 validator (libxml2, .NET's own XmlSchemaSet) accepts the schema.
                    # "##other" is deterministic unless an element of a third namespace is
                    # in the model; then .NET's form is kept.
                    el.set("namespace", "##other")
            return
        if member.kind == "flat":
            if len(member.elements) == 1:
                self.element(seq, ns, member.elements[0], "0", "unbounded")
            else:
                choice = etree.SubElement(seq, _XS + "choice", minOccurs="0",
                                          maxOccurs="unbounded")
                for acc in member.elements:
                    self.element(choice, ns, acc, _choice_min_occurs(acc), "1")
            return
        optional = _optional_member(owner, member)
        if len(member.elements) == 1:
            acc = member.elements[0]
            self.element(seq, ns, acc, _min_occurs(acc, member, optional), "1", member)
            return
        # A choice member is .NET's object (a reference, null when no branch is written)
        # whether or not its annotation says None: a value-type branch stays minOccurs="1",
        # as xsd.exe exports [XmlElement("num", typeof(int))] object Item.
        choice = etree.SubElement(seq, _XS + "choice", minOccurs="1", maxOccurs="1")
        for acc in member.elements:
            self.element(choice, ns, acc, _min_occurs(acc, member, False), "1")

    def element(self, parent: Any, owner_ns: str, acc: ElementAccessor, min_occurs: str,
                max_occurs: str, member: MemberMapping | None = None) -> None:
        el = etree.SubElement(parent, _XS + "element", minOccurs=min_occurs,
                              maxOccurs=max_occurs)
        default = None
        if member is not None and member.default is not NOTHING and isinstance(
                acc.mapping, xsd.PrimitiveMapping | EnumMapping):
            default = _format(acc.mapping, member.default)
        if acc.namespace in (owner_ns, ""):
            if default is not None:
                el.set("default", default)
            el.set("name", acc.name)
            if acc.namespace != owner_ns:
                el.set("form", "unqualified")
            if acc.is_nullable:
                el.set("nillable", "true")
            self.set_type(el, owner_ns, acc.mapping)
            return
        # An element of another namespace: a reference to a global element declared there.
        glob = self.define("element", acc.namespace, acc.name,
                           ("element", _type_key(acc.mapping), acc.is_nullable))
        if glob is not None:
            if acc.is_nullable:
                glob.set("nillable", "true")
            self.set_type(glob, acc.namespace, acc.mapping)
        el.set("ref", self.refer(owner_ns, acc.namespace, acc.name))

    def attribute(self, holder: Any, owner: StructMapping, member: MemberMapping) -> None:
        acc = member.attribute
        assert acc is not None
        ns = owner.namespace
        el = etree.SubElement(holder, _XS + "attribute")
        target = el
        if acc.namespace and acc.namespace != ns:
            glob = self.define("attribute", acc.namespace, acc.name,
                               ("attribute", _type_key(acc.mapping), acc.is_list))
            el.set("ref", self.refer(ns, acc.namespace, acc.name))
            if glob is None:
                target = None
            else:
                target = glob
                type_ns = acc.namespace
        else:
            if acc.namespace:
                el.set("form", "qualified")
            el.set("name", acc.name)
            type_ns = ns
        if target is not None:
            if acc.is_list:
                simple = etree.SubElement(target, _XS + "simpleType")
                etree.SubElement(simple, _XS + "list",
                                 itemType=self.type_ref(type_ns, acc.mapping))
            else:
                target.set("type", self.type_ref(type_ns, acc.mapping))
        if member.default is not NOTHING and not acc.is_list:
            el.set("default", _format(acc.mapping, member.default))
        elif (acc.mapping.is_value_type and not acc.is_list and member.specified is None
              and member.should_serialize is None and not _optional_member(owner, member)):
            el.set("use", "required")

    # -- output ------------------------------------------------------------------------------
    def finish(self) -> dict[str, bytes]:
        names = schema_file_names(dict.fromkeys(self.schemas, b""))
        result: dict[str, bytes] = {}
        for ns, body in self.schemas.items():
            used = [ns_ for ns_ in _referenced(body) if ns_ not in (ns, XSD_NS)]
            nsmap: dict[str | None, str] = {}
            if ns:
                nsmap["tns"] = ns
            for i, other in enumerate(dict.fromkeys(used), 1):
                nsmap[f"q{i}"] = other
            nsmap["xs"] = XSD_NS
            root = etree.Element(_XS + "schema", nsmap=nsmap, elementFormDefault="qualified")
            if ns:
                root.set("targetNamespace", ns)
            for other in self.imports[ns]:
                etree.SubElement(root, _XS + "import", namespace=other,
                                 schemaLocation=names[other])
            root.extend(list(body))
            prefixes = {v: k for k, v in nsmap.items() if k is not None}
            for el in root.iter():
                for attr in _QNAME_ATTRS:
                    value = el.get(attr)
                    if value is not None and value.startswith("{"):
                        other, local = value[1:].split("}", 1)
                        el.set(attr, f"{prefixes[other]}:{local}")
            etree.cleanup_namespaces(root, keep_ns_prefixes=[k for k in nsmap if k])
            etree.indent(root, space="  ")
            result[ns] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
        return result


def _referenced(body: Any) -> list[str]:
    found: list[str] = []
    for el in body.iter():
        for attr in _QNAME_ATTRS:
            value = el.get(attr)
            if value is not None and value.startswith("{"):
                found.append(value[1:].split("}", 1)[0])
    return found


def _own_members(mapping: StructMapping) -> list[MemberMapping]:
    members = list(mapping.members)
    if mapping.has_order or any(m.order is not None for m in members):
        particles = sorted((m for m in members if m.kind in PARTICLES),
                           key=lambda m: m.order or 0)
        members = [m for m in members if m.kind not in PARTICLES] + particles
    return members


def _other_is_deterministic(owner: StructMapping) -> bool:
    """True when no element of the type's model (bases and derived types included) is in a
    namespace other than the type's own or none, the two ``##other`` excludes."""
    top = owner
    while top.base is not None:
        top = top.base
    stack = [top]
    while stack:
        struct = stack.pop()
        stack.extend(struct.derived)
        for member in struct.members:
            if any(acc.namespace not in (owner.namespace, "") for acc in member.elements):
                return False
    return True


def _min_occurs(acc: ElementAccessor, member: MemberMapping, optional: bool) -> str:
    if member.specified or member.should_serialize or member.default is not NOTHING:
        return "0"
    if acc.is_nullable:
        return "1"
    if optional or not acc.mapping.is_value_type:
        return "0"
    return "1"


def _choice_min_occurs(acc: ElementAccessor) -> str:
    """An element of a repeated choice: optional when it is neither nillable nor a value
    type (XmlSchemaExporter.ExportElementAccessor's rule, which xsd.exe follows)."""
    return "1" if acc.is_nullable or acc.mapping.is_value_type else "0"


def _optional_member(owner: StructMapping, member: MemberMapping) -> bool:
    """True when the member's annotation allows None (then it is not written when None)."""
    try:
        hints = typing.get_type_hints(owner.cls, include_extras=True)
    except Exception:
        return False
    hint = hints.get(member.name)
    if hint is None:
        prop = getattr(owner.cls, member.name, None)
        if isinstance(prop, property) and prop.fget is not None:
            hint = typing.get_type_hints(prop.fget, include_extras=True).get("return")
    while typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    return type(None) in typing.get_args(hint)


def _format(mapping: Any, value: Any) -> str:
    return str(mapping.format(value))


def _type_key(mapping: Any) -> Any:
    if isinstance(mapping, StructMapping | EnumMapping | SerializableMapping):
        return mapping.cls
    if isinstance(mapping, ArrayMapping):
        return ("array", mapping.namespace, mapping.type_name)
    if isinstance(mapping, ObjectMapping):
        return "anyType"
    return (mapping.namespace, mapping.type_name)


def _describe(owner: Any) -> str:
    if isinstance(owner, type):
        return f"{owner.__module__}.{owner.__qualname__}"
    return repr(owner)
