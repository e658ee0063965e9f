"""A read-only view of XmlSerializer's SOAP-encoded documents, for ``serialkit inspect``.

XmlSerializer in SOAP-encoded mode (serialkit.xml.encoded) writes a root element and its
multirefs (``id="idN"``, ``href="#idN"``), inside a ``soap:Envelope``/``soap:Body`` or as bare
top-level siblings; its types are XML names (``xsi:type``), not CLR ones, so SoapFormatter's
reader refuses such a document. This module turns one into the records ``format_tree`` and
``to_json`` print: an element with members is a class record named by its ``xsi:type`` (or
its tag), a ``SOAP-ENC:Array`` an array record, an ``href`` the record of its target (shared
objects and cycles show as such), a simple value its text, typed by ``xsi:type`` where that
is an XSD number or boolean. Nothing is instantiated; work is bounded by ReaderLimits.
"""

from __future__ import annotations

import codecs
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from serialkit.errors import LimitExceededError, SerializationError
from serialkit.limits import ReaderLimits
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, RecordType
from serialkit.nrbf.records import ArrayRecord, ClassLayout, ClassRecord, MemberType
from serialkit.soap.names import ENC, ENV, XSD, XSI, parse_type_namespace
from serialkit.xml.parser import parse_document

__all__ = ["KIND", "decode_encoded", "is_encoded"]

#: What ``serialkit inspect`` calls these documents.
KIND = "XmlSerializer SOAP-encoded document"

_XSI_TYPE = f"{{{XSI}}}type"
_XSI_NIL = f"{{{XSI}}}nil"
_XSI_NULL = f"{{{XSI}}}null"
_ARRAY_TYPE = f"{{{ENC}}}arrayType"
_INTEGERS = frozenset({"int", "long", "short", "byte", "unsignedInt", "unsignedLong",
                       "unsignedShort", "unsignedByte", "integer"})
_FLOATS = frozenset({"double", "float"})
_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_FRAGMENT = "serialkit-fragment"


def _is_soapformatter_element(el: Any) -> bool:
    """Whether an element names a CLR type (a SoapFormatter object), a SOAP-ENC array or an
    XSD boxed value: what SoapFormatter writes in its Body."""
    tag = el.tag
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if uri in (ENC, XSD):
        return el.get("id", "").startswith("ref-") or uri == XSD
    return parse_type_namespace(uri, local) is not None


def _top_elements(root: Any) -> list[Any] | None:
    """The root and multiref elements of an XmlSerializer SOAP-encoded document, or None
    when the tree is something else (a SoapFormatter envelope, any other XML)."""
    if root.tag == f"{{{ENV}}}Envelope":
        body = root.find(f"{{{ENV}}}Body")
        elements = [] if body is None else [el for el in body if isinstance(el.tag, str)]
        if not elements or _is_soapformatter_element(elements[0]):
            return None
        return elements
    elements = (root[:] if root.tag == _FRAGMENT else [root])
    elements = [el for el in elements if isinstance(el.tag, str)]
    if not elements or _is_soapformatter_element(elements[0]):
        return None
    # A bare document is encoded when it says so: a multiref id, an href, or an xsi:type.
    first = elements[0]
    if first.get("id") is None and first.get(_XSI_TYPE) is None and not first.xpath(
            ".//*[@href or @xsi:type]", namespaces={"xsi": XSI}):
        return None
    return elements


def _text_of(data: bytes) -> str | None:
    """A document's text for the fragment wrapper: after a byte order mark, or UTF-16 by its
    zero bytes, else UTF-8; None when it is none of those."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            data, encoding = data[len(bom):], codec
            break
    else:
        encoding = ("utf-16-be" if data[:1] == b"\0" else
                    "utf-16-le" if data[1:2] == b"\0" else "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _parse(data: bytes) -> list[Any] | None:
    try:
        return _top_elements(parse_document(data))
    except SerializationError:
        # XmlSerializer's bare form with multirefs is several top-level elements: no XML
        # document, so it is read inside a wrapper element of ours.
        text = _text_of(data)
        if text is None:
            return None
        try:
            root = parse_document(f"<{_FRAGMENT}>{_DECL.sub('', text, count=1)}</{_FRAGMENT}>")
        except SerializationError:
            return None
        return _top_elements(root)


def is_encoded(data: bytes) -> bool:
    """Whether ``data`` is an XmlSerializer SOAP-encoded document (not a SoapFormatter one)."""
    return _parse(data) is not None


def decode_encoded(data: bytes, limits: ReaderLimits | None = None) -> Any:
    """The root record (or value) of an XmlSerializer SOAP-encoded document.

    Raises SerializationError when ``data`` is not one, or holds an ``href`` to an id it
    never defines; LimitExceededError past ``limits``.
    """
    limits = limits or ReaderLimits()
    if len(data) > limits.max_bytes:
        raise LimitExceededError(f"document of {len(data)} bytes exceeds max_bytes="
                                 f"{limits.max_bytes}")
    elements = _parse(data)
    if elements is None:
        raise SerializationError("not an XmlSerializer SOAP-encoded document")
    return _View(limits, elements).run()


def _type_name(el: Any, qname: str | None) -> str:
    """An XML type name as shown: ``Order``, ``xsd:int``, ``{urn:x}Order``."""
    if qname is None:
        tag = el.tag
        uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    else:
        prefix, _, local = qname.rpartition(":")
        uri = el.nsmap.get(prefix or None, "")
    if uri == XSD:
        return f"xsd:{local}"
    if uri == ENC:
        return f"SOAP-ENC:{local}"
    return f"{{{uri}}}{local}" if uri else local


class _View:
    def __init__(self, limits: ReaderLimits, elements: list[Any]) -> None:
        self.limits = limits
        self.elements = elements
        self.by_id: dict[str, Any] = {}
        for el in elements:
            key = el.get("id")
            if key is not None:
                if key in self.by_id:
                    raise self.fail(f"id {key!r} is defined twice", el)
                self.by_id[key] = el
        self.records: dict[int, Any] = {}
        self.work: list[tuple[Any, list[Any], str | None]] = []
        self.count = 0

    def fail(self, message: str, el: Any) -> SerializationError:
        line = getattr(el, "sourceline", None)
        return SerializationError(f"{message}{f' (line {line})' if line else ''}")

    def run(self) -> Any:
        root = self.value(self.elements[0], None)
        while self.work:
            self.fill(*self.work.pop())
        return root

    def value(self, el: Any, item_type: str | None) -> Any:
        href = el.get("href")
        if href is not None:
            target = self.by_id.get(href[1:]) if href.startswith("#") else None
            if target is None:
                raise self.fail(f"reference {href!r} to an object the document never "
                                "defines", el)
            return self.record(target)
        if el.get(_XSI_NIL) in ("true", "1") or el.get(_XSI_NULL) in ("true", "1"):
            return None
        if len(el) or el.get("id") is not None or el.tag == f"{{{ENC}}}Array":
            return self.record(el)
        xsi_type = el.get(_XSI_TYPE)
        return self.simple(el, _type_name(el, xsi_type) if xsi_type else item_type)

    def simple(self, el: Any, type_name: str | None) -> Any:
        text = el.text or ""
        limit = self.limits.max_string_bytes
        if len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit:
            raise LimitExceededError(f"a string of more than max_string_bytes={limit} bytes",
                                     path=f"line {el.sourceline}")
        local = type_name[4:] if type_name and type_name.startswith("xsd:") else None
        try:
            if local in _INTEGERS and len(text) < 40:
                return int(text)
            if local in _FLOATS:
                return float(text.replace("INF", "inf"))
            if local == "decimal":
                return Decimal(text)
        except (ValueError, InvalidOperation):
            return text  # shown as written: inspection never fails on a value
        if local == "boolean" and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
        return text

    def new_id(self, el: Any) -> int:
        self.count += 1
        if self.count > self.limits.max_objects:
            raise LimitExceededError(f"more than max_objects={self.limits.max_objects} "
                                     "objects", path=f"line {el.sourceline}")
        return self.count

    def record(self, el: Any) -> Any:
        found = self.records.get(id(el))
        if found is not None:
            return found
        children = [c for c in el if isinstance(c.tag, str)]
        if el.tag == f"{{{ENC}}}Array":
            array_type = el.get(_ARRAY_TYPE) or ""
            element, _, _ = array_type.rpartition("[")
            item_type = _type_name(el, element) if element else None
            arr = ArrayRecord(self.new_id(el), RecordType.BINARY_ARRAY, BinaryArrayType.SINGLE,
                              (len(children),), (0,),
                              MemberType(BinaryType.CLASS, (item_type or "xsd:anyType", "")),
                              el.sourceline or 0)
            if len(children) > self.limits.max_array_length:
                raise LimitExceededError(f"array of {len(children)} elements exceeds "
                                         f"max_array_length={self.limits.max_array_length}",
                                         path=f"line {el.sourceline}")
            self.records[id(el)] = arr
            self.work.append((arr, children, item_type))
            return arr
        xsi_type = el.get(_XSI_TYPE)
        type_name = _type_name(el, xsi_type)
        # Attributes besides id and xsi:type are SoapAttribute members: "@name" first, in
        # document order, then the member elements.
        attributes = [("@" + name.rpartition("}")[2], value)
                      for name, value in el.attrib.items() if name not in ("id", _XSI_TYPE)]
        names = tuple(a for a, _ in attributes) + tuple(c.tag.rpartition("}")[2]
                                                        for c in children)
        layout = ClassLayout(type_name, None, names, None, 0,
                             RecordType.CLASS_WITH_MEMBERS_AND_TYPES)
        rec = ClassRecord(self.new_id(el), layout, el.sourceline or 0)
        rec.values = [value for _, value in attributes]
        self.records[id(el)] = rec
        self.work.append((rec, children, None))
        return rec

    def fill(self, rec: Any, children: list[Any], item_type: str | None) -> None:
        rec.values.extend(self.value(child, item_type) for child in children)
