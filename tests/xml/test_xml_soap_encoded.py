"""XmlSerializer's SOAP-encoded mode: SoapReflectionImporter, the Soap* attributes, multirefs.

Byte-for-byte agreement with Mono is in tests/interop/xml/test_soap_encoded_interop.py;
these tests cover the Python side: the three ways of giving attributes, identity, the
events, the errors.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    Array,
    SoapAttribute,
    SoapAttributeOverrides,
    SoapAttributes,
    SoapElement,
    SoapEnum,
    SoapIgnore,
    SoapInclude,
    SoapReflectionImporter,
    SoapType,
    UnreferencedObjectEventArgs,
    XmlFormatError,
    XmlMappingError,
    XmlReflectionMember,
    XmlSerializer,
    soap_attribute,
    soap_element,
    soap_enum,
    soap_ignore,
    soap_include,
    soap_type,
)


class Color(enum.Enum):
    Red = 0
    Green = 1


@dataclass(eq=False)
class Item:
    Name: str | None = None
    Next: Item | None = None


@dataclass(eq=False)
class Box:
    Id: Annotated[int, SoapAttribute("id")] = 7
    Title: Annotated[str | None, SoapElement("title")] = "t"
    Color_: Color = Color.Green
    Hidden: Annotated[str, SoapIgnore] = "h"
    A: Item | None = None
    B: Item | None = None


@soap_type("Box", namespace="urn:b")
@soap_attribute("Id", "id")
@soap_element("Title", "title")
@soap_ignore("Hidden")
@dataclass(eq=False)
class DecoratedBox:
    Id: int = 7
    Title: str | None = "t"
    Color_: Color = Color.Green
    Hidden: str = "h"
    A: Item | None = None
    B: Item | None = None


@dataclass(eq=False)
class PlainBox:
    Id: int = 7
    Title: str | None = "t"
    Color_: Color = Color.Green
    Hidden: str = "h"
    A: Item | None = None
    B: Item | None = None


def shared_box(cls: Any) -> Any:
    item = Item("i")
    return cls(A=item, B=item)


def test_the_three_ways_give_the_same_document() -> None:
    """Annotated, class decorators and SoapAttributeOverrides feed the same mapping."""
    ov = SoapAttributeOverrides()
    ov.add(PlainBox, SoapAttributes(soap_type=SoapType("Box", namespace="urn:b")))
    ov.add(PlainBox, "Id", SoapAttributes(soap_attribute=SoapAttribute("id")))
    ov.add(PlainBox, "Title", SoapAttributes(soap_element=SoapElement("title")))
    ov.add(PlainBox, "Hidden", SoapAttributes(soap_ignore=True))
    ov2 = SoapAttributeOverrides()
    ov2.add(Box, SoapAttributes(soap_type=SoapType("Box", namespace="urn:b")))
    ov2.add(Box, "Id", SoapAttributes(soap_attribute=SoapAttribute("id")))
    ov2.add(Box, "Title", SoapAttributes(soap_element=SoapElement("title")))
    ov2.add(Box, "Hidden", SoapAttributes(soap_ignore=True))
    decorated = XmlSerializer.soap(DecoratedBox).dumps(shared_box(DecoratedBox))
    overridden = XmlSerializer.soap(PlainBox, overrides=ov).dumps(shared_box(PlainBox))
    annotated = XmlSerializer.soap(Box, overrides=ov2).dumps(shared_box(Box))
    assert decorated == overridden == annotated
    assert b'<q1:Box xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' in decorated
    assert b'id="id1" q1:id="7" xmlns:q1="urn:b">' in decorated
    assert b'<title xsi:type="xsd:string">t</title>' in decorated
    assert b'<A href="#id2" />' in decorated and b'<B href="#id2" />' in decorated
    assert b"Hidden" not in decorated


def test_an_override_replaces_the_declared_attributes() -> None:
    ov = SoapAttributeOverrides()
    ov.add(Box, "Title", SoapAttributes())  # no SoapElement: the member's own name
    ov.add(Box, "Id", SoapAttributes())
    data = XmlSerializer.soap(Box, overrides=ov).dumps(Box())
    assert b'<Title xsi:type="xsd:string">t</Title>' in data
    assert b'<Id xsi:type="xsd:int">7</Id>' in data
    with pytest.raises(ValueError, match="already has overrides"):
        ov.add(Box, "Title", SoapAttributes())


def test_the_literal_serializer_ignores_soap_attributes() -> None:
    """As .NET's XmlReflectionImporter ignores Soap* attributes."""
    data = XmlSerializer(Box).dumps(Box())
    assert b"<Title>t</Title>" in data and b"<Hidden>h</Hidden>" in data


def test_importer_form_equals_the_shortcut() -> None:
    via_importer = XmlSerializer(SoapReflectionImporter().import_type_mapping(DecoratedBox))
    assert via_importer.dumps(DecoratedBox()) == XmlSerializer.soap(DecoratedBox).dumps(
        DecoratedBox())
    mapping = SoapReflectionImporter(default_namespace="urn:d").import_type_mapping(Item)
    assert (mapping.element_name, mapping.namespace, mapping.type_name) == ("Item", "urn:d",
                                                                             "Item")


def test_shared_references_and_cycles_round_trip() -> None:
    ring = Item("a", Item("b"))
    assert ring.Next is not None
    ring.Next.Next = ring
    box = DecoratedBox(A=ring, B=ring.Next)
    s = XmlSerializer.soap(DecoratedBox)
    back = s.loads(s.dumps(box))
    assert back.A is not None and back.A.Next is back.B
    assert back.B is not None and back.B.Next is back.A
    assert (back.A.Name, back.B.Name, back.Hidden) == ("a", "b", "h")


@dataclass(eq=False)
class Holder:
    Items: Annotated[list[Item | None] | None, Array] = None
    Same: list[Item] = field(default_factory=list)
    Frozen: tuple[int, ...] = ()
    Bag: set[str] = field(default_factory=set)
    Anything: object = None


def test_collections_are_multirefs_read_back_as_their_containers() -> None:
    item = Item("x")
    shared = [item, None, item]
    h = Holder(Items=shared, Same=[item], Frozen=(1, 2), Bag={"p"}, Anything=shared)
    s = XmlSerializer.soap(Holder)
    data = s.dumps(h)
    assert data.count(b':Array id="') == 4
    assert b'arrayType="Item[3]"' in data and b'arrayType="q' in data
    back = s.loads(data)
    assert back.Items is back.Anything and back.Items[0] is back.Items[2] is back.Same[0]
    assert back.Items[1] is None
    assert back.Frozen == (1, 2) and isinstance(back.Frozen, tuple) and back.Bag == {"p"}


def test_a_long_chain_is_written_and_read_without_recursion() -> None:
    head = Item("0")
    node = head
    for i in range(1, 20000):
        node.Next = Item(str(i))
        node = node.Next
    s = XmlSerializer.soap(Item)
    back = s.loads(s.dumps(head))
    count = 0
    while back is not None:
        count += 1
        back = back.Next
    assert count == 20000


ENV = ('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
       'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>{}</soap:Body>'
       '</soap:Envelope>')


def test_unreferenced_multirefs_raise_the_event() -> None:
    """A multiref nothing refers to is read and reported; an unknown one too, as an element
    (.NET: XmlNode[]) after unknown_element; the root is not reported."""
    s = XmlSerializer.soap(Item)
    unreferenced: list[UnreferencedObjectEventArgs] = []
    unknown: list[str] = []
    s.unreferenced_object = unreferenced.append
    s.unknown_element = lambda e: unknown.append(e.element.tag)
    doc = ENV.format('<Item id="id1"><Name>root</Name><Next href="#id2"/></Item>'
                     '<Item id="id2"><Name>used</Name></Item>'
                     '<Item id="id3" xsi:type="Item"><Name>orphan</Name></Item>'
                     '<Mystery id="id4"/>')
    root = s.loads(doc)
    assert root.Next.Name == "used"
    assert [e.unreferenced_id for e in unreferenced] == ["id3", "id4"]
    assert unreferenced[0].unreferenced_object.Name == "orphan"
    assert unreferenced[1].unreferenced_object.tag == "Mystery"
    assert unknown == ["Mystery"]


def test_id_and_xsi_type_are_unknown_nodes_as_in_dotnet() -> None:
    """Mono's encoded reader reports ``id`` and ``xsi:type`` through unknown_node."""
    s = XmlSerializer.soap(Item)
    names: list[str] = []
    s.unknown_node = lambda e: names.append(e.name)
    s.loads(ENV.format('<Item id="id1" xsi:type="Item" foo="1"><Name>n</Name></Item>'))
    assert names == ["id", "xsi:type", "foo"]


def test_reading_errors() -> None:
    s = XmlSerializer.soap(Item)
    with pytest.raises(XmlFormatError, match="Cannot find id 'id9'"):
        s.loads(ENV.format('<Item id="id1"><Next href="#id9"/></Item>'))
    with pytest.raises(XmlFormatError, match="was not expected"):
        s.loads(ENV.format("<Other/>"))
    with pytest.raises(XmlFormatError, match="type was not recognized"):
        s.loads(ENV.format('<Item xsi:type="Box"/>'))
    with pytest.raises(XmlFormatError, match="Body is empty"):
        s.loads(ENV.format(""))


def test_bare_documents_and_can_deserialize() -> None:
    s = XmlSerializer.soap(Item)
    bare = s.dumps(Item("solo"), envelope=False)
    assert bare.startswith(b'<?xml version="1.0"?>\n<Item xmlns:xsi=')
    assert s.loads(bare).Name == "solo"
    assert s.can_deserialize(bare) and s.can_deserialize(s.dumps(Item()))
    assert not s.can_deserialize(b"<Box/>")
    with pytest.raises(TypeError, match="SOAP-encoded serializers only"):
        XmlSerializer(Item).dumps(Item(), envelope=False)


@soap_include()
@dataclass(eq=False)
class Shape:
    Name: str = ""


@dataclass(eq=False)
class Circle(Shape):
    R: float = 1.0


def test_derived_types_need_soap_include_or_include_type() -> None:
    with pytest.raises(XmlFormatError, match="was not expected"):
        XmlSerializer.soap(Shape).dumps(Circle())
    s = XmlSerializer.soap(Shape, extra_types=[Circle])
    data = s.dumps(Circle("c", 2.5))
    assert b'<Shape xmlns:xsi=' in data and b'id="id1" xsi:type="Circle">' in data
    back = s.loads(data)
    assert type(back) is Circle and (back.Name, back.R) == ("c", 2.5)
    assert b'<Circle id="id2" d3p1:type="Circle"' in XmlSerializer.soap(Drawing).dumps(
        Drawing(Circle("c")))


@soap_include(Circle)
@dataclass(eq=False)
class Drawing:
    Main: Shape | None = None


@soap_enum("Red", "r")
class Tone(enum.Enum):
    Red = 0
    Blue = 1


def test_soap_enum_three_ways() -> None:
    assert b'<Tone d3p1:type="Tone"' in XmlSerializer.soap(Tone).dumps(Tone.Blue)
    assert b">r</Tone>" in XmlSerializer.soap(Tone).dumps(Tone.Red)
    ov = SoapAttributeOverrides()
    ov.add(Tone, "Blue", SoapAttributes(soap_enum=SoapEnum("b")))
    s = XmlSerializer.soap(Tone, overrides=ov)
    assert b">b</Tone>" in s.dumps(Tone.Blue)
    assert s.loads(s.dumps(Tone.Blue)) is Tone.Blue


def test_an_unqualified_id_attribute_clashes_with_the_multiref_id() -> None:
    """.NET's XmlTextWriter refuses the duplicate ``id``; serialkit refuses the mapping."""
    with pytest.raises(XmlMappingError, match="clashes with the multiref"):
        XmlSerializer.soap(Box)
    data = XmlSerializer.soap(DecoratedBox).dumps(DecoratedBox())
    assert b'id="id1" q1:id="7"' in data


def test_mapping_errors() -> None:
    @dataclass
    class Bad:
        Inner: Annotated[Item | None, SoapAttribute()] = None

    with pytest.raises(XmlMappingError, match="SoapAttribute cannot be used to encode complex"):
        XmlSerializer.soap(Bad)

    @dataclass
    class Dicts:
        D: dict[str, int] = field(default_factory=dict)

    with pytest.raises(XmlMappingError, match="dictionary"):
        XmlSerializer.soap(Dicts)
    with pytest.raises(TypeError, match="a mapping already holds"):
        XmlSerializer(SoapReflectionImporter().import_type_mapping(Item), extra_types=[Box])
    with pytest.raises(NotImplementedError):
        SoapReflectionImporter().import_members_mapping("Op", "urn:x", [], False)


def test_members_mapping_round_trip() -> None:
    """rpc/encoded parameters: the wrapper element, unqualified parameters, multirefs."""
    members = [XmlReflectionMember("a", int), XmlReflectionMember("b", str),
               XmlReflectionMember("c", Item), XmlReflectionMember(
                   "d", Item, SoapAttributes(soap_element=SoapElement("dee")))]
    mm = SoapReflectionImporter().import_members_mapping("Add", "urn:calc", members)
    s = XmlSerializer(mm)
    item = Item("shared")
    data = s.dumps([2, "two", item, item])
    assert b'<q1:Add xmlns:xsi=' in data and b'xmlns:q1="urn:calc">' in data
    assert b'<a xsi:type="xsd:int">2</a>' in data and b'<dee href="#id1" />' in data
    a, b, c, d = s.loads(data)
    assert (a, b) == (2, "two") and c is d and c.Name == "shared"
    assert mm.count == 4


def test_soap_attribute_classes_record_only() -> None:
    assert SoapIgnore() is SoapIgnore
    assert SoapInclude(Item).type is Item
    with pytest.raises(TypeError, match="not a SOAP serialization attribute"):
        SoapAttributes.from_list([object()])
    with pytest.raises(ValueError, match="has no member"):
        soap_enum("Purple", "p")(Tone)


# -- generic classes ---------------------------------------------------------------------------
T = TypeVar("T")


@dataclass
class Cell(Generic[T]):
    V: T | None = None


@dataclass
class Cells:
    N: Cell[int] | None = None
    S: Cell[str] | None = None
    Many: Annotated[list[Cell[str]], Array] | None = None
    Obj: object = None


def soap(cls: Any) -> XmlSerializer:
    return XmlSerializer(SoapReflectionImporter().import_type_mapping(cls))


def test_generic_classes_are_named_as_in_literal_mode() -> None:
    """.NET's SoapReflectionImporter names Gen<int> GenOfInt32 (Mono; interop "generics")."""
    s = soap(Cell[list[int]])
    doc = s.dumps(Cell([1])).decode()
    assert '<CellOfListOfInt32 xmlns:xsi=' in doc
    assert '</CellOfListOfInt32>' in doc
    assert s.loads(doc) == Cell([1])


def test_an_instance_is_written_as_its_members_parametrisation() -> None:
    """Cell("s") carries no type arguments: the member (or array) declaring it names it."""
    s = soap(Cells)
    doc = s.dumps(Cells(Cell(1), Cell("s"), [Cell("m")])).decode()
    assert '<CellOfInt32 id="id2" d3p1:type="CellOfInt32"' in doc
    assert '<CellOfString id="id3" d3p1:type="CellOfString"' in doc
    assert 'arrayType="CellOfString[1]"' in doc
    back = s.loads(doc)
    assert (back.N, back.S, back.Many) == (Cell(1), Cell("s"), [Cell("m")])
    assert back.S.__orig_class__ == Cell[str]  # read by its xsi:type, as Cell[str]() makes it


def test_an_object_member_follows_the_literal_rule() -> None:
    s = soap(Cells)
    doc = s.dumps(Cells(Obj=Cell[str]("o"))).decode()
    assert '<CellOfString id="id2" d3p1:type="CellOfString"' in doc
    with pytest.raises(XmlFormatError, match="a Cell instance records no type arguments, and "
                                             "CellOfInt32 and CellOfString are in scope"):
        s.dumps(Cells(Obj=Cell("o")))


def test_an_lxml_element_member_is_literal_only() -> None:
    """Mono: "The type System.Xml.XmlElement may not be serialized with SOAP-encoded
    messages. Set the Use for your message to Literal." (NotSupportedException)."""

    @dataclass
    class WithNode:
        El: etree._Element | None = None

    with pytest.raises(XmlMappingError, match=r"`.*WithNode.El`: The type _Element \(.NET's "
                                              "XmlElement\\) may not be serialized with "
                                              "SOAP-encoded messages"):
        soap(WithNode)
