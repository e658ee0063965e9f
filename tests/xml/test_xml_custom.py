"""IXmlSerializable: write_xml / read_xml / get_schema, and the XmlWriter / XmlReader objects."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    XmlFormatError,
    XmlNodeType,
    XmlReader,
    XmlSerializer,
    XmlSerializerNamespaces,
    XmlWriter,
)
from serialkit.xml.writer import TextWriter


class Custom:
    def __init__(self, v: str = "v") -> None:
        self.V = v

    def get_schema(self) -> None:
        return None

    def write_xml(self, writer: XmlWriter) -> None:
        writer.write_attribute_string("v", self.V)
        writer.write_element_string("inner", "x")

    def read_xml(self, reader: XmlReader) -> None:
        self.V = reader.get_attribute("v") or ""
        reader.read_start_element()
        assert "x" == reader.read_element_string("inner")
        reader.read_end_element()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Custom) and self.V == other.V

    __hash__ = None  # type: ignore[assignment]


@dataclass
class HasCustom:
    C: Custom | None = field(default_factory=Custom)
    D: str = "d"


def test_member_and_root_shapes_are_dotnets() -> None:
    """Mono: ``<C v="v"><inner>x</inner></C>``; as the root, no xsi/xsd declarations."""
    assert b'''<?xml version="1.0"?>
<HasCustom xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <C v="v">
    <inner>x</inner>
  </C>
  <D>d</D>
</HasCustom>''' == XmlSerializer(HasCustom).dumps(HasCustom())
    assert b'<?xml version="1.0"?>\n<Custom v="v">\n  <inner>x</inner>\n</Custom>' == (
        XmlSerializer(Custom).dumps(Custom()))


def test_read_xml_gets_the_wrapper_and_the_rest_reads_on() -> None:
    """read_xml is handed the reader on the wrapper; later members are read after it."""
    got = XmlSerializer(HasCustom).loads(
        b"<HasCustom><C v='w'>\n  <inner>x</inner>\n</C><D>e</D></HasCustom>")
    assert HasCustom(Custom("w"), "e") == got
    assert HasCustom(Custom("v"), "e") == XmlSerializer(HasCustom).loads(
        b"<HasCustom><D>e</D></HasCustom>")


def write(action: object) -> str:
    w = TextWriter(indent=None)
    w.start_element(None, "r", "")
    writer = XmlWriter(w)
    action(writer)  # type: ignore[operator]
    writer.flush()
    w.end_element()
    return w.text()


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1000])
def test_write_base64_chunks_make_one_text(size: int) -> None:
    """Odd bytes wait for the next chunk, as XmlTextWriter's base64 encoder does."""
    data = bytes(range(256)) * 3

    def action(writer: XmlWriter) -> None:
        for i in range(0, len(data), size):
            writer.write_base64(data, i, min(size, len(data) - i))

    assert f"<r>{base64.b64encode(data).decode()}</r>" == write(action)


def test_writer_overloads_and_prefixes() -> None:
    """The .NET overloads by argument count; prefixes follow XmlTextWriter."""

    def action(writer: XmlWriter) -> None:
        writer.write_attribute_string("a", "1")
        writer.write_attribute_string("b", "urn:b", "2")
        writer.write_attribute_string("p", "c", "urn:p", "3")
        writer.write_start_element("e", "urn:e")
        writer.write_string("t<")
        writer.write_end_element()
        writer.write_element_string("p", "f", "urn:p", "v")
        writer.write_start_element("g")
        writer.write_full_end_element()
        writer.write_comment("c")

    assert ('<r a="1" d1p1:b="2" p:c="3" xmlns:p="urn:p" xmlns:d1p1="urn:b">'
            '<e xmlns="urn:e">t&lt;</e><p:f>v</p:f><g></g><!--c--></r>') == write(action)


def test_write_xml_must_close_what_it_opens() -> None:
    """An element left open by write_xml is an error, not a broken document."""

    class Leaky(Custom):
        def write_xml(self, writer: XmlWriter) -> None:
            writer.write_start_element("open")

    with pytest.raises(XmlFormatError, match="left 1 element"):
        XmlSerializer(Leaky).dumps(Leaky())


def reader(xml: str) -> XmlReader:
    return XmlReader(etree.fromstring(xml))


def test_reader_walks_content_like_dotnets() -> None:
    """Whitespace skipped, comments skipped by move_to_content, empty elements have no end."""
    r = reader('<w xmlns:p="urn:p" p:a="1" b="2">\n <!--c--> <x/>\n <y>t</y></w>')
    assert (XmlNodeType.ELEMENT, "w", "1", "1", "2") == (
        r.node_type, r.name, r.get_attribute("p:a"), r.get_attribute("a", "urn:p"),
        r.get_attribute("b"))
    r.read_start_element("w")
    assert XmlNodeType.COMMENT == r.node_type
    assert r.is_start_element("x")
    assert r.is_empty_element
    r.read_start_element("x")
    assert not r.is_empty_element
    assert "t" == r.read_element_content_as_string("y", "")
    r.read_end_element()
    assert r.eof


def test_reader_errors_name_what_was_found() -> None:
    """A wrong element or a missing end element raises XmlFormatError with the line."""
    r = reader("<w>\n<x/></w>")
    r.read_start_element()
    with pytest.raises(XmlFormatError, match="<x xmlns=''> was found where <y> was expected"):
        r.read_start_element("y")
    with pytest.raises(XmlFormatError, match="where an end element was expected"):
        r.read_end_element()


@pytest.mark.parametrize("count", [1, 3, 4, 7, 4096])
def test_read_base64_fills_buffers_of_any_size(count: int) -> None:
    """Each call fills the buffer (the last one partly), then 0 once past the end."""
    data = bytes(range(256)) * 5
    r = reader(f"<w><d>{base64.b64encode(data).decode()}</d><n/></w>")
    r.read_start_element()
    out, buffer, sizes = bytearray(), bytearray(count), []
    while (n := r.read_element_content_as_base64(buffer, 0, count)) > 0:
        out += buffer[:n]
        sizes.append(n)
    assert data == bytes(out)
    assert all(n == count for n in sizes[:-1])
    assert r.is_start_element("n")


def test_read_base64_refuses_bad_text() -> None:
    """Text that is not base64 is an XmlFormatError."""
    r = reader("<w><d>@@@@</d></w>")
    r.read_start_element()
    with pytest.raises(XmlFormatError, match="not valid base64"):
        r.read_element_content_as_base64(bytearray(3), 0, 3)


def test_custom_root_with_namespaces_given() -> None:
    """Namespaces passed to dumps are not declared on an IXmlSerializable root (.NET's
    WriteSerializable writes the bare wrapper; not checked against Mono)."""
    assert b'<Custom v="v"><inner>x</inner></Custom>' in XmlSerializer(Custom).dumps(
        Custom(), indent=False, namespaces=XmlSerializerNamespaces([("a", "urn:a")]))
