"""``XmlSerializer``: public state to XML and back, as .NET's XmlSerializer does it."""

from __future__ import annotations

import gc
import io
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from serialkit.xml.attributes import XmlRoot
from serialkit.xml.codegen import GeneratedReader, GeneratedWriter
from serialkit.xml.errors import XmlFormatError
from serialkit.xml.mapping import NodeMapping, StructMapping, XmlMapping, build_mapping
from serialkit.xml.namespaces import XmlSerializerNamespaces
from serialkit.xml.overrides import XmlAttributeOverrides
from serialkit.xml.parser import DEFAULT_MAX_DEPTH, parse_document, parse_document_bare
from serialkit.xml.reader import read_document, reads_blank_text
from serialkit.xml.soap_mapping import SoapReflectionImporter, XmlMembersMapping, XmlTypeMapping
from serialkit.xml.writer import write_document

__all__ = ["XmlSerializer"]

#: Use the generated (sgen-like) per-class writers and readers; ``SERIALKIT_XML_GENERATED=0``
#: in the environment selects the interpreter, which gives the same bytes and objects.
GENERATED = os.environ.get("SERIALKIT_XML_GENERATED", "1") != "0"

EventHandler = Callable[[Any], Any]

#: Python frames one level of elements may take in the writers and readers (3 in the
#: interpreter, 1 or 2 in generated code), with room to spare.
_FRAMES_PER_LEVEL = 4

class _RecursionRoom:
    """Python's recursion limit raised for ``levels`` levels of elements while a body runs
    (``with _recursion_room.of(levels):``).

    The writers and readers recurse once per level of the document; Python's default limit
    (1,000 frames) would stop them some 300 levels down, long before ``max_depth``. The limit
    is process-wide, so it is raised while any thread needs it and restored by the last one.
    (Since Python 3.11 a call from Python code to Python code takes no C stack, so the
    higher limit is safe.)
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved = 0

    def of(self, levels: int) -> _Room:
        return _Room(self, levels)

    def enter(self, levels: int) -> None:
        with self.lock:
            if self.users == 0:
                self.saved = sys.getrecursionlimit()
            self.users += 1
            wanted = self.saved + levels * _FRAMES_PER_LEVEL + 100
            if sys.getrecursionlimit() < wanted:
                sys.setrecursionlimit(wanted)

    def leave(self) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0:
                sys.setrecursionlimit(self.saved)


class _Room:
    """One use of :class:`_RecursionRoom` (a plain context manager: cheaper than a
    generator-based one on every call)."""

    __slots__ = ("levels", "room")

    def __init__(self, room: _RecursionRoom, levels: int) -> None:
        self.room = room
        self.levels = levels

    def __enter__(self) -> None:
        self.room.enter(self.levels)

    def __exit__(self, *exc: object) -> None:
        self.room.leave()


_recursion_room = _RecursionRoom()


def _too_deep_for_python(max_depth: int, reading: bool) -> XmlFormatError:
    what = "There is an error in XML document" if reading else \
        "There was an error generating the XML document"
    return XmlFormatError(f"{what}: nested too deeply for Python's recursion limit "
                          f"(XmlSerializer.max_depth is {max_depth}; lower it, or make the "
                          "nesting shallower)")


class XmlSerializer:
    """.NET's ``XmlSerializer`` for one root type.

    The mapping is built (and checked) here, once, and cached per (type, overrides,
    extra types, root, default namespace): a class model XmlSerializer cannot handle fails
    now, with :class:`~serialkit.xml.errors.XmlMappingError`.

    Args:
        cls: the root type (a class, an enum, a primitive or ``list[T]``), or a SOAP-encoded
            mapping from :class:`~serialkit.xml.soap_mapping.SoapReflectionImporter`
            (``import_type_mapping`` or ``import_members_mapping``), as .NET's
            ``new XmlSerializer(XmlTypeMapping)``; see also :meth:`soap`.
        overrides: attributes that replace the declared ones (``XmlAttributeOverrides``).
        extra_types: more types that may appear through ``xsi:type``.
        root: an ``XmlRoot`` replacing the root element's name and namespace.
        default_namespace: the namespace of the root and of types that name none.

    The events ``unknown_element``, ``unknown_attribute``, ``unknown_node`` and
    ``unreferenced_object`` are attributes holding a callable (or None) that receives one
    event-args object.

    ``max_depth`` (an attribute, default 2048) bounds the nesting of elements: a document
    deeper than that is refused when read, and an object graph that would write one when
    written, each with :class:`~serialkit.xml.errors.XmlFormatError` (.NET has no such limit;
    libxml2 never parses deeper than 2048 levels, whatever ``max_depth`` says).
    """

    #: The deepest nesting of elements read or written (see the class docstring).
    max_depth: int = DEFAULT_MAX_DEPTH

    def __init__(self, cls: Any, *, overrides: XmlAttributeOverrides | None = None,
                 extra_types: tuple[type, ...] | list[type] = (), root: XmlRoot | None = None,
                 default_namespace: str | None = None) -> None:
        self.cls = cls
        #: The SOAP-encoded mapping this serializer writes, or None (literal XML).
        self.encoded: XmlTypeMapping | XmlMembersMapping | None = None
        if isinstance(cls, XmlTypeMapping | XmlMembersMapping):
            if overrides is not None or extra_types or root is not None or default_namespace:
                raise TypeError("a mapping already holds its overrides, types and namespace")
            self.encoded = cls
            self.mapping: XmlMapping = cls.mapping
        else:
            self.mapping = build_mapping(cls, overrides, tuple(extra_types), root,
                                         default_namespace)
        #: Whether reading looks at texts of white space alone (worked out on first use).
        self._reads_blank_text: bool | None = None
        self.unknown_element: EventHandler | None = None
        self.unknown_attribute: EventHandler | None = None
        self.unknown_node: EventHandler | None = None
        self.unreferenced_object: EventHandler | None = None

    @classmethod
    def soap(cls, root_type: Any, *, overrides: Any = None, extra_types: tuple[type, ...]
             | list[type] = (), default_namespace: str | None = None) -> XmlSerializer:
        """A SOAP-encoded serializer: ``XmlSerializer(SoapReflectionImporter(overrides,
        default_namespace).import_type_mapping(root_type))``, with ``extra_types`` included."""
        importer = SoapReflectionImporter(overrides, default_namespace)
        for extra in extra_types:
            importer.include_type(extra)
        return cls(importer.import_type_mapping(root_type))

    # -- writing ----------------------------------------------------------------------------
    def dumps(self, obj: Any, *, namespaces: XmlSerializerNamespaces | None = None,
              indent: bool | str = True, newline: str = "\n", encoding: str | None = None,
              xml_declaration: bool = True, envelope: bool | None = None) -> bytes:
        """The document for ``obj``, as bytes.

        With no settings, what ``XmlSerializer.Serialize(Stream, obj)`` writes: UTF-8
        without a BOM, ``<?xml version="1.0"?>``, two-space indentation and ``\\n`` line
        breaks (Mono; .NET on Windows writes ``\\r\\n``: pass ``newline="\\r\\n"``).

        Args:
            namespaces: the prefixes declared on the root (default: xsi and xsd).
            indent: False for none, True for two spaces, or the indentation string.
            newline: the line break written before indented elements.
            encoding: an encoding name, then also written in the declaration.
            xml_declaration: False omits ``<?xml ...?>``.
            envelope: SOAP-encoded serializers only: the root and its multirefs are written
                inside a SOAP 1.1 ``soap:Envelope``/``soap:Body`` unless this is False.
        """
        text = self.dumps_text(obj, namespaces=namespaces, indent=indent, newline=newline,
                               encoding=encoding, xml_declaration=xml_declaration,
                               envelope=envelope)
        return text.encode(encoding or "utf-8")

    def dumps_text(self, obj: Any, *, namespaces: XmlSerializerNamespaces | None = None,
                   indent: bool | str = True, newline: str = "\n", encoding: str | None = None,
                   xml_declaration: bool = True, envelope: bool | None = None) -> str:
        """Like :meth:`dumps`, as a str."""
        indent_chars = "  " if indent is True else (indent or None)
        if self.encoded is not None:
            from serialkit.xml.encoded import write_encoded

            try:
                with _recursion_room.of(self._max_depth()):
                    return write_encoded(self.encoded, obj, namespaces, indent=indent_chars,
                                         newline=newline, xml_declaration=xml_declaration,
                                         encoding=encoding, envelope=envelope is not False,
                                         max_depth=self._max_depth())
            except RecursionError:
                raise _too_deep_for_python(self._max_depth(), reading=False) from None
        if envelope is not None:
            raise TypeError("envelope= applies to SOAP-encoded serializers only")
        max_depth = self._max_depth()
        try:
            with _recursion_room.of(max_depth):
                return write_document(self.mapping, obj, namespaces, indent=indent_chars,
                                      newline=newline, xml_declaration=xml_declaration,
                                      encoding=encoding,
                                      writer=GeneratedWriter if GENERATED else None,
                                      max_depth=max_depth)
        except RecursionError:
            raise _too_deep_for_python(max_depth, reading=False) from None

    def _max_depth(self) -> int:
        depth = self.max_depth
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
            raise ValueError(f"max_depth must be a positive int, not {depth!r}")
        return depth

    def serialize(self, target: Any, obj: Any,
                  namespaces: XmlSerializerNamespaces | None = None, **settings: Any) -> None:
        """Write ``obj`` to a binary stream, a text stream or a path."""
        if isinstance(target, str | os.PathLike):
            with open(target, "wb") as fh:
                fh.write(self.dumps(obj, namespaces=namespaces, **settings))
        elif isinstance(target, io.TextIOBase):
            target.write(self.dumps_text(obj, namespaces=namespaces, **settings))
        else:
            target.write(self.dumps(obj, namespaces=namespaces, **settings))

    # -- reading ----------------------------------------------------------------------------
    def deserialize(self, source: Any) -> Any:
        """The object in ``source``: bytes, str (the XML text), a path, a stream or an lxml
        element. Malformed XML, any DOCTYPE, an entity reference and nesting deeper than
        ``max_depth`` raise :class:`~serialkit.xml.errors.XmlFormatError` (an lxml element or
        tree is checked for the same: its document's DOCTYPE, an entity reference left
        unresolved, its depth)."""
        if self._reads_blank_text is None:
            self._reads_blank_text = self.encoded is not None or reads_blank_text(self.mapping)
        # Texts of white space alone between elements are left out of the tree when nothing
        # reads them: neither the mapping nor a handler given an element.
        max_depth = self._max_depth()
        root, bare = parse_document_bare(
            source, blank_text=self._reads_blank_text or self.unknown_element is not None
            or self.unknown_node is not None, max_depth=max_depth)
        events = {"unknown_element": self.unknown_element,
                  "unknown_attribute": self.unknown_attribute,
                  "unknown_node": self.unknown_node}
        try:
            with _recursion_room.of(max_depth):
                if self.encoded is not None:
                    from serialkit.xml.encoded import read_encoded

                    events["unreferenced_object"] = self.unreferenced_object
                    return read_encoded(self.encoded, root, events)
                return self._read(root, events, bare)
        except RecursionError:
            raise _too_deep_for_python(max_depth, reading=True) from None

    def _read(self, root: Any, events: dict[str, EventHandler | None],
              bare: bool | None) -> Any:
        # The cyclic collector is paused while the objects are made: all stay alive until
        # the end, so the collections their allocations trigger would free nothing and walk
        # the growing graph each time (as serialkit.binary does; about 15% of reading 10,000
        # orders). Reference counting frees as usual.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return read_document(self.mapping, root, events,
                                 GeneratedReader if GENERATED else None, bare=bare)
        finally:
            if collecting:
                gc.enable()

    def loads(self, data: bytes | str) -> Any:
        """The object in ``data`` (bytes or str)."""
        return self.deserialize(data)

    def can_deserialize(self, source: Any) -> bool:
        """True when the document element is the expected root (name and namespace)."""
        root = parse_document(source, max_depth=self._max_depth())
        if self.encoded is not None:
            from serialkit.xml.encoded import _first_element

            try:
                root = _first_element(root)
            except XmlFormatError:
                return False
        tag = root.tag if isinstance(root.tag, str) else ""
        ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        acc = self.mapping.root
        if isinstance(acc.mapping, NodeMapping):
            return bool(tag)  # an lxml element root takes any element, as .NET's XmlElement
        return (ns, local) == (acc.namespace, acc.name)

    @property
    def root_type_mapping(self) -> StructMapping | None:
        """The struct mapping of the root, when the root is a class."""
        m = self.mapping.root.mapping
        return m if isinstance(m, StructMapping) else None
