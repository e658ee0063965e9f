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

import inspect
import keyword
import re
import types
import weakref
from collections.abc import Callable
from typing import Any

from serialkit._codegen import compile_function
from serialkit.xml import xsd
from serialkit.xml.errors import XmlFormatError
from serialkit.xml.mapping import (
    NOTHING,
    ArrayMapping,
    EnumMapping,
    MemberMapping,
    StructMapping,
    class_levels,
)
from serialkit.xml.namespaces import XSI_NS
from serialkit.xml.reader import XML_NS, XMLNS_NS, _creator, _Reader, _set, _split
from serialkit.xml.writer import _escape, _text_special, _Writer, is_default

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
        src.consts["_is_default"] = is_default
        parts.append(f"not _is_default(getattr(value, {mm.name!r}, None), {d})")
    return " and ".join(parts) if parts else None


# -- writer -----------------------------------------------------------------------------------
# .NET's XmlTextWriter decides each element's prefix and namespace declaration from the
# namespaces in scope, and its indentation from the depth. Within one class element those
# are the same for every member element in a given namespace (members only add declarations
# to their own elements, which they remove at their end), so the generated writer works them
# out once per object: a namespace that needs neither a prefix nor a declaration there is
# "plain" (flags p0, p1...), and an element in it is written as strings (``<name>text</name>``,
# ``<name />``) without a TextWriter frame. So is a class element itself (the "plain mode"
# of its writer, when its caller gives ``depth``) when it is plain where it is written, of the
# declared class (no xsi:type) and without attributes: a start tag, its members, an end tag.
# Anything else takes the TextWriter's methods; an element written without a frame first
# gets one (``wr.enter``, undone by ``wr.leave``), so the TextWriter finds what it would have
# made: its depth, its default namespace, its start tag closed. The class element written
# by the TextWriter (general mode) has its start tag closed after its attributes, as its
# first member would have closed it; ``wr.finish`` gives ``<x />`` when nothing followed.
#
# The path of an error ($.orders[3].lines[0]) is not kept on a stack while writing: each
# writer keeps the member it is at in ``step`` (and an item's ``index``) and adds them to the
# path of an error passing through (``wr.unwind``).

#: Simple types whose written form never holds a character that needs escaping (digits,
#: signs, letters of INF/NaN/true/false/E/P/T/Z, ':', '.', '-', base64 and hex digits).
_NO_ESCAPE = frozenset(id(m) for m in (
    xsd.BOOLEAN, xsd.DOUBLE, xsd.FLOAT, xsd.DECIMAL, xsd.DATETIME, xsd.DATE,
    xsd.DATETIME_AS_DATE, xsd.TIME, xsd.DURATION, xsd.GUID, xsd.BASE64, xsd.HEX,
    *xsd.INTS.values()))

#: Simple types whose written form is never empty (``<x />`` is never theirs).
_NEVER_EMPTY = frozenset(id(m) for m in (
    xsd.BOOLEAN, xsd.DOUBLE, xsd.FLOAT, xsd.DECIMAL, xsd.DATETIME, xsd.DATE,
    xsd.DATETIME_AS_DATE, xsd.TIME, xsd.DURATION, xsd.GUID, *xsd.INTS.values()))

#: One element written through the TextWriter from generated code: (the element's frame or
#: None, its depth, name and namespace), the arguments of ``wr.enter``.
_Enter = tuple[str, str, str, str]


def writer_source(m: StructMapping) -> tuple[str, dict[str, Any]]:
    """The source of the generated writer of ``m`` and the constants it uses."""
    src = _Src()
    src.consts["XmlFormatError"] = XmlFormatError
    members = m.all_members()
    spaces = _lane(members)
    plain = spaces is not None and _plain_capable(m)
    leaf = plain and _leaf(m)
    src("def write(wr, name, ns, value, need_type, depth=-1):")
    src.level = 1
    src("w = wr.w")
    if spaces is not None:
        src("out = w.out")
        src("pads = wr.pads")
    xmlns = "None" if m.xmlns_member is None else f"getattr(value, {m.xmlns_member!r}, None)"
    levels = class_levels(m)
    start = [f"wr.start(name, ns, value, False, {xmlns}, {levels})", "if need_type:",
             f"    wr.xsi_type({m.type_name!r}, {m.namespace!r})"]
    if plain:
        src("if depth < 0:")
        for line in start:
            src("    " + line)
        src("    fr = w.frames[-1]")
        src("else:")
        src("    fr = None")
        src(f"    if depth > wr.max_depth - {levels}:")
        src("        raise wr.too_deep(value)")
        if not leaf:
            src("    if id(value) in wr.in_use:")
            src("        raise wr.circular(value)")
            src("    wr.in_use.add(id(value))")
        src("    pre = pads[depth]")
        src("    out.append(f'{pre}<{name}>')")
    else:
        for line in start:
            src(line)
    src("step = index = None")
    src("try:")
    src.level = 2
    _write_attributes(src, members)
    if spaces is not None:
        _plain_prologue(src, spaces, plain)
    for mm in members:
        if mm.kind in ("attribute", "xmlns", "anyattr"):
            continue
        guard = _guard(src, mm)
        if guard is not None:
            src(f"if {guard}:")
            src.level += 1
        src(f"step = {'.' + mm.name!r}")
        _get(src, mm.name)
        if spaces is None:
            _write_member(src, mm)
        else:
            _plain_member(src, mm, spaces, [("fr", "depth", "name", "ns")] if plain else [])
        if guard is not None:
            src.level -= 1
    src.level = 1
    src("except XmlFormatError as exc:")
    src("    wr.unwind(exc, step, index)")
    src("    raise")
    src("except ValueError as exc:")
    src("    raise wr.value_error(exc, step, index) from None")
    if spaces is None:
        src("wr.end(value)")
    elif plain:
        src("if fr is None:")
        src("    if len(out) == mark:")
        src("        out[-1] = f'{pre}<{name} />'")
        src("    else:")
        src("        out.append(f'{pre}</{name}>')")
        if not leaf:
            src("    wr.in_use.discard(id(value))")
        src("else:")
        src("    wr.finish(fr, mark, value)")
    else:
        src("wr.finish(fr, mark, value)")
    _drop_unused(src, r"ipre|cpre|d1|d2|p\d+|default|w")
    return src.text(), src.consts


def _drop_unused(src: _Src, names: str) -> None:
    """Remove the assignments to the variables named by the pattern ``names`` that nothing
    reads (the prologue sets up what any member may need)."""
    assignment = re.compile(rf"\s*({names}) = ")
    while True:
        for index, line in enumerate(src.lines):
            found = assignment.match(line)
            if found is None:
                continue
            used = re.compile(rf"\b{found.group(1)}\b")
            if not any(used.search(other) for other in src.lines if other is not line):
                del src.lines[index]
                break
        else:
            return


def _plain_capable(m: StructMapping) -> bool:
    """True when ``m``'s element may be written in plain mode: nothing goes into its start
    tag (no attribute, no namespace declaration of its own)."""
    return m.xmlns_member is None and not any(
        mm.kind in ("attribute", "anyattr", "xmlns") for mm in m.all_members())


def _leaf(m: StructMapping) -> bool:
    """True when no member of ``m`` holds an object (only simple values and collections of
    them): such an object is never its own ancestor, so it needs no circular-reference
    check."""
    for mm in m.all_members():
        for acc in mm.elements:
            if _is_simple(acc.mapping):
                continue
            if isinstance(acc.mapping, ArrayMapping) and all(
                    _is_simple(item.mapping) for item in acc.mapping.items):
                continue
            return False
    return True


def _get(src: _Src, name: str) -> None:
    """``v = getattr(value, name, None)``, as an attribute read where ``name`` allows it."""
    if name.isidentifier() and not keyword.iskeyword(name):
        src("try:")
        src(f"    v = value.{name}")
        src("except AttributeError:")
        src("    v = None")
    else:
        src(f"v = getattr(value, {name!r}, None)")


def _write_attributes(src: _Src, members: list[MemberMapping]) -> None:
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


def _write_member(src: _Src, mm: MemberMapping) -> None:
    """One member through the writer's methods (``v`` holds its value)."""
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
        src("    for index, item in enumerate(v):  # noqa: B007")
        src("        if item is not None:")
        if len(mm.elements) == 1:
            _write_value(src, mm.elements[0], "item", 3)
        else:
            elems = src.const(mm.elements, "E")
            src(f"            wr.element(wr.choose({elems}, item), item)")
        if mm.elements[0].is_nullable:
            src("        else:")
            src(f"            wr.null_tag({mm.elements[0].name!r}, {mm.elements[0].namespace!r})")
        src("    index = None")
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
    """The namespaces of the members' elements (each gets a "plain" flag), or None when the
    class writes into its own element (XmlText, XmlAnyElement, choices): it takes the
    writer's methods for every member."""
    if any(mm.kind in ("text", "any") or mm.choice is not None for mm in members):
        return None
    spaces: list[str] = []
    for mm in members:
        for acc in mm.elements:
            if acc.namespace not in spaces:
                spaces.append(acc.namespace)
    return spaces


def _plain_prologue(src: _Src, spaces: list[str], plain: bool) -> None:
    """The element's state, once per object: its start tag closed in general mode, its
    depth, where its children's lines start, each namespace's flag."""
    if plain:
        src("if fr is not None:")
        src("    depth = len(w.frames) - 2")
        src("    w._close_start()")
    else:
        src("fr = w.frames[-1]")
        src("depth = len(w.frames) - 2")
        src("w._close_start()")
    src("mark = len(out)")
    src("d1 = depth + 1")
    src("cpre = pads[d1]")
    # The default namespace in the element: its parent's in plain mode.
    src("default = ns if fr is None else fr.default_ns" if plain else "default = fr.default_ns")
    for index, space in enumerate(spaces):
        # No prefix bound to the namespace (TextWriter.find_prefix) and it is the default.
        src(f"p{index} = default == {space!r} and {space!r} not in w.ns_count")


def _through_writer(src: _Src, enters: list[_Enter],
                    lines: Callable[[], None] | str | list[str]) -> None:
    """``lines`` (lines, or a function emitting them), run with a TextWriter frame for each
    element of ``enters`` written without one."""
    for index, (frame, depth, name, ns) in enumerate(enters):
        src(f"base{index} = wr.enter({frame}, {depth}, {name}, {ns})")
    if callable(lines):
        lines()
    else:
        for line in [lines] if isinstance(lines, str) else lines:
            src(line)
    for index in reversed(range(len(enters))):
        src(f"wr.leave(base{index})")


def _plain_member(src: _Src, mm: MemberMapping, spaces: list[str],
                  enters: list[_Enter]) -> None:
    """One member of a laned class (``v`` holds its value); ``enters``: what gives the class
    element a frame when the TextWriter writes a child."""
    acc = mm.elements[0]
    flag = f"p{spaces.index(acc.namespace)}"
    if mm.kind == "flat":
        src("if v is not None:")
        src("    for index, item in enumerate(v):  # noqa: B007")
        src("        if item is not None:")
        src.level += 3
        if len(mm.elements) == 1:
            _plain_value(src, acc, "item", flag, "cpre", "d1", enters)
        else:
            elements = src.const(mm.elements, "E")
            _through_writer(src, enters, f"wr.element(wr.choose({elements}, item), item)")
        src.level -= 3
        if acc.is_nullable:
            src("        else:")
            src.level += 3
            _through_writer(src, enters, f"wr.null_tag({acc.name!r}, {acc.namespace!r})")
            src.level -= 3
        src("    index = None")
        return
    m = acc.mapping
    if len(mm.elements) > 1 or not (_is_simple(m) or isinstance(m, StructMapping)
                                    or _plain_array(m, acc.namespace)):
        _through_writer(src, enters, lambda: _write_member(src, mm))
        return
    _unless_none(src, "v", acc, enters, lambda: _plain_items(src, acc, flag, enters)
                 if isinstance(m, ArrayMapping)
                 else _plain_value(src, acc, "v", flag, "cpre", "d1", enters))


def _unless_none(src: _Src, var: str, acc: Any, enters: list[_Enter],
                 write: Callable[[], None]) -> None:
    """``write()``'s lines when ``var`` is not None; else the nil element of a nullable
    accessor."""
    src(f"if {var} is not None:")
    src.level += 1
    write()
    src.level -= 1
    if acc.is_nullable:
        src("else:")
        src.level += 1
        _through_writer(src, enters, f"wr.null_tag({acc.name!r}, {acc.namespace!r})")
        src.level -= 1


def _plain_array(m: Any, space: str) -> bool:
    """True for a collection whose items may be written as strings or plain class elements
    (one item type, in the collection element's namespace)."""
    return isinstance(m, ArrayMapping) and len(m.items) == 1 and \
        m.items[0].namespace == space and (_is_simple(m.items[0].mapping)
                                           or isinstance(m.items[0].mapping, StructMapping))


def _plain_items(src: _Src, acc: Any, flag: str, enters: list[_Enter]) -> None:
    """``wr.element(acc, v)`` for a collection of one item type: its element, then its items
    in a loop, each written as ``_Writer.items`` writes it; as strings when plain."""
    item = acc.mapping.items[0]
    src("if isinstance(v, str | bytes | dict) or not hasattr(v, '__iter__'):")
    src("    raise wr.error(f'a collection was expected, not {type(v).__qualname__}')")
    src(f"if {flag}:")
    src.level += 1
    src(f"out.append({_fstring('', 'cpre', f'<{acc.name}>')})")
    src("m2 = len(out)")
    src("d2 = d1 + 1")
    src("ipre = pads[d2]")
    inner = [*enters, ("None", "d1", repr(acc.name), repr(acc.namespace))]
    src("for index, item in enumerate(v):  # noqa: B007")
    src.level += 1
    _unless_none(src, "item", item, inner,
                 lambda: _plain_value(src, item, "item", None, "ipre", "d2", inner))
    src.level -= 1
    src("index = None")
    src("if len(out) == m2:")
    src(f"    out[-1] = {_fstring('', 'cpre', f'<{acc.name} />')}")
    src("else:")
    src(f"    out.append({_fstring('', 'cpre', f'</{acc.name}>')})")
    src.level -= 1
    src("else:")
    src.level += 1
    _through_writer(src, enters, f"wr.element({src.const(acc, 'A')}, v)")
    src.level -= 1


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


def _plain_value(src: _Src, acc: Any, var: str, flag: str | None, pre: str, depth: str,
                 enters: list[_Enter]) -> None:
    """``wr.element(acc, var)`` for a value that is not None: as a string or a plain class
    element when ``flag`` (None: always) holds, else through the TextWriter. ``pre``: the
    start of its line; ``depth``: its depth."""
    m = acc.mapping
    if _is_simple(m):
        fmt = src.const(m.format, "F")
        quick = _quick_format(m, var)
        if quick is not None:
            line = f"text = {quick[1]} if {quick[0]} else str({fmt}({var}))"
            if len(line) + 4 * src.level <= 88:  # (a module of sgen: one line, within 100)
                src(line)
            else:
                src(f"if {quick[0]}:")
                src(f"    text = {quick[1]}")
                src("else:")
                src(f"    text = str({fmt}({var}))")
        else:
            src(f"text = str({fmt}({var}))")
        if flag is not None:
            src(f"if {flag}:")
            src.level += 1
        if id(m) not in _NO_ESCAPE:
            src.consts.update({"_escape": _escape, "_special": _text_special})
            src("if _special(text) is not None:")
            src("    text = _escape(text, False)")
        line = _fstring("", pre, f"<{acc.name}>", "text", f"</{acc.name}>")
        if id(m) in _NEVER_EMPTY:
            src(f"out.append({line})")
        else:
            src("if text:")
            src(f"    out.append({line})")
            src("else:")
            src(f"    out.append({_fstring('', pre, f'<{acc.name} />')})")
        if flag is not None:
            src.level -= 1
            src("else:")
            src.level += 1
            _through_writer(src, enters, [
                f"w.start_element(None, {acc.name!r}, {acc.namespace!r})", "w.string(text)",
                "w.end_element()"])
            src.level -= 1
    elif isinstance(m, StructMapping):
        cls = src.const(m.cls, "K")
        if _plain_capable(m):
            src(f"if {'' if flag is None else flag + ' and '}type({var}) is {cls}:")
            _load_body(src, "wr", m)
            src(f"    body(wr, {acc.name!r}, {acc.namespace!r}, {var}, False, {depth})")
            src("else:")
            src.level += 1
            _through_writer(src, enters, f"wr.struct({acc.name!r}, {acc.namespace!r}, "
                                         f"{src.const(m, 'S')}, {var})")
            src.level -= 1
        else:
            def general() -> None:
                # wr.struct: the declared class itself goes straight to its generated writer.
                src(f"if type({var}) is {cls}:")
                _load_body(src, "wr", m)
                src(f"    body(wr, {acc.name!r}, {acc.namespace!r}, {var}, False)")
                src("else:")
                src(f"    wr.struct({acc.name!r}, {acc.namespace!r}, {src.const(m, 'S')}, "
                    f"{var})")
            _through_writer(src, enters, general)
    else:
        _through_writer(src, enters, f"wr.element({src.const(acc, 'A')}, {var})")


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
                       "_osa": object.__setattr__, "SKIP_NS": (XMLNS_NS,)})
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
    # Members set as their element is read (in document order) rather than at the end (in
    # member order): where the order cannot show, the check of each slot at the end is saved.
    early = [mm for mm in members if mm.kind == "element" and _plain_attribute(m.cls, mm.name)
             and (mm.specified is None or _plain_attribute(m.cls, mm.specified))]
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
        # A comment's or processing instruction's tag (a function) is not a key either.
        src("try:")
        src(f"    code = {src.const(elements, 'EL')}[tag]")
        src("except KeyError:")
        src("    if tag.__class__ is str:")
        src(f"        rd.unknown_element(child, obj, {expected!r})")
        src("    continue")
        if ordered:
            order_index = src.const([h[0] for h in handlers], "OI")
            src(f"if {order_index}[code] < position:")
            src(f"    rd.unknown_element(child, obj, {expected!r})")
            src("    continue")
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
            if mm in early:
                src.level -= 1
                _assign(src, mm.name, slot)
                if mm.specified is not None:
                    _assign(src, mm.specified, "True")
                src.level += 1
            src.level -= 1
        src.level = 1
    if text_member is not None:
        src("text = ''.join(texts)")
        src("if text:")
        value = f"rd.simple(el, {src.const(text_member.text, 'M')}, text)"
        if text_member.text_is_list:  # .NET reads the whole text as the one item
            value = f"[{value}]"
        src(f"    {slots[text_member.name]} = {value}")
    for mm in members:
        slot = slots[mm.name]
        if mm in early:
            if isinstance(mm.array, ArrayMapping) and not mm.array.is_array:
                src(f"if {slot} is NOTHING and getattr(obj, {mm.name!r}, None) is None:")
                _assign(src, mm.name, f"{src.const(mm.array.container, 'CT')}([])")
            continue
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


def _plain_attribute(cls: type, name: str) -> bool:
    """True when setting ``name`` on a ``cls`` has no effect but storing the value (no
    property or other descriptor of the class's own, no ``__setattr__``): in which order the
    members are set cannot show."""
    if not name.isidentifier() or keyword.iskeyword(name) or \
            getattr(cls, "__setattr__", None) is not object.__setattr__:
        return False
    found = inspect.getattr_static(cls, name, None)
    return found is None or isinstance(found, types.MemberDescriptorType) or \
        not hasattr(type(found), "__set__")


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
        src.level += 1
        src(f"t = {el}.text")
        # The usual texts of the common types are read here (none of them holds white
        # space); anything else (white space, signs, out of range, not a value: an error)
        # by the type's parse, once white space alone has become "".
        quick = m is xsd.BOOLEAN or m is xsd.DOUBLE or _is_int(m)
        if m is xsd.DOUBLE:
            # Most doubles .NET writes have 16 or 17 digits, which float() reads exactly as
            # .NET meant (netnumber.read_double's first case): ASCII, no sign, exponent or
            # "_" (which float() would take), no leading or trailing zero. Any other text
            # (short, signed, an exponent, an error) goes to the type's parse below.
            src("if (t and 16 < len(t) < 300 and '0' < t[0] <= '9' and '0' < t[-1] <= '9'"
                " and t.isascii() and 'e' not in t and 'E' not in t and '_' not in t):")
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
            # Unsigned ASCII digits only (isdecimal alone takes any Nd digit, which .NET
            # refuses), few enough for int() not to refuse them.
            hi = xsd.INT_BOUNDS[m.type_name][1]
            src(f"if t and t.isascii() and t.isdecimal() and len(t) < 20 and "
                f"(n := int(t)) <= {hi}:")
            src(f"    {target} = n")
        if quick:
            src("else:")
            src.level += 1
        # (isspace first: it is False for most texts, and True for all that strip empties.)
        src(f"if t is None or (t.isspace() and not t.strip(' \\t\\r\\n') and "
            f"{el}.get({XML_SPACE!r}) != 'preserve'):")
        src("    t = ''")
        if m is xsd.STRING:
            src(f"{target} = t")  # its parse is the identity
        else:
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
        if len(by_name) == 1:
            # One item type: its tag compared (a comment's tag, a function, is not equal).
            src(f"        if itag != {next(iter(by_name))!r}:")
            src("            if itag.__class__ is str:")
            src(f"                rd.unknown_element(item, None, {expected!r})")
            src("            continue")
            src.level += 2
            _read_value(src, m.items[next(iter(by_name.values()))], "item", "x", nested=True)
            src.level -= 2
        else:
            src("        try:")
            src(f"            c = {src.const(by_name, 'IT')}[itag]")
            src("        except KeyError:")
            src("            if itag.__class__ is str:")
            src(f"                rd.unknown_element(item, None, {expected!r})")
            src("            continue")
            src.level += 2
            for index, item in enumerate(m.items):
                if index in by_name.values():
                    src(f"{'if' if index == 0 else 'elif'} c == {index}:")
                    src.level += 1
                    _read_value(src, item, "item", "x", nested=True)
                    src.level -= 1
            src.level -= 2
        src("        items.append(x)")
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

    def document(self, root: Any) -> Any:
        if self.bare is None:
            # One walk in C (XPath) answers for every element what generated readers would
            # otherwise ask each one: does it have xsi:nil, xsi:type, any attribute at all?
            # (The parser often knows it from the text, for less.)
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
