"""The SoapFormatter writer: an object graph as a SOAP 1.1 encoded envelope.

The walk is BinaryFormatter's (breadth first, shapes from the same surrogates and hooks, see
:class:`serialkit.binary._Writer`); what differs is the output: every referenced object is a
top-level ``id="ref-N"`` element and every reference an ``href="#ref-N"``, types live in CLR
namespaces, arrays are ``SOAP-ENC:Array`` with an ``arrayType``, value types are written
inline, and nulls are ``xsi:null="1"``.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as _escape

from serialkit.binary import _rectangular, _Writer
from serialkit.errors import SerializationError
from serialkit.nrbf.enums import PrimitiveType
from serialkit.runtime.paths import ROOT, GraphPath
from serialkit.soap.names import (
    XSD_NAMES,
    encode_base64,
    encode_name,
    format_value,
    type_namespace,
)
from serialkit.surrogates.builtin import (
    ClassShape,
    is_value_type,
    net_name,
    spec_of_value,
)
from serialkit.typespec import (
    ARRAY,
    BYTES,
    CLASS,
    DICT,
    KVP,
    LIST,
    NAMED,
    NULLABLE,
    OBJECT,
    OBJECT_SPEC,
    OTHER,
    PRIM,
    SET,
    STRING,
    TUPLE,
    TypeSpec,
)

if TYPE_CHECKING:
    from serialkit.soap.formatter import SoapFormatter

__all__ = ["SoapWriter"]

_HEADER = (
    '<SOAP-ENV:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
    'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
    'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:clr="http://schemas.microsoft.com/clr/" '
    'SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">\n'
    "  <SOAP-ENV:Body>\n")
_FOOTER = "  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>"
_GENERIC = frozenset({LIST, DICT, SET, TUPLE, KVP})
_SYSTEM_NS = type_namespace("System.Char", None)[0]
#: Root elements named by xsd type, with their members (TimeSpan's root is its text).
_XSD_ROOTS = {code.net_name: name for code, name in XSD_NAMES.items()
              if code is not PrimitiveType.TIMESPAN}
_INLINE_KINDS = frozenset({PRIM, STRING})


class SoapWriter:
    """Writes one graph; make one per call."""

    def __init__(self, formatter: SoapFormatter) -> None:
        self.shapes = _Writer(formatter)
        self.context = formatter.context
        self.ids: dict[int, int] = {}
        self.keep: list[Any] = []
        self.queue: deque[tuple[Any, int, TypeSpec, GraphPath]] = deque()
        self.prefixes: dict[str, str] = {}
        self.out: list[str] = [_HEADER]

    def run(self, graph: Any, spec: TypeSpec | None) -> bytes:
        if graph is None:
            raise SerializationError("cannot serialize None as the root of a graph", path=ROOT)
        root_id = self.new_id(graph)
        if type(graph) is str and (spec is None or spec.kind in (STRING, OBJECT)):
            self.out.append(f'    <SOAP-ENC:string id="ref-{root_id}">'
                            f"{escape(graph)}</SOAP-ENC:string>\n")
        else:
            if spec is None or spec.kind in (OBJECT, OTHER, NAMED):
                spec = self.shapes.runtime_spec(graph, ROOT)
            self.queue.append((graph, root_id, spec, ROOT))
        while self.queue:
            self.write_top(*self.queue.popleft())
        self.out.append(_FOOTER)
        for obj, meta in self.shapes.serialized:
            for cb in meta.callbacks.get("on_serialized", ()):
                cb(obj, self.context)
        return "".join(self.out).encode("utf-8")

    def new_id(self, obj: Any) -> int:
        oid = self.ids[id(obj)] = len(self.ids) + 1
        self.keep.append(obj)
        return oid

    def prefix(self, uri: str) -> str:
        found = self.prefixes.get(uri)
        if found is None:
            found = self.prefixes[uri] = f"a{len(self.prefixes) + 1}"
        return found

    # Top-level elements ------------------------------------------------------------------
    def write_top(self, obj: Any, oid: int, spec: TypeSpec, path: GraphPath) -> None:
        if spec.kind == BYTES or isinstance(obj, bytes | bytearray):
            self.out.append(f'    <SOAP-ENC:Array id="ref-{oid}" xsi:type="SOAP-ENC:base64">'
                            f"{encode_base64(bytes(obj))}</SOAP-ENC:Array>\n")
            return
        if spec.kind == ARRAY:
            self.write_array(obj, oid, spec, path)
            return
        self.refuse_generic(spec, path)
        shape = self.shapes.shape(obj, spec, path)
        self.refuse_generic_name(shape.type_name, path)
        if shape.type_name == "System.TimeSpan" and shape.library is None:
            # SoapFormatter writes a TimeSpan root as its duration text, not its members
            self.out.append(f'    <xsd:duration id="ref-{oid}">'
                            f"{self.text(PrimitiveType.TIMESPAN, obj, path)}</xsd:duration>\n")
            return
        xsd = _XSD_ROOTS.get(shape.type_name) if shape.library is None else None
        if xsd is not None:
            # A boxed primitive root is named by its xsd type (xsd:short, xsd:decimal), as
            # SoapFormatter names it; its members are its own (m_value, or Decimal's flags...)
            self.out.append(f'    <xsd:{xsd} id="ref-{oid}">\n')
            self.write_members(shape, path, "      ", set())
            self.out.append(f"    </xsd:{xsd}>\n")
            return
        uri, local = type_namespace(shape.type_name, shape.library)
        prefix = self.prefix(uri)
        self.out.append(f'    <{prefix}:{local} id="ref-{oid}" xmlns:{prefix}="{uri}">\n')
        self.write_members(shape, path, "      ", {uri})
        self.out.append(f"    </{prefix}:{local}>\n")

    def write_members(self, shape: ClassShape, path: GraphPath, indent: str,
                      declared: set[str]) -> None:
        for name, spec, value in zip(shape.names, shape.specs, shape.values, strict=True):
            self.write_value(encode_name(name), value, spec,
                             shape.member_path(name, path), indent, declared)

    def write_array(self, obj: Any, oid: int, spec: TypeSpec, path: GraphPath) -> None:
        elem = spec.args[0] if spec.args else OBJECT_SPEC
        if spec.rank > 1:
            lengths, items = _rectangular(obj, spec.rank, path)
        else:
            items = list(obj)
            lengths = [len(items)]
        declare, qname = self.type_qname(elem, path)
        dims = ",".join(str(n) for n in lengths)
        self.out.append(f'    <SOAP-ENC:Array id="ref-{oid}"{declare} '
                        f'SOAP-ENC:arrayType="{qname}[{dims}]">\n')
        declared = {uri for uri in self.prefixes if f'"{uri}"' in declare}
        last = len(items)
        if not is_value_type(elem):
            while last and items[last - 1] is None:  # trailing nulls are left out
                last -= 1
        for i in range(last):
            self.write_value("item", items[i], elem, path.item(i), "      ", declared)
        self.out.append("    </SOAP-ENC:Array>\n")

    def type_qname(self, spec: TypeSpec, path: GraphPath) -> tuple[str, str]:
        """(an xmlns declaration to add, the QName) naming an array's element type."""
        kind = spec.kind
        if kind == PRIM and spec.code in XSD_NAMES:
            return "", f"xsd:{XSD_NAMES[spec.code]}"
        if kind == STRING:
            return "", "SOAP-ENC:string"
        if kind in (OBJECT, OTHER, NAMED):
            return "", "xsd:anyType"
        if kind == BYTES:
            return "", "SOAP-ENC:base64"
        self.refuse_generic(spec, path)
        name, library = net_name(spec)
        uri, local = type_namespace(name, library)
        prefix = self.prefix(uri)
        return f' xmlns:{prefix}="{uri}"', f"{prefix}:{local}"

    # Values ------------------------------------------------------------------------------
    def write_value(self, tag: str, value: Any, spec: TypeSpec, path: GraphPath,
                    indent: str, declared: set[str]) -> None:
        out = self.out
        if value is None:
            out.append(f'{indent}<{tag} xsi:null="1" />\n')
            return
        kind = spec.kind
        if kind == NULLABLE:
            spec = spec.args[0]
            kind = spec.kind
        if kind == PRIM:
            assert spec.code is not None
            out.append(f"{indent}<{tag}>{self.text(spec.code, value, path)}</{tag}>\n")
            return
        if kind == STRING or (kind in (OBJECT, OTHER, NAMED) and type(value) is str):
            if not isinstance(value, str):
                raise SerializationError(f"expected a str, got {type(value).__name__}",
                                         path=path)
            typed = "" if kind == STRING else ' xsi:type="SOAP-ENC:string"'
            oid = self.ids.get(id(value))
            if oid is not None:
                out.append(f'{indent}<{tag} href="#ref-{oid}" />\n')
            elif value:
                out.append(f'{indent}<{tag} id="ref-{self.new_id(value)}"{typed}>'
                           f"{escape(value)}</{tag}>\n")
            else:
                out.append(f'{indent}<{tag} id="ref-{self.new_id(value)}"{typed} />\n')
            return
        boxed = kind in (OBJECT, OTHER, NAMED)
        if boxed:
            runtime = spec_of_value(value)
            if runtime is None:
                runtime = self.shapes.runtime_spec(value, path)
            if runtime.kind == PRIM:
                code = runtime.code
                assert code is not None
                if code is PrimitiveType.CHAR:  # no xsd type: .NET names System.Char
                    prefix = self.prefix(_SYSTEM_NS)
                    declare = "" if _SYSTEM_NS in declared else f' xmlns:{prefix}="{_SYSTEM_NS}"'
                    typed = f'{declare} xsi:type="{prefix}:Char"'
                else:
                    typed = f' xsi:type="xsd:{XSD_NAMES[code]}"'
                out.append(f"{indent}<{tag}{typed}>{self.text(code, value, path)}</{tag}>\n")
                return
            spec = runtime
        if is_value_type(spec) and (spec.kind != CLASS or isinstance(value, spec.py)):
            self.write_inline(tag, value, spec, path, indent, declared, boxed)
            return
        oid = self.ids.get(id(value))
        if oid is None:
            self.refuse_generic(spec, path)
            oid = self.new_id(value)
            self.queue.append((value, oid, spec if spec.kind not in _INLINE_KINDS else
                               OBJECT_SPEC, path))
        out.append(f'{indent}<{tag} href="#ref-{oid}" />\n')

    def write_inline(self, tag: str, value: Any, spec: TypeSpec, path: GraphPath, indent: str,
                     declared: set[str], boxed: bool) -> None:
        """A value type (struct, enum, Guid) written in place; boxed ones say their type."""
        shape = self.shapes.shape(value, spec, path)
        attrs = ""
        inner = set(declared)
        if boxed:
            uri, local = type_namespace(shape.type_name, shape.library)
            prefix = self.prefix(uri)
            if uri not in declared:
                attrs += f' xmlns:{prefix}="{uri}"'
                inner.add(uri)
            attrs += f' xsi:type="{prefix}:{local}"'
        if isinstance(value, enum.Enum):
            self.out.append(f"{indent}<{tag}{attrs}>{escape(_enum_text(value))}</{tag}>\n")
            return
        if not shape.names:
            self.out.append(f"{indent}<{tag}{attrs} />\n")
            return
        self.out.append(f"{indent}<{tag}{attrs}>\n")
        self.write_members(shape, path, indent + "  ", inner)
        self.out.append(f"{indent}</{tag}>\n")

    def text(self, code: Any, value: Any, path: GraphPath) -> str:
        if isinstance(value, enum.Enum):
            value = value.value
        try:
            return escape(format_value(code, value))
        except (ValueError, TypeError, OverflowError) as exc:
            raise SerializationError(f"{value!r} does not fit {code.net_name}: {exc}",
                                     path=path) from None

    def refuse_generic(self, spec: TypeSpec, path: GraphPath) -> None:
        if spec.kind in _GENERIC:
            self.refuse_generic_name(net_name(spec)[0], path)

    def refuse_generic_name(self, type_name: str, path: GraphPath) -> None:
        if "`" in type_name:
            raise SerializationError(
                f"SoapFormatter does not support generic types ({type_name.split('[', 1)[0]}),"
                " as in .NET: use a bare list (ArrayList), a bare dict (Hashtable) or an "
                "array (Annotated[list[T], Array])", path=path)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """Text content escaped for XML; a carriage return is kept as ``&#xD;`` (XML readers turn
    a raw one into a newline). Characters XML 1.0 cannot carry at all are refused."""
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise SerializationError(
            f"the string contains U+{ord(bad.group()):04X}, which XML 1.0 cannot carry: "
            "SOAP cannot hold it (BinaryFormatter can)")
    return _escape(text).replace("\r", "&#xD;")


def _enum_text(value: enum.Enum) -> str:
    """An enum value as .NET's Enum.ToString writes it: the name, or flags joined by ", "."""
    name = value.name
    if name is None:
        return str(value.value)
    return ", ".join(name.split("|"))

