"""Writing: .NET's XmlSerializationWriter over an emulation of its ``XmlTextWriter``.

``XmlSerializer.Serialize(Stream)`` on .NET Framework writes through an indented
``XmlTextWriter``; its namespace bookkeeping decides every prefix (``d1p1``, ``q1``...), so it
is reproduced here rule for rule rather than delegated to lxml.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from serialkit.xml import xsd
from serialkit.xml.custom import XmlWriter
from serialkit.xml.errors import XmlFormatError
from serialkit.xml.mapping import (
    NOTHING,
    ArrayMapping,
    ElementAccessor,
    EnumMapping,
    MemberMapping,
    NodeMapping,
    ObjectMapping,
    SerializableMapping,
    StructMapping,
    XmlMapping,
    class_levels,
    element_levels,
)
from serialkit.xml.namespaces import XSD_NS, XSI_NS, XmlSerializerNamespaces
from serialkit.xml.parser import DEFAULT_MAX_DEPTH

__all__ = ["TextWriter", "write_document"]

XML_NS = "http://www.w3.org/XML/1998/namespace"


class _Frame:
    """One open element (a plain class: one is made per element written, and attrs'
    ``__init__`` with defaults costs more)."""

    __slots__ = ("default_ns", "default_pending", "empty", "mixed", "open", "prefix_count",
                 "prev_ns_top", "qname")

    def __init__(self, qname: str, default_ns: str, prev_ns_top: int,
                 open: bool = True) -> None:
        self.qname = qname
        self.default_ns = default_ns
        self.prev_ns_top = prev_ns_top
        self.default_pending = False
        self.prefix_count = 0
        self.mixed = False
        self.open = open
        self.empty = True


#: What stands in ``TextWriter.frames`` for an element written without a frame, below one
#: given a frame (``_Writer.enter``): never the innermost, so never read.
_FILLER = _Frame("", "", 0, open=False)


class _Pads(dict[int, str]):
    """depth -> what goes before an element's tag at that depth (its line break and
    indentation; nothing when not indenting), made on first use."""

    def __init__(self, indent: str | None, newline: str) -> None:
        super().__init__()
        self.indent = indent
        self.newline = newline

    def __missing__(self, depth: int) -> str:
        pad = "" if self.indent is None else self.newline + self.indent * depth
        self[depth] = pad
        return pad


@attrs.define
class _Ns:
    prefix: str
    ns: str
    declared: bool


#: The characters ``_escape`` changes (or refuses) in text, and in an attribute value: most
#: strings have none and are written as they are, without the loop over their characters.
_TEXT_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


#: ``_TEXT_SPECIAL.search``, one object (generated code holds it as a constant).
_text_special = _TEXT_SPECIAL.search


def _escape(text: str, attribute: bool) -> str:
    if (_ATTR_SPECIAL if attribute else _TEXT_SPECIAL).search(text) is None:
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == '"' and attribute:
            out.append("&quot;")
        elif (ch in "\n\r" and attribute) or (code < 0x20 and ch not in "\t\n\r") or code in (
                0xFFFE, 0xFFFF):
            out.append(f"&#x{code:X};")
        elif 0xD800 <= code <= 0xDFFF:
            raise XmlFormatError(f"the character U+{code:04X} (a lone surrogate) cannot be "
                                 "written to XML")
        else:
            out.append(ch)
    return "".join(out)


class _Bounded:
    """The TextWriter as an IXmlSerializable's ``write_xml`` sees it: an element it would
    start deeper than ``max_depth`` is refused, so that what is written reads back."""

    def __init__(self, w: TextWriter, max_depth: int,
                 too_deep: Callable[[], XmlFormatError]) -> None:
        self._w = w
        self._max_depth = max_depth
        self._too_deep = too_deep

    def start_element(self, prefix: str | None, local: str, ns: str | None) -> None:
        """``TextWriter.start_element``, within ``max_depth``."""
        if len(self._w.frames) > self._max_depth:  # (frames[0]: the document)
            raise self._too_deep()
        self._w.start_element(prefix, local, ns)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._w, name)


class TextWriter:
    """.NET's ``XmlTextWriter`` (indented): where its namespaces and whitespace go."""

    def __init__(self, indent: str | None = "  ", newline: str = "\n") -> None:
        self.out: list[str] = []
        self.indent = indent
        self.newline = newline
        self.frames: list[_Frame] = [_Frame("", "", 0, open=False)]
        self.ns_stack: list[_Ns] = []
        #: How many entries of ``ns_stack`` bind each namespace: a namespace absent here has
        #: no prefix in scope, which is what most elements find (without a scan).
        self.ns_count: dict[str, int] = {}

    def raw(self, text: str) -> None:
        """Write text as is (the XML declaration)."""
        self.out.append(text)

    def text(self) -> str:
        """Everything written so far."""
        return "".join(self.out)

    # namespace lookups
    def lookup_namespace(self, prefix: str) -> str | None:
        """The namespace bound to ``prefix`` in scope."""
        if prefix == "xml":
            return XML_NS
        for entry in reversed(self.ns_stack):
            if entry.prefix == prefix:
                return entry.ns
        return None

    def _bound_index(self, prefix: str) -> int:
        for i in range(len(self.ns_stack) - 1, -1, -1):
            if self.ns_stack[i].prefix == prefix:
                return i
        return -1

    def _pending(self, prefix: str, ns: str) -> _Ns | None:
        """The binding of ``prefix`` to ``ns`` that the open start tag will declare at its
        end (made by ``start_element`` for its prefix), or None."""
        frame = self.frames[-1]
        if not frame.open:
            return None
        for entry in self.ns_stack[frame.prev_ns_top:]:
            if entry.prefix == prefix and entry.ns == ns and not entry.declared:
                return entry
        return None

    def pending(self, prefix: str, ns: str) -> bool:
        """True when the open start tag has yet to declare ``prefix`` as ``ns``."""
        return self._pending(prefix, ns) is not None

    def _push_ns(self, prefix: str, ns: str, declared: bool) -> None:
        self.ns_stack.append(_Ns(prefix, ns, declared))
        self.ns_count[ns] = self.ns_count.get(ns, 0) + 1

    def _pop_ns(self, top: int) -> None:
        """Forget the bindings made since ``ns_stack`` was ``top`` entries long."""
        if len(self.ns_stack) > top:
            for entry in self.ns_stack[top:]:
                left = self.ns_count[entry.ns] - 1
                if left:
                    self.ns_count[entry.ns] = left
                else:
                    del self.ns_count[entry.ns]
            del self.ns_stack[top:]

    def find_prefix(self, ns: str) -> str | None:
        """The innermost prefix still bound to ``ns``."""
        if ns not in self.ns_count:
            return None
        for i in range(len(self.ns_stack) - 1, -1, -1):
            entry = self.ns_stack[i]
            if entry.ns == ns and self._bound_index(entry.prefix) == i:
                return entry.prefix
        return None

    def lookup_prefix(self, ns: str) -> str | None:
        """``XmlTextWriter.LookupPrefix``: a prefix, "" for the default namespace, or None."""
        found = self.find_prefix(ns)
        if found is None and ns == self.frames[-1].default_ns:
            return ""
        return found

    def _close_start(self) -> None:
        frame = self.frames[-1]
        if frame.open:
            self._end_start_tag(empty=False)

    def _end_start_tag(self, empty: bool) -> None:
        frame = self.frames[-1]
        if len(self.ns_stack) > frame.prev_ns_top:
            for entry in reversed(self.ns_stack[frame.prev_ns_top:]):
                if not entry.declared:
                    self.out.append(f' xmlns:{entry.prefix}="{_escape(entry.ns, True)}"')
                    entry.declared = True
        if frame.default_pending:
            self.out.append(f' xmlns="{_escape(frame.default_ns, True)}"')
            frame.default_pending = False
        self.out.append(" />" if empty else ">")
        frame.open = False

    def start_element(self, prefix: str | None, local: str, ns: str | None) -> None:
        """``WriteStartElement(prefix, localName, ns)``."""
        parent = self.frames[-1]
        if parent.open:
            self._end_start_tag(empty=False)
        parent.empty = False
        depth = len(self.frames) - 1
        # The line break and indentation go out with the tag (one string, not two).
        pad = self.newline + self.indent * depth if self.indent is not None and \
            not parent.mixed and (depth > 0 or self.out) else ""
        frame = _Frame("", parent.default_ns, len(self.ns_stack))
        self.frames.append(frame)
        if ns is not None:
            if prefix is None:
                found = self.find_prefix(ns)
                if found is not None:
                    prefix = found
                elif ns != frame.default_ns:
                    frame.default_ns, frame.default_pending = ns, True
            elif prefix == "":
                if ns != frame.default_ns:
                    frame.default_ns, frame.default_pending = ns, True
            elif self.lookup_namespace(prefix) != ns:
                self._push_ns(prefix, ns, False)
        frame.qname = f"{prefix}:{local}" if prefix else local
        self.out.append(f"{pad}<{frame.qname}")

    def attribute(self, prefix: str | None, local: str, ns: str | None, value: str) -> None:
        """``WriteAttributeString(prefix, localName, ns, value)``."""
        frame = self.frames[-1]
        if prefix == "xmlns" or (prefix in (None, "") and local == "xmlns"):
            if prefix == "xmlns":
                own = self._pending(local, value)
                if own is not None:
                    own.declared = True  # the element's own prefix, declared here, not after
                else:
                    self._push_ns(local, value, True)
            else:
                frame.default_ns, frame.default_pending = value, False
            name = f"xmlns:{local}" if prefix == "xmlns" else "xmlns"
            self.out.append(f' {name}="{_escape(value, True)}"')
            return
        if ns:
            if prefix is None:
                # xml: is bound in every document (LookupPrefix gives it for XML_NS).
                prefix = "xml" if ns == XML_NS else self.find_prefix(ns)
                if not prefix:
                    frame.prefix_count += 1
                    prefix = f"d{len(self.frames) - 1}p{frame.prefix_count}"
                    self._push_ns(prefix, ns, False)
            elif self.lookup_namespace(prefix) != ns:
                self._push_ns(prefix, ns, False)
        name = f"{prefix}:{local}" if prefix else local
        self.out.append(f' {name}="{_escape(value, True)}"')

    def string(self, text: str) -> None:
        """``WriteString``: nothing for "" (the element stays empty)."""
        if not text:
            return
        frame = self.frames[-1]
        if frame.open:
            self._close_start()
        frame.mixed = True
        frame.empty = False
        self.out.append(_escape(text, False))

    def full_end_element(self) -> None:
        """``WriteFullEndElement``: always an end tag, ``<x></x>`` when empty."""
        frame = self.frames[-1]
        if frame.open:
            self._end_start_tag(empty=False)
            self.out.append(f"</{frame.qname}>")
            self.frames.pop()
            self._pop_ns(frame.prev_ns_top)
            return
        self.end_element()

    def comment(self, text: str) -> None:
        """``WriteComment``: ``<!--text-->`` (indented like an element)."""
        self._node_start()
        self.out.append(f"<!--{text}-->")

    def processing_instruction(self, target: str, text: str) -> None:
        """``WriteProcessingInstruction``: ``<?target text?>``."""
        self._node_start()
        self.out.append(f"<?{target} {text}?>" if text else f"<?{target}?>")

    def _node_start(self) -> None:
        parent = self.frames[-1]
        if parent.open:
            self._close_start()
        parent.empty = False
        depth = len(self.frames) - 1
        if self.indent is not None and not parent.mixed and (depth > 0 or self.out):
            self.out.append(self.newline + self.indent * depth)

    def end_element(self, mark: int = -1) -> None:
        """``WriteEndElement``: ``<x />`` when nothing was written inside. ``mark``: the
        length of ``out`` when generated code closed the start tag itself (then nothing
        written since also gives ``<x />``)."""
        frame = self.frames[-1]
        if frame.open:
            self._end_start_tag(empty=True)
        elif len(self.out) == mark:
            self.out[-1] = " />"  # the ">" that closed it
        elif self.indent is not None and not frame.mixed:
            depth = len(self.frames) - 2
            self.out.append(f"{self.newline}{self.indent * depth}</{frame.qname}>")
        else:
            self.out.append(f"</{frame.qname}>")
        self.frames.pop()
        if len(self.ns_stack) > frame.prev_ns_top:
            self._pop_ns(frame.prev_ns_top)


class _Writer:
    """XmlSerializationWriter: the mapping walked over one object graph."""

    def __init__(self, w: TextWriter, mapping: XmlMapping,
                 namespaces: XmlSerializerNamespaces | None,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> None:
        self.w = w
        self.max_depth = max_depth
        #: The deepest a class element may start (0: the root, at level 1), so that its
        #: members are within ``max_depth`` levels.
        self.class_depth = max_depth - 2
        #: id of a class mapping -> its ``class_levels`` (the mapping outlives the writer).
        self.levels_of: dict[int, int] = {}
        self.mapping = mapping
        self.namespaces: XmlSerializerNamespaces | None = namespaces
        self.temp_prefix = 0
        self.in_use: set[int] = set()
        #: The path of an error: "$" here; the literal writers add each step to the error
        #: passing through (``unwind``), the encoded writer keeps its steps here.
        self.path: list[str] = ["$"]
        #: The last error made by ``error``: the one ``unwind`` adds steps to.
        self.failing: XmlFormatError | None = None
        #: depth -> the line break and indentation before an element at that depth.
        self.pads = _Pads(w.indent, w.newline)

    def error(self, message: str) -> XmlFormatError:
        exc = XmlFormatError(f"There was an error generating the XML document: {message}",
                             path="".join(self.path))
        self.failing = exc
        return exc

    def unwind(self, exc: BaseException, step: str | None, index: int | None = None) -> None:
        """Add the step being written (``.member``, and ``[index]`` for an item) to the path
        of an error made by ``error`` that is passing through."""
        if exc is self.failing and step is not None and self.failing.path is not None:
            here = step if index is None else f"{step}[{index}]"
            self.failing.path = f"${here}{self.failing.path[1:]}"

    def value_error(self, exc: ValueError, step: str | None,
                    index: int | None) -> XmlFormatError:
        """The error for a value that cannot be written, raised at ``step``."""
        error = self.error(str(exc))
        self.unwind(error, step, index)
        return error

    def levels(self, m: StructMapping) -> int:
        """``class_levels(m)``, worked out once per mapping."""
        found = self.levels_of.get(id(m))
        if found is None:
            found = self.levels_of[id(m)] = class_levels(m)
        return found

    def too_deep(self, obj: Any) -> XmlFormatError:
        """The error for a class element that would put its members deeper than
        ``max_depth`` levels (made without the path: it would name every level)."""
        return XmlFormatError(
            "There was an error generating the XML document: the objects are nested deeper "
            f"than {self.max_depth} elements (XmlSerializer.max_depth), at an object of type "
            f"{type(obj).__qualname__}")

    def circular(self, obj: Any) -> XmlFormatError:
        return self.error("A circular reference was detected while serializing an object of "
                          f"type {type(obj).__qualname__}.")

    def enter(self, frame: _Frame | None, depth: int, qname: str, ns: str) -> int | None:
        """Give an element that generated code writes without a frame (``frame`` is None)
        the frame the TextWriter would have made for it, at ``depth``, its start tag closed:
        the TextWriter is about to write into it. Returns what ``leave`` takes."""
        if frame is not None:
            return None
        frames = self.w.frames
        base = len(frames)
        assert base <= depth + 1, "frames left behind by a child"
        if base <= depth:
            # The elements around it are written without frames too: only the innermost
            # frame and the number of frames (the depth) matter to the TextWriter.
            frames.extend([_FILLER] * (depth + 1 - base))
        new = _Frame(qname, ns, len(self.w.ns_stack), open=False)
        new.empty = False
        frames.append(new)
        return base

    def leave(self, base: int | None) -> None:
        """Undo ``enter``."""
        if base is not None:
            del self.w.frames[base:]

    def finish(self, frame: _Frame, mark: int, obj: Any) -> None:
        """End the element of ``frame``, whose start tag generated code closed when ``out``
        held ``mark`` strings: ``<x />`` if nothing was written since (``end_element`` once
        the start tag is closed)."""
        assert frame is self.w.frames[-1]
        self.w.end_element(mark)
        if obj is not None:
            self.in_use.discard(id(obj))

    def next_prefix(self) -> str:
        used = {p for p, _ in self.namespaces} if self.namespaces else set()
        while True:
            self.temp_prefix += 1
            prefix = f"q{self.temp_prefix}"
            if prefix not in used:
                return prefix

    def start(self, name: str, ns: str, obj: Any = None, write_prefixed: bool = False,
              xmlns: XmlSerializerNamespaces | None = None, levels: int = 2) -> None:
        """The start tag of an element; with ``obj``, a class element whose members take
        ``levels`` levels with it (``class_levels``), refused where they pass max_depth."""
        if obj is not None:
            if id(obj) in self.in_use:
                raise self.circular(obj)
            # (frames[0] is the document: len(frames) is the level this element starts at)
            if len(self.w.frames) - 1 > self.max_depth - levels:
                raise self.too_deep(obj)
            self.in_use.add(id(obj))
        if self.namespaces is None and xmlns is None and not write_prefixed:
            # Every element below the root: what the rest comes to with nothing to declare.
            self.w.start_element(None, name, ns)
            return
        prefix: str | None = None
        need_empty_default = False
        top = self.namespaces
        if top is not None:
            for alias, alias_ns in top:
                if alias and alias_ns == ns:
                    prefix = alias
                if not alias:
                    if not alias_ns:
                        need_empty_default = True
                    if ns != alias_ns:
                        write_prefixed = True
        if write_prefixed and prefix is None and ns:
            prefix = self.w.lookup_prefix(ns)
            if not prefix:
                prefix = self.next_prefix()
        if prefix is None and xmlns is not None:
            prefix = xmlns.lookup_prefix(ns)
        if need_empty_default and prefix is None and ns:
            prefix = self.next_prefix()
        self.w.start_element(prefix, name, ns)
        if top is not None:
            for alias, alias_ns in top:
                if not alias and not alias_ns:
                    continue
                if not alias_ns:
                    if alias:
                        raise self.error(f"Invalid namespace declaration 'xmlns:{alias}=''': "
                                         "a prefix cannot be bound to the empty namespace")
                    self.w.attribute(None, "xmlns", None, alias_ns)
                elif self.w.lookup_prefix(alias_ns) is None:
                    if prefix is None and not alias:
                        break
                    if alias:
                        self.w.attribute("xmlns", alias, None, alias_ns)
                    else:
                        self.w.attribute(None, "xmlns", None, alias_ns)
        self.namespaces = None
        if xmlns is not None:
            for alias, alias_ns in xmlns:
                old = self.w.lookup_prefix(alias_ns) if alias_ns else None
                if old is None or old != alias:
                    if alias:
                        self.w.attribute("xmlns", alias, None, alias_ns)
                    else:
                        self.w.attribute(None, "xmlns", None, alias_ns)

    def end(self, obj: Any = None) -> None:
        self.w.end_element()
        if obj is not None:
            self.in_use.discard(id(obj))

    def attr(self, local: str, ns: str, value: str) -> None:
        if ns == XML_NS:
            prefix = self.w.lookup_prefix(ns) or "xml"
            self.w.attribute(prefix, local, ns, value)
        else:
            self.w.attribute(None, local, ns or None, value)

    def qualified(self, name: str, ns: str) -> str:
        if not ns:
            return name
        prefix = self.w.lookup_prefix(ns)
        if prefix is None:
            prefix = self.next_prefix()
            self.w.attribute("xmlns", prefix, None, ns)
        elif prefix == "":
            return name
        return f"{prefix}:{name}"

    def xsi_type(self, name: str, ns: str) -> None:
        self.attr("type", XSI_NS, self.qualified(name, ns))

    def null_tag(self, name: str, ns: str) -> None:
        self.start(name, ns)
        self.attr("nil", XSI_NS, "true")
        self.end()

    def element_string(self, name: str, ns: str, value: str,
                       xsi: tuple[str, str] | None = None) -> None:
        self.w.start_element(None, name, ns)
        if xsi is not None:
            self.xsi_type(*xsi)
        self.w.string(value)
        self.w.end_element()

    # -- values -------------------------------------------------------------------------
    def simple(self, mapping: Any, value: Any) -> str:
        try:
            return str(mapping.format(value))
        except ValueError as exc:
            raise self.error(str(exc)) from None

    def document(self, obj: Any) -> None:
        root = self.mapping.root
        m = root.mapping
        if isinstance(m, NodeMapping):
            # An lxml element root is written as the element itself, no wrapper and no
            # xsi/xsd declarations; None as nothing but the XML declaration (Mono).
            if obj is not None:
                if not isinstance(getattr(obj, "tag", None), str):
                    raise self.error("an lxml element was expected, not "
                                     f"{type(obj).__qualname__}")
                self.node(obj)
            return
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            if obj is None:
                if not root.is_nullable and isinstance(m, EnumMapping):
                    self.start(root.name, root.namespace)  # <Color xmlns:xsi=... />
                    self.end()
                elif not root.is_nullable:
                    self.w.start_element(None, root.name, root.namespace)  # <int />
                    self.w.end_element()
                elif m.is_value_type:
                    self.null_tag(root.name, root.namespace)  # int | None
                else:
                    # string, bytes: WriteNullTagLiteral with no xsi prefix in scope (d1p1)
                    self.w.start_element(None, root.name, root.namespace)
                    self.attr("nil", XSI_NS, "true")
                    self.w.end_element()
            else:
                self.element_string(root.name, root.namespace, self.simple(m, obj))
            return
        if isinstance(m, ArrayMapping) and element_levels(m) > self.max_depth:
            raise self.too_deep(obj)
        if obj is None:
            if root.is_nullable:
                self.null_tag(root.name, root.namespace)
            else:  # XmlRoot(is_nullable=False): an empty element, as .NET writes it
                self.start(root.name, root.namespace)
                self.end()
            return
        self.element(root, obj)

    def element(self, acc: ElementAccessor, value: Any) -> None:
        m = acc.mapping
        if value is None:
            if acc.is_nullable:
                self.null_tag(acc.name, acc.namespace)
            return
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            self.element_string(acc.name, acc.namespace, self.simple(m, value))
        elif isinstance(m, StructMapping):
            self.struct(acc.name, acc.namespace, m, value)
        elif isinstance(m, ArrayMapping):
            self.start(acc.name, acc.namespace)
            self.items(m, value)
            self.end()
        elif isinstance(m, ObjectMapping):
            self.any_value(acc.name, acc.namespace, value)
        elif isinstance(m, SerializableMapping):
            self.serializable(acc.name, acc.namespace, value)
        elif isinstance(m, NodeMapping):
            self.wrapped_node(acc.name, acc.namespace, value)

    def wrapped_node(self, name: str, ns: str, value: Any) -> None:
        """An lxml element member without XmlAnyElement: the element wrapping the node, as
        .NET writes an ``XmlElement`` member."""
        if not isinstance(getattr(value, "tag", None), str):
            raise self.error(f"an lxml element was expected, not {type(value).__qualname__}")
        self.w.start_element(None, name, ns)
        self.node(value)
        self.w.end_element()

    def serializable(self, name: str, ns: str, value: Any) -> None:
        """IXmlSerializable: the wrapper element here, its content from ``write_xml``."""
        if id(value) in self.in_use:
            raise self.circular(value)
        if len(self.w.frames) - 1 > self.class_depth:
            raise self.too_deep(value)
        self.in_use.add(id(value))
        self.w.start_element(None, name, ns)
        writer = XmlWriter(_Bounded(self.w, self.max_depth, lambda: self.too_deep(value)))
        depth = len(self.w.frames)
        value.write_xml(writer)
        writer.flush()
        if len(self.w.frames) != depth:
            raise self.error(f"{type(value).__qualname__}.write_xml left "
                             f"{len(self.w.frames) - depth} element(s) open or closed too many")
        self.w.end_element()
        self.in_use.discard(id(value))

    def items(self, m: ArrayMapping, value: Any) -> None:
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            raise self.error(f"a collection was expected, not {type(value).__qualname__}")
        for index, item in enumerate(value):
            try:
                if item is None:
                    acc = m.items[0]
                    if acc.is_nullable:
                        self.null_tag(acc.name, acc.namespace)
                else:
                    self.element(self.choose(m.items, item), item)
            except XmlFormatError as exc:
                self.unwind(exc, "", index)
                raise

    def choose(self, choices: list[ElementAccessor], value: Any) -> ElementAccessor:
        if len(choices) == 1:
            return choices[0]
        cls = type(value)
        for acc in choices:
            if acc.py is cls:
                return acc
        for acc in choices:
            if isinstance(acc.mapping, StructMapping) and acc.mapping.find_derived(cls):
                return acc
        for acc in choices:
            if isinstance(acc.mapping, ObjectMapping):
                return acc
        raise self.error(f"The type {cls.__qualname__} was not expected: no element of this "
                         "member maps it (add XmlElement(name, type))")

    def struct(self, name: str, ns: str, declared: StructMapping, value: Any,
               need_type: bool = False) -> None:
        m = declared
        cls = type(value)
        if cls is not declared.cls:
            try:
                found = self.mapping.pick(declared.derived_of(cls), value)
            except ValueError as exc:
                raise self.error(str(exc)) from None
            if found is None:
                raise self.error(
                    f"The type {cls.__qualname__} was not expected. Use XmlInclude or "
                    "extra_types to specify types that are not known statically.")
            m, need_type = found, True
        self.struct_body(name, ns, m, value, need_type)

    def struct_body(self, name: str, ns: str, m: StructMapping, value: Any,
                    need_type: bool) -> None:
        """The element of ``value``, whose mapping is ``m`` (generated code replaces this)."""
        xmlns = getattr(value, m.xmlns_member, None) if m.xmlns_member is not None else None
        self.start(name, ns, value, False, xmlns, self.levels(m))
        if need_type:
            self.xsi_type(m.type_name, m.namespace)
        members = m.all_members()
        for mm in members:
            if mm.kind == "anyattr" and self.emit(mm, value):
                self.any_attributes(getattr(value, mm.name, None))
            if mm.kind == "attribute" and mm.attribute is not None and self.emit(mm, value):
                v = getattr(value, mm.name, None)
                if v is None:
                    continue
                acc = mm.attribute
                if acc.is_list:
                    text = " ".join(self.simple(acc.mapping, x) for x in v)
                else:
                    text = self.simple(acc.mapping, v)
                self.attr(acc.name, acc.namespace, text)
        for mm in members:
            if mm.kind in ("attribute", "xmlns", "anyattr") or not self.emit(mm, value):
                continue
            v = getattr(value, mm.name, None)
            index = None
            try:
                if mm.kind == "any":
                    self.any_elements(mm, v)
                elif mm.choice is not None:
                    self.choice(mm, value, v)
                elif mm.kind == "text":
                    if v is not None:
                        if isinstance(v, list | tuple):
                            for part in v:
                                self.w.string(self.simple(mm.text, part))
                        else:
                            self.w.string(self.simple(mm.text, v))
                elif mm.kind == "flat":
                    if v is not None:
                        # (index: read by the except clause, for the path)
                        for index, item in enumerate(v):  # noqa: B007
                            if item is not None:
                                self.element(self.choose(mm.elements, item), item)
                            elif mm.elements[0].is_nullable:
                                # .NET: <F xsi:nil="true" /> for a null item of a nullable
                                # flat list (read back as None)
                                self.null_tag(mm.elements[0].name, mm.elements[0].namespace)
                        index = None
                elif len(mm.elements) == 1 or v is None:
                    self.element(mm.elements[0], v)
                else:
                    self.element(self.choose(mm.elements, v), v)
            except XmlFormatError as exc:
                self.unwind(exc, f".{mm.name}", index)
                raise
        self.end(value)

    # -- XmlAnyAttribute, XmlAnyElement, XmlChoiceIdentifier --------------------------------
    def any_attributes(self, attributes: Any) -> None:
        """An ``XmlAnyAttribute`` dict: ``{ns}local`` (or ``local``) -> value, in order.

        As .NET's ``WriteAttribute(name, ns, value)``: a prefix the dict remembers (an
        :class:`XmlAttributeMap` read from a document) is kept, else one in scope is used,
        else one is generated; ``xmlns`` declarations are never written from here.
        """
        if not attributes:
            return
        prefixes: dict[str, str] = getattr(attributes, "prefixes", None) or {}
        for key, text in attributes.items():
            ns, local = _split_clark(key)
            if ns == XMLNS_NS or (not ns and local == "xmlns"):
                continue
            if text is None:
                continue
            if ns == XML_NS:
                self.w.attribute(self.w.lookup_prefix(ns) or "xml", local, ns, str(text))
            elif ns and prefixes.get(ns):
                self.w.attribute(prefixes[ns], local, ns, str(text))
            else:
                self.w.attribute(None, local, ns or None, str(text))

    def any_elements(self, mm: MemberMapping, value: Any) -> None:
        """An ``XmlAnyElement`` member: each lxml element written as .NET's ``WriteTo``; in
        mixed content (``mm.mixed``) each ``str`` too, as a text node."""
        if value is None:
            return
        items = value if mm.any_is_list else [value]
        for index, el in enumerate(items):
            if el is None:
                continue
            if isinstance(el, str):
                if not mm.mixed:
                    raise self.error(f"[{index}]: a text needs an XmlText XmlAnyElement "
                                     "(mixed content) member")
                self.w.string(el)  # XmlText.WriteTo: the element is mixed from here on
                continue
            if not isinstance(el.tag, str):
                self.node(el)
                continue
            ns, local = _split_clark(el.tag)
            if not any(a.matches(ns, local) for a in mm.any_elements):
                named = next((a for a in mm.any_elements if a.name is not None), None)
                raise self.error(
                    f"[{index}]: This element was named '{local}' from namespace '{ns}' but "
                    f"should have been named '{named.name if named else ''}' from namespace "
                    f"'{named.namespace if named else ''}'.")
            self.node(el)

    def node(self, el: Any) -> None:
        """One lxml node and its content (``XmlNode.WriteTo``); iterative, any depth."""
        stack: list[tuple[Any, bool]] = [(el, False)]
        while stack:
            node, closing = stack.pop()
            if closing:
                self.w.end_element()
                if node.tail and node is not el:
                    self.w.string(node.tail)
                continue
            tag = node.tag
            if not isinstance(tag, str):
                if tag is _comment_tag():
                    self.w.comment(node.text or "")
                elif tag is _pi_tag():
                    self.w.processing_instruction(node.target, node.text or "")
                if node.tail and node is not el:
                    self.w.string(node.tail)
                continue
            if len(self.w.frames) > self.max_depth:
                raise self.too_deep(el)
            ns, local = _split_clark(tag)
            prefix = node.prefix or ""
            if _LXML_PREFIX.fullmatch(prefix) and ns:
                prefix = ""  # lxml's invented ns0, ns1...: .NET's element has no prefix
            self.w.start_element(prefix, local, ns)
            parent = node.getparent()
            inherited = parent.nsmap if parent is not None else {}
            used = {_split_clark(k)[0] for k in node.attrib}
            for prefix, uri in node.nsmap.items():
                if prefix is None or inherited.get(prefix) == uri or uri in used:
                    continue
                if prefix == node.prefix:
                    # .NET's XmlElement.WriteTo writes the declaration of the element's own
                    # prefix among its attributes (where the DOM has it), not at the tag's end.
                    if self.w.pending(prefix, uri):
                        self.w.attribute("xmlns", prefix, None, uri)
                    continue
                if self.w.lookup_namespace(prefix) != uri:
                    self.w.attribute("xmlns", prefix, None, uri)
            for key, text in node.attrib.items():
                a_ns, a_local = _split_clark(key)
                if a_ns:
                    a_prefix = next((p for p, u in node.nsmap.items() if u == a_ns and p), None)
                    self.w.attribute(a_prefix, a_local, a_ns, text)
                else:
                    self.w.attribute(None, a_local, None, text)
            if node.text:
                self.w.string(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))

    def choice(self, mm: MemberMapping, obj: Any, value: Any) -> None:
        """A member whose element name the ``XmlChoiceIdentifier`` enum member chooses."""
        choice = mm.choice
        assert choice is not None
        if value is None:
            return
        ident = getattr(obj, choice.member, None)
        type_name = choice.enum.type_name + ("[]" if choice.is_list else "")
        if not choice.is_list:
            self.choice_item(mm, value, ident, type_name)
            return
        idents = list(ident) if ident is not None else []
        for index, item in enumerate(value):
            if index >= len(idents):
                raise self.error(f"Invalid or missing value of the choice identifier "
                                 f"'{choice.member}' of type '{type_name}'.")
            if item is not None:
                try:
                    self.choice_item(mm, item, idents[index], type_name)
                except XmlFormatError as exc:
                    self.unwind(exc, "", index)
                    raise

    def choice_item(self, mm: MemberMapping, value: Any, ident: Any, type_name: str) -> None:
        choice = mm.choice
        assert choice is not None
        acc = choice.by_value.get(ident)
        if acc is None:
            raise self.error(f"Invalid or missing value of the choice identifier "
                             f"'{choice.member}' of type '{type_name}'.")
        if not _fits(acc, value):
            wanted = next((f"{choice.enum.type_name}.@{choice.enum.to_xml[v]}"
                           for v, a in choice.by_value.items() if _fits(a, value)), "?")
            raise self.error(f"Value of {choice.member} mismatches the type of "
                             f"{type(value).__qualname__}; you need to set it to {wanted}.")
        self.element(acc, value)

    def emit(self, mm: MemberMapping, obj: Any) -> bool:
        if mm.should_serialize is not None and not getattr(obj, mm.should_serialize)():
            return False
        if mm.specified is not None and not getattr(obj, mm.specified, False):
            return False
        return mm.default is NOTHING or not is_default(getattr(obj, mm.name, None), mm.default)

    def any_value(self, name: str, ns: str, value: Any) -> None:
        cls = type(value)
        prim = _typed_primitive(value)
        if prim is not None:
            self.w.start_element(None, name, ns)
            self.xsi_type(prim.type_name, prim.namespace)
            self.w.string(self.simple(prim, value))
            self.w.end_element()
            return
        try:
            found = self.mapping.pick([m for m in self.mapping.structs if m.cls is cls], value)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        if found is None:
            found = self.mapping.mapping_of(cls)  # an enum, or None
        if isinstance(found, StructMapping):
            self.struct(name, ns, found, value, need_type=True)
            return
        if isinstance(found, EnumMapping):
            self.w.start_element(None, name, ns)
            self.xsi_type(found.type_name, found.namespace)
            self.w.string(self.simple(found, value))
            self.w.end_element()
            return
        raise self.error(f"The type {cls.__qualname__} was not expected. Use XmlInclude or "
                         "extra_types to specify types that are not known statically.")


XMLNS_NS = "http://www.w3.org/2000/xmlns/"

#: The numeric types among which a ``DefaultValue`` compares by value (bool apart).
_NUMBERS = (int, float, Decimal)


def is_default(value: Any, default: Any) -> bool:
    """True when ``value`` is the member's ``DefaultValue``, so it is not written.

    .NET converts the default to the member's type when it builds the writer, so
    ``DefaultValue(5)`` on a double omits 5.0. Values of different types are not equal here
    otherwise (``True`` is not the default 1, an enum member not its number).
    """
    if value.__class__ is default.__class__:
        return bool(value == default)
    if isinstance(value, _NUMBERS) and isinstance(default, _NUMBERS) and not isinstance(
            value, bool | enum.Enum) and not isinstance(default, bool | enum.Enum):
        return bool(value == default)
    return False
_LXML_PREFIX = re.compile(r"ns\d+")


def _split_clark(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _comment_tag() -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.Comment


def _pi_tag() -> Any:
    from lxml import etree

    return etree.ProcessingInstruction


def _fits(acc: ElementAccessor, value: Any) -> bool:
    """True when ``value`` may be written as the element ``acc`` (a choice's type check)."""
    m = acc.mapping
    if isinstance(m, ObjectMapping) or acc.py is None:
        return True
    if isinstance(m, StructMapping):
        return isinstance(value, m.cls)
    if acc.py is float:
        return isinstance(value, float | int) and not isinstance(value, bool)
    if acc.py is int:
        return isinstance(value, int) and not isinstance(value, bool | enum.Enum)
    if acc.py is list:
        return isinstance(value, list | tuple | set | frozenset)
    return isinstance(value, acc.py)


def _typed_primitive(value: Any) -> xsd.PrimitiveMapping | None:
    if isinstance(value, enum.Enum):
        return None
    if isinstance(value, bool):
        return xsd.BOOLEAN
    if isinstance(value, int):
        return xsd.INTS["int"] if -(2**31) <= value < 2**31 else xsd.INTS["long"]
    table: list[tuple[type, xsd.PrimitiveMapping]] = [
        (str, xsd.STRING), (float, xsd.DOUBLE), (Decimal, xsd.DECIMAL),
        (_dt.datetime, xsd.DATETIME), (_dt.date, xsd.DATE), (_dt.time, xsd.TIME),
        (_dt.timedelta, xsd.DURATION), (bytes, xsd.BASE64), (uuid.UUID, xsd.GUID)]
    for py, mapping in table:
        if isinstance(value, py):
            return mapping
    return None


def write_document(mapping: XmlMapping, obj: Any, namespaces: XmlSerializerNamespaces | None,
                   *, indent: str | None = "  ", newline: str = "\n",
                   xml_declaration: bool = True, encoding: str | None = None,
                   writer: type[_Writer] | None = None,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> str:
    """The document .NET writes for ``obj``, as text (the caller encodes it).

    ``writer`` is the writer class: the interpreter (default) or the generated one.
    ``max_depth``: the most levels of elements the document may have (a class element
    that would put its members deeper is an error).
    """
    w = TextWriter(indent, newline)
    if xml_declaration:
        w.raw('<?xml version="1.0"' + (f' encoding="{encoding}"' if encoding else "") + "?>")
    if namespaces is None or len(namespaces) == 0:
        namespaces = XmlSerializerNamespaces([("xsi", XSI_NS), ("xsd", XSD_NS)])
    (writer or _Writer)(w, mapping, namespaces, max_depth).document(obj)
    return w.text()
