"""Reading: a parsed document walked against the mapping (.NET's XmlSerializationReader).

.NET's leniency is kept: element order is ignored unless a member has ``order``; a repeated
singleton keeps its first value; unknown attributes and elements are skipped after the
events fire; an absent ``list`` member comes back empty and an absent array stays None.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import inspect
import keyword
import weakref
from collections.abc import Callable
from typing import Any

import attrs
from lxml import etree  # type: ignore[import-untyped]

from serialkit.xml import xsd
from serialkit.xml.custom import XmlReader
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
)
from serialkit.xml.namespaces import XSD_NS, XSI_NS, XmlSerializerNamespaces

__all__ = ["XmlAttributeEventArgs", "XmlAttributeMap", "XmlElementEventArgs", "XmlNodeEventArgs",
           "read_document", "reads_blank_text"]

XML_NS = "http://www.w3.org/XML/1998/namespace"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"


@attrs.frozen
class XmlNodeEventArgs:
    """``unknown_node``: a node the mapping does not expect (element or attribute)."""

    node_type: str
    name: str
    local_name: str
    namespace_uri: str
    text: str | None
    line_number: int | None
    obj: Any


@attrs.frozen
class XmlAttributeEventArgs:
    """``unknown_attribute``: its qualified name, value, line and the object being read."""

    name: str
    local_name: str
    namespace_uri: str
    value: str
    line_number: int | None
    obj: Any
    expected_attributes: str


@attrs.frozen
class XmlElementEventArgs:
    """``unknown_element``: the element (an lxml element), its line and the object."""

    element: Any
    line_number: int | None
    obj: Any
    expected_elements: str


Events = dict[str, Callable[[Any], Any] | None]


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _next_node_line(node: Any) -> int | None:
    """The line where the node after ``node`` starts (a sibling, else an ancestor's end tag),
    which is where .NET's reader stands when it reports a text or comment; None when lxml
    cannot tell (only the document element's end tag follows)."""
    newlines = 0
    while True:
        after = node.getnext()
        if after is not None and after.sourceline is not None:
            return int(after.sourceline) - newlines
        node = node.getparent()
        if node is None:
            return None
        # the end tag of ``node`` lies before its tail
        newlines += (node.tail or "").count("\n")


def _display(el: Any) -> str:
    ns, local = _split(el.tag)
    return f"<{local} xmlns='{ns}'>"


class _Reader:
    def __init__(self, mapping: XmlMapping, events: Events) -> None:
        self.mapping = mapping
        self.events = events
        #: No element of the document has an attribute (None: not known); generated readers
        #: then skip their looks for xsi:nil and xsi:type.
        self.bare: bool | None = None

    def fail(self, el: Any, message: str) -> XmlFormatError:
        return XmlFormatError(f"There is an error in XML document: {message}",
                              line=getattr(el, "sourceline", None))

    def fire(self, name: str, args: Any) -> None:
        handler = self.events.get(name)
        if handler is not None:
            handler(args)

    def unknown_attribute(self, el: Any, key: str, value: str, obj: Any,
                          expected: str) -> None:
        ns, local = _split(key)
        prefix = "xml" if ns == XML_NS else next(
            (p for p, u in el.nsmap.items() if u == ns and p), None) if ns else None
        name = f"{prefix}:{local}" if prefix else local
        line = el.sourceline
        self.fire("unknown_node", XmlNodeEventArgs("Attribute", name, local, ns, value, line,
                                                   obj))
        self.fire("unknown_attribute", XmlAttributeEventArgs(name, local, ns, value, line, obj,
                                                             expected))

    def unknown_element(self, el: Any, obj: Any, expected: str) -> None:
        ns, local = _split(el.tag)
        line = el.sourceline
        self.fire("unknown_node", XmlNodeEventArgs("Element", (el.prefix and f"{el.prefix}:"
                                                   f"{local}") or local, local, ns, None, line,
                                                   obj))
        self.fire("unknown_element", XmlElementEventArgs(el, line, obj, expected))

    # -- document -----------------------------------------------------------------------
    def document(self, root: Any) -> Any:
        acc = self.mapping.root
        if isinstance(acc.mapping, NodeMapping):
            return _capture(root)  # an lxml element root: the document element itself
        if not isinstance(root.tag, str) or _split(root.tag) != (acc.namespace, acc.name):
            raise self.fail(root, f"{_display(root)} was not expected (the root is "
                                  f"<{acc.name} xmlns='{acc.namespace}'>)")
        return self.element(root, acc)

    def is_nil(self, el: Any) -> bool:
        value = el.get(f"{{{XSI_NS}}}nil")
        return value is not None and value.strip() in ("true", "1")

    def xsi_type(self, el: Any) -> tuple[str, str] | None:
        value = el.get(f"{{{XSI_NS}}}type")
        if value is None:
            return None
        prefix, _, local = value.strip().rpartition(":")
        ns = el.nsmap.get(prefix or None)
        if ns is None and prefix:
            raise self.fail(el, f"the prefix '{prefix}' of xsi:type='{value}' is not declared")
        return local, ns or ""

    def element(self, el: Any, acc: ElementAccessor) -> Any:
        m = acc.mapping
        if acc is self.mapping.root and not acc.is_nullable and isinstance(
                m, xsd.PrimitiveMapping | EnumMapping):
            # .NET reads a value-type root's text whatever xsi:nil says: <int xsi:nil="true"
            # /> is "Input string was not in a correct format", <int xsi:nil="true">5</int> 5.
            return self.simple(el, m, self.text(el))
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            # .NET reads a simple element that is not nillable with ReadElementString,
            # whatever xsi:nil says: a string gives its text ('' when empty), an int
            # "Input string was not in a correct format".
            if acc.is_nullable and self.is_nil(el):
                return None
            return self.simple(el, m, self.text(el))
        if self.is_nil(el):
            if isinstance(m, StructMapping) and not acc.is_nullable:
                # .NET reads a class element that is not nillable whatever xsi:nil says
                return self.struct(el, m)
            return None
        if isinstance(m, xsd.PrimitiveMapping | EnumMapping):
            return self.simple(el, m, self.text(el))
        if isinstance(m, StructMapping):
            return self.struct(el, m)
        if isinstance(m, ArrayMapping):
            return self.array(el, m)
        if isinstance(m, ObjectMapping):
            return self.any_value(el)
        if isinstance(m, SerializableMapping):
            obj = _create(m.cls)
            obj.read_xml(XmlReader(el))
            return obj
        if isinstance(m, NodeMapping):
            return self.wrapped_node(el)
        raise self.fail(el, f"cannot read <{acc.name}>")

    def wrapped_node(self, el: Any) -> Any:
        """The node an lxml element member's element wraps (.NET's ``ReadXmlNode``): its
        first child element, comments and white space before it skipped; None when empty.
        A text where the element should be is an error (.NET: "Specified cast is not
        valid"); what follows the element is reported as unknown."""
        if el.text is not None and el.text.strip(" \t\r\n"):
            raise self.fail(el, f"<{_split(el.tag)[1]}> holds a text where an element was "
                                "expected (an lxml element member)")
        found = None
        for child in el:
            if found is not None:
                if isinstance(child.tag, str):
                    self.unknown_element(child, None, "")
                else:
                    self.unknown_other(child)
            elif isinstance(child.tag, str):
                found = _capture(child)
            tail = child.tail
            if found is not None and tail and tail.strip(" \t\r\n"):
                # Mono reports a text after the node, white space around it included;
                # white space alone it skips.
                self.fire("unknown_node", XmlNodeEventArgs(
                    "Text", "#text", "#text", "", tail, _next_node_line(child), None))
        return found

    def unknown_other(self, node: Any) -> None:
        """A comment or processing instruction where nothing more is expected (Mono)."""
        if isinstance(node, etree._Comment):
            name, text, kind = "#comment", node.text or "", "Comment"
        else:
            name, text, kind = node.target, node.text or "", "ProcessingInstruction"
        self.fire("unknown_node", XmlNodeEventArgs(kind, name, name, "", text,
                                                   _next_node_line(node), None))

    def text(self, el: Any) -> str:
        if len(el):
            for child in el:
                if isinstance(child.tag, str):
                    raise self.fail(child, f"<{_split(child.tag)[1]}> was not expected inside "
                                           f"the simple element <{_split(el.tag)[1]}>")
        text = "".join(el.itertext())
        space = el.get(f"{{{XML_NS}}}space")
        if space != "preserve" and not text.strip(" \t\r\n"):
            return ""
        return text

    def simple(self, el: Any, m: Any, text: str) -> Any:
        try:
            return m.parse(text)
        except ValueError as exc:
            raise self.fail(el, str(exc)) from None

    def any_value(self, el: Any) -> Any:
        t = self.xsi_type(el)
        if t is None:
            return copy.deepcopy(el)
        name, ns = t
        if ns in (XSD_NS, xsd.MS_TYPES_NS):
            prim = xsd.primitive(name) if ns == XSD_NS else (
                xsd.GUID if name == "guid" else xsd.CHAR if name == "char" else None)
            if prim is not None:
                return self.simple(el, prim, self.text(el))
        found = self.mapping.find_type(name, ns)
        if isinstance(found, StructMapping):
            return _record_alias(self.struct(el, found, typed=True), found)
        if isinstance(found, EnumMapping):
            return self.simple(el, found, self.text(el))
        raise self.fail(el, f"The specified type was not recognized: name='{name}', "
                            f"namespace='{ns}', at {_display(el)}.")

    def struct(self, el: Any, declared: StructMapping, typed: bool = False) -> Any:
        m = declared
        t = None if typed else self.xsi_type(el)
        if t is not None and (t[0], t[1]) != (m.type_name, m.namespace):
            found = _derived_named(declared, *t)
            if found is None:
                raise self.fail(el, f"The specified type was not recognized: name='{t[0]}', "
                                    f"namespace='{t[1]}', at {_display(el)}.")
            return _record_alias(self.struct_body(el, found), found)
        return self.struct_body(el, m)

    def struct_body(self, el: Any, m: StructMapping) -> Any:
        """The object of element ``el``, whose mapping is ``m`` (generated code replaces
        this)."""
        obj = _create(m.cls)
        members = m.all_members()
        values: dict[str, Any] = {}
        attributes = {(a.attribute.namespace, a.attribute.name): a for a in members
                      if a.kind == "attribute" and a.attribute is not None}
        any_attr = next((mm for mm in members if mm.kind == "anyattr"), None)
        captured: XmlAttributeMap | None = None
        for key, value in el.attrib.items():
            ns, local = _split(key)
            am = attributes.get((ns, local))
            if am is None and any_attr is not None:
                # .NET hands XmlAnyAttribute every unmapped attribute, xsi:type included.
                if captured is None:
                    captured = XmlAttributeMap()
                captured[key] = value
                if ns and ns not in captured.prefixes:
                    prefix = next((p for p, u in el.nsmap.items() if u == ns and p), None)
                    if prefix is not None:
                        captured.prefixes[ns] = prefix
                continue
            if ns == XMLNS_NS:
                continue
            if am is None or am.attribute is None:
                # .NET reports every other attribute it does not map, xsi:type, xsi:nil,
                # xsi:schemaLocation and xml:lang included (its generated readers skip only
                # xmlns declarations; Mono does the same).
                expected = ", ".join(f"{a.attribute.namespace}:{a.attribute.name}"
                                     for a in attributes.values() if a.attribute)
                self.unknown_attribute(el, key, value, obj, expected)
                continue
            attr_acc = am.attribute
            if attr_acc.is_list:
                values[am.name] = [self.simple(el, attr_acc.mapping, p) for p in value.split()]
            else:
                values[am.name] = self.simple(el, attr_acc.mapping, value)
        elements: dict[tuple[str, str], tuple[MemberMapping, ElementAccessor, int]] = {}
        for index, mm in enumerate(members):
            for acc in mm.elements:
                elements[(acc.namespace, acc.name)] = (mm, acc, index)
        text_member = next((mm for mm in members if mm.kind == "text"), None)
        flat: dict[str, list[Any]] = {}
        ordered = any(mm.order is not None for mm in members)
        position = -1
        texts: list[str] = [el.text or ""]
        any_members = [(index, mm) for index, mm in enumerate(members) if mm.kind == "any"]
        idents: dict[str, list[Any]] = {}
        mixed = next((mm for mm in members if mm.mixed), None)
        if mixed is not None:
            # Mixed content: each text (el's, then each child's tail, read after the child)
            # is a node; whitespace-only ones are dropped, xml:space="preserve" or not (.NET's
            # reader skips them with MoveToContent, as Mono does).
            nodes = flat.setdefault(mixed.name, [])
            if el.text and el.text.strip(" \t\r\n"):
                nodes.append(el.text)
        tail: str | None = None
        for child in el:
            if tail and mixed is not None and tail.strip(" \t\r\n"):
                nodes.append(tail)
            tail = child.tail
            texts.append(child.tail or "")
            if not isinstance(child.tag, str):
                continue
            child_key = _split(child.tag)
            found_el = elements.get(child_key)
            if found_el is None and any_members:
                any_member = _any_member(any_members, *child_key)
                if any_member is not None and not (ordered and any_member[0] < position):
                    position = any_member[0]
                    captured_el = _capture(child)
                    if any_member[1].any_is_list:
                        flat.setdefault(any_member[1].name, []).append(captured_el)
                    else:
                        values[any_member[1].name] = captured_el  # .NET: the last wins
                    continue
            if found_el is None or (ordered and found_el[2] < position):
                expected = ", ".join(f"{a.namespace}:{a.name}" for mm in members
                                     for a in mm.elements)
                self.unknown_element(child, obj, expected)
                continue
            mm, acc, index = found_el
            position = index
            if mm.kind == "flat":
                flat.setdefault(mm.name, []).append(self.element(child, acc))
                if mm.choice is not None:
                    idents.setdefault(mm.choice.member, []).append(
                        mm.choice.by_element[child_key])
                continue
            if mm.name in values:
                continue  # .NET: the first of duplicates wins
            values[mm.name] = self.element(child, acc)
            if mm.choice is not None:
                values[mm.choice.member] = mm.choice.by_element[child_key]
        if tail and mixed is not None and tail.strip(" \t\r\n"):
            nodes.append(tail)
        if mixed is not None and not nodes:
            del flat[mixed.name]
        for name, items in flat.items():
            mm = next(x for x in members if x.name == name)
            if mm.kind == "any":
                values[name] = items
                continue
            assert mm.array is not None
            values[name] = mm.array.container(items)
        for ident_member, kinds in idents.items():
            values[ident_member] = kinds
        if captured is not None and any_attr is not None:
            values[any_attr.name] = captured
        if text_member is not None:
            text = "".join(texts)
            if text:
                value = self.simple(el, text_member.text, text)
                values[text_member.name] = [value] if text_member.text_is_list else value
        for ident_member in {mm.choice.member for mm in members if mm.choice is not None}:
            if ident_member in values:
                _set(obj, ident_member, values.pop(ident_member))
        for mm in members:
            if mm.name in values and mm.read_only:
                _append(obj, mm.name, values[mm.name])
            elif mm.name in values:
                _set(obj, mm.name, values[mm.name])
                if mm.specified is not None:
                    _set(obj, mm.specified, True)
            elif mm.kind in ("element", "flat") and isinstance(mm.array, ArrayMapping) \
                    and not mm.array.is_array and not mm.read_only \
                    and getattr(obj, mm.name, None) is None:
                _set(obj, mm.name, mm.array.container([]))
            elif mm.kind == "xmlns":
                ns_decl = XmlSerializerNamespaces(
                    [(p or "", u) for p, u in el.nsmap.items()
                     if (el.getparent() is None or el.getparent().nsmap.get(p) != u)])
                _set(obj, mm.name, ns_decl)
        return obj

    def array(self, el: Any, m: ArrayMapping) -> Any:
        items: list[Any] = []
        by_name = {(a.namespace, a.name): a for a in m.items}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            acc = by_name.get(_split(child.tag))
            if acc is None:
                expected = ", ".join(f"{a.namespace}:{a.name}" for a in m.items)
                self.unknown_element(child, None, expected)
                continue
            items.append(self.element(child, acc))
        return m.container(items)


class XmlAttributeMap(dict[str, str]):
    """The attributes an ``XmlAnyAttribute`` member captured: ``{ns}local`` -> value.

    A plain ``dict`` (it compares equal to one) that also remembers, in ``prefixes``
    (namespace -> prefix), the prefix each namespace had in the document, so that writing it
    back uses the same prefix, as .NET's ``XmlAttribute`` nodes do.
    """

    def __init__(self, *args: Any, prefixes: dict[str, str] | None = None,
                 **kwargs: str) -> None:
        super().__init__(*args, **kwargs)
        self.prefixes: dict[str, str] = dict(prefixes or {})

    def __repr__(self) -> str:
        return f"XmlAttributeMap({dict(self)!r}, prefixes={self.prefixes!r})"


def _any_member(any_members: list[tuple[int, MemberMapping]], ns: str,
                local: str) -> tuple[int, MemberMapping] | None:
    """The XmlAnyElement member an unmapped element goes to: a named match first."""
    for index, mm in any_members:
        if any(a.name is not None and a.matches(ns, local) for a in mm.any_elements):
            return index, mm
    for index, mm in any_members:
        if any(a.name is None and a.matches(ns, local) for a in mm.any_elements):
            return index, mm
    return None


def _capture(el: Any) -> Any:
    """A standalone copy of an element for an XmlAnyElement member.

    Insignificant whitespace is dropped, as .NET's reader (``WhitespaceHandling.Significant``)
    drops it, unless ``xml:space="preserve"`` is in effect.
    """
    copied = copy.deepcopy(el)
    copied.tail = None
    preserve_root = any(a.get(f"{{{XML_NS}}}space") == "preserve"
                        for a in el.iterancestors())
    stack = [(copied, preserve_root)]
    while stack:
        node, preserve = stack.pop()
        space = node.get(f"{{{XML_NS}}}space") if isinstance(node.tag, str) else None
        if space is not None:
            preserve = space == "preserve"
        if not preserve:
            if node.text is not None and not node.text.strip(" \t\r\n"):
                node.text = None
            for child in node:
                if child.tail is not None and not child.tail.strip(" \t\r\n"):
                    child.tail = None
        stack.extend((child, preserve) for child in node if isinstance(child.tag, str))
    return copied


def _record_alias(obj: Any, m: StructMapping) -> Any:
    """``obj`` read by its xsi:type as a parametrisation of a generic class (GenOfInt32),
    with ``__orig_class__`` set as ``Gen[int](...)`` sets it: written again, it keeps its
    type arguments."""
    if m.alias is not None:
        # (slots, or a frozen class, refuse it: the object is as the alias would leave it)
        with contextlib.suppress(AttributeError):
            obj.__orig_class__ = m.alias
    return obj


def _append(obj: Any, name: str, items: Any) -> None:
    """Fill a get-only collection as .NET does: ``Add`` each item to the existing one."""
    target = getattr(obj, name, None)
    if target is None:
        return
    if hasattr(target, "extend"):
        target.extend(items)
    elif hasattr(target, "update"):
        target.update(items)
    else:
        for item in items:
            target.add(item)


def _derived_named(m: StructMapping, name: str, ns: str) -> StructMapping | None:
    for d in m.derived:
        if d.type_name == name and d.namespace == ns:
            return d
        found = _derived_named(d, name, ns)
        if found is not None:
            return found
    return None


def _create(cls: type) -> Any:
    """A new ``cls`` as .NET's reader makes one: its no-argument constructor when it has one;
    otherwise a bare instance whose declared members are set to their defaults (None when
    there is none), as ``FormatterServices.GetUninitializedObject`` plus field initializers."""
    return _creator(cls)()


#: class -> the function ``_create`` calls; working out which kind of creation a class needs
#: (a signature bound, every class of the MRO's members listed) costs far more than the
#: creation, and a document of ten thousand objects would pay it ten thousand times.
_CREATORS: weakref.WeakKeyDictionary[type, Callable[[], Any]] = weakref.WeakKeyDictionary()


def _creator(cls: type) -> Callable[[], Any]:
    """The cached function that makes a new ``cls`` (see :func:`_create`)."""
    try:
        return _CREATORS[cls]
    except (KeyError, TypeError):
        pass
    try:
        inspect.signature(cls).bind()
    except (TypeError, ValueError):
        make = _bare_creator(cls)
    else:
        make = cls
    with contextlib.suppress(TypeError):  # not weakly referenceable: worked out each time
        _CREATORS[cls] = make
    return make


def _bare_creator(cls: type) -> Callable[[], Any]:
    from serialkit.xml.mapping import READ_ONLY, _own_members

    # Per class of the MRO, (name, default, factory) of its members: a factory is called
    # afresh for each object, and when one fails, that class's members are left unset (as
    # when its member list could not be made), the others' are set.
    groups: list[list[tuple[str, Any, Callable[[], Any] | None]]] = []
    for klass in reversed(cls.__mro__):
        if klass is object:
            continue
        try:
            own = _own_members(klass, call_factories=False)
        except Exception:
            continue
        factories = _factories(klass)
        groups.append([(name, None if default is NOTHING else default, factories.get(name))
                       for name, _ann, default, extra in own if READ_ONLY not in extra])
    plan = [member for group in groups for member in group]
    if getattr(cls, "__setattr__", None) is object.__setattr__ and all(
            factory is None and type(default) in _IMMUTABLE and name.isidentifier()
            and not keyword.iskeyword(name) for name, default, factory in plan):
        # The common case (no factory, no mutable default, no __setattr__ of its own, so
        # _set's fallback could only fail the same way): one compiled function of plain
        # assignments, several times faster than the loop below.
        from serialkit._codegen import compile_function

        lines = ["def make():", "    obj = new(cls)"]
        consts: dict[str, Any] = {"new": object.__new__, "cls": cls}
        for index, (name, default, _factory) in enumerate(plan):
            consts[f"d{index}"] = default
            lines.append(f"    obj.{name} = d{index}")
        lines.append("    return obj")
        fast: Callable[[], Any] = compile_function("make", "\n".join(lines) + "\n", consts,
                                                   f"xml-create {cls.__qualname__}")
        return fast
    new = object.__new__
    copy_ = copy.copy

    def make() -> Any:
        obj: Any = new(cls)
        for group in groups:
            try:
                values = [default if factory is None else factory()
                          for _name, default, factory in group]
            except Exception:
                continue
            for (name, _default, _factory), value in zip(group, values, strict=True):
                _set(obj, name, copy_(value))
        return obj

    return make


#: Types whose values ``copy.copy`` returns as they are.
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes)


def _factories(klass: type) -> dict[str, Callable[[], Any]]:
    """What gives the default of each field ``klass`` declares that is not a constant, by
    name: its default factory (not taking self); for a plain class, the class attribute,
    read when the object is created (it may have been reassigned since)."""
    if attrs.has(klass):
        return {a.name: a.default.factory for a in attrs.fields(klass)
                if not a.inherited and isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
                and not a.default.takes_self}
    if dataclasses.is_dataclass(klass):
        return {f.name: f.default_factory for f in dataclasses.fields(klass)
                if f.default_factory is not dataclasses.MISSING}

    def attribute(name: str) -> Callable[[], Any]:
        return lambda: klass.__dict__.get(name)

    return {name: attribute(name) for name in inspect.get_annotations(klass)}


def _set(obj: Any, name: str, value: Any) -> None:
    try:
        setattr(obj, name, value)
    except (AttributeError, TypeError):
        object.__setattr__(obj, name, value)


def reads_blank_text(mapping: XmlMapping) -> bool:
    """False when reading this mapping never looks at a text of white space alone between
    elements (no XmlText, XmlAnyElement, object or IXmlSerializable anywhere in it): a parser
    may drop such texts, as ``remove_blank_text`` does, for the same objects."""
    seen: set[int] = set()
    stack: list[Any] = [mapping.root.mapping, *mapping.structs]
    while stack:
        m = stack.pop()
        if id(m) in seen:
            continue
        seen.add(id(m))
        if isinstance(m, ObjectMapping | SerializableMapping | NodeMapping):
            return True
        if isinstance(m, ArrayMapping):
            stack.extend(acc.mapping for acc in m.items)
        elif isinstance(m, StructMapping):
            for mm in m.all_members():
                if mm.kind in ("text", "any") or mm.mixed:
                    return True
                stack.extend(acc.mapping for acc in mm.elements)
    return False


def read_document(mapping: XmlMapping, root: Any, events: Events,
                  reader: type[_Reader] | None = None, *, bare: bool | None = None) -> Any:
    """The object a parsed document (its root element) holds.

    ``reader`` is the reader class: the interpreter (default) or the generated one.
    ``bare``: True when it is known that no element has an attribute.
    """
    rd = (reader or _Reader)(mapping, events)
    rd.bare = bare
    return rd.document(root)
