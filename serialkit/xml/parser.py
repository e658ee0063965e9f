"""The one parser configuration: no entity resolved, no DTD loaded, no network, no recovery.

lxml's defaults changed in 5.0 and again in 6.1 (``iterparse`` resolved external entities
before 6.1, CVE-2026-41066), so serialkit never relies on them. A document with a DOCTYPE is
refused outright: XmlSerializer documents never need one.
"""

from __future__ import annotations

import os
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from serialkit.xml.errors import UnsafeXmlError, XmlFormatError

__all__ = ["parse_document", "parse_document_bare"]

_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parser(remove_blank_text: bool = False) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, recover=False,
                           remove_comments=False, remove_pis=False, attribute_defaults=False,
                           remove_blank_text=remove_blank_text)


def _check(tree: Any) -> None:
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None \
            or docinfo.system_url or docinfo.public_id:
        raise UnsafeXmlError("the document has a DOCTYPE: DTDs are prohibited (serialkit "
                             "resolves no entity and loads no DTD)", line=1)


#: Encodings in which every "&" of the document is the byte 0x26.
_AMPERSAND_0X26 = frozenset({"UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE",
                             "UTF-32BE", "US-ASCII", "ASCII", "ISO-8859-1"})


def _may_hold_entities(data: bytes | str, encoding: str | None) -> bool:
    """False when the text has no "&", so no entity reference (a walk of the tree saved)."""
    if isinstance(data, str):
        return "&" in data
    return b"&" in data or (encoding or "").upper() not in _AMPERSAND_0X26


#: An XML declaration at the start of a document's bytes (after a UTF-8 byte order mark).
_DECL_BYTES_RE = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")


def parse_document(source: Any) -> Any:
    """The root ``lxml`` element of ``source`` (bytes, str, path, stream or an element)."""
    return parse_document_bare(source)[0]


def parse_document_bare(source: Any, *, blank_text: bool = True) -> tuple[Any, bool | None]:
    """``parse_document``, and whether no element of the document has an attribute, when the
    text tells it at a glance (True: none has; None: not known).

    ``blank_text=False``: the caller never reads a text of white space alone between
    elements, so the parser may drop those (libxml2 keeps the white space of an element
    without children, and any next to a comment, processing instruction or CDATA section:
    in a document with one of those, nothing is dropped).
    """
    if isinstance(source, etree._Element):
        return source, None
    if isinstance(source, etree._ElementTree):
        _check(source)
        return source.getroot(), None
    if isinstance(source, bytes | bytearray | memoryview):
        data: bytes | str = bytes(source)
    elif isinstance(source, str):
        data = _DECL_RE.sub("", source, count=1)
    elif isinstance(source, os.PathLike):
        with open(source, "rb") as fh:
            data = fh.read()
    elif hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = _DECL_RE.sub("", data, count=1)
    else:
        raise TypeError(f"cannot read XML from {type(source).__qualname__}: give bytes, str, "
                        "a path, a stream or an lxml element")
    # (Without a "!" there is no "<!DOCTYPE" however the bytes are cased or spaced by NULs:
    # a quick look before a copy of the document.)
    if isinstance(data, bytes) and b"!" in data and b"<!DOCTYPE" in data.upper().replace(
            b"\0", b""):
        raise UnsafeXmlError("the document has a DOCTYPE: DTDs are prohibited (serialkit "
                             "resolves no entity and loads no DTD)")
    if isinstance(data, str) and "<!DOCTYPE" in data.upper():
        raise UnsafeXmlError("the document has a DOCTYPE: DTDs are prohibited (serialkit "
                             "resolves no entity and loads no DTD)")
    drop = not blank_text and _markup_only(data)
    root = _fromstring(data, drop)
    tree = root.getroottree()
    encoding = tree.docinfo.encoding
    if drop and (encoding or "").upper() not in _ASCII_MARKUP:
        # "<!" and "<?" were looked for as bytes of another encoding: read it as it is.
        root = _fromstring(data, False)
        tree = root.getroottree()
    _check(tree)
    if _may_hold_entities(data, encoding):
        for entity in root.iter(etree.Entity):
            raise XmlFormatError(f"There is an error in XML document: reference to "
                                 f"undeclared entity '{entity.text}'", line=entity.sourceline)
    return root, _bare(data, encoding, root)


#: Encodings in which markup is written in ASCII bytes ("<!" is b"<!").
_ASCII_MARKUP = frozenset({"UTF-8", "US-ASCII", "ASCII", "ISO-8859-1"})


def _markup_only(data: bytes | str) -> bool:
    """True when the text has no comment, processing instruction or CDATA section (no "<!"
    or "<?" after the XML declaration; bytes as ASCII, which the caller checks)."""
    if isinstance(data, str):
        return "<!" not in data and "<?" not in data  # (its declaration is removed)
    declaration = _DECL_BYTES_RE.match(data)
    start = declaration.end() if declaration is not None else 0
    # A one-byte find is a memchr, far quicker than a two-byte one that stops at every "<".
    return not (data.find(b"!", start) >= 0 and data.find(b"<!", start) >= 0) and \
        not (data.find(b"?", start) >= 0 and data.find(b"<?", start) >= 0)


def _fromstring(data: bytes | str, remove_blank_text: bool) -> Any:
    try:
        return etree.fromstring(data, _parser(remove_blank_text))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise XmlFormatError(f"There is an error in XML document: {exc.msg}",
                             line=line) from None


def _bare(data: bytes | str, encoding: str | None, root: Any) -> bool | None:
    """True when no element has an attribute: every "=" of the text is in the XML declaration
    or one of the root's namespace declarations, and an attribute needs one of its own.
    (A "=" anywhere else, in a text or a value, leaves it unknown: None.)"""
    if len(root.attrib):
        return False
    if isinstance(data, str):
        return data.count("=") == len(root.nsmap) or None
    if (encoding or "").upper() not in _AMPERSAND_0X26:  # (the same holds for "=", 0x3D)
        return None
    declaration = _DECL_BYTES_RE.match(data)
    declared = declaration.group().count(b"=") if declaration is not None else 0
    return data.count(b"=") == declared + len(root.nsmap) or None
