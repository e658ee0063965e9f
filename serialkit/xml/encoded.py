"""SOAP-encoded writing and reading (.NET's XmlSerializer over a SoapReflectionImporter mapping).

Writing follows XmlSerializationWriter's encoded paths: the root element carries ``id`` (and
``xsi:type`` when the object is a derived class), every simple value carries ``xsi:type``,
member elements are unqualified, and every class instance or collection is written once, as a
top-level "multiref" after the root (``id="idN"``), and referenced with ``href="#idN"``;
collections are ``SOAP-ENC:Array`` elements with ``SOAP-ENC:arrayType`` and ``<Item>``
children. Reading resolves ``href``s to the same objects (identity and cycles survive), walks
the multirefs iteratively, and calls ``unreferenced_object`` for multirefs nothing refers to.
"""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import attrs

from serialkit.xml import xsd
from serialkit.xml.errors import XmlFormatError
from serialkit.xml.mapping import (
    ArrayMapping,
    ElementAccessor,
    EnumMapping,
    ObjectMapping,
    StructMapping,
    XmlMapping,
)
from serialkit.xml.namespaces import XSD_NS, XSI_NS, XmlSerializerNamespaces
from serialkit.xml.parser import DEFAULT_MAX_DEPTH
from serialkit.xml.reader import Events, _create, _Reader, _record_alias, _set, _split
from serialkit.xml.soap_mapping import SOAP_ENC_NS, XmlMembersMapping, XmlTypeMapping
from serialkit.xml.writer import TextWriter, _typed_primitive, _Writer

__all__ = ["SOAP_ENC_NS", "SOAP_ENV_NS", "UnreferencedObjectEventArgs", "read_encoded",
           "write_encoded"]

SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"


@attrs.frozen
class UnreferencedObjectEventArgs:
    """``unreferenced_object``: a multiref (``id``) that no ``href`` refers to, as read."""

    unreferenced_id: str
    unreferenced_object: Any


def _is_collection_value(value: Any) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


class _EncodedWriter(_Writer):
    """XmlSerializationWriter in encoded mode: multirefs, ``xsi:type`` everywhere."""

    def __init__(self, w: TextWriter, mapping: XmlMapping,
                 namespaces: XmlSerializerNamespaces | None,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> None:
        super().__init__(w, mapping, namespaces, max_depth)
        #: The object whose element (or member element) is being written: the one a
        #: max_depth error names.
        self.owner: Any = None
        self.ids: dict[int, str] = {}
        self.keep: list[Any] = []
        self.to_write: list[tuple[Any, ArrayMapping | None]] = []
        #: id of an object -> the class mapping of the member that referenced it first (a
        #: generic class's instance is written as its member's parametrisation).
        self.declared_as: dict[int, StructMapping] = {}

    def get_id(self, obj: Any, add: bool, array: ArrayMapping | None = None) -> str:
        found = self.ids.get(id(obj))
        if found is None:
            found = f"id{len(self.ids) + 1}"
            self.ids[id(obj)] = found
            self.keep.append(obj)
            if add:
                self.to_write.append((obj, array))
        return found

    # -- depth -------------------------------------------------------------------------------
    def check_level(self) -> None:
        """Refuse an element that would start deeper than ``max_depth`` levels. The multirefs
        keep an encoded document shallow (an envelope, a root, its members), so only a small
        max_depth is ever passed; but a document the serializer writes must be one it reads
        back, and its reader refuses elements below max_depth."""
        if len(self.w.frames) > self.max_depth:  # (frames[0]: the document)
            raise self.too_deep(self.owner)

    def start(self, name: str, ns: str, obj: Any = None, write_prefixed: bool = False,
              xmlns: XmlSerializerNamespaces | None = None, levels: int = 2) -> None:
        self.check_level()
        super().start(name, ns, obj, write_prefixed, xmlns)

    def element_string(self, name: str, ns: str, value: str,
                       xsi: tuple[str, str] | None = None) -> None:
        self.check_level()
        super().element_string(name, ns, value, xsi)

    # -- documents --------------------------------------------------------------------------
    def type_document(self, obj: Any) -> None:
        root = self.mapping.root
        m = root.mapping
        self.owner = obj
        if obj is None:
            self.start(root.name, root.namespace)  # WriteEmptyTag: no xsi:nil, no prefix
            self.end()
            return
        if isinstance(m, xsd.PrimitiveMapping):
            self.element_string(root.name, XSD_NS if m.namespace == XSD_NS else m.namespace,
                                self.simple(m, obj), (m.type_name, m.namespace))
        elif isinstance(m, EnumMapping):
            prefix = self.next_prefix() if root.namespace else None
            self.check_level()
            self.w.start_element(prefix, root.name, root.namespace)
            self.xsi_type(m.type_name, m.namespace)
            self.w.string(self.simple(m, obj))
            self.w.end_element()
        elif isinstance(m, ArrayMapping):
            self.array(obj, m, top=True)
        elif isinstance(m, StructMapping):
            self.declare(obj, m)
            self.referenced(root.name, root.namespace, obj, m)
        else:
            raise self.error(f"cannot write a root of type {type(obj).__qualname__}")
        self.referenced_elements()

    def members_document(self, mm: XmlMembersMapping, values: Any) -> None:
        values = list(values)
        if len(values) > len(mm.members):
            raise self.error(f"{len(values)} values for the {len(mm.members)} members of "
                             f"'{mm.element_name}'")
        self.owner = values
        self.start(mm.element_name, mm.namespace, None, True)
        for acc, name, value in zip(mm.members, mm.names, values, strict=False):
            self.path.append(f".{name}")
            self.member_element(acc, value)
            self.path.pop()
        self.end()
        self.referenced_elements()

    def referenced_elements(self) -> None:
        index = 0
        while index < len(self.to_write):
            obj, array = self.to_write[index]
            index += 1
            if _is_collection_value(obj):
                self.array(obj, array)
            else:
                m = self.struct_of(obj)
                self.referenced(m.type_name, m.namespace, obj, None)

    # -- elements ---------------------------------------------------------------------------
    def declare(self, obj: Any, m: Any) -> None:
        """Note the parametrisation a generic class's instance is declared as (the first
        declaration wins): its instance does not carry it."""
        if isinstance(m, StructMapping) and m.alias is not None:
            self.declared_as.setdefault(id(obj), m)

    def struct_of(self, obj: Any) -> StructMapping:
        declared = self.declared_as.get(id(obj))
        if declared is not None and declared.cls is type(obj):
            return declared
        try:
            found = self.mapping.pick([m for m in self.mapping.structs if m.cls is type(obj)],
                                      obj)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        if found is None:
            raise self.error(f"The type {type(obj).__qualname__} was not expected. Use "
                             "SoapInclude or include_type to specify types that are not known "
                             "statically.")
        return found

    def referenced(self, name: str, ns: str, obj: Any, ambient: StructMapping | None) -> None:
        """WriteReferencedElement: the object's own element, with ``id`` (and ``xsi:type``)."""
        m = self.struct_of(obj)
        if ambient is not None and m is not ambient and ambient.find_derived(type(obj)) is None:
            raise self.error(f"The type {type(obj).__qualname__} was not expected. Use "
                             "SoapInclude or include_type to specify types that are not known "
                             "statically.")
        self.owner = obj
        self.start(name, ns, None, True)
        self.attr("id", "", self.get_id(obj, False))
        if ambient is None or m is not ambient:
            self.xsi_type(m.type_name, m.namespace)
        self.path.append(f"<{m.type_name}>")
        for mm in m.all_members():
            if mm.kind == "attribute" and mm.attribute is not None and self.emit(mm, obj):
                v = getattr(obj, mm.name, None)
                if v is not None:
                    self.attr(mm.attribute.name, mm.attribute.namespace,
                              self.simple(mm.attribute.mapping, v))
        for mm in m.all_members():
            if mm.kind != "element" or not self.emit(mm, obj):
                continue
            self.path.append(f".{mm.name}")
            self.member_element(mm.elements[0], getattr(obj, mm.name, None))
            self.path.pop()
        self.path.pop()
        self.end()

    def null_encoded(self, name: str, ns: str) -> None:
        self.start(name, ns, None, True)
        self.attr("nil", XSI_NS, "true")
        self.end()

    def member_element(self, acc: ElementAccessor, value: Any) -> None:
        m = acc.mapping
        if value is None:
            if acc.is_nullable:
                self.null_encoded(acc.name, acc.namespace)
            return
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            self.element_string(acc.name, acc.namespace, self.simple(m, value),
                                (m.type_name, m.namespace))
        elif isinstance(m, StructMapping | ArrayMapping):
            self.declare(value, m)
            self.referencing(acc.name, acc.namespace, value,
                             m if isinstance(m, ArrayMapping) else None)
        else:
            self.potentially_referencing(acc.name, acc.namespace, value)

    def referencing(self, name: str, ns: str, value: Any, array: ArrayMapping | None) -> None:
        """WriteReferencingElement: ``<name href="#idN" />``, the object queued once."""
        if _is_collection_value(value):
            pass
        elif isinstance(value, str | bytes | dict) or not hasattr(value, "__dict__"):
            raise self.error(f"a class instance or a collection was expected, not "
                             f"{type(value).__qualname__}")
        else:
            self.struct_of(value)
        self.start(name, ns, None, True)
        self.attr("href", "", "#" + self.get_id(value, True, array))
        self.end()

    def potentially_referencing(self, name: str, ns: str, value: Any) -> None:
        """An ``object`` member or item: a typed simple value inline, else a reference."""
        found = self.mapping.mapping_of(type(value))
        if isinstance(found, EnumMapping):
            self.start(name, ns, None, True)
            self.xsi_type(found.type_name, found.namespace)
            self.w.string(self.simple(found, value))
            self.end()
            return
        prim = _typed_primitive(value)
        if prim is not None:
            self.element_string(name, ns, self.simple(prim, value),
                                (prim.type_name, prim.namespace))
            return
        if _is_collection_value(value):
            self.referencing(name, ns, value, None)
            return
        self.referencing(name, ns, value, None)

    def array(self, value: Any, m: ArrayMapping | None, top: bool = False) -> None:
        """WriteArray: ``<SOAP-ENC:Array id=... SOAP-ENC:arrayType="xsd:int[2]">``."""
        if not _is_collection_value(value):
            raise self.error(f"a collection was expected, not {type(value).__qualname__}")
        items = list(value)
        item = m.items[0] if m is not None else None
        inner: Any = item.mapping if item is not None else None
        dims = ""
        while isinstance(inner, ArrayMapping):
            dims += "[]"
            inner = inner.items[0].mapping
        if inner is None or isinstance(inner, ObjectMapping):
            type_name, type_ns = "anyType", XSD_NS
        else:
            type_name, type_ns = inner.type_name, inner.namespace
        self.owner = value
        self.start("Array", SOAP_ENC_NS, None, True)
        self.attr("id", "", self.get_id(value, False))
        self.attr("arrayType", SOAP_ENC_NS,
                  f"{self.qualified(type_name, type_ns)}{dims}[{len(items)}]")
        for index, v in enumerate(items):
            self.path.append(f"[{index}]")
            if v is None:
                self.null_encoded("Item", "")
            elif item is None or isinstance(item.mapping, ObjectMapping):
                self.potentially_referencing("Item", "", v)
            elif isinstance(item.mapping, xsd.PrimitiveMapping):
                self.element_string("Item", "", self.simple(item.mapping, v))
            elif isinstance(item.mapping, EnumMapping):
                self.start("Item", "", None, True)
                self.xsi_type(item.mapping.type_name, item.mapping.namespace)
                self.w.string(self.simple(item.mapping, v))
                self.end()
            else:
                self.declare(v, item.mapping)
                self.referencing("Item", "", v, item.mapping if isinstance(
                    item.mapping, ArrayMapping) else None)
            self.path.pop()
        self.end()


def write_encoded(target: XmlTypeMapping | XmlMembersMapping, obj: Any,
                  namespaces: XmlSerializerNamespaces | None, *, indent: str | None = "  ",
                  newline: str = "\n", xml_declaration: bool = True,
                  encoding: str | None = None, envelope: bool = True,
                  max_depth: int = DEFAULT_MAX_DEPTH) -> str:
    """The encoded document for ``obj`` as text: inside a SOAP 1.1 Envelope/Body unless
    ``envelope=False`` (then the root and its multirefs are top-level siblings). An element
    deeper than ``max_depth`` levels is refused (XmlFormatError), as the literal writer
    refuses one."""
    w = TextWriter(indent, newline)
    if xml_declaration:
        w.raw('<?xml version="1.0"' + (f' encoding="{encoding}"' if encoding else "") + "?>")
    if namespaces is None or len(namespaces) == 0:
        namespaces = XmlSerializerNamespaces([("xsi", XSI_NS), ("xsd", XSD_NS)])
    writer = _EncodedWriter(w, target.mapping, namespaces, max_depth)
    writer.owner = obj
    if envelope:
        for local in ("Envelope", "Body"):
            writer.check_level()
            w.start_element("soap", local, SOAP_ENV_NS)
    if isinstance(target, XmlMembersMapping):
        writer.members_document(target, [] if obj is None else obj)
    else:
        writer.type_document(obj)
    if envelope:
        w.end_element()
        w.end_element()
    return w.text()


class _EncodedReader(_Reader):
    """XmlSerializationReader in encoded mode: multirefs by id, fixups, unreferenced ones."""

    def __init__(self, mapping: XmlMapping, events: Events) -> None:
        super().__init__(mapping, events)
        self.by_id: dict[str, Any] = {}
        self.objects: dict[str, Any] = {}
        self.referenced: set[str] = set()
        self.queue: deque[tuple[Any, Any, Any]] = deque()
        #: immutable containers (tuple, frozenset) read into a list first: list id ->
        #: (container, [(holder, key)]) patched once every item is known.
        self.placeholders: dict[int, tuple[Any, Any, list[tuple[Any, Any]]]] = {}

    # -- entry points -----------------------------------------------------------------------
    def start(self, first: Any) -> list[Any]:
        siblings = [first] + [e for e in first.itersiblings() if isinstance(e.tag, str)]
        for el in siblings:
            ident = el.get("id")
            if ident is not None and ident not in self.by_id:
                self.by_id[ident] = el
        return siblings

    def finish(self, siblings: list[Any]) -> None:
        self.drain()
        unreferenced: list[tuple[str, Any]] = []
        for el in siblings[1:]:
            ident = el.get("id")
            if ident is None or ident in self.referenced or self.by_id.get(ident) is not el:
                continue
            if ident not in self.objects:
                value = self.materialize(el, None)
                if value is _UNKNOWN:
                    self.unknown_element(el, None, "")
                    value = copy.deepcopy(el)
                    self.objects[ident] = value
                self.drain()
            unreferenced.append((ident, ident))
        self.convert_placeholders()
        for ident, _ in unreferenced:
            self.fire("unreferenced_object",
                      UnreferencedObjectEventArgs(ident, self.objects.get(ident)))

    def read_type(self, first: Any) -> Any:
        siblings = self.start(first)
        acc = self.mapping.root
        ns, local = _split(first.tag)
        if local != acc.name or ns not in (acc.namespace, ""):
            raise self.fail(first, f"<{local} xmlns='{ns}'> was not expected (the root is "
                                   f"<{acc.name} xmlns='{acc.namespace}'>)")
        holder: list[Any] = [None]
        holder[0] = self.value(first, acc.mapping, holder, 0)
        self.finish(siblings)
        return holder[0]

    def read_members(self, first: Any, mm: XmlMembersMapping) -> list[Any]:
        siblings = self.start(first)
        ns, local = _split(first.tag)
        if (ns, local) != (mm.namespace, mm.element_name):
            raise self.fail(first, f"<{local} xmlns='{ns}'> was not expected (the element is "
                                   f"<{mm.element_name} xmlns='{mm.namespace}'>)")
        values: list[Any] = [None] * len(mm.members)
        by_name = {(a.namespace, a.name): i for i, a in enumerate(mm.members)}
        seen: set[int] = set()
        for child in first:
            if not isinstance(child.tag, str):
                continue
            index = by_name.get(_split(child.tag))
            if index is None:
                self.unknown_element(child, None, "")
                continue
            if index in seen:
                continue
            seen.add(index)
            values[index] = self.value(child, mm.members[index].mapping, values, index)
        self.finish(siblings)
        return values

    # -- values -----------------------------------------------------------------------------
    def drain(self) -> None:
        while self.queue:
            el, m, obj = self.queue.popleft()
            if isinstance(m, StructMapping):
                self.fill_struct(el, m, obj)
            else:
                self.fill_array(el, m, obj)

    def href(self, el: Any) -> str | None:
        ref = el.get("href")
        if ref is None:
            return None
        if not ref.startswith("#"):
            raise self.fail(el, f"the reference href='{ref}' is not a local '#id'")
        return str(ref[1:])

    def value(self, el: Any, m: Any, holder: Any, key: Any) -> Any:
        """The value of a member or item element: a reference resolved, nil, or inline."""
        ident = self.href(el)
        if ident is not None:
            self.referenced.add(ident)
            if ident in self.objects:
                result = self.objects[ident]
            else:
                target = self.by_id.get(ident)
                if target is None:
                    raise self.fail(el, f"Cannot find id '{ident}' (href='#{ident}').")
                result = self.inline(target, m)
            self.note_placeholder(result, holder, key)
            return result
        if self.is_nil(el):
            return None
        result = self.inline(el, m)
        self.note_placeholder(result, holder, key)
        return result

    def note_placeholder(self, value: Any, holder: Any, key: Any) -> None:
        entry = self.placeholders.get(id(value))
        if entry is not None and entry[1] is value:
            entry[2].append((holder, key))

    def inline(self, el: Any, m: Any) -> Any:
        """The value an element holds itself (a multiref target or an inline value)."""
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            value = self.simple(el, m, self.text(el))
            ident = el.get("id")
            if ident is not None:
                self.objects[ident] = value
            return value
        if isinstance(m, StructMapping | ArrayMapping):
            return self.materialize(el, m)
        result = self.materialize(el, None)
        if result is _UNKNOWN:
            return copy.deepcopy(el)
        return result

    def array_item_type(self, el: Any) -> Any:
        """The item mapping an ``arrayType="q:int[2]"`` names (for an ``object`` array)."""
        text = el.get(f"{{{SOAP_ENC_NS}}}arrayType")
        if not text:
            return ObjectMapping()
        qname = text.split("[", 1)[0].strip()
        prefix, _, local = qname.rpartition(":")
        ns = el.nsmap.get(prefix or None) or ""
        if "[]" in text:
            return ObjectMapping()
        if ns == XSD_NS:
            return xsd.primitive(local) or ObjectMapping()
        if ns == xsd.MS_TYPES_NS:
            return xsd.GUID if local == "guid" else xsd.CHAR if local == "char" else (
                ObjectMapping())
        return self.mapping.find_type(local, ns) or ObjectMapping()

    def materialize(self, el: Any, declared: Any) -> Any:
        """The object of a struct or array element, created now and filled later (so
        references and cycles resolve to it); _UNKNOWN when its type is not known."""
        ident = el.get("id")
        if ident is not None and ident in self.objects and self.by_id.get(ident) is el:
            return self.objects[ident]
        t = self.xsi_type(el)
        m: Any = declared
        ns, local = _split(el.tag)
        is_array_el = (ns, local) == (SOAP_ENC_NS, "Array") or t == ("Array", SOAP_ENC_NS)
        if isinstance(declared, ArrayMapping) or (declared is None and is_array_el):
            pass
        elif t is not None:
            if t[1] in (XSD_NS, xsd.MS_TYPES_NS) and not isinstance(declared, StructMapping):
                prim = xsd.primitive(t[0]) if t[1] == XSD_NS else (
                    xsd.GUID if t[0] == "guid" else xsd.CHAR if t[0] == "char" else None)
                if prim is not None:
                    return self.inline(el, prim)
            found = self.mapping.find_type(*t)
            if isinstance(declared, StructMapping) and found is not declared and not (
                    isinstance(found, StructMapping) and declared.find_derived(found.cls)):
                raise self.fail(el, f"The specified type was not recognized: name='{t[0]}', "
                                    f"namespace='{t[1]}', at <{local} xmlns='{ns}'>.")
            if found is None:
                if declared is None:
                    return _UNKNOWN
                raise self.fail(el, f"The specified type was not recognized: name='{t[0]}', "
                                    f"namespace='{t[1]}', at <{local} xmlns='{ns}'>.")
            m = found
        elif declared is None:
            m = self.mapping.find_type(local, ns)
            if m is None:
                return _UNKNOWN
        if isinstance(m, EnumMapping):
            return self.inline(el, m)
        if m is None or isinstance(m, ArrayMapping) or is_array_el:
            array: ArrayMapping | None = m if isinstance(m, ArrayMapping) else None
            container = array.container if array is not None else list
            obj: Any = set() if container is set else []
            if container in (tuple, frozenset):
                self.placeholders[id(obj)] = (container, obj, [])
            self.queue.append((el, array, obj))
        else:
            obj = _record_alias(_create(m.cls), m)
            self.queue.append((el, m, obj))
        if ident is not None:
            self.objects.setdefault(ident, obj)
        return obj

    def fill_struct(self, el: Any, m: StructMapping, obj: Any) -> None:
        members = m.all_members()
        attributes = {(a.attribute.namespace, a.attribute.name): a for a in members
                      if a.kind == "attribute" and a.attribute is not None}
        for key, text in el.attrib.items():
            ns, local = _split(key)
            am = attributes.get((ns, local))
            if am is None or am.attribute is None:
                if (ns, local) != (XSI_NS, "nil"):
                    # .NET reports id and xsi:type here too (checked against Mono).
                    self.unknown_attribute(el, key, text, obj, "")
                continue
            _set(obj, am.name, self.simple(el, am.attribute.mapping, text))
        elements = {(acc.namespace, acc.name): mm for mm in members if mm.kind == "element"
                    for acc in mm.elements}
        done: set[str] = set()
        for child in el:
            if not isinstance(child.tag, str):
                continue
            mm = elements.get(_split(child.tag))
            if mm is None:
                self.unknown_element(child, obj, "")
                continue
            if mm.name in done:
                continue  # .NET: the first of duplicates wins
            done.add(mm.name)
            _set(obj, mm.name, self.value(child, mm.elements[0].mapping, obj, mm.name))
            if mm.specified is not None:
                _set(obj, mm.specified, True)

    def fill_array(self, el: Any, m: ArrayMapping | None, obj: Any) -> None:
        item = m.items[0].mapping if m is not None else self.array_item_type(el)
        items: list[Any] = []
        for child in el:
            if isinstance(child.tag, str):
                items.append(self.value(child, item, items, len(items)))
        if isinstance(obj, set):
            obj.update(items)
        else:
            obj.extend(items)
            for index, v in enumerate(items):
                entry = self.placeholders.get(id(v))
                if entry is not None and entry[1] is v:
                    entry[2].append((obj, index))

    def convert_placeholders(self) -> None:
        for container, placeholder, holders in reversed(list(self.placeholders.values())):
            value = container(placeholder)
            for holder, key in holders:
                if isinstance(holder, list):
                    holder[key] = value
                else:
                    _set(holder, key, value)
            for ident, obj in self.objects.items():
                if obj is placeholder:
                    self.objects[ident] = value


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


_UNKNOWN: Any = _Unknown()


def _first_element(root: Any) -> Any:
    """The element to read: the document's, or the first in a SOAP Envelope's Body."""
    if isinstance(root.tag, str) and _split(root.tag) == (SOAP_ENV_NS, "Envelope"):
        body = next((c for c in root if isinstance(c.tag, str)
                     and _split(c.tag) == (SOAP_ENV_NS, "Body")), None)
        if body is None:
            raise XmlFormatError("There is an error in XML document: the SOAP Envelope has no "
                                 "Body", line=getattr(root, "sourceline", None))
        first = next((c for c in body if isinstance(c.tag, str)), None)
        if first is None:
            raise XmlFormatError("There is an error in XML document: the SOAP Body is empty",
                                 line=getattr(body, "sourceline", None))
        return first
    return root


def read_encoded(target: XmlTypeMapping | XmlMembersMapping, root: Any, events: Events,
                 envelope: bool = True) -> Any:
    """The object (or, for a members mapping, the list of values) an encoded document holds.

    ``root`` is the document element: a SOAP Envelope (its Body's first element is read,
    with the multirefs after it) or the root element itself.
    """
    first = _first_element(root) if envelope else root
    reader = _EncodedReader(target.mapping, events)
    if isinstance(target, XmlMembersMapping):
        return reader.read_members(first, target)
    return reader.read_type(first)
