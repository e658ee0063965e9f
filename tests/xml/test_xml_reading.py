"""Reading: sources, .NET's leniency rules, events, polymorphism and namespaces."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Annotated, Any

import pytest
from lxml import etree

from serialkit import (
    Array,
    XmlAttribute,
    XmlElement,
    XmlFormatError,
    XmlRoot,
    XmlSchemaForm,
    XmlSerializer,
    XmlSerializerNamespaces,
    xml_include,
    xml_type,
)


@dataclasses.dataclass
class Doc:
    A: str | None = None
    B: str | None = None
    Items: list[int] = dataclasses.field(default_factory=list)
    Arr: Annotated[list[int] | None, Array, XmlElement("I")] = None
    At: Annotated[str | None, XmlAttribute()] = None


def test_sources_bytes_str_path_stream_element(tmp_path: Path) -> None:
    """deserialize reads bytes, str (even with an encoding declaration), a path, a stream and
    an lxml element alike."""
    s = XmlSerializer(Doc)
    data = b"<?xml version='1.0' encoding='utf-8'?><Doc><A>x</A></Doc>"
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    sources: list[Any] = [data, data.decode(), path, io.BytesIO(data),
                          etree.fromstring(data)]
    assert [Doc(A="x")] * 5 == [s.deserialize(src) for src in sources]


def test_element_order_is_ignored_and_first_duplicate_wins() -> None:
    """Without Order, elements may come in any order; of duplicates the first wins."""
    doc = "<Doc><B>b</B><A>1</A><A>2</A></Doc>"
    assert Doc(A="1", B="b") == XmlSerializer(Doc).loads(doc)


def test_out_of_order_element_is_dropped_with_order() -> None:
    """With Order, an element before its place is dropped to unknown_element."""
    @dataclasses.dataclass
    class Seq:
        A: Annotated[str | None, XmlElement(order=1)] = None
        B: Annotated[str | None, XmlElement(order=2)] = None

    s = XmlSerializer(Seq)
    seen: list[str] = []
    s.unknown_element = lambda e: seen.append(e.element.tag)
    assert (Seq(B="b"), ["A"]) == (s.loads("<Seq><B>b</B><A>a</A></Seq>"), seen)


def test_absent_list_is_empty_and_absent_array_is_none() -> None:
    """An absent List<T> member reads as [], an absent array keeps None."""
    assert Doc() == XmlSerializer(Doc).loads("<Doc/>")


def test_flat_items_may_interleave() -> None:
    """Flat list items collect even when other elements come between them."""
    assert Doc(A="x", Arr=[1, 2]) == XmlSerializer(Doc).loads(
        "<Doc><I>1</I><A>x</A><I>2</I></Doc>")


def test_unknown_node_events_in_order() -> None:
    """unknown_node fires before unknown_attribute / unknown_element, with line numbers."""
    s = XmlSerializer(Doc)
    log: list[str] = []
    s.unknown_node = lambda e: log.append(f"node {e.node_type} {e.name}")
    s.unknown_attribute = lambda e: log.append(f"attribute {e.name}={e.value}")
    s.unknown_element = lambda e: log.append(f"element {e.line_number}")
    s.loads('<Doc foo="1">\n<X/></Doc>')
    assert ["node Attribute foo", "attribute foo=1", "node Element X", "element 2"] == log


def test_wrong_root_is_an_error_and_can_deserialize() -> None:
    """The root must match in name and namespace; can_deserialize says so."""
    s = XmlSerializer(Doc)
    assert (True, False, False) == (s.can_deserialize("<Doc/>"), s.can_deserialize("<doc/>"),
                                    s.can_deserialize("<Doc xmlns='urn:x'/>"))
    with pytest.raises(XmlFormatError, match="<doc xmlns=''> was not expected") as info:
        s.loads("<doc/>")
    assert 1 == info.value.line


def test_malformed_xml_is_an_error() -> None:
    """Malformed XML is an error (no recovery), with its line."""
    with pytest.raises(XmlFormatError, match="error in XML document"):
        XmlSerializer(Doc).loads("<Doc><A>a</Doc>")


@dataclasses.dataclass
class Nums:
    Int: int = 0
    N: int | None = 1


def test_nil_on_value_type_is_an_error() -> None:
    """xsi:nil on a non-nullable int member is not looked at, as .NET's ReadElementString
    does not: an empty one fails as "" does, one with a number reads it; on an Optional int
    it reads None."""
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    with pytest.raises(XmlFormatError, match="the string '' is not a valid xs:int value"):
        XmlSerializer(Nums).loads(f'<Nums {xsi}><Int xsi:nil="true"/></Nums>')
    assert Nums(5, 1) == XmlSerializer(Nums).loads(f'<Nums {xsi}><Int xsi:nil="true">5</Int>'
                                                   '</Nums>')
    assert Nums(0, None) == XmlSerializer(Nums).loads(f'<Nums {xsi}><N xsi:nil="1"/></Nums>')


@dataclasses.dataclass
class Animal:
    Name: str | None = None


@xml_type("dog")
@dataclasses.dataclass
class Dog(Animal):
    Bark: int = 0


@xml_type("cat", namespace="urn:pets")
@dataclasses.dataclass
class Cat(Animal):
    Lives: int = 9


@dataclasses.dataclass
class Pen:
    Who: Animal | None = None
    Any: object = None


def test_extra_types_enable_xsi_type_both_ways() -> None:
    """A derived instance is written with xsi:type and read back; without registration it
    is refused, as .NET refuses it."""
    s = XmlSerializer(Pen, extra_types=[Dog])
    doc = s.dumps(Pen(Dog("r", 2), 1.5), indent=False, xml_declaration=False).decode()
    assert ('<Who xsi:type="dog"><Name>r</Name><Bark>2</Bark></Who>'
            '<Any xsi:type="xsd:double">1.5</Any>') in doc
    assert Pen(Dog("r", 2), 1.5) == s.loads(doc)
    with pytest.raises(XmlFormatError, match="The type Dog was not expected"):
        XmlSerializer(Pen).dumps(Pen(Dog()))


def test_derived_type_in_another_namespace_is_not_expected() -> None:
    """As on Mono: a derived class whose XmlType namespace differs from its base's is imported
    with a base mapping of its own, so it cannot stand for the base ("was not expected")."""
    with pytest.raises(XmlFormatError, match="The type Cat was not expected"):
        XmlSerializer(Pen, extra_types=[Cat]).dumps(Pen(Cat()))


def test_unknown_xsi_type_is_refused() -> None:
    """An xsi:type naming no registered type fails; nothing is instantiated by name."""
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    with pytest.raises(XmlFormatError, match=r"type was not recognized: name='os\.system'"):
        XmlSerializer(Pen).loads(f'<Pen {xsi}><Who xsi:type="os.system"/></Pen>')


@xml_include(Dog)
@dataclasses.dataclass
class Kennel:
    Who: Animal | None = None


def test_xml_include_registers_the_derived_type() -> None:
    """XmlInclude on the class does what extra_types does."""
    s = XmlSerializer(Kennel)
    assert Kennel(Dog("d", 1)) == s.loads(s.dumps(Kennel(Dog("d", 1))))


@dataclasses.dataclass
class Order:
    Id: str = "x"
    Other: Annotated[str, XmlElement(namespace="urn:b")] = "y"
    U: Annotated[str, XmlElement(form=XmlSchemaForm.UNQUALIFIED)] = "u"


ROOT = XmlRoot("order", namespace="urn:o")


@pytest.mark.parametrize(("namespaces", "expected"), [
    (None, '<order xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="urn:o"><Id>x</Id>'
           '<Other xmlns="urn:b">y</Other><U xmlns="">u</U></order>'),
    ([("", "")], '<q1:order xmlns:q1="urn:o"><q1:Id>x</q1:Id><Other xmlns="urn:b">y</Other>'
                 '<U>u</U></q1:order>'),
    ([("o", "urn:o"), ("b", "urn:b")],
     '<o:order xmlns:b="urn:b" xmlns:o="urn:o"><o:Id>x</o:Id><b:Other>y</b:Other><U>u</U>'
     '</o:order>'),
])
def test_namespaces_and_prefixes(namespaces: list[tuple[str, str]] | None,
                                 expected: str) -> None:
    """Default namespaces, the q1 prefix when ("", "") is given, and user prefixes."""
    ns = XmlSerializerNamespaces(namespaces) if namespaces is not None else None
    s = XmlSerializer(Order, root=ROOT)
    out = s.dumps(Order(), namespaces=ns, indent=False, xml_declaration=False).decode()
    assert expected == out
    assert Order() == s.loads(out)


def test_xml_type_namespace_is_not_the_root_namespace() -> None:
    """XmlType's namespace applies to the children, not to the root element."""
    @xml_type("T", namespace="urn:t")
    @dataclasses.dataclass
    class Typed:
        N: str = "n"

    out = XmlSerializer(Typed).dumps(Typed(), indent=False, xml_declaration=False,
                                     namespaces=XmlSerializerNamespaces([("", "")])).decode()
    assert '<T><N xmlns="urn:t">n</N></T>' == out


def test_output_settings() -> None:
    """encoding goes into the declaration, newline and indent are settable."""
    s = XmlSerializer(Doc)
    out = s.dumps(Doc(A="é"), encoding="utf-16", newline="\r\n", indent="\t",
                  namespaces=XmlSerializerNamespaces([("", "")]))
    assert '<?xml version="1.0" encoding="utf-16"?>\r\n<Doc>\r\n\t<A>é</A>\r\n\t<Items />' \
           '\r\n</Doc>' == out.decode("utf-16")
