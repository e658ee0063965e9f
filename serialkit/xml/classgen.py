"""Class generation: XSD -> Python classes with serialkit's XML attributes (xsd.exe /classes).

:func:`generate_classes` reads a schema (with its ``xs:include``/``xs:import``s, from local
files only: an ``http(s)`` location is refused, never fetched) and returns the source of a
module of typed classes (dataclasses or attrs) whose ``XmlSerializer`` reads and writes the
documents the schema describes. What it cannot map it says, with the schema location
(``file:line``): as a comment at the top of the module and in :attr:`ClassGenerator.warnings`.
"""

from __future__ import annotations

import keyword
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from lxml import etree  # type: ignore[import-untyped]

from serialkit.errors import SerializationError
from serialkit.xml.namespaces import XSD_NS
from serialkit.xml.xsd import MS_TYPES_NS

__all__ = ["ClassGenerator", "SchemaError", "generate_classes"]

_XS = "{" + XSD_NS + "}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
UNBOUNDED = 1 << 30


class SchemaError(SerializationError):
    """A schema that cannot be read or resolved (the message starts with ``file:line:``)."""


def generate_classes(source: str | os.PathLike[str] | bytes | Iterable[Any], *,
                     style: str = "dataclasses",
                     locations: Mapping[str, str] | None = None) -> str:
    """The Python source of classes for the schema at ``source`` (a path, the schema's bytes,
    or several of them, as ``xsd.exe a.xsd b.xsd /classes`` takes several).

    ``style`` is ``"dataclasses"`` or ``"attrs"``; ``locations`` maps a ``schemaLocation``
    (a URL, say) to a local file to read instead.
    """
    generator = ClassGenerator(style=style, locations=locations)
    sources = [source] if isinstance(source, str | bytes | os.PathLike) else list(source)
    for item in sources:
        generator.load(item)
    return generator.generate()


# -- the schema model --------------------------------------------------------------------------
@attrs.define
class _Doc:
    path: str
    root: Any
    tns: str
    qualified_elements: bool
    qualified_attributes: bool


@attrs.define
class _Simple:
    """A simple type as Python sees it."""

    annotation: str
    data_type: str | None = None
    value_type: bool = False
    default: str | None = None  # the Python default of a required value
    is_list: bool = False
    enum: _Enum | None = None


@attrs.define
class _Enum:
    name: str
    xml_name: str
    ns: str
    members: list[tuple[str, str]] = attrs.Factory(list)
    flags: bool = False


@attrs.define
class _Field:
    name: str
    annotation: str
    default: str
    comment: str | None = None


@attrs.define
class _Class:
    name: str
    xml_name: str
    ns: str
    anonymous: bool = False
    base: str | None = None
    fields: list[_Field] = attrs.Factory(list)
    root: tuple[str, str, bool] | None = None  # name, namespace, nillable
    derived: list[str] = attrs.Factory(list)
    done: bool = False
    #: The type's content is mixed; it (or a base) has the [XmlText, XmlAnyElement] member.
    mixed: bool = False
    mixed_member: bool = False
    #: The particles already given a member: (name, namespace) of an element, ("*", arg)
    #: of a wildcard -> whether that member is a list.
    particles: dict[tuple[str, str], bool] = attrs.Factory(dict)
    particles_at: dict[tuple[str, str], int] = attrs.Factory(dict)


_BUILTINS: dict[str, _Simple] = {
    "boolean": _Simple("bool", None, True, "False"),
    "float": _Simple("Annotated[float, Single]", None, True, "0.0"),
    "double": _Simple("float", None, True, "0.0"),
    "decimal": _Simple("Decimal", None, True, 'Decimal("0")'),
    "int": _Simple("int", None, True, "0"),
    "long": _Simple("Annotated[int, Int64]", None, True, "0"),
    "short": _Simple("Annotated[int, Int16]", None, True, "0"),
    "byte": _Simple("Annotated[int, Int8]", None, True, "0"),
    "unsignedInt": _Simple("Annotated[int, UInt32]", None, True, "0"),
    "unsignedLong": _Simple("Annotated[int, UInt64]", None, True, "0"),
    "unsignedShort": _Simple("Annotated[int, UInt16]", None, True, "0"),
    "unsignedByte": _Simple("Annotated[int, UInt8]", None, True, "0"),
    "dateTime": _Simple("datetime.datetime", None, True, "datetime.datetime(1, 1, 1)"),
    "date": _Simple("datetime.date", None, True, "datetime.date(1, 1, 1)"),
    "time": _Simple("datetime.time", None, True, "datetime.time(0)"),
    "base64Binary": _Simple("bytes", None, False, 'b""'),
    "hexBinary": _Simple("bytes", "hexBinary", False, 'b""'),
    "string": _Simple("str", None, False, '""'),
    "anySimpleType": _Simple("str", None, False, '""'),
}
#: Built-in types XmlSerializer writes as a string under their own name (DataType=...).
_STRING_TYPES = (
    "normalizedString", "token", "Name", "NCName", "NMTOKEN", "NMTOKENS", "ID", "IDREF",
    "IDREFS", "ENTITY", "ENTITIES", "language", "anyURI", "integer", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "nonNegativeInteger", "gYear", "gYearMonth",
    "gMonth", "gMonthDay", "gDay", "duration")


#: The names the generated module imports, and the builtins its class bodies use: a class
#: named after one would shadow the import for the whole module, and a member named after one
#: shadows it for the members that follow (``field: ... ; other: ... = field(...)``), so both
#: get a ``_`` (the XML name stays in the attribute).
_RESERVED = frozenset({
    "datetime", "enum", "uuid", "dataclass", "field", "Decimal", "Annotated", "Any", "attrs",
    "etree", "Array", "Char", "Int8", "Int16", "Int64", "Single", "UInt8", "UInt16", "UInt32",
    "UInt64", "DefaultValue", "XmlAnyAttribute", "XmlAnyElement", "XmlArray", "XmlArrayItem",
    "XmlAttribute", "XmlChoiceIdentifier", "XmlElement", "XmlIgnore",
    "XmlNamespaceDeclarations", "XmlRoot", "XmlSchemaForm", "XmlSerializerNamespaces",
    "XmlText", "xml_enum", "xml_include", "xml_root", "xml_type", "int", "str", "bool",
    "float", "bytes", "list", "dict", "object", "ROOT_ELEMENTS"})
#: Enum member names that enum.Enum refuses (mro) or mypy reads as Enum's own attributes.
_ENUM_RESERVED = frozenset({"mro", "name", "value"})
#: A wildcard's member keeps its readable name ``Any``: class bodies never use typing.Any.
_MEMBER_ALLOWED = frozenset({"Any"})


def _identifier(name: str, used: set[str] | None = None, upper: bool = False,
                reserved: bool = True) -> str:
    text = re.sub(r"\W", "_", name)
    if not text or text[0].isdigit():
        text = "_" + text
    if text.startswith("_"):
        text = "x" + text
    if upper:
        text = text[0].upper() + text[1:]
    if keyword.iskeyword(text) or text in ("None", "True", "False") or (
            reserved and text in _RESERVED and (upper or text not in _MEMBER_ALLOWED)) or (
            not reserved and text in _ENUM_RESERVED):
        text += "_"
    if used is not None:
        base, n = text, 1
        while text in used:
            text = f"{base}{n}"
            n += 1
        used.add(text)
    return text


class ClassGenerator:
    """Loads schema documents, then :meth:`generate` writes the module."""

    def __init__(self, *, style: str = "dataclasses",
                 locations: Mapping[str, str] | None = None) -> None:
        if style not in ("dataclasses", "attrs"):
            raise ValueError(f"style must be 'dataclasses' or 'attrs', not {style!r}")
        self.style = style
        self.locations = dict(locations or {})
        self.docs: list[_Doc] = []
        self.loaded: set[str] = set()
        self.index: dict[str, dict[tuple[str, str], tuple[Any, _Doc]]] = {
            k: {} for k in ("element", "complexType", "simpleType", "group", "attributeGroup",
                            "attribute")}
        self.warnings: list[str] = []
        self.classes: dict[tuple[str, str], _Class] = {}
        self.anonymous: dict[int, _Class] = {}
        self.anonymous_elements: list[Any] = []
        self.enums: dict[tuple[str, str], _Enum] = {}
        self.simples: dict[tuple[str, str], _Simple] = {}
        self.names: set[str] = {"ROOT_ELEMENTS"}
        self.order: list[_Class | _Enum] = []
        self.roots: list[tuple[str, str, str, bool]] = []
        self.first: str | None = None
        #: Named complex types some type derives from: never read as an array.
        self.bases: set[tuple[str, str]] = set()
        #: Named array types whose member became a list (their class is not generated).
        self.arrays_used: set[tuple[str, str]] = set()

    # -- loading ---------------------------------------------------------------------------
    def load(self, source: Any, tns: str | None = None, where: str = "") -> None:
        """Read one schema document (a path or bytes) and what it includes and imports."""
        if isinstance(source, bytes):
            path, data = "<schema>", source
        else:
            path = os.path.abspath(os.fspath(source))
            if path in self.loaded:
                return
            try:
                with open(path, "rb") as stream:
                    data = stream.read()
            except OSError as exc:
                raise SchemaError(f"{where or path}: cannot read {path}: {exc.strerror}"
                                  ) from exc
        self.loaded.add(path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True)
        try:
            tree = etree.fromstring(data, parser, base_url=path).getroottree()
        except etree.XMLSyntaxError as exc:
            raise SchemaError(f"{path}:{exc.lineno}: not well-formed XML: {exc.msg}") from exc
        if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
            raise SchemaError(f"{path}:1: the schema has a DOCTYPE; DTDs are not read")
        root = tree.getroot()
        if root.tag != _XS + "schema":
            raise SchemaError(f"{path}:{root.sourceline}: not an XML schema (root {root.tag})")
        own_tns = root.get("targetNamespace")
        doc = _Doc(path, root, own_tns if own_tns is not None else (tns or ""),
                   root.get("elementFormDefault") == "qualified",
                   root.get("attributeFormDefault") == "qualified")
        self.docs.append(doc)
        for child in root:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local in self.index and child.get("name"):
                self.index[local][(doc.tns, child.get("name"))] = (child, doc)
            elif local in ("include", "import", "redefine", "override"):
                self.follow(child, doc, local)

    def follow(self, el: Any, doc: _Doc, kind: str) -> None:
        where = f"{doc.path}:{el.sourceline}"
        location = el.get("schemaLocation")
        ns = el.get("namespace", "")
        if kind in ("redefine", "override"):
            self.warn(where, f"xs:{kind} is not supported: the components are read unchanged")
        if kind == "import" and ns == XML_NS:
            return  # xml:lang and friends are built in
        if location is None:
            return  # an import satisfied by another schema given (or a missing one, later)
        location = self.locations.get(location, location)
        if re.match(r"(?i)https?://", location):
            raise SchemaError(
                f"{where}: refusing to fetch {location}: serialkit classes never reads the "
                "network; save the schema locally and give its path (or map the location "
                "with --location URL=PATH)")
        if location.startswith("file:"):
            location = location[5:].lstrip("/") and "/" + location[5:].lstrip("/")
        base = os.path.dirname(doc.path) if doc.path != "<schema>" else os.getcwd()
        target = os.path.join(base, location)
        self.load(target, doc.tns if kind != "import" else None, where)

    def warn(self, where: str, message: str) -> None:
        text = f"{where}: {message}"
        if text not in self.warnings:
            self.warnings.append(text)

    def at(self, el: Any, doc: _Doc) -> str:
        return f"{os.path.basename(doc.path)}:{el.sourceline}"

    def qname(self, el: Any, value: str) -> tuple[str, str]:
        prefix, _, local = value.rpartition(":")
        ns = el.nsmap.get(prefix or None)
        if ns is None:
            if prefix == "xml":
                return XML_NS, local
            if prefix:
                raise SchemaError(f"{el.base}:{el.sourceline}: undeclared prefix in {value!r}")
            ns = ""
        return ns, local

    def lookup(self, kind: str, el: Any, doc: _Doc, attr: str) -> tuple[Any, _Doc]:
        key = self.qname(el, el.get(attr))
        found = self.index[kind].get(key)
        if found is None:
            raise SchemaError(f"{doc.path}:{el.sourceline}: the {kind} {{{key[0]}}}{key[1]} "
                              "is not declared in the schemas read (an xs:import without "
                              "schemaLocation needs its schema given too)")
        return found

    # -- simple types ------------------------------------------------------------------------
    def simple(self, key: tuple[str, str], el: Any, doc: _Doc) -> _Simple:
        ns, name = key
        if ns == XSD_NS:
            if name in _BUILTINS:
                return _BUILTINS[name]
            if name in _STRING_TYPES:
                return _Simple("str", name, False, '""')
            if name == "QName":
                self.warn(self.at(el, doc), "xs:QName is mapped to str: its prefix is kept as "
                          "written, not resolved")
            return _Simple("str", None, False, '""')
        if ns == MS_TYPES_NS and name == "guid":
            return _Simple("uuid.UUID", None, True, "uuid.UUID(int=0)")
        if ns == MS_TYPES_NS and name == "char":
            return _Simple("Annotated[str, Char]", None, True, '"\\0"')
        if key in self.simples:
            return self.simples[key]
        found = self.index["simpleType"].get(key)
        if found is None:
            raise SchemaError(f"{doc.path}:{el.sourceline}: the type {{{ns}}}{name} is "
                              "not declared in the schemas read")
        result = self.simple_body(found[0], found[1], name)
        self.simples[key] = result
        return result

    def simple_body(self, st: Any, doc: _Doc, name: str) -> _Simple:
        restriction = st.find(_XS + "restriction")
        if restriction is not None:
            values = [e.get("value") for e in restriction.findall(_XS + "enumeration")]
            if values:
                return self.enum(name, doc.tns, values, st, doc)
            if restriction.get("base"):
                return self.simple(self.qname(restriction, restriction.get("base")),
                                   restriction, doc)
            inner = restriction.find(_XS + "simpleType")
            return self.simple_body(inner, doc, name) if inner is not None else _BUILTINS[
                "string"]
        lst = st.find(_XS + "list")
        if lst is not None:
            inner = lst.find(_XS + "simpleType")
            inner_r = inner.find(_XS + "restriction") if inner is not None else None
            if inner_r is not None and inner_r.find(_XS + "enumeration") is not None:
                # a list of enumerated names: a Flag enum, as xsd.exe makes a [Flags] enum
                values = [e.get("value") for e in inner_r.findall(_XS + "enumeration")]
                flags = self.enum(name, doc.tns, values, st, doc)
                if flags.enum is not None:
                    flags.enum.flags = True
                return flags
            if lst.get("itemType"):
                item = self.simple(self.qname(lst, lst.get("itemType")), lst, doc)
            else:
                item = self.simple_body(lst.find(_XS + "simpleType"), doc, name + "Item")
            return _Simple(item.annotation, item.data_type, False, None, True, item.enum)
        return _BUILTINS["string"]  # a union: its lexical space is at least a string

    def enum(self, name: str, ns: str, values: list[str], el: Any, doc: _Doc) -> _Simple:
        key = (ns, name)
        found = self.enums.get(key)
        if found is None:
            found = _Enum(_identifier(name, self.names, upper=True), name, ns)
            used: set[str] = set()
            for value in dict.fromkeys(values):
                found.members.append((_identifier(value, used, reserved=False), value))
            self.enums[key] = found
            self.order.append(found)
        return _Simple(found.name, None, True, f"{found.name}.{found.members[0][0]}",
                       enum=found)

    # -- complex types -----------------------------------------------------------------------
    def named_class(self, key: tuple[str, str], el: Any, doc: _Doc) -> _Class:
        if key in self.classes:
            return self.classes[key]
        found = self.index["complexType"].get(key)
        if found is None:
            raise SchemaError(f"{doc.path}:{el.sourceline}: the complexType "
                              f"{{{key[0]}}}{key[1]} is not declared in the schemas read")
        cls = _Class(_identifier(key[1], self.names, upper=True), key[1], key[0])
        self.classes[key] = cls
        self.build(cls, found[0], found[1])
        return cls

    def anonymous_class(self, ct: Any, doc: _Doc, name: str, ns: str) -> _Class:
        # Keyed by id() of the lxml proxy, which lxml keeps (and reuses) only while a
        # reference to it lives: the proxy is kept beside the class, so no later proxy of
        # another complexType can take its id.
        found = self.anonymous.get(id(ct))
        if found is not None:
            return found
        cls = _Class(_identifier(name, self.names, upper=True), name, ns, anonymous=True)
        self.anonymous[id(ct)] = cls
        self.anonymous_elements.append(ct)
        self.build(cls, ct, doc)
        return cls

    def build(self, cls: _Class, ct: Any, doc: _Doc) -> None:
        used: set[str] = set()
        # Mixed content is kept by an xs:any of the type (or of a base), which becomes the
        # [XmlText, XmlAnyElement] member, as xsd.exe makes it an XmlNode[].
        mixed_at = ct if ct.get("mixed") == "true" else None
        cls.mixed = mixed_at is not None
        keep = ct.find(f"{_XS}annotation/{_XS}appinfo/keepNamespaceDeclarations")
        if keep is not None and (keep.text or "").strip():
            # xsd.exe's note of an XmlNamespaceDeclarations member (schema export writes it)
            cls.fields.append(_Field(
                _identifier(keep.text.strip(), used),
                "Annotated[XmlSerializerNamespaces | None, XmlNamespaceDeclarations]", "None"))
        for child in ct:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local in ("simpleContent", "complexContent"):
                if child.get("mixed") == "true":
                    mixed_at = child if mixed_at is None else mixed_at
                    cls.mixed = True
                self.derive(cls, child, doc, used, simple=local == "simpleContent")
            else:
                self.content(cls, child, doc, used)
        if mixed_at is not None and not cls.mixed_member:
            self.warn(self.at(mixed_at, doc), f"{cls.xml_name}: mixed content: the text "
                      "between elements is not kept (only a type with an xs:any keeps it)")
        self.order.append(cls)
        cls.done = True

    def derive(self, cls: _Class, content: Any, doc: _Doc, used: set[str],
               simple: bool) -> None:
        step = next((c for c in content if isinstance(c.tag, str)), None)
        if step is None:
            return
        base_key = self.qname(step, step.get("base", "xs:anyType"))
        if base_key[0] == XSD_NS and base_key[1] == "anyType":
            pass
        elif base_key in self.index["complexType"]:
            base = self.named_class(base_key, step, doc)
            cls.base = base.name
            cls.mixed_member = base.mixed_member
            base.derived.append(cls.name)
            used.update(self.member_names(base))
        elif simple:
            value = self.simple(base_key, step, doc)
            self.text_field(cls, value, used)
        else:
            raise SchemaError(f"{doc.path}:{step.sourceline}: the base type "
                              f"{{{base_key[0]}}}{base_key[1]} is not declared")
        if etree.QName(step).localname == "restriction" and cls.base is not None:
            # The base's members with narrower values (or fewer occurrences): an empty
            # subclass, as xsd.exe makes it; restating the particles would declare the
            # base's elements a second time.
            return
        for child in step:
            if isinstance(child.tag, str) and etree.QName(child).localname != "simpleType":
                self.content(cls, child, doc, used)

    def member_names(self, cls: _Class) -> set[str]:
        names = {f.name for f in cls.fields}
        if cls.base is not None:
            base = next(c for c in self.classes.values() if c.name == cls.base)
            names |= self.member_names(base)
        return names

    def text_field(self, cls: _Class, value: _Simple, used: set[str]) -> None:
        marker = f"XmlText({_kw(data_type=value.data_type)})"
        name = _identifier("Value", used)
        if value.is_list:
            cls.fields.append(_Field(name, f"Annotated[list[{value.annotation}], {marker}]",
                                     self.factory("list")))
        elif value.value_type and value.default is not None:
            cls.fields.append(_Field(name, f"Annotated[{value.annotation}, {marker}]",
                                     value.default))
        else:
            cls.fields.append(_Field(name, f"Annotated[{value.annotation} | None, {marker}]",
                                     "None"))

    def content(self, cls: _Class, el: Any, doc: _Doc, used: set[str]) -> None:
        local = etree.QName(el).localname
        if local in ("sequence", "choice", "all", "group"):
            self.particle(cls, el, doc, used, 1, 1)
        elif local == "attribute":
            self.attribute(cls, el, doc, used)
        elif local == "attributeGroup":
            group, gdoc = self.lookup("attributeGroup", el, doc, "ref")
            for child in group:
                if isinstance(child.tag, str):
                    self.content(cls, child, gdoc, used)
        elif local == "anyAttribute":
            cls.fields.append(_Field(_identifier("AnyAttr", used),
                                     "Annotated[dict[str, str], XmlAnyAttribute()]",
                                     self.factory("dict")))
        elif local in ("annotation", "assert", "openContent"):
            return
        else:
            self.warn(self.at(el, doc), f"{cls.xml_name}: xs:{local} is not mapped")

    def particle(self, cls: _Class, el: Any, doc: _Doc, used: set[str], min_: int,
                 max_: int) -> None:
        local = etree.QName(el).localname
        lo = _occurs(el, "minOccurs") * min_
        hi = _max(el)
        hi = min(UNBOUNDED, hi * max_)
        if local == "group":
            group, gdoc = self.lookup("group", el, doc, "ref")
            for child in group:
                if isinstance(child.tag, str) and etree.QName(child).localname in (
                        "sequence", "choice", "all"):
                    self.particle(cls, child, gdoc, used, lo, hi)
            return
        if local == "element":
            self.element(cls, el, doc, used, lo, hi)
            return
        if local == "any":
            self.wildcard(cls, el, doc, used, lo, hi)
            return
        children = [c for c in el if isinstance(c.tag, str)
                    and etree.QName(c).localname != "annotation"]
        if local in ("sequence", "all"):
            if hi > 1 and len(children) > 1:
                self.warn(self.at(el, doc), f"{cls.xml_name}: a repeating xs:{local}: each "
                          "element becomes its own list, so their interleaving is not kept")
            for child in children:
                self.particle(cls, child, doc, used, lo, hi)
            return
        if local == "choice":
            elements = [c for c in children if etree.QName(c).localname == "element"]
            if len(elements) != len(children) or len(elements) < 2:
                for child in children:  # a choice of groups: every branch optional
                    self.particle(cls, child, doc, used, 0, hi)
                return
            self.choice(cls, el, elements, doc, used, hi)

    def element_decl(self, cls: _Class, el: Any, doc: _Doc) -> tuple[str, str, Any, Any, _Doc]:
        """(xml name, namespace, the declaration, its type (key or inline), its document)."""
        if el.get("ref"):
            decl, ddoc = self.lookup("element", el, doc, "ref")
            if decl.get("substitutionGroup") is None and decl.get("abstract") == "true":
                self.warn(self.at(el, doc), f"{cls.xml_name}: abstract element "
                          f"{decl.get('name')}: its substitution group is not mapped")
            return decl.get("name"), ddoc.tns, decl, decl, ddoc
        form = el.get("form")
        qualified = form == "qualified" if form else doc.qualified_elements
        return el.get("name"), doc.tns if qualified else "", el, el, doc

    def element_type(self, cls: _Class, name: str, ns: str, decl: Any, ddoc: _Doc
                     ) -> tuple[str, _Simple | None]:
        """The Python annotation of an element's content, and its simple type if simple."""
        if decl.get("type"):
            key = self.qname(decl, decl.get("type"))
            if key == (XSD_NS, "anyType"):
                return "object", None
            if key in self.index["complexType"]:
                return self.named_class(key, decl, ddoc).name, None
            value = self.simple(key, decl, ddoc)
            return value.annotation, value
        inline = decl.find(_XS + "complexType")
        if inline is not None:
            owner = "" if decl.getparent().tag == _XS + "schema" else cls.name
            return self.anonymous_class(inline, ddoc, owner + name[:1].upper() + name[1:],
                                        ns).name, None
        inline = decl.find(_XS + "simpleType")
        if inline is not None:
            value = self.simple_body(inline, ddoc, cls.name + name[:1].upper() + name[1:])
            return value.annotation, value
        return "object", None

    def element(self, cls: _Class, el: Any, doc: _Doc, used: set[str], lo: int,
                hi: int) -> None:
        name, ns, decl, _, ddoc = self.element_decl(cls, el, doc)
        at = cls.particles_at.get((name, ns))
        if self.repeated(cls, (name, ns), hi, used):
            return
        if at is not None:  # the list takes the place of the single member it replaces
            self.element_member(cls, el, doc, used, lo, hi, name, ns, decl, ddoc)
            cls.fields.insert(at, cls.fields.pop())
            for key, index in cls.particles_at.items():
                if index >= at:
                    cls.particles_at[key] = index + 1
            cls.particles_at[(name, ns)] = at
            return
        self.element_member(cls, el, doc, used, lo, hi, name, ns, decl, ddoc)

    def element_member(self, cls: _Class, el: Any, doc: _Doc, used: set[str], lo: int,
                       hi: int, name: str, ns: str, decl: Any, ddoc: _Doc) -> None:
        if hi == 1 and self.array_member(cls, used, name, ns, decl, ddoc):
            return
        annotation, value = self.element_type(cls, name, ns, decl, ddoc)
        args = [repr(name)]
        args += self.namespace_args(cls, ns)
        if value is not None and value.data_type:
            args.append(f"data_type={value.data_type!r}")
        nillable = decl.get("nillable") == "true"
        default = decl.get("default")
        py = _identifier(name, used)
        if value is not None and value.is_list:
            self.warn(self.at(el, doc), f"{cls.xml_name}.{name}: an element of a list type "
                      "is mapped to str (as xsd.exe maps it)")
            annotation, value = "str", _BUILTINS["string"]
        if hi > 1:
            marker = f"XmlElement({', '.join(args + (['is_nullable=True'] if nillable else []))})"
            item = f"{annotation} | None" if nillable else annotation
            cls.fields.append(_Field(py, f"Annotated[list[{item}], {marker}]",
                                     self.factory("list")))
            return
        extra: list[str] = []
        if default is not None and value is not None:
            literal = _literal(value, default)
            if literal is not None:
                marker = f"XmlElement({', '.join(args)})"
                cls.fields.append(_Field(py, f"Annotated[{annotation}, {marker}, "
                                             f"DefaultValue({literal})]", literal))
                return
        is_value = value is not None and value.value_type
        if nillable:
            extra.append("is_nullable=True")
        elif is_value and (lo == 0 or value is None or value.default is None):
            extra.append("is_nullable=False")
        marker = f"XmlElement({', '.join(args + extra)})"
        if value is not None and lo > 0 and not nillable and value.default is not None:
            cls.fields.append(_Field(py, f"Annotated[{annotation}, {marker}]", value.default))
        else:
            cls.fields.append(_Field(py, f"Annotated[{annotation} | None, {marker}]", "None"))

    # -- arrays ------------------------------------------------------------------------------
    def array_items(self, ct: Any, doc: _Doc) -> list[Any] | None:
        """The item element declarations of a complex type xsd.exe reads as an array (its
        only content a sequence of one repeated element, or a repeated choice of single
        elements: ArrayOfItem, a wrapper list), or None. A mixed or abstract type, or one
        with attributes, stays a class (and, unlike xsd.exe, a base type: see
        :meth:`array_type`)."""
        if ct.get("mixed") == "true" or ct.get("abstract") == "true" or ct.find(
                f"{_XS}annotation/{_XS}appinfo/keepNamespaceDeclarations") is not None:
            return None
        children = [c for c in ct if isinstance(c.tag, str) and c.tag != _XS + "annotation"]
        if len(children) != 1 or children[0].tag not in (_XS + "sequence", _XS + "choice"):
            return None
        particle = children[0]
        if particle.tag == _XS + "sequence":
            # a sequence holding a repeated choice stays a class, as in Mono's xsd.exe
            inner = [c for c in particle
                     if isinstance(c.tag, str) and c.tag != _XS + "annotation"]
            if _max(particle) != 1 or len(inner) != 1 or inner[0].tag != _XS + "element":
                return None
            return inner if _max(inner[0]) > 1 else None
        if _max(particle) <= 1:
            return None
        items = [c for c in particle
                 if isinstance(c.tag, str) and c.tag != _XS + "annotation"]
        if not items or any(c.tag != _XS + "element" or _max(c) != 1 for c in items):
            return None
        return items

    def array_type(self, decl: Any, ddoc: _Doc) -> tuple[Any, _Doc, tuple[str, str] | None
                                                         ] | None:
        """The complex type of an element, when it is one xsd.exe may read as an array. A
        type others derive from stays a class (Mono's xsd.exe makes it an array too, and
        loses an ``xsi:type`` derived value there)."""
        if decl.get("type"):
            key = self.qname(decl, decl.get("type"))
            found = self.index["complexType"].get(key)
            if found is None or key in self.bases:
                return None
            return found[0], found[1], key
        inline = decl.find(_XS + "complexType")
        return (inline, ddoc, None) if inline is not None else None

    def array_shape(self, owner: _Class, decl: Any, ddoc: _Doc, level: int,
                    chain: tuple[Any, ...] = ()
                    ) -> tuple[str, list[str], list[tuple[str, str]]] | None:
        """(the item annotation, the XmlArrayItem markers, the named array types used) of
        the array element ``decl``, or None when it is not one xsd.exe reads as an array
        (items of one type told apart by name need a choice identifier, which an array has
        not) or when its items are of a list type."""
        found = self.array_type(decl, ddoc)
        if found is None or decl.get("default") is not None:
            return None
        ct, cdoc, key = found
        items = self.array_items(ct, cdoc)
        if items is None or ct in chain:  # an array of itself is a class
            return None
        # An anonymous item type is named after the array type (ItemsItem), or when that
        # is anonymous too after the member's class (RootEntry), as xsd.exe names them.
        holder_name = key[1] if key else owner.name
        holder = _Class(holder_name, holder_name, owner.ns)
        arrays = [key] if key else []
        shapes = []
        for item in items:
            # An item's default or fixed value is not kept (XmlArrayItem has none), as
            # xsd.exe drops it.
            iname, ins, idecl, _, idoc = self.element_decl(holder, item, cdoc)
            nested = self.array_shape(holder, idecl, idoc, level + 1, (*chain, ct))
            value: _Simple | None = None
            inner: list[str] = []
            inner_arrays: list[tuple[str, str]] = []
            if nested is not None:  # a jagged array: its items' markers one level down
                annotation = f"list[{nested[0]}]"
                inner, inner_arrays = nested[1], nested[2]
            else:
                annotation, value = self.element_type(holder, iname, ins, idecl, idoc)
                if value is not None and value.is_list:
                    return None
            shapes.append((iname, ins, annotation, value, idecl.get("nillable") == "true",
                           inner, inner_arrays))
        annotations = [s[2] for s in shapes]
        if len(set(annotations)) != len(annotations):
            return None
        markers: list[str] = []
        for iname, ins, annotation, value, nillable, inner, inner_arrays in shapes:
            args = [repr(iname)]
            if len(shapes) > 1:
                args.append(f"type={_runtime(annotation)}")
            args += self.namespace_args(owner, ins)
            if value is not None and value.data_type:
                args.append(f"data_type={value.data_type!r}")
            is_value = value is not None and value.value_type
            if nillable:
                args.append("is_nullable=True")
            elif not is_value:
                args.append("is_nullable=False")
            if level:
                args.append(f"nesting_level={level}")
            markers.append(f"XmlArrayItem({', '.join(args)})")
            markers += inner
            arrays += inner_arrays
        union = " | ".join(annotations)
        if any(s[4] for s in shapes):
            union += " | None"
        return union, markers, arrays

    def array_member(self, cls: _Class, used: set[str], name: str, ns: str, decl: Any,
                     ddoc: _Doc) -> bool:
        """Make the element a ``list[T] | None`` with XmlArray/XmlArrayItem when its type is
        an array type, as xsd.exe makes it a ``T[]`` (None: no element; []: an empty one)."""
        shape = self.array_shape(cls, decl, ddoc, 0)
        if shape is None:
            return False
        item, markers, arrays = shape
        self.arrays_used.update(arrays)
        args = [repr(name), *self.namespace_args(cls, ns)]
        if decl.get("nillable") == "true":
            args.append("is_nullable=True")
        # Array: an absent element reads as None, as xsd.exe's T[] does (a list reads as []).
        joined = ", ".join(["Array", f"XmlArray({', '.join(args)})", *markers])
        cls.fields.append(_Field(_identifier(name, used),
                                 f"Annotated[list[{item}] | None, {joined}]", "None"))
        return True

    def repeated(self, cls: _Class, key: tuple[str, str], hi: int, used: set[str]) -> bool:
        """True when the class has a member for this particle already: a choice whose
        branches restate an element (xmldsig's PGPData) keeps one member for it, which reads
        and writes the element whichever branch it came from. A single member met again as
        a repeated one is dropped and made again as a list."""
        was_list = cls.particles.get(key)
        if was_list is None or (hi > 1 and not was_list):
            if was_list is not None:  # drop the single member: the list replaces it
                index = cls.particles_at.pop(key)
                used.discard(cls.fields.pop(index).name)
                for other, at in cls.particles_at.items():
                    if at > index:
                        cls.particles_at[other] = at - 1
            cls.particles[key] = hi > 1
            cls.particles_at[key] = len(cls.fields)
            return False
        return True

    def namespace_args(self, cls: _Class, ns: str) -> list[str]:
        if ns == cls.ns:
            return []
        if ns == "":
            return ["form=XmlSchemaForm.UNQUALIFIED"]
        return [f"namespace={ns!r}"]

    def choice(self, cls: _Class, el: Any, elements: list[Any], doc: _Doc, used: set[str],
               hi: int) -> None:
        decls = []
        for e in elements:
            name, ns, decl, _, ddoc = self.element_decl(cls, e, doc)
            annotation, value = self.element_type(cls, name, ns, decl, ddoc)
            decls.append((name, ns, annotation, value))
        # The same choice restated in another branch (SAML's AuthnContext): one member.
        key = ("|choice", " ".join(sorted(f"{{{d[1]}}}{d[0]}" for d in decls)))
        if key in cls.particles:
            return
        cls.particles[key] = hi > 1
        annotations = [d[2] for d in decls]
        distinct = len(set(annotations)) == len(annotations) and "object" not in annotations
        markers = []
        for (name, ns, annotation, value), e in zip(decls, elements, strict=True):
            args = [repr(name), f"type={_runtime(annotation)}", *self.namespace_args(cls, ns)]
            if e.get("nillable") == "true":
                args.append("is_nullable=True")
            if value is not None and value.data_type:
                args.append(f"data_type={value.data_type!r}")
            markers.append(f"XmlElement({', '.join(args)})")
        union = " | ".join(dict.fromkeys(annotations))
        many = hi > 1
        member = _identifier("Items" if many else "Item", used)
        if not distinct:
            enum = _Enum(_identifier(f"{cls.name}{member[:1].upper()}{member[1:]}ChoiceType",
                                     self.names), "", cls.ns)
            enum_used: set[str] = set()
            for name, ns, _, _ in decls:
                xml = name if ns == cls.ns else f"{ns}:{name}"
                enum.members.append((_identifier(name, enum_used, reserved=False), xml))
            self.order.append(enum)
            ident = _identifier(f"{member}ElementName", used)
            markers.append(f"XmlChoiceIdentifier({ident!r})")
            if many:
                cls.fields.append(_Field(ident, f"Annotated[list[{enum.name}], XmlIgnore]",
                                         self.factory("list")))
            else:
                cls.fields.append(_Field(ident, f"Annotated[{enum.name}, XmlIgnore]",
                                         f"{enum.name}.{enum.members[0][0]}"))
            self.enums[("", enum.name)] = enum
        joined = ", ".join(markers)
        if many:
            cls.fields.append(_Field(member, f"Annotated[list[{union}], {joined}]",
                                     self.factory("list")))
        else:
            cls.fields.append(_Field(member, f"Annotated[{union} | None, {joined}]", "None"))
        if not distinct:  # the identifier member must follow its choice in the class
            cls.fields.append(cls.fields.pop(-2))

    def wildcard(self, cls: _Class, el: Any, doc: _Doc, used: set[str], lo: int,
                 hi: int) -> None:
        ns = el.get("namespace", "##any")
        arg = ""
        if ns == "##targetNamespace":
            arg = f"namespace={doc.tns!r}"
        elif ns == "##local":
            arg = 'namespace=""'
        elif not ns.startswith("##") and " " not in ns.strip():
            arg = f"namespace={ns.strip()!r}"
        if self.repeated(cls, ("*", arg), hi, used):
            return
        name = _identifier("Any", used)
        if cls.mixed and not cls.mixed_member and hi > 1:
            cls.mixed_member = True
            cls.fields.append(_Field(name, f"Annotated[list[str | etree._Element], XmlText(), "
                                           f"XmlAnyElement({arg})]", self.factory("list")))
        elif hi > 1:
            cls.fields.append(_Field(name, f"Annotated[list[etree._Element], "
                                           f"XmlAnyElement({arg})]", self.factory("list")))
        else:
            cls.fields.append(_Field(name, f"Annotated[etree._Element | None, "
                                           f"XmlAnyElement({arg})]", "None"))

    def attribute(self, cls: _Class, el: Any, doc: _Doc, used: set[str]) -> None:
        if el.get("use") == "prohibited":
            return
        if el.get("ref"):
            ref_ns, ref_name = self.qname(el, el.get("ref"))
            if ref_ns == XML_NS:
                decl, ddoc, name, ns = el, doc, ref_name, XML_NS
                value: _Simple = _BUILTINS["string"]
            else:
                decl, ddoc = self.lookup("attribute", el, doc, "ref")
                name, ns = decl.get("name"), ddoc.tns
                value = self.attribute_type(cls, decl, ddoc, name)
        else:
            form = el.get("form")
            qualified = form == "qualified" if form else doc.qualified_attributes
            decl, ddoc, name = el, doc, el.get("name")
            ns = doc.tns if qualified else ""
            value = self.attribute_type(cls, decl, ddoc, name)
        args = [repr(name)]
        if ns and ns == cls.ns:
            args.append("form=XmlSchemaForm.QUALIFIED")
        elif ns:
            args.append(f"namespace={ns!r}")
        if value.data_type:
            args.append(f"data_type={value.data_type!r}")
        marker = f"XmlAttribute({', '.join(args)})"
        py = _identifier(name, used)
        default = el.get("default", decl.get("default"))
        fixed = el.get("fixed", decl.get("fixed"))
        if value.is_list:
            cls.fields.append(_Field(py, f"Annotated[list[{value.annotation}] | None, "
                                         f"{marker}]", "None"))
            return
        if default is not None:
            literal = _literal(value, default)
            if literal is not None:
                cls.fields.append(_Field(py, f"Annotated[{value.annotation}, {marker}, "
                                             f"DefaultValue({literal})]", literal))
                return
        if fixed is not None and _literal(value, fixed) is not None:
            cls.fields.append(_Field(py, f"Annotated[{value.annotation} | None, {marker}]",
                                     str(_literal(value, fixed))))
            return
        if el.get("use") == "required" and value.default is not None:
            cls.fields.append(_Field(py, f"Annotated[{value.annotation}, {marker}]",
                                     value.default))
        else:
            cls.fields.append(_Field(py, f"Annotated[{value.annotation} | None, {marker}]",
                                     "None"))

    def attribute_type(self, cls: _Class, decl: Any, doc: _Doc, name: str) -> _Simple:
        if decl.get("type"):
            return self.simple(self.qname(decl, decl.get("type")), decl, doc)
        inline = decl.find(_XS + "simpleType")
        if inline is not None:
            return self.simple_body(inline, doc, cls.name + name[:1].upper() + name[1:])
        return _BUILTINS["string"]

    def factory(self, kind: str) -> str:
        if self.style == "attrs":
            return f"attrs.field(factory={kind})"
        return f"field(default_factory={kind})"

    # -- output ------------------------------------------------------------------------------
    def generate(self) -> str:
        """The module's source."""
        if not self.docs:
            raise SchemaError("no schema was given")
        for doc in self.docs:
            for step in doc.root.iter(_XS + "extension", _XS + "restriction"):
                if step.get("base") and step.getparent().tag in (
                        _XS + "complexContent", _XS + "simpleContent"):
                    self.bases.add(self.qname(step, step.get("base")))
        deferred: list[tuple[tuple[str, str], Any, _Doc]] = []
        for doc in self.docs:
            for el in doc.root.findall(_XS + "element"):
                self.global_element(el, doc)
            for kind in ("complexType", "simpleType"):
                for el in doc.root.findall(_XS + kind):
                    key = (doc.tns, el.get("name"))
                    if kind == "simpleType":
                        self.simple(key, el, doc)
                    elif key not in self.bases and self.array_items(el, doc) is not None:
                        deferred.append((key, el, doc))  # a class only if used as one
                    else:
                        self.named_class(key, el, doc)
        for key, el, doc in deferred:
            if key not in self.arrays_used:
                self.named_class(key, el, doc)
        return self.render()

    def global_element(self, el: Any, doc: _Doc) -> None:
        name = el.get("name")
        if el.get("substitutionGroup"):
            self.warn(self.at(el, doc), f"element {name} is in the substitution group of "
                      f"{el.get('substitutionGroup')}: members of substitution groups are "
                      "not mapped in their head's place")
        holder = _Class("", "", doc.tns)
        annotation, _ = self.element_type(holder, name, doc.tns, el, doc)
        cls = next((c for c in [*self.classes.values(), *self.anonymous.values()]
                    if c.name == annotation), None)
        nillable = el.get("nillable") == "true"
        if cls is not None and cls.root is None:
            cls.root = (name, doc.tns, nillable)
        self.roots.append((name, doc.tns, _runtime(annotation), nillable))

    def settle_members(self) -> None:
        """Rename a member named after a class or enum of the module (``Address:
        Address``) when a later member of the class body names that class: mypy (and the
        default's evaluation) would read the member there, not the type. Bases first, so a
        derived member never takes a base's new name."""
        module_names = _RESERVED | {item.name for item in self.order}
        by_name = {c.name: c for c in [*self.classes.values(), *self.anonymous.values()]}
        done: dict[str, set[str]] = {}

        def settle(cls: _Class) -> set[str]:
            if cls.name in done:
                return done[cls.name]
            taken = set(settle(by_name[cls.base])) if cls.base is not None else set()
            inherited = set(taken)
            taken.update(f.name for f in cls.fields)
            renames: dict[str, str] = {}
            for i, f in enumerate(cls.fields):
                later = {name for g in cls.fields[i + 1:] for name in _names_in(
                    f"{g.annotation} {g.default}")}
                if (f.name in module_names and f.name not in _MEMBER_ALLOWED and (
                        f.name in _RESERVED or f.name in later)) or f.name in inherited:
                    new, n = f.name + "_", 1
                    while new in taken or new in module_names:
                        new, n = f"{f.name}_{n}", n + 1
                    taken.add(new)
                    renames[f.name] = f.name = new
            for f in cls.fields:
                for old, new in renames.items():
                    f.annotation = f.annotation.replace(f"XmlChoiceIdentifier({old!r})",
                                                        f"XmlChoiceIdentifier({new!r})")
            done[cls.name] = taken
            return taken

        for cls in by_name.values():
            settle(cls)

    def render(self) -> str:
        self.settle_members()
        out: list[str] = ['"""Classes generated by serialkit from '
                          + ", ".join(os.path.basename(d.path) for d in self.docs[:1])
                          + (" (and the schemas it includes and imports)" if len(self.docs) > 1
                             else "")
                          + '."""', ""]
        for warning in self.warnings:
            out.insert(1, f"# serialkit: {warning}")
        out += ["from __future__ import annotations", "", "import datetime", "import enum",
                "import uuid"]
        if self.style == "dataclasses":
            out += ["from dataclasses import dataclass, field"]
        out += ["from decimal import Decimal", "from typing import Annotated, Any", ""]
        if self.style == "attrs":
            out += ["import attrs"]
        out += ["from lxml import etree  # type: ignore[import-untyped, unused-ignore]", "",
                "from serialkit.attributes.markers import (",
                "    Array, Char, Int8, Int16, Int64, Single, UInt8, UInt16, UInt32, UInt64)",
                "from serialkit.xml import (",
                "    DefaultValue, XmlAnyAttribute, XmlAnyElement, XmlArray, XmlArrayItem, "
                "XmlAttribute,",
                "    XmlChoiceIdentifier, XmlElement, XmlIgnore, XmlNamespaceDeclarations, "
                "XmlRoot,",
                "    XmlSchemaForm, XmlSerializerNamespaces, XmlText, xml_enum, xml_include, "
                "xml_root, xml_type)", "",
                "__all__ = ["]
        names = [item.name for item in self.order]
        out += [f"    {n!r}," for n in names] + ["    'ROOT_ELEMENTS',", "]", ""]
        emitted: set[str] = set()
        by_name = {c.name: c for c in [*self.classes.values(), *self.anonymous.values()]}
        for item in self.order:
            if isinstance(item, _Enum):
                out += self.render_enum(item)
            else:
                self.render_class(item, by_name, emitted, out)
        for cls in by_name.values():
            if cls.derived:
                out += ["", f"xml_include({', '.join(cls.derived)})({cls.name})"]
        out += ["", "", "#: Every global element: its Clark name -> (its Python type, XmlRoot).",
                "ROOT_ELEMENTS: dict[str, tuple[Any, XmlRoot]] = {"]
        for name, ns, runtime, nillable in self.roots:
            root = f"XmlRoot({_root_args(name, ns, nillable)})"
            out.append(f"    {'{' + ns + '}' + name if ns else name!r}: ({runtime}, {root}),")
        out.append("}")
        text = "\n".join(out) + "\n"
        return text.replace("'{", "'{").replace("# noqa", "# noqa")

    def render_enum(self, item: _Enum) -> list[str]:
        out = ["", ""]
        for py, xml in item.members:
            if py != xml:
                out.append(f"@xml_enum({py!r}, {xml!r})")
        if item.xml_name:
            args = [repr(item.xml_name)] + ([f"namespace={item.ns!r}"] if item.ns else [])
            if item.xml_name != item.name or item.ns:
                out.append(f"@xml_type({', '.join(args)})")
        else:
            out.append("@xml_type(include_in_schema=False)")
        out.append(f"class {item.name}(enum.{'Flag' if item.flags else 'Enum'}):")
        for i, (py, _) in enumerate(item.members):
            out.append(f"    {py} = {1 << i if item.flags else i}")
        return out

    def render_class(self, cls: _Class, by_name: dict[str, _Class], emitted: set[str],
                     out: list[str]) -> None:
        if cls.name in emitted:
            return
        if cls.base is not None and cls.base not in emitted:
            self.render_class(by_name[cls.base], by_name, emitted, out)
        emitted.add(cls.name)
        out += ["", ""]
        if cls.root is not None:
            out.append(f"@xml_root({_root_args(*cls.root)})")
        type_args = [repr(cls.xml_name)]
        if cls.ns:
            type_args.append(f"namespace={cls.ns!r}")
        if cls.anonymous:
            type_args.append("anonymous_type=True")
        if cls.xml_name != cls.name or cls.ns or cls.anonymous:
            out.append(f"@xml_type({', '.join(type_args)})")
        out.append("@attrs.define" if self.style == "attrs" else "@dataclass")
        out.append(f"class {cls.name}{f'({cls.base})' if cls.base else ''}:")
        if not cls.fields:
            out.append("    pass")
        for f in cls.fields:
            out += _member_lines(f)
        by_name.setdefault(cls.name, cls)


#: Generated lines are kept within this width where the annotation can be split.
_WIDTH = 99


def _member_lines(f: _Field) -> list[str]:
    """A member's declaration; a long ``Annotated[...]`` goes on as many lines as it needs,
    its arguments aligned after ``Annotated[``."""
    line = f"    {f.name}: {f.annotation} = {f.default}"
    if len(line) <= _WIDTH or not (f.annotation.startswith("Annotated[")
                                  and f.annotation.endswith("]")):
        return [line]
    args = _split_args(f.annotation[len("Annotated["):-1])
    prefix = f"    {f.name}: Annotated["
    pieces = [a + "," for a in args[:-1]] + [f"{args[-1]}] = {f.default}"]
    lines = [prefix + pieces[0]]
    for piece in pieces[1:]:
        if len(lines[-1]) + 1 + len(piece) <= _WIDTH:
            lines[-1] += " " + piece
        else:
            lines.append(" " * len(prefix) + piece)
    return lines


def _split_args(text: str) -> list[str]:
    """The comma-separated arguments of an annotation, brackets and string literals kept
    whole."""
    args, depth, quote, escaped, start = [], 0, "", False, 0
    for i, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
    args.append(text[start:].strip())
    return args


def _names_in(code: str) -> set[str]:
    """The identifiers a generated annotation or default uses (its string literals left
    out: an XML name there is not a reference)."""
    return set(re.findall(r"[A-Za-z_]\w*", re.sub(r"'[^']*'|\"[^\"]*\"", "", code)))


def _root_args(name: str, ns: str, nillable: bool) -> str:
    """XmlRoot's arguments for a global element: one that is not nillable is not nullable
    (None is written as an empty element), as xsd.exe writes IsNullable=false."""
    return repr(name) + (f", namespace={ns!r}" if ns else "") + (
        "" if nillable else ", is_nullable=False")


def _occurs(el: Any, name: str) -> int:
    """An occurrence attribute's value (1 when absent), refused with its location when it
    is not a non-negative integer (or ``unbounded``, for maxOccurs)."""
    text = el.get(name, "1").strip()
    if name == "maxOccurs" and text == "unbounded":
        return UNBOUNDED
    if not text.isascii() or not text.isdigit():
        raise SchemaError(f"{el.base}:{el.sourceline}: {name}={text!r} is not a "
                          "non-negative integer" + (" or 'unbounded'"
                                                    if name == "maxOccurs" else ""))
    # a count past 2**30 repeats as unbounded does (and int() refuses 4300+ digits)
    return UNBOUNDED if len(text) > 9 else min(UNBOUNDED, int(text))


def _max(el: Any) -> int:
    return _occurs(el, "maxOccurs")


def _kw(**kwargs: Any) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if v is not None)


def _runtime(annotation: str) -> str:
    """The runtime type of an annotation written in the module (``type=`` of XmlElement)."""
    match = re.fullmatch(r"Annotated\[(\w+), (\w+)\]", annotation)
    if match:
        return f"Annotated[{match.group(1)}, {match.group(2)}]"
    return annotation


def _literal(value: _Simple, text: str) -> str | None:
    """The Python literal of a schema default, or None when it has none we can write."""
    text = text.strip() if value.annotation != "str" else text
    if value.enum is not None:
        for py, xml in value.enum.members:
            if xml == text:
                return f"{value.enum.name}.{py}"
        return None
    base = value.annotation
    if base == "bool":
        return "True" if text in ("true", "1") else "False"
    if "int" in base:
        return str(int(text))
    if "float" in base:
        return repr(float(text))
    if base == "Decimal":
        return f"Decimal({text!r})"
    if base == "str":
        return repr(text)
    return None
