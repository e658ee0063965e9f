"""The one parser configuration: no entity resolved, no DTD loaded, no network, no recovery.

lxml's defaults changed in 5.0 and again in 6.1 (``iterparse`` resolved external entities
before 6.1, CVE-2026-41066), so serialkit never relies on them. A document with a DOCTYPE is
refused outright: XmlSerializer documents never need one.

Depth: libxml2 refuses a document nested deeper than 256 elements unless ``huge_tree`` is
on, which also lifts its 10,000,000-character limit on a text node and caps depth at 2048.
A document is parsed without ``huge_tree``; only one deeper than 256 levels is parsed again
with it, and then checked here against the same text limit and against ``max_depth``
(``XmlSerializer.max_depth``, default :data:`DEFAULT_MAX_DEPTH`). The same checks (DOCTYPE,
entity references, depth) apply to an lxml element or tree handed over already parsed.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from serialkit.xml.errors import UnsafeXmlError, XmlFormatError

__all__ = ["DEFAULT_MAX_DEPTH", "LIBXML2_MAX_DEPTH", "parse_document", "parse_document_bare"]

#: The deepest nesting of elements XmlSerializer reads and writes unless told otherwise.
DEFAULT_MAX_DEPTH = 2048
#: The deepest libxml2 parses at all (with ``huge_tree``): a larger ``max_depth`` does not
#: let a deeper document be read.
LIBXML2_MAX_DEPTH = 2048
#: libxml2's limit on one text node without ``huge_tree``, kept for deep documents too.
_MAX_TEXT = 10_000_000
#: How deep libxml2 parses without ``huge_tree``.
_PLAIN_DEPTH = 256

_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parser(remove_blank_text: bool = False, huge_tree: bool = False) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=huge_tree, recover=False,
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


def parse_document(source: Any, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """The root ``lxml`` element of ``source`` (bytes, str, path, stream or an element)."""
    return parse_document_bare(source, max_depth=max_depth)[0]


def parse_document_bare(source: Any, *, blank_text: bool = True,
                        max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[Any, bool | None]:
    """``parse_document``, and whether no element of the document has an attribute, when the
    text tells it at a glance (True: none has; None: not known).

    ``blank_text=False``: the caller never reads a text of white space alone between
    elements, so the parser may drop those (libxml2 keeps the white space of an element
    without children, and any next to a comment, processing instruction or CDATA section:
    in a document with one of those, nothing is dropped).

    ``max_depth``: a document nested deeper than this many elements is an
    :class:`XmlFormatError`.
    """
    if isinstance(source, etree._Element | etree._ElementTree):
        # Parsed by the caller, with whatever parser: the checks of a text are made on the
        # tree (a DOCTYPE, an entity reference left unresolved, the depth).
        root = source.getroot() if isinstance(source, etree._ElementTree) else source
        if root is None or not isinstance(root.tag, str):
            raise XmlFormatError("There is an error in XML document: "
                                 + ("the tree has no root element" if root is None else
                                    f"{type(root).__name__} is not an element"))
        _check(root.getroottree())
        for entity in root.iter(etree.Entity):
            raise XmlFormatError(f"There is an error in XML document: reference to "
                                 f"unresolved entity '{entity.text}'", line=entity.sourceline)
        _check_limits(root, max_depth, texts=False)
        return root, None
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
    root, huge = _fromstring(data, drop, max_depth)
    tree = root.getroottree()
    encoding = tree.docinfo.encoding
    if drop and (encoding or "").upper() not in _ASCII_MARKUP:
        # "<!" and "<?" were looked for as bytes of another encoding: read it as it is.
        root, huge = _fromstring(data, False, max_depth)
        tree = root.getroottree()
    _check(tree)
    if huge or max_depth < _PLAIN_DEPTH:
        _check_limits(root, max_depth, texts=huge)
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


def _fromstring(data: bytes | str, remove_blank_text: bool, max_depth: int) -> tuple[Any, bool]:
    """The root element, and whether it took ``huge_tree`` (a document deeper than 256)."""
    try:
        return etree.fromstring(data, _parser(remove_blank_text)), False
    except etree.XMLSyntaxError as exc:
        deep = "Excessive depth in document" in str(exc.msg)
        if not deep or max_depth <= _PLAIN_DEPTH:
            raise _syntax_error(exc, max_depth if deep else None) from None
    try:
        return etree.fromstring(data, _parser(remove_blank_text, huge_tree=True)), True
    except etree.XMLSyntaxError as exc:
        deep = "Excessive depth in document" in str(exc.msg)
        raise _syntax_error(exc, min(max_depth, LIBXML2_MAX_DEPTH) if deep else None) \
            from None


def _syntax_error(exc: Any, depth: int | None) -> XmlFormatError:
    line = exc.lineno if isinstance(exc.lineno, int) else None
    if depth is not None:
        return _too_deep(depth, line, libxml2=depth >= LIBXML2_MAX_DEPTH)
    return XmlFormatError(f"There is an error in XML document: {exc.msg}", line=line)


def _too_deep(depth: int, line: int | None, libxml2: bool = False) -> XmlFormatError:
    why = "XmlSerializer.max_depth, and the most libxml2 parses" if libxml2 else \
        "XmlSerializer.max_depth"
    return XmlFormatError(f"There is an error in XML document: elements are nested deeper "
                          f"than {depth} levels ({why})", line=line)


def _check_limits(root: Any, max_depth: int, *, texts: bool) -> None:
    """Refuse a tree deeper than ``max_depth`` elements and, with ``texts``, one holding a
    text or attribute value longer than libxml2 allows without ``huge_tree``.

    Both are XPath queries, run by libxml2 over the tree without recursion (a few
    milliseconds for 100,000 elements).
    """
    found = _below(root, max_depth)
    if found is not None:
        raise _too_deep(max_depth, found.sourceline)
    if texts:
        long_text = _LONG_TEXT(root)
        if long_text:
            raise XmlFormatError("There is an error in XML document: Resource limit "
                                 "exceeded: Text node too long",
                                 line=long_text[0].getparent().sourceline)


#: The most steps of one XPath location path (libxml2 refuses some 5,000).
_STEPS = 1000


def _below(root: Any, levels: int) -> Any:
    """An element ``levels`` levels below ``root``, or None."""
    if levels <= _STEPS:
        if not _path(levels, True)(root):
            return None
        return _path(levels, False)(root)[0]
    frontier = [root]
    while levels > 0:
        step = min(levels, _STEPS)
        frontier = [found for node in frontier for found in _path(step, False)(node)]
        if not frontier:
            return None
        levels -= step
    return frontier[0]


@functools.lru_cache(maxsize=16)
def _path(levels: int, test: bool) -> Any:
    """The XPath of the elements ``levels`` (1 or more) below its context element; with
    ``test``, whether there is one."""
    path = "/".join(["*"] * max(levels, 1))
    return etree.XPath(f"boolean({path})" if test else path)


#: The first text or attribute value longer than libxml2's limit without huge_tree.
_LONG_TEXT = etree.XPath(f"(descendant-or-self::text()[string-length() > {_MAX_TEXT}] | "
                         f"descendant-or-self::*/@*[string-length() > {_MAX_TEXT}])[1]")


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
