"""Generated XML writers and readers (what sgen.exe pre-builds for XmlSerializer).

For each class mapping, the member loop of the writer and of the reader is unrolled into
Python source: every member's name, namespace, format function and condition is a constant
of the generated function, so the hot path does no per-member dispatch on the mapping. The
source is compiled once per mapping (lazily, on first use), cached, and registered in
:mod:`linecache` (``<serialkit xml-write Order #3>``), so tracebacks show the generated line.

The generated functions are drop-in bodies for the interpreter's ``struct`` methods
(:class:`GeneratedWriter` / :class:`GeneratedReader` subclass the interpreter), so both
paths share every other rule and produce the same bytes and objects; the test suite runs on
both (``SERIALKIT_XML_GENERATED=0`` selects the interpreter). A reader mapping with an
``XmlAnyElement``/``XmlAnyAttribute``/``XmlChoiceIdentifier``/``XmlNamespaceDeclarations`` or
get-only collection member is read by the interpreter; every writer is generated.
"""

from __future__ import annotations

import keyword
import re
import weakref
from collections.abc import Callable
from typing import Any

from serialkit._codegen import compile_function
from serialkit.xml import xsd
from serialkit.xml.mapping import (
    NOTHING,
    ArrayMapping,
    EnumMapping,
    MemberMapping,
    StructMapping,
)
from serialkit.xml.namespaces import XSI_NS
from serialkit.xml.reader import XML_NS, XMLNS_NS, _creator, _Reader, _set, _split
from serialkit.xml.writer import _escape, _text_special, _Writer

__all__ = ["GeneratedReader", "GeneratedWriter", "reader_source", "writer_source"]

XSI_NIL = f"{{{XSI_NS}}}nil"
XSI_TYPE = f"{{{XSI_NS}}}type"
XML_SPACE = f"{{{XML_NS}}}space"

_WRITERS: weakref.WeakKeyDictionary[StructMapping, Callable[..., None]] = (
    weakref.WeakKeyDictionary())
_READERS: weakref.WeakKeyDictionary[StructMapping, Callable[..., Any] | None] = (
    weakref.WeakKeyDictionary())


class _Src:
    """Source lines with indentation, and the constants they name."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.consts: dict[str, Any] = {}
        self.level = 0

    def __call__(self, line: str) -> None:
        self.lines.append("    " * self.level + line)

    def const(self, value: Any, hint: str = "C") -> str:
        for key, existing in self.consts.items():
            if existing is value:
                return key
        key = f"{hint}{len(self.consts)}"
        self.consts[key] = value
        return key

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _is_simple(m: Any) -> bool:
    return isinstance(m, xsd.PrimitiveMapping | EnumMapping)


def _guard(src: _Src, mm: MemberMapping) -> str | None:
    """The condition of ``_Writer.emit`` for this member, as an expression (None: always)."""
    parts = []
    if mm.should_serialize is not None:
        parts.append(f"value.{mm.should_serialize}()")
    if mm.specified is not None:
        parts.append(f"getattr(value, {mm.specified!r}, False)")
    if mm.default is not NOTHING:
        d = src.const(mm.default, "D")
        parts.append(f"not (getattr(value, {mm.name!r}, None) == {d} and "
                     f"type(getattr(value, {mm.name!r}, None)) is type({d}))")
    return " and ".join(parts) if parts else None


# -- writer -----------------------------------------------------------------------------------
def writer_source(m: StructMapping) -> tuple[str, dict[str, Any]]:
    """The source of the generated writer of ``m`` and the constants it uses."""
    src = _Src()
    src("def write(wr, name, ns, value, need_type):")
    src.level = 1
    src("w = wr.w")
    if m.xmlns_member is not None:
        src(f"wr.start(name, ns, value, False, getattr(value, {m.xmlns_member!r}, None))")
    else:
        src("wr.start(name, ns, value, False, None)")
    src("if need_type:")
    src(f"    wr.xsi_type({m.type_name!r}, {m.namespace!r})")
    src("try:")
    src.level = 2
    members = m.all_members()
    for mm in members:
        if mm.kind not in ("attribute", "anyattr"):
            continue
        guard = _guard(src, mm)
        if guard is not None:
            src(f"if {guard}:")
            src.level += 1
        if mm.kind == "anyattr":
            src(f"wr.any_attributes(getattr(value, {mm.name!r}, None))")
        else:
            acc = mm.attribute
            assert acc is not None
            fmt = src.const(acc.mapping.format, "F")
            src(f"v = getattr(value, {mm.name!r}, None)")
            src("if v is not None:")
            text = f"' '.join([str({fmt}(x)) for x in v])" if acc.is_list else \
                f"str({fmt}(v))"
            if acc.namespace == XML_NS:
                src(f"    wr.attr({acc.name!r}, {acc.namespace!r}, {text})")
            else:
                src(f"    w.attribute(None, {acc.name!r}, {acc.namespace or None!r}, {text})")
        if guard is not None:
            src.level -= 1
    lane = _lane(members)
    if lane is not None:
        _lane_prologue(src, "", lane)
    for mm in members:
        if mm.kind in ("attribute", "xmlns", "anyattr"):
            continue
        guard = _guard(src, mm)
        if guard is not None:
            src(f"if {guard}:")
            src.level += 1
        src(f"v = getattr(value, {mm.name!r}, None)")
        if lane is not None:
            _lane_member(src, mm, lane)
        else:
            src(f"wr.path.append({'.' + mm.name!r})")
            _write_member(src, mm)
            src("wr.path.pop()")
        if guard is not None:
            src.level -= 1
    src.level = 1
    src("except ValueError as exc:")
    src("    raise wr.error(str(exc)) from None")
    src("wr.end(value)")
    if not any(re.search(r"(?<![\w.])w\.", line) for line in src.lines):
        src.lines.remove("    w = wr.w")  # no text or attribute written directly
    return src.text(), src.consts


def _write_member(src: _Src, mm: MemberMapping) -> None:
    if mm.kind == "any":
        src(f"wr.any_elements({src.const(mm, 'MM')}, v)")
        return
    if mm.choice is not None:
        src(f"wr.choice({src.const(mm, 'MM')}, value, v)")
        return
    if mm.kind == "text":
        fmt = src.const(mm.text.format, "F")
        src("if v is not None:")
        src("    if isinstance(v, list | tuple):")
        src("        for part in v:")
        src(f"            w.string(str({fmt}(part)))")
        src("    else:")
        src(f"        w.string(str({fmt}(v)))")
        return
    if mm.kind == "flat":
        src("if v is not None:")
        src("    for index, item in enumerate(v):")
        src("        wr.path.append(f'[{index}]')")
        src("        if item is not None:")
        if len(mm.elements) == 1:
            _write_value(src, mm.elements[0], "item", 3)
        else:
            elems = src.const(mm.elements, "E")
            src(f"            wr.element(wr.choose({elems}, item), item)")
        src("        wr.path.pop()")
        return
    acc = mm.elements[0]
    src("if v is None:")
    if acc.is_nullable:
        src(f"    wr.null_tag({acc.name!r}, {acc.namespace!r})")
    else:
        src("    pass")
    src("else:")
    if len(mm.elements) == 1:
        _write_value(src, acc, "v", 1)
    else:
        elems = src.const(mm.elements, "E")
        src(f"    wr.element(wr.choose({elems}, v), v)")


def _write_value(src: _Src, acc: Any, var: str, depth: int) -> None:
    pad = "    " * depth
    if _is_simple(acc.mapping):
        fmt = src.const(acc.mapping.format, "F")
        src(f"{pad}w.start_element(None, {acc.name!r}, {acc.namespace!r})")
        src(f"{pad}w.string(str({fmt}({var})))")
        src(f"{pad}w.end_element()")
    elif isinstance(acc.mapping, StructMapping):
        src(f"{pad}wr.struct({acc.name!r}, {acc.namespace!r}, "
            f"{src.const(acc.mapping, 'S')}, {var})")
    else:
        src(f"{pad}wr.element({src.const(acc, 'A')}, {var})")


# The fast lane. .NET's XmlTextWriter decides each element's prefix and namespace
# declaration from the namespaces in scope, and its indentation from the depth. Within one
# class element those are the same for every member element in a given namespace (members
# only add declarations to their own elements, which they remove at their end), so the
# generated writer works them out once per object: when a namespace needs neither a prefix
# nor a declaration there ("plain"), its simple elements are written as the strings
# ``<name>text</name>`` or ``<name />``, with what ``TextWriter`` would do to its own state
# done inline (the parent's start tag closed, its ``empty`` flag cleared). Otherwise, and for
# members that write text into the class element itself (XmlText, XmlAnyElement, choices),
# the writer's methods are called as before.

#: Simple types whose written form never holds a character that needs escaping (digits,
#: signs, letters of INF/NaN/true/false/E/P/T/Z, ':', '.', '-', base64 and hex digits).
_NO_ESCAPE = frozenset(id(m) for m in (
    xsd.BOOLEAN, xsd.DOUBLE, xsd.FLOAT, xsd.DECIMAL, xsd.DATETIME, xsd.DATE,
    xsd.DATETIME_AS_DATE, xsd.TIME, xsd.DURATION, xsd.GUID, xsd.BASE64, xsd.HEX,
    *xsd.INTS.values()))


def _load_body(src: _Src, engine: str, m: Any) -> None:
    """Emit, one level in, ``body = <the generated body of struct mapping m>``: asked of the
    writer or reader (``engine``) on first use, then kept in a cell of the generated code."""
    cell = src.const([None], "B")
    src(f"    body = {cell}[0]")
    src("    if body is None:")
    src(f"        body = {cell}[0] = {engine}.body({src.const(m, 'S')})")


def _fstring(*parts: str) -> str:
    """An f-string literal: ``parts`` alternate between literal text (an element name may
    hold anything) and the name of a variable to insert."""
    text = "".join(part.replace("{", "{{").replace("}", "}}") if index % 2 == 0
                   else "{" + part + "}" for index, part in enumerate(parts))
    return "f" + repr(text)


def _lane(members: list[MemberMapping]) -> list[str] | None:
    """The namespaces of the simple elements written in the fast lane (each gets a "plain"
    flag), or None when the class takes the general path."""
    if any(mm.kind in ("text", "any") or mm.choice is not None for mm in members):
        return None
    spaces: list[str] = []
    for mm in members:
        for acc in mm.elements:
            if _is_simple(acc.mapping) and acc.namespace not in spaces:
                spaces.append(acc.namespace)
    return spaces


def _lane_prologue(src: _Src, tag: str, spaces: list[str]) -> None:
    """The per-element state of the fast lane (``tag`` tells nested lanes apart): the frame
    of the element written into, the line start of its children, each namespace's flag
    (none when there is no simple element to write)."""
    if not spaces:
        return
    src(f"fr{tag} = w.frames[-1]")
    src("out = w.out")
    # TextWriter.start_element indents when indent is set, the parent is not mixed (no
    # text written in it: no member here writes any) and something was written before.
    src(f"pre{tag} = '' if w.indent is None else w.newline + w.indent * (len(w.frames) - 1)")
    for index, space in enumerate(spaces):
        # No prefix bound to the namespace (TextWriter.find_prefix) and it is the default.
        src(f"plain{tag}_{index} = fr{tag}.default_ns == {space!r} and {space!r} not in "
            "w.ns_count")


def _lane_member(src: _Src, mm: MemberMapping, spaces: list[str]) -> None:
    """One member in the fast lane (``v`` holds its value)."""
    label = "." + mm.name
    if mm.kind == "flat":
        src("if v is not None:")
        src(f"    wr.path.append({label!r})")
        src("    for index, item in enumerate(v):")
        src("        wr.path.append(f'[{index}]')")
        src("        if item is not None:")
        src.level += 3
        if len(mm.elements) == 1:
            _lane_value(src, mm.elements[0], "item", "", spaces, None)
        else:
            src(f"wr.element(wr.choose({src.const(mm.elements, 'E')}, item), item)")
        src.level -= 3
        src("        wr.path.pop()")
        src("    wr.path.pop()")
        return
    acc = mm.elements[0]
    if len(mm.elements) == 1 and _is_simple(acc.mapping):
        # Nothing below can fail with the path of the member but the value's format: the
        # path is only added then.
        _unless_none(src, "v", acc, lambda: _lane_value(src, acc, "v", "", spaces, label),
                     label)
        return
    src(f"wr.path.append({label!r})")
    if len(mm.elements) > 1:
        elements = src.const(mm.elements, "E")
        _unless_none(src, "v", acc,
                     lambda: src(f"wr.element(wr.choose({elements}, v), v)"), None)
    elif isinstance(acc.mapping, ArrayMapping) and len(acc.mapping.items) == 1:
        _unless_none(src, "v", acc, lambda: _lane_array(src, acc), None)
    else:
        _unless_none(src, "v", acc, lambda: _lane_value(src, acc, "v", "", spaces, None),
                     None)
    src("wr.path.pop()")


def _unless_none(src: _Src, var: str, acc: Any, write: Callable[[], None],
                 label: str | None) -> None:
    """``write()``'s lines when ``var`` is not None; else the nil element of a nullable
    accessor (with ``label`` on the path while it is written, when given)."""
    src(f"if {var} is not None:")
    src.level += 1
    write()
    src.level -= 1
    if acc.is_nullable:
        src("else:")
        if label is not None:
            src(f"    wr.path.append({label!r})")
        src(f"    wr.null_tag({acc.name!r}, {acc.namespace!r})")
        if label is not None:
            src("    wr.path.pop()")


def _lane_array(src: _Src, acc: Any) -> None:
    """``wr.element(acc, v)`` for a collection of one item type: its element, then its
    items in a loop, each written as ``_Writer.items`` writes it."""
    m: ArrayMapping = acc.mapping
    item = m.items[0]
    spaces = [item.namespace] if _is_simple(item.mapping) else []
    src(f"wr.start({acc.name!r}, {acc.namespace!r})")
    src("if isinstance(v, str | bytes | dict) or not hasattr(v, '__iter__'):")
    src("    raise wr.error(f'a collection was expected, not {type(v).__qualname__}')")
    _lane_prologue(src, "a", spaces)
    src("for index, item in enumerate(v):")
    src("    wr.path.append(f'[{index}]')")
    src.level += 1
    _unless_none(src, "item", item, lambda: _lane_value(src, item, "item", "a", spaces, None),
                 None)
    src.level -= 1
    src("    wr.path.pop()")
    src("wr.end()")


def _is_int(m: Any) -> bool:
    return m is xsd.INTS.get(getattr(m, "type_name", ""))


def _quick_format(m: Any, var: str) -> tuple[str, str] | None:
    """(condition, expression): what ``str(m.format(var))`` gives for the usual values of
    the common types, without the call; None: always call."""
    if m is xsd.STRING:
        return f"{var}.__class__ is str", var
    if m is xsd.BOOLEAN:
        return f"{var}.__class__ is bool", f"'true' if {var} else 'false'"
    if _is_int(m):
        lo, hi = xsd.INT_BOUNDS[m.type_name]
        return f"{var}.__class__ is int and {lo} <= {var} <= {hi}", f"str({var})"
    return None


def _lane_value(src: _Src, acc: Any, var: str, tag: str, spaces: list[str],
                label: str | None) -> None:
    """``wr.element(acc, var)`` for a value that is not None, in the fast lane of ``tag``.
    ``label``: the path step to add when formatting fails (None: already on the path)."""
    m = acc.mapping
    if _is_simple(m):
        fmt = src.const(m.format, "F")
        quick = _quick_format(m, var)
        if quick is not None:
            src(f"if {quick[0]}:")
            src(f"    text = {quick[1]}")
            src("else:")
            src.level += 1
        src("try:")
        src(f"    text = str({fmt}({var}))")
        src("except ValueError as exc:")
        if label is not None:
            src(f"    wr.path.append({label!r})")
        src("    raise wr.error(str(exc)) from None")
        if quick is not None:
            src.level -= 1
        src(f"if plain{tag}_{spaces.index(acc.namespace)}:")
        src(f"    if fr{tag}.open:")
        src("        w._close_start()")
        src(f"    fr{tag}.empty = False")
        src("    if text:")
        if id(m) not in _NO_ESCAPE:
            src.consts.update({"_escape": _escape, "_special": _text_special})
            src("        if _special(text) is not None:")
            src("            text = _escape(text, False)")
        line = _fstring("", "pre" + tag, f"<{acc.name}>", "text", f"</{acc.name}>")
        src(f"        out.append({line})")
        src("    else:")
        src(f"        out.append(pre{tag} + {'<' + acc.name + ' />'!r})")
        src("else:")
        src(f"    w.start_element(None, {acc.name!r}, {acc.namespace!r})")
        src("    w.string(text)")
        src("    w.end_element()")
    elif isinstance(m, StructMapping):
        # wr.struct: the declared class itself goes straight to its generated writer.
        src(f"if type({var}) is {src.const(m.cls, 'K')}:")
        _load_body(src, "wr", m)
        src(f"    body(wr, {acc.name!r}, {acc.namespace!r}, {var}, False)")
        src("else:")
        src(f"    wr.struct({acc.name!r}, {acc.namespace!r}, {src.const(m, 'S')}, {var})")
    else:
        src(f"wr.element({src.const(acc, 'A')}, {var})")


def _writer(m: StructMapping) -> Callable[..., None]:
    fn = _WRITERS.get(m)
    if fn is None:
        source, consts = writer_source(m)
        fn = compile_function("write", source, consts,
                              f"xml-write {m.cls.__qualname__}")
        _WRITERS[m] = fn
    return fn


class GeneratedWriter(_Writer):
    """The writer whose class bodies are generated (one function per class mapping)."""

    def struct_body(self, name: str, ns: str, m: StructMapping, value: Any,
                    need_type: bool) -> None:
        _writer(m)(self, name, ns, value, need_type)

    def body(self, m: StructMapping) -> Callable[..., None]:
        """What ``struct_body`` calls for ``m``: generated writers keep it, to call it
        without going through this class."""
        return _writer(m)


# -- reader -----------------------------------------------------------------------------------
def _interpreted(m: StructMapping) -> bool:
    return any(mm.kind in ("any", "anyattr", "xmlns") or mm.choice is not None
               or mm.read_only for mm in m.all_members())


def reader_source(m: StructMapping) -> tuple[str, dict[str, Any]]:
    """The source of the generated reader of ``m`` and the constants it uses.

    The reader's common cases are inlined rather than sent through ``rd.element``: a simple
    element's text is parsed in place, a class element without ``xsi:nil``/``xsi:type``
    goes straight to its class's generated reader, and a collection's items are read in a
    loop here. Anything else (nil, a derived type, nested collections...) still takes
    ``rd.element``, so the rules live in one place: :mod:`serialkit.xml.reader`.
    """
    src = _Src()
    members = m.all_members()
    src.consts.update({"_creator": _creator, "NOTHING": NOTHING, "_split": _split,
                       "_osa": object.__setattr__, "SKIP_NS": (XSI_NS, XMLNS_NS, XML_NS)})
    src("def read(rd, el):")
    src.level = 1
    # How a class is created is worked out at the first object (the cell keeps it), not
    # when the code is generated, so a pre-generated module follows the class as it is now.
    cell = src.const([None], "CR")
    src(f"make = {cell}[0]")
    src("if make is None:")
    src(f"    make = {cell}[0] = _creator({src.const(m.cls, 'K')})")
    src("obj = make()")
    # rd.bare: the document has no attribute at all (most have none), so no element has
    # xsi:nil or xsi:type: the looks for them are skipped.
    src("bare = rd.bare")
    slots = {mm.name: f"v{i}" for i, mm in enumerate(members)}
    for mm in members:
        src(f"{slots[mm.name]} = NOTHING")
    attributes = [mm for mm in members if mm.kind == "attribute" and mm.attribute is not None]
    codes = {}
    for i, mm in enumerate(attributes):
        acc = mm.attribute
        assert acc is not None
        codes[f"{{{acc.namespace}}}{acc.name}" if acc.namespace else acc.name] = i
    expected_attrs = ", ".join(f"{mm.attribute.namespace}:{mm.attribute.name}"
                               for mm in attributes if mm.attribute)
    src("if not bare:")
    src.level += 1
    src("for key, text in el.items():")
    src(f"    code = {src.const(codes, 'AT')}.get(key)")
    src("    if code is None:")
    src("        if _split(key)[0] in SKIP_NS:")
    src("            continue")
    src(f"        rd.unknown_attribute(el, key, text, obj, {expected_attrs!r})")
    for i, mm in enumerate(attributes):
        acc = mm.attribute
        assert acc is not None
        m_ = src.const(acc.mapping, "M")
        src(f"    elif code == {i}:")
        if acc.is_list:
            src(f"        {slots[mm.name]} = [rd.simple(el, {m_}, p) for p in text.split()]")
        else:
            src(f"        {slots[mm.name]} = rd.simple(el, {m_}, text)")
    src.level -= 1
    text_member = next((mm for mm in members if mm.kind == "text"), None)
    ordered = any(mm.order is not None for mm in members)
    elements: dict[str, int] = {}
    handlers: list[tuple[int, MemberMapping, Any]] = []
    for index, mm in enumerate(members):
        for element in mm.elements:
            elements[_clark(element)] = len(handlers)
            handlers.append((index, mm, element))
    expected = ", ".join(f"{a.namespace}:{a.name}" for mm in members for a in mm.elements)
    if text_member is not None:
        src("texts = [el.text or '']")
    if ordered:
        src("position = -1")
    if handlers or text_member is not None:
        src("for child in el:")
        src.level = 2
        if text_member is not None:
            src("texts.append(child.tail or '')")
        src("tag = child.tag")
        src("if tag.__class__ is not str:")
        src("    continue")
        src(f"code = {src.const(elements, 'EL')}.get(tag)")
        if ordered:
            order_index = src.const([h[0] for h in handlers], "OI")
            src(f"if code is None or {order_index}[code] < position:")
        else:
            src("if code is None:")
        src(f"    rd.unknown_element(child, obj, {expected!r})")
        src("    continue")
        if ordered:
            src(f"position = {order_index}[code]")
        for code, (_index, mm, element) in enumerate(handlers):
            keyword = "if" if code == 0 else "elif"
            slot = slots[mm.name]
            if mm.kind == "flat":
                src(f"{keyword} code == {code}:")
                src(f"    if {slot} is NOTHING:")
                src(f"        {slot} = []")
                src.level += 1
                _read_value(src, element, "child", "x", nested=True)
                src(f"{slot}.append(x)")
                src.level -= 1
                continue
            # The first of repeated elements counts (no other branch matches this code).
            src(f"{keyword} code == {code} and {slot} is NOTHING:")
            src.level += 1
            _read_value(src, element, "child", slot, nested=False)
            src.level -= 1
        src.level = 1
    if text_member is not None:
        src("text = ''.join(texts)")
        src("if text:")
        src(f"    {slots[text_member.name]} = rd.simple(el, "
            f"{src.const(text_member.text, 'M')}, text)")
    for mm in members:
        slot = slots[mm.name]
        src(f"if {slot} is not NOTHING:")
        if mm.kind == "flat":
            assert mm.array is not None
            _assign(src, mm.name, f"{src.const(mm.array.container, 'CT')}({slot})")
        else:
            _assign(src, mm.name, slot)
        if mm.specified is not None:
            _assign(src, mm.specified, "True")
        if mm.kind in ("element", "flat") and isinstance(mm.array, ArrayMapping) \
                and not mm.array.is_array:
            src(f"elif getattr(obj, {mm.name!r}, None) is None:")
            _assign(src, mm.name, f"{src.const(mm.array.container, 'CT')}([])")
    src("return obj")
    return src.text(), src.consts


def _clark(acc: Any) -> str:
    """The lxml tag of an accessor's element (``{ns}name``, or ``name`` in no namespace)."""
    return f"{{{acc.namespace}}}{acc.name}" if acc.namespace else acc.name


def _assign(src: _Src, name: str, value: str) -> None:
    """``reader._set(obj, name, value)``, inlined (one level deeper than the current line):
    a plain assignment, and ``object.__setattr__`` where the class refuses it."""
    if not value.isidentifier():
        src(f"    val = {value}")  # evaluated once, as an argument of _set is
        value = "val"
    if not name.isidentifier() or keyword.iskeyword(name):
        src(f"    _set(obj, {name!r}, {value})")
        src.consts["_set"] = _set
        return
    src("    try:")
    src(f"        obj.{name} = {value}")
    src("    except (AttributeError, TypeError):")
    src(f"        _osa(obj, {name!r}, {value})")


def _read_value(src: _Src, acc: Any, el: str, target: str, nested: bool) -> None:
    """Lines that set ``target`` to what ``rd.element(el, acc)`` returns, by the same rules:
    a simple value's text parsed here, a class read by its generated reader, a collection's
    items read in a loop (not when ``nested``: inside a collection), anything else (and
    every ``xsi:nil`` or ``xsi:type``) by ``rd.element``."""
    m = acc.mapping
    a = src.const(acc, "A")
    if _is_simple(m):
        # rd.element -> rd.simple(el, m, rd.text(el)) when there is no xsi:nil; rd.text of
        # an element without children is its text, or "" when that is only white space
        # and xml:space is not "preserve".
        src(f"if not bare and {el}.get({XSI_NIL!r}) is not None:")
        src(f"    {target} = rd.element({el}, {a})")
        src(f"elif len({el}):")
        src(f"    {target} = rd.simple({el}, {src.const(m, 'M')}, rd.text({el}))")
        src("else:")
        src(f"    t = {el}.text")
        src(f"    if t is None or (not t.strip(' \\t\\r\\n') and {el}.get({XML_SPACE!r}) "
            "!= 'preserve'):")
        src("        t = ''")
        if m is xsd.STRING:
            src(f"    {target} = t")  # its parse is the identity
            return
        # The usual texts of the common types are read here; anything else (white space,
        # signs, out of range, not a value: an error) by the type's parse.
        src.level += 1
        quick = m is xsd.BOOLEAN or m is xsd.DOUBLE or _is_int(m)
        if m is xsd.DOUBLE:
            # Over these characters float() and the pattern accept the same texts (float's
            # other forms need white space, "_", letters of inf/nan); an error is left to
            # the parse, for its message.
            src("if t and not t.strip('0123456789.eE+-'):")
            src("    try:")
            src(f"        {target} = float(t)")
            src("    except ValueError:")
            src(f"        {target} = rd.simple({el}, {src.const(m, 'M')}, t)")
        elif m is xsd.BOOLEAN:
            src("if t == 'true':")
            src(f"    {target} = True")
            src("elif t == 'false':")
            src(f"    {target} = False")
        elif quick:
            # Unsigned digits only (isdecimal: category Nd, as the pattern's \d), few enough
            # for int() not to refuse them.
            hi = xsd.INT_BOUNDS[m.type_name][1]
            src(f"if len(t) < 20 and t.isdecimal() and (n := int(t)) <= {hi}:")
            src(f"    {target} = n")
        if quick:
            src("else:")
            src.level += 1
        src("try:")
        src(f"    {target} = {src.const(m, 'M')}.parse(t)")
        src("except ValueError as exc:")
        src(f"    raise rd.fail({el}, str(exc)) from None")
        src.level -= 2 if quick else 1
    elif isinstance(m, StructMapping):
        # rd.element -> rd.struct -> rd.struct_body when neither xsi:nil nor xsi:type is there.
        src(f"if bare or ({el}.get({XSI_NIL!r}) is None and {el}.get({XSI_TYPE!r}) is None):")
        _load_body(src, "rd", m)
        src(f"    {target} = body(rd, {el})")
        src("else:")
        src(f"    {target} = rd.element({el}, {a})")
    elif isinstance(m, ArrayMapping) and not nested:
        # rd.element -> rd.array when there is no xsi:nil.
        by_name: dict[str, int] = {}
        for index, item in enumerate(m.items):
            by_name[_clark(item)] = index
        expected = ", ".join(f"{a.namespace}:{a.name}" for a in m.items)
        src(f"if not bare and {el}.get({XSI_NIL!r}) is not None:")
        src(f"    {target} = rd.element({el}, {a})")
        src("else:")
        src("    items = []")
        src(f"    for item in {el}:")
        src("        itag = item.tag")
        src("        if itag.__class__ is not str:")
        src("            continue")
        src(f"        c = {src.const(by_name, 'IT')}.get(itag)")
        src("        if c is None:")
        src(f"            rd.unknown_element(item, None, {expected!r})")
        src("            continue")
        src.level += 2
        for index, item in enumerate(m.items):
            if index in by_name.values():
                src(f"{'if' if index == 0 else 'elif'} c == {index}:")
                src.level += 1
                _read_value(src, item, "item", "x", nested=True)
                src.level -= 1
        src("items.append(x)")
        src.level -= 2
        src(f"    {target} = {src.const(m.container, 'CT')}(items)")
    else:
        src(f"{target} = rd.element({el}, {a})")


def _reader(m: StructMapping) -> Callable[..., Any] | None:
    if m in _READERS:
        return _READERS[m]
    fn: Callable[..., Any] | None = None
    if not _interpreted(m):
        source, consts = reader_source(m)
        fn = compile_function("read", source, consts, f"xml-read {m.cls.__qualname__}")
    _READERS[m] = fn
    return fn


class GeneratedReader(_Reader):
    """The reader whose class bodies are generated (one function per class mapping)."""

    #: No element of the document being read has an attribute (see ``document``).
    bare = False

    def document(self, root: Any) -> Any:
        # One walk in C (XPath) answers for every element what generated readers would
        # otherwise ask each one: does it have xsi:nil, xsi:type, any attribute at all?
        self.bare = not root.xpath("boolean(descendant-or-self::*/@*)")
        return super().document(root)

    def struct_body(self, el: Any, m: StructMapping) -> Any:
        fn = _reader(m)
        if fn is None:
            return super().struct_body(el, m)
        return fn(self, el)

    def body(self, m: StructMapping) -> Callable[[Any, Any], Any]:
        """What ``struct_body(el, m)`` calls, as a function of (reader, element): generated
        readers keep it, to call it without going through this class."""
        fn = _reader(m)
        if fn is not None:
            return fn
        return lambda rd, el: _Reader.struct_body(rd, el, m)
