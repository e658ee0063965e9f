"""IXmlSerializable: classes that write and read their own content.

A class defining ``write_xml(writer)``, ``read_xml(reader)`` and ``get_schema()`` is written
by XmlSerializer as .NET writes an ``IXmlSerializable``: the serializer writes the wrapper
element (no ``xsi``/``xsd`` declarations, even as the root), ``write_xml`` writes its
attributes and content through an :class:`XmlWriter`, and ``read_xml`` gets an
:class:`XmlReader` positioned **on** the wrapper element, which it must consume.

Both objects carry .NET's method names in snake_case (``write_start_element``,
``read_element_content_as_base64``...). The writer writes through the serializer's
``XmlTextWriter`` emulation, so prefixes and indentation are .NET's; the reader walks the
already-parsed (and already checked: no DTD, no entity) element.
"""

from __future__ import annotations

import base64
import binascii
import enum
from typing import Any

from serialkit.xml.errors import XmlFormatError

__all__ = ["XmlNodeType", "XmlReader", "XmlWriter", "is_xml_serializable"]

XML_NS = "http://www.w3.org/XML/1998/namespace"
_BASE64_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def is_xml_serializable(cls: Any) -> bool:
    """True when ``cls`` defines the three IXmlSerializable methods."""
    return isinstance(cls, type) and all(
        callable(getattr(cls, name, None)) for name in ("write_xml", "read_xml", "get_schema"))


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


class XmlWriter:
    """What ``write_xml`` writes through: .NET's ``XmlWriter`` methods in snake_case.

    ``write_base64`` keeps the 1 or 2 bytes a chunk leaves over for the next call, as .NET's
    ``XmlTextWriter`` does, so chunks of any size give one unbroken base64 text.
    """

    def __init__(self, text_writer: Any) -> None:
        self._w = text_writer
        self._leftover = b""

    def _flush(self) -> None:
        if self._leftover:
            self._w.string(base64.b64encode(self._leftover).decode("ascii"))
            self._leftover = b""

    def write_start_element(self, *args: str | None) -> None:
        """``(local)``, ``(local, ns)`` or ``(prefix, local, ns)``."""
        self._flush()
        if len(args) == 1:
            self._w.start_element(None, args[0], None)
        elif len(args) == 2:
            self._w.start_element(None, args[0], args[1] or "")
        elif len(args) == 3:
            self._w.start_element(args[0], args[1], args[2] or "")
        else:
            raise TypeError("write_start_element takes (local), (local, ns) or "
                            "(prefix, local, ns)")

    def write_end_element(self) -> None:
        """Close the innermost element (``<x />`` when it is empty)."""
        self._flush()
        self._w.end_element()

    def write_full_end_element(self) -> None:
        """Close the innermost element with an end tag even when it is empty."""
        self._flush()
        self._w.full_end_element()

    def write_attribute_string(self, *args: str | None) -> None:
        """``(local, value)``, ``(local, ns, value)`` or ``(prefix, local, ns, value)``."""
        self._flush()
        if len(args) == 2:
            prefix, local, ns, value = None, args[0], None, args[1]
        elif len(args) == 3:
            prefix, local, ns, value = None, args[0], args[1], args[2]
        elif len(args) == 4:
            prefix, local, ns, value = args
        else:
            raise TypeError("write_attribute_string takes (local, value), (local, ns, value) "
                            "or (prefix, local, ns, value)")
        if local is None:
            raise TypeError("an attribute needs a local name")
        self._w.attribute(prefix, local, ns or None, "" if value is None else value)

    def write_element_string(self, *args: str | None) -> None:
        """``(local, value)``, ``(local, ns, value)`` or ``(prefix, local, ns, value)``."""
        if len(args) < 2:
            raise TypeError("write_element_string needs a name and a value")
        *name, value = args
        self.write_start_element(*name)
        if value is not None:
            self._w.string(value)
        self.write_end_element()

    def write_string(self, text: str | None) -> None:
        """Text content, escaped."""
        self._flush()
        if text:
            self._w.string(text)

    def write_base64(self, buffer: bytes | bytearray | memoryview, index: int = 0,
                     count: int | None = None) -> None:
        """``count`` bytes of ``buffer`` from ``index``, base64-encoded, continuing the text
        earlier calls wrote."""
        view = memoryview(buffer)[index:] if count is None else memoryview(buffer)[
            index:index + count]
        data = self._leftover + bytes(view)
        whole = len(data) - len(data) % 3
        self._leftover = data[whole:]
        if whole:
            self._w.string(base64.b64encode(data[:whole]).decode("ascii"))

    def write_comment(self, text: str) -> None:
        """``<!--text-->``."""
        self._flush()
        self._w.comment(text)

    def lookup_prefix(self, ns: str) -> str | None:
        """The prefix bound to ``ns`` in scope ("" for the default namespace), or None."""
        return self._w.lookup_prefix(ns)  # type: ignore[no-any-return]

    def flush(self) -> None:
        """Write out pending base64 bytes."""
        self._flush()


class XmlNodeType(enum.Enum):
    """.NET's ``XmlNodeType`` for the nodes :class:`XmlReader` stops on."""

    NONE = "None"
    ELEMENT = "Element"
    TEXT = "Text"
    COMMENT = "Comment"
    PROCESSING_INSTRUCTION = "ProcessingInstruction"
    END_ELEMENT = "EndElement"


class XmlReader:
    """What ``read_xml`` reads from: a pull reader over one element, .NET's names.

    It starts on the wrapper element. Whitespace-only text is skipped (.NET's
    ``WhitespaceHandling.Significant``) unless ``xml:space="preserve"``; an element with no
    content is an empty element (``is_empty_element``; it has no end-element node).
    """

    def __init__(self, element: Any) -> None:
        self._nodes: list[tuple[XmlNodeType, Any, int]] = []
        self._flatten(element)
        self._pos = 0
        self._b64_text: str | None = None
        self._b64_offset = 0
        self._b64_pending = b""

    def _flatten(self, root: Any) -> None:
        stack: list[tuple[Any, bool, int, bool]] = [(root, False, 0, False)]
        nodes = self._nodes
        while stack:
            el, closing, depth, preserve = stack.pop()
            if closing:
                nodes.append((XmlNodeType.END_ELEMENT, el, depth))
                if el is not root and el.tail and (preserve or el.tail.strip(" \t\r\n")):
                    nodes.append((XmlNodeType.TEXT, el.tail, depth - 1))
                continue
            if not isinstance(el.tag, str):
                kind = (XmlNodeType.COMMENT if el.tag.__name__ == "Comment"
                        else XmlNodeType.PROCESSING_INSTRUCTION)
                nodes.append((kind, el, depth))
                if el.tail and (preserve or el.tail.strip(" \t\r\n")):
                    nodes.append((XmlNodeType.TEXT, el.tail, depth - 1))
                continue
            space = el.get(f"{{{XML_NS}}}space")
            inner = preserve if space is None else space == "preserve"
            has_text = bool(el.text) and (inner or bool(el.text.strip(" \t\r\n")))
            if not has_text and len(el) == 0:
                nodes.append((XmlNodeType.ELEMENT, el, depth))
                if el is not root and el.tail and (preserve or el.tail.strip(" \t\r\n")):
                    nodes.append((XmlNodeType.TEXT, el.tail, depth - 1))
                continue
            nodes.append((XmlNodeType.ELEMENT, el, depth))
            if has_text:
                nodes.append((XmlNodeType.TEXT, el.text, depth + 1))
            stack.append((el, True, depth, preserve))
            stack.extend((child, False, depth + 1, inner) for child in reversed(el))

    # -- where the reader is -----------------------------------------------------------------
    def _node(self) -> tuple[XmlNodeType, Any, int]:
        if self._pos >= len(self._nodes):
            return XmlNodeType.NONE, None, 0
        return self._nodes[self._pos]

    def _fail(self, message: str) -> XmlFormatError:
        _, el, _ = self._node()
        line = getattr(el, "sourceline", None) if el is not None and not isinstance(
            el, str) else None
        return XmlFormatError(f"There is an error in XML document: {message}", line=line)

    @property
    def node_type(self) -> XmlNodeType:
        """The kind of the current node."""
        return self._node()[0]

    @property
    def eof(self) -> bool:
        """True once the wrapper element is consumed."""
        return self._pos >= len(self._nodes)

    @property
    def depth(self) -> int:
        """The depth of the current node (the wrapper is 0)."""
        return self._node()[2]

    @property
    def local_name(self) -> str:
        """The local name of the current element ("" elsewhere)."""
        kind, el, _ = self._node()
        return _split(el.tag)[1] if kind in (XmlNodeType.ELEMENT, XmlNodeType.END_ELEMENT) \
            else ""

    @property
    def namespace_uri(self) -> str:
        """The namespace of the current element ("" elsewhere)."""
        kind, el, _ = self._node()
        return _split(el.tag)[0] if kind in (XmlNodeType.ELEMENT, XmlNodeType.END_ELEMENT) \
            else ""

    @property
    def name(self) -> str:
        """The qualified name of the current element (``prefix:local``)."""
        kind, el, _ = self._node()
        if kind not in (XmlNodeType.ELEMENT, XmlNodeType.END_ELEMENT):
            return ""
        local = _split(el.tag)[1]
        return f"{el.prefix}:{local}" if el.prefix else local

    @property
    def value(self) -> str:
        """The text of a text or comment node ("" elsewhere)."""
        kind, node, _ = self._node()
        if kind is XmlNodeType.TEXT:
            return str(node)
        if kind in (XmlNodeType.COMMENT, XmlNodeType.PROCESSING_INSTRUCTION):
            return str(node.text or "")
        return ""

    @property
    def is_empty_element(self) -> bool:
        """True on an element with no content (``<x />``): there is no end element to read."""
        if self.node_type is not XmlNodeType.ELEMENT:
            return False
        nxt = self._nodes[self._pos + 1] if self._pos + 1 < len(self._nodes) else None
        return not (nxt is not None and nxt[2] > self._nodes[self._pos][2])

    def get_attribute(self, name: str, namespace_uri: str | None = None) -> str | None:
        """An attribute of the current element: by local name and namespace, by
        ``prefix:local``, or by lxml's ``{ns}local``; None when absent."""
        kind, el, _ = self._node()
        if kind is not XmlNodeType.ELEMENT:
            return None
        if namespace_uri:
            return el.get(f"{{{namespace_uri}}}{name}")  # type: ignore[no-any-return]
        if ":" in name and not name.startswith("{"):
            prefix, _, local = name.partition(":")
            ns = el.nsmap.get(prefix)
            return None if ns is None else el.get(f"{{{ns}}}{local}")
        return el.get(name)  # type: ignore[no-any-return]

    # -- moving ------------------------------------------------------------------------------
    def read(self) -> bool:
        """Move to the next node; False at the end."""
        self._b64_text = None
        if self._pos < len(self._nodes):
            self._pos += 1
        return self._pos < len(self._nodes)

    def move_to_content(self) -> XmlNodeType:
        """Skip comments and processing instructions; the node type reached."""
        while self.node_type in (XmlNodeType.COMMENT, XmlNodeType.PROCESSING_INSTRUCTION):
            self.read()
        return self.node_type

    def is_start_element(self, name: str | None = None, ns: str | None = None) -> bool:
        """``move_to_content``, then True on a start element (of that name/namespace)."""
        if self.move_to_content() is not XmlNodeType.ELEMENT:
            return False
        if name is not None and (self.local_name if ns is not None else self.name) != name:
            return False
        return ns is None or self.namespace_uri == ns

    def _expect_start(self, name: str | None, ns: str | None) -> None:
        if not self.is_start_element(name, ns):
            wanted = f"<{name}{f' xmlns={ns!r}' if ns is not None else ''}>" if name else \
                "an element"
            found = (f"<{self.local_name} xmlns='{self.namespace_uri}'>"
                     if self.node_type is XmlNodeType.ELEMENT else self.node_type.value)
            raise self._fail(f"{found} was found where {wanted} was expected")

    def read_start_element(self, name: str | None = None, ns: str | None = None) -> None:
        """Check the current node is that start element and move past it."""
        self._expect_start(name, ns)
        self.read()

    def read_end_element(self) -> None:
        """Check the current node is an end element and move past it."""
        if self.move_to_content() is not XmlNodeType.END_ELEMENT:
            raise self._fail(f"{self.node_type.value} '{self.name or self.value}' was found "
                             "where an end element was expected")
        self.read()

    def skip(self) -> None:
        """Move past the current node and, for an element, all of its content."""
        kind, el, _ = self._node()
        if kind is XmlNodeType.ELEMENT and not self.is_empty_element:
            while not (self.node_type is XmlNodeType.END_ELEMENT and self._node()[1] is el):
                self.read()
        self.read()

    def read_string(self) -> str:
        """The text at the current position (concatenated, without moving past an element)."""
        parts = []
        if self.node_type is XmlNodeType.ELEMENT and not self.is_empty_element:
            self.read()
        while self.node_type in (XmlNodeType.TEXT, XmlNodeType.COMMENT,
                                 XmlNodeType.PROCESSING_INSTRUCTION):
            if self.node_type is XmlNodeType.TEXT:
                parts.append(self.value)
            self.read()
        return "".join(parts)

    def read_element_content_as_string(self, name: str | None = None,
                                       ns: str | None = None) -> str:
        """The text of a simple element, then past its end (.NET refuses child elements)."""
        self._expect_start(name, ns)
        if self.is_empty_element:
            self.read()
            return ""
        self.read()
        text = self.read_string()
        if self.node_type is not XmlNodeType.END_ELEMENT:
            raise self._fail(f"ReadElementContentAsString method is not supported on node "
                             f"type {self.node_type.value}")
        self.read()
        return text

    def read_element_string(self, name: str | None = None, ns: str | None = None) -> str:
        """Same as :meth:`read_element_content_as_string` (.NET's older name)."""
        return self.read_element_content_as_string(name, ns)

    def read_element_content_as_base64(self, buffer: bytearray | memoryview, index: int,
                                       count: int) -> int:
        """Decode the next bytes of the current element's base64 text into
        ``buffer[index:index + count]``: the number written, 0 once the element is done
        (then the reader is past its end). Only what is asked for is decoded."""
        if self._b64_text is None:
            self._expect_start(None, None)
            if self.is_empty_element:
                self.read()
                return 0
            self.read()
            text = self.read_string()
            if self.node_type is not XmlNodeType.END_ELEMENT:
                raise self._fail("ReadElementContentAsBase64 found an element inside the "
                                 "base64 text")
            self._b64_text = "".join(text.split())
            self._b64_offset = 0
            self._b64_pending = b""
            if any(c not in _BASE64_ALPHABET for c in self._b64_text) or len(
                    self._b64_text) % 4:
                raise self._fail("the text is not valid base64")
        text, offset, pending = self._b64_text, self._b64_offset, self._b64_pending
        if offset >= len(text) and not pending:
            self._b64_text = None
            self.read()  # past the end element
            return 0
        need = max(count - len(pending), 0)
        piece = text[offset:offset + -(-need // 3) * 4]
        try:
            data = pending + base64.b64decode(piece, validate=True)
        except binascii.Error as exc:
            raise self._fail(f"the text is not valid base64: {exc}") from None
        # Fill the buffer as .NET does; bytes decoded beyond count wait for the next call.
        buffer[index:index + min(count, len(data))] = data[:count]
        self._b64_pending = data[count:]
        self._b64_offset = offset + len(piece)
        return min(count, len(data))
