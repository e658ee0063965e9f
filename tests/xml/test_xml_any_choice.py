"""XmlAnyElement, XmlAnyAttribute, XmlChoiceIdentifier, get-only collections, null roots."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Annotated

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    XmlAnyAttribute,
    XmlAnyElement,
    XmlAttribute,
    XmlChoiceIdentifier,
    XmlElement,
    XmlFormatError,
    XmlIgnore,
    XmlMappingError,
    XmlSerializer,
    XmlSerializerNamespaces,
    XmlText,
    xml_any_attribute,
    xml_any_element,
    xml_enum,
)

XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass
class Open:
    Id: Annotated[str, XmlAttribute()] = "1"
    Extra: Annotated[dict[str, str] | None, XmlAnyAttribute()] = None
    Known: str = "k"
    Xs: Annotated[list[etree._Element] | None, XmlAnyElement("x", namespace="urn:x")] = None
    Rest: Annotated[list[etree._Element] | None, XmlAnyElement()] = None


@dataclass
class OneAny:
    A: str = "a"
    One: Annotated[etree._Element | None, XmlAnyElement()] = None


def body(data: bytes) -> str:
    return data.decode().split("?>", 1)[1]


def test_any_elements_are_captured_named_first_and_written_back() -> None:
    """Named any-elements take their own; the catch-all takes the rest; order is kept."""
    s = XmlSerializer(Open)
    obj = s.loads(b'<Open Id="2"><x xmlns="urn:x">1</x><x>2</x><Known>K</Known>'
                  b'<p:q xmlns:p="urn:q"><i/></p:q></Open>')
    assert [b'<x xmlns="urn:x">1</x>'] == [etree.tostring(e) for e in obj.Xs]
    assert [b"<x>2</x>", b'<p:q xmlns:p="urn:q"><i/></p:q>'] == [
        etree.tostring(e) for e in obj.Rest]
    assert "K" == obj.Known
    assert ('\n<Open Id="2">\n  <Known>K</Known>\n  <x xmlns="urn:x">1</x>\n  <x>2</x>\n'
            '  <p:q xmlns:p="urn:q">\n    <i />\n  </p:q>\n</Open>') == body(
        s.dumps(obj, namespaces=XmlSerializerNamespaces([("", "")])))


def test_captured_elements_do_not_fire_unknown_element() -> None:
    """An element an any-member takes is not unknown."""
    seen: list[str] = []
    s = XmlSerializer(Open)
    s.unknown_element = lambda e: seen.append(e.element.tag)
    s.loads(b"<Open><z/></Open>")
    assert [] == seen


def test_insignificant_whitespace_is_dropped_from_captured_elements() -> None:
    """As .NET's reader drops it; xml:space="preserve" keeps it."""
    obj = XmlSerializer(Open).loads(
        b'<Open><y>\n  <deep> </deep>\n</y><k xml:space="preserve"> <i/> </k></Open>')
    assert [b"<y><deep/></y>", b'<k xml:space="preserve"> <i/> </k>'] == [
        etree.tostring(e) for e in obj.Rest]


def test_xml_space_in_captured_elements_is_written_with_the_xml_prefix() -> None:
    """xml:space in open content goes back out as xml:space (the xml: prefix is always bound),
    never as a generated prefix for the XML namespace, which no parser accepts."""
    s = XmlSerializer(Open)
    data = s.dumps(s.loads(b'<Open><k xml:space="preserve"> </k></Open>'))
    assert b'<k xml:space="preserve"> </k>' in data
    assert b'xml:space="preserve"' in etree.tostring(etree.fromstring(data))
    data = s.dumps(Open(Extra={"{http://www.w3.org/XML/1998/namespace}lang": "en"}))
    assert b'xml:lang="en"' in data


def test_a_single_any_element_keeps_the_last() -> None:
    """Mono: an XmlElement (not an array) member is assigned each time: the last wins."""
    obj = XmlSerializer(OneAny).loads(b"<OneAny><u>1</u><A>q</A><v>2</v></OneAny>")
    assert b"<v>2</v>" == etree.tostring(obj.One)


def test_a_named_any_element_refuses_another_name() -> None:
    """.NET: This element was named 'y' ... but should have been named 'x' ..."""
    with pytest.raises(XmlFormatError, match="named 'y' from namespace '' but should have "
                                             "been named 'x' from namespace 'urn:x'"):
        XmlSerializer(Open).dumps(Open(Xs=[etree.Element("y")]))


def test_any_attributes_capture_everything_unmapped_with_prefixes() -> None:
    """Like .NET, xsi:type and xsi:schemaLocation go to XmlAnyAttribute too."""
    s = XmlSerializer(Open)
    obj = s.loads(f'<Open xmlns:xsi="{XSI}" xmlns:z="urn:z" Id="5" foo="1" z:bar="2" '
                  'xsi:schemaLocation="s"/>')
    assert {"foo": "1", "{urn:z}bar": "2", f"{{{XSI}}}schemaLocation": "s"} == obj.Extra
    assert {"urn:z": "z", XSI: "xsi"} == obj.Extra.prefixes
    assert ' Id="5" foo="1" z:bar="2" xsi:schemaLocation="s" xmlns:z="urn:z">' in (
        s.dumps(obj).decode())


def test_any_attributes_without_a_prefix_get_a_generated_one() -> None:
    """A plain dict: a namespaced name gets XmlTextWriter's d1p1; xmlns entries are skipped."""
    data = XmlSerializer(Open).dumps(Open(Extra={"{urn:z}bar": "2", "a": "b"}), indent=False,
                                     namespaces=XmlSerializerNamespaces([("", "")]))
    assert '<Open Id="1" d1p1:bar="2" a="b" xmlns:d1p1="urn:z"><Known>k</Known></Open>' == (
        body(data))


def test_any_attribute_and_element_as_decorators() -> None:
    """@xml_any_attribute / @xml_any_element feed the same metadata."""

    @xml_any_attribute("Extra")
    @xml_any_element("Rest")
    @dataclass
    class Deco:
        Extra: dict[str, str] | None = None
        Rest: list[etree._Element] | None = None

    obj = XmlSerializer(Deco).loads(b'<Deco a="1"><b/></Deco>')
    assert {"a": "1"} == obj.Extra
    assert [b"<b/>"] == [etree.tostring(e) for e in obj.Rest]


def test_any_members_need_lxml_elements_and_dicts() -> None:
    """.NET: XmlAnyElement can only be used with XmlNode types."""

    @dataclass
    class BadAny:
        X: Annotated[str, XmlAnyElement()] = ""

    @dataclass
    class BadAttr:
        X: Annotated[list[str], XmlAnyAttribute()] = field(default_factory=list)

    with pytest.raises(XmlMappingError, match="XmlAnyElement can only be used with lxml"):
        XmlSerializer(BadAny)
    with pytest.raises(XmlMappingError, match="XmlAnyAttribute needs a dict"):
        XmlSerializer(BadAttr)


@xml_enum("fax", "urn:f:fax")
class Via(enum.Enum):
    email = 0
    phone = 1
    fax = 2


class Kind(enum.Enum):
    n = 0
    s = 1


@dataclass
class Contact:
    Item: Annotated[str | None, XmlElement("email"), XmlElement("phone"),
                    XmlElement("fax", namespace="urn:f"), XmlChoiceIdentifier("ItemKind")] = "a"
    ItemKind: Annotated[Via, XmlIgnore] = Via.email
    Items: Annotated[list[object], XmlElement("n", int), XmlElement("s", str),
                     XmlChoiceIdentifier("ItemsKind")] = field(default_factory=list)
    ItemsKind: Annotated[list[Kind], XmlIgnore] = field(default_factory=list)


def test_choice_identifier_picks_the_element_both_ways() -> None:
    """The enum value names the element; reading sets it (one value and a list)."""
    s = XmlSerializer(Contact)
    data = s.dumps(Contact("9", Via.fax, [1, "x"], [Kind.n, Kind.s]), indent=False,
                   namespaces=XmlSerializerNamespaces([("", "")]))
    assert '<Contact><fax xmlns="urn:f">9</fax><n>1</n><s>x</s></Contact>' == body(data)
    assert Contact("1", Via.phone, ["q", 3], [Kind.s, Kind.n]) == s.loads(
        b"<Contact><phone>1</phone><s>q</s><n>3</n></Contact>")


def test_choice_identifier_errors_are_dotnets() -> None:
    """A value the chosen element cannot hold, or a missing identifier, is refused."""
    s = XmlSerializer(Contact)
    with pytest.raises(XmlFormatError, match="Value of ItemsKind mismatches the type of int"):
        s.dumps(Contact(Items=[1], ItemsKind=[Kind.s]))
    with pytest.raises(XmlFormatError, match="Invalid or missing value of the choice "
                                             "identifier 'ItemsKind' of type 'Kind\\[\\]'"):
        s.dumps(Contact(Items=[1, "x"], ItemsKind=[Kind.n]))


def test_choice_mapping_errors() -> None:
    """Missing member, missing enum value, and an ambiguous choice without an identifier."""

    @dataclass
    class NoMember:
        Item: Annotated[str, XmlElement("a"), XmlElement("b"), XmlChoiceIdentifier("K")] = ""

    @dataclass
    class MissingValue:
        Item: Annotated[str, XmlElement("a"), XmlElement("b"), XmlChoiceIdentifier("K")] = ""
        K: Annotated[AB, XmlIgnore] = AB.a

    @dataclass
    class Ambiguous:
        Item: Annotated[str, XmlElement("a"), XmlElement("b")] = ""

    with pytest.raises(XmlMappingError, match="Missing 'K' member needed for serialization"):
        XmlSerializer(NoMember)
    with pytest.raises(XmlMappingError, match="missing enumeration value 'b' for element 'b'"):
        XmlSerializer(MissingValue)
    with pytest.raises(XmlMappingError, match="You need to add XmlChoiceIdentifier"):
        XmlSerializer(Ambiguous)


class AB(enum.Enum):
    a = 0


class Tagged:
    Name: str = "n"

    def __init__(self) -> None:
        self._tags = ["a"]
        self.Name = "n"

    @property
    def Tags(self) -> list[str]:
        return self._tags


def test_get_only_list_is_written_after_fields_and_appended_to() -> None:
    """.NET: a get-only collection is serialized (after fields) and filled with Add."""
    s = XmlSerializer(Tagged)
    assert ("<Tagged><Name>n</Name><Tags><string>a</string></Tags></Tagged>") == body(
        s.dumps(Tagged(), indent=False, namespaces=XmlSerializerNamespaces([("", "")])))
    assert ["a", "b", "c"] == s.loads(
        b"<Tagged><Tags><string>b</string><string>c</string></Tags></Tagged>").Tags


@pytest.mark.parametrize(("cls", "expected"), [
    (int, "<int />"),
    (str, f'<string d1p1:nil="true" xmlns:d1p1="{XSI}" />'),
    (bytes, f'<base64Binary d1p1:nil="true" xmlns:d1p1="{XSI}" />'),
    (int | None, f'<int xmlns:xsi="{XSI}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                 'xsi:nil="true" />'),
    (Via, f'<Via xmlns:xsi="{XSI}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" />'),
])
def test_null_roots_as_dotnet_writes_them(cls: object, expected: str) -> None:
    """Mono: a null value-type root is an empty tag; a reference one nil with prefix d1p1."""
    assert expected == body(XmlSerializer(cls).dumps(None)).strip()


def test_xsi_nil_on_a_value_type_root_is_ignored() -> None:
    """.NET reads the text whatever xsi:nil says; int | None reads None."""
    nil = f'xmlns:xsi="{XSI}" xsi:nil="true"'
    with pytest.raises(XmlFormatError, match="not a valid xs:int value"):
        XmlSerializer(int).loads(f"<int {nil}/>")
    assert 5 == XmlSerializer(int).loads(f"<int {nil}>5</int>")
    assert XmlSerializer(int | None).loads(f"<int {nil}>5</int>") is None
    assert XmlSerializer(str).loads(f"<string {nil}/>") is None


@dataclass
class Sequenced:
    A: Annotated[str, XmlElement(order=1)] = "a"
    Rest: Annotated[list[etree._Element] | None, XmlAnyElement(order=2)] = None
    B: Annotated[str, XmlElement(order=3)] = "b"


def test_any_element_takes_its_place_in_an_explicit_order() -> None:
    """With order, the any-element member sits between A and B, both ways; an element
    out of place goes to unknown_element, as .NET drops it."""
    s = XmlSerializer(Sequenced)
    data = s.dumps(Sequenced(Rest=[etree.Element("x")]), indent=False,
                   namespaces=XmlSerializerNamespaces([("", "")]))
    assert "<Sequenced><A>a</A><x /><B>b</B></Sequenced>" == body(data)
    seen: list[str] = []
    s.unknown_element = lambda e: seen.append(e.element.tag)
    got = s.loads(b"<Sequenced><A>1</A><B>2</B><late/></Sequenced>")
    assert (["late"], "2", None) == (seen, got.B, got.Rest)


def test_any_order_is_required_when_others_use_it() -> None:
    """XmlAnyElement is particle-like: without order among ordered members it is refused."""

    @dataclass
    class Half:
        A: Annotated[str, XmlElement(order=1)] = ""
        Rest: Annotated[list[etree._Element] | None, XmlAnyElement()] = None

    with pytest.raises(XmlMappingError, match="Inconsistent sequencing"):
        XmlSerializer(Half)


# -- mixed content: [XmlText, XmlAnyElement] XmlNode[] ---------------------------------------
@dataclass
class Para:
    Id: Annotated[str, XmlAttribute()] = "p"
    Title: str = "t"
    Nodes: Annotated[list[str | etree._Element] | None, XmlText(), XmlAnyElement()] = None
    After: str = "z"


def para_nodes(obj: Para) -> list[str | bytes]:
    return [n if isinstance(n, str) else etree.tostring(n) for n in obj.Nodes or []]


def test_mixed_content_is_written_in_order_without_indentation_after_text() -> None:
    """Texts and elements interleave; once text is written the element is mixed and
    nothing more is indented (XmlTextWriter), as Mono writes the same model."""
    b = etree.Element("b")
    b.text = "two"
    i = etree.Element("i", k="v")
    i.text = "4 < 5"
    data = XmlSerializer(Para).dumps(Para(Nodes=[b, " one & ", i, " three"]))
    assert ('\n<Para xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" Id="p">\n  <Title>t</Title>\n'
            '  <b>two</b> one &amp; <i k="v">4 &lt; 5</i> three<After>z</After></Para>'
            ) == body(data)
    text_first = XmlSerializer(Para).dumps(Para(Nodes=["x", b]), indent=False,
                                           namespaces=XmlSerializerNamespaces([("", "")]))
    assert '<Para Id="p"><Title>t</Title>x<b>two</b><After>z</After></Para>' == body(
        text_first)


def test_mixed_content_is_read_in_document_order() -> None:
    """The element's text, each child element and each tail, in order: comments and
    processing instructions are dropped (and split the text, as .NET's ReadString stops
    at them), whitespace-only texts too, even under xml:space="preserve" (MoveToContent
    skips them); Mono reads these documents to the same nodes."""
    s = XmlSerializer(Para)
    obj = s.loads(b'<Para Id="q">lead <Title>T</Title>\n  <b>two</b> one &amp; <!--c-->'
                  b'<?pi x?>more<i k="v">four</i>  <u/> three<After>A</After> end</Para>')
    assert ["lead ", b"<b>two</b>", " one & ", "more", b'<i k="v">four</i>', b"<u/>",
            " three", " end"] == para_nodes(obj)
    assert ("q", "T", "A") == (obj.Id, obj.Title, obj.After)
    assert [b"<b/>", "a "] == para_nodes(
        s.loads(b'<Para xml:space="preserve"> <b/>\n<!--c-->a </Para>'))
    assert ["abc"] == para_nodes(s.loads(b"<Para>a<![CDATA[b]]>c</Para>"))
    assert s.loads(b"<Para><Title>t</Title>\n</Para>").Nodes is None


def test_mixed_content_round_trips_on_both_engines() -> None:
    """What is written is read back equal."""
    s = XmlSerializer(Para)
    nodes: list[str | etree._Element] = ["a ", etree.Element("{urn:x}e"), " b"]
    again = s.loads(s.dumps(Para(Nodes=nodes)))
    assert ["a ", b'<e xmlns="urn:x"/>', " b"] == para_nodes(again)


def test_mixed_content_mapping_errors() -> None:
    """Mixed content needs a list of str | lxml elements; text needs the mixed member;
    it is the class's one XmlText."""

    @dataclass
    class OnlyElements:
        X: Annotated[list[etree._Element] | None, XmlText(), XmlAnyElement()] = None

    @dataclass
    class Single:
        X: Annotated[str | etree._Element | None, XmlText(), XmlAnyElement()] = None

    @dataclass
    class TwoTexts:
        T: Annotated[str, XmlText()] = ""
        X: Annotated[list[str | etree._Element] | None, XmlText(), XmlAnyElement()] = None

    for cls in (OnlyElements, Single):
        with pytest.raises(XmlMappingError, match=r"mixed content\) needs a list of texts"):
            XmlSerializer(cls)
    with pytest.raises(XmlMappingError, match="only one member may be XmlText"):
        XmlSerializer(TwoTexts)
    with pytest.raises(XmlFormatError, match="a text needs an XmlText XmlAnyElement"):
        XmlSerializer(Open).dumps(Open(Rest=["text"]))  # type: ignore[list-item]
