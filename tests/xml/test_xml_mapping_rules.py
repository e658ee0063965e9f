"""Mapping rules of notes/xml.md §1 that the importer follows (each checked on Mono).

Order across inheritance, XmlType namespaces of derived classes, generic class names, list
subclasses, the three forms of every member attribute, and the smaller §1 rules: xs:time,
untyped object, bare lists, typed array items, XmlText lists, string data types, whitespace
around numbers, DefaultValue of a datetime or an enum, nested-class names.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    Array,
    DefaultValue,
    Int8,
    Int64,
    Single,
    XmlAnyAttribute,
    XmlAnyElement,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlAttributeOverrides,
    XmlAttributes,
    XmlChoiceIdentifier,
    XmlElement,
    XmlEnum,
    XmlFormatError,
    XmlIgnore,
    XmlInclude,
    XmlMappingError,
    XmlNamespaceDeclarations,
    XmlRoot,
    XmlSerializer,
    XmlSerializerNamespaces,
    XmlText,
    XmlType,
    default_value,
    xml_any_attribute,
    xml_any_element,
    xml_array,
    xml_array_item,
    xml_choice_identifier,
    xml_element,
    xml_enum,
    xml_ignore,
    xml_include,
    xml_namespace_declarations,
    xml_root,
    xml_type,
)

HEAD = ('<?xml version="1.0"?>\n<{} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema"')


def body(doc: bytes) -> str:
    """The document after its root's start tag."""
    return doc.decode().split(">", 2)[2]


# -- order across inheritance ------------------------------------------------------------------

@dataclass
class OrdBase:
    A: Annotated[str, XmlElement(order=2)] = "a"
    C: Annotated[str, XmlElement(order=5)] = "c"


@dataclass
class OrdDerived(OrdBase):
    B: Annotated[str, XmlElement(order=1)] = "b"


def test_order_sorts_each_class_on_its_own_base_first() -> None:
    """Mono writes A, C, B: the derived class's order 1 does not go before the base's."""
    serializer = XmlSerializer(OrdDerived)
    doc = serializer.dumps(OrdDerived("1", "3", "2"))
    assert body(doc) == "\n  <A>1</A>\n  <C>3</C>\n  <B>2</B>\n</OrdDerived>"
    assert serializer.loads(doc) == OrdDerived("1", "3", "2")


# -- a derived class's own XmlType namespace ------------------------------------------------

@xml_type(namespace="urn:base")
@dataclass
class Animal2:
    Name: str | None = "a"


@xml_type(namespace="urn:base")
@dataclass
class Dog2(Animal2):
    Bark: int = 1


@xml_type(namespace="urn:cat")
@dataclass
class Cat2(Animal2):
    Lives: int = 9


xml_include(Dog2, Cat2)(Animal2)


@xml_root("zoo", namespace="urn:zoo")
@dataclass
class Zoo2:
    Star: Animal2 | None = None


def test_derived_type_in_its_own_namespace_under_a_root_in_another() -> None:
    """Mono's document (G9): the derived type is found though the member's class was met
    first from the root's namespace; its xsi:type is qualified with a generated prefix."""
    serializer = XmlSerializer(Zoo2)
    doc = serializer.dumps(Zoo2(Dog2("d", 3)))
    assert body(doc) == (
        '\n  <Star xmlns:q1="urn:base" xsi:type="q1:Dog2">\n    <q1:Name>d</q1:Name>\n'
        '    <q1:Bark>3</q1:Bark>\n  </Star>\n</zoo>')
    assert serializer.loads(doc) == Zoo2(Dog2("d", 3))
    third = serializer.dumps(Zoo2(Cat2("c")))
    assert '<Star xmlns:q1="urn:cat" xsi:type="q1:Cat2">' in third.decode()
    assert '<Name xmlns="urn:base">c</Name>' in third.decode()
    assert serializer.loads(third) == Zoo2(Cat2("c"))


@dataclass
class Animal3:
    Name: str | None = "a"


@xml_type(namespace="urn:dog")
@dataclass
class Dog3(Animal3):
    pass


xml_include(Dog3)(Animal3)


@dataclass
class Zoo3:
    Star: Animal3 | None = None


@dataclass
class Animal4:
    Name: str | None = "a"


@dataclass
class Dog4(Animal4):
    pass


xml_include(Dog4)(Animal4)


@xml_root("zoo", namespace="urn:zoo")
@dataclass
class Zoo4:
    Star: Animal4 | None = None


@pytest.mark.parametrize(("root", "obj"), [(Zoo3, Zoo3(Dog3())), (Zoo4, Zoo4(Dog4()))])
def test_derived_type_in_another_namespace_than_its_base_is_refused(root: type,
                                                                      obj: Any) -> None:
    """What Mono refuses, serialkit refuses: a derived class in its own XmlType namespace
    under a base with none, and an include under a root in another namespace when no
    XmlType namespace ties them (both "The type ... was not expected" on Mono)."""
    with pytest.raises(XmlFormatError, match=f"The type {type(obj.Star).__name__} was not "
                                             "expected"):
        XmlSerializer(root).dumps(obj)


def test_one_mapping_per_class_and_type_namespace() -> None:
    """The base class met as a member and as the base of an include is one mapping."""
    structs = XmlSerializer(Zoo2).mapping.structs
    assert sorted((s.type_name, s.namespace) for s in structs) == [
        ("Animal2", "urn:base"), ("Cat2", "urn:cat"), ("Dog2", "urn:base"),
        ("Zoo2", "urn:zoo")]


# -- generic classes -----------------------------------------------------------------------------

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


@dataclass
class Gen(Generic[T]):
    V: T | None = None


@dataclass
class Pair(Generic[K, V]):
    Key: K | None = None
    Value: V | None = None


@xml_type("Gx")
@dataclass
class Named(Generic[T]):
    V: T | None = None


class Outer:
    @dataclass
    class Inner:
        X: int = 1


class Shade(enum.Enum):
    Dark = 0


@pytest.mark.parametrize(("cls", "name"), [
    (Gen[int], "GenOfInt32"),
    (Gen[str], "GenOfString"),
    (Gen[bool], "GenOfBoolean"),
    (Gen[float], "GenOfDouble"),
    (Gen[Annotated[float, Single]], "GenOfSingle"),
    (Gen[Annotated[int, Int8]], "GenOfSByte"),
    (Gen[Annotated[int, Int64]], "GenOfInt64"),
    (Gen[dt.datetime], "GenOfDateTime"),
    (Gen[bytes], "GenOfArrayOfByte"),
    (Gen[object], "GenOfObject"),
    (Gen[int | None], "GenOfNullableOfInt32"),
    (Gen[list[str]], "GenOfListOfString"),
    (Gen[Annotated[list[int], Array]], "GenOfArrayOfInt32"),
    (Gen[tuple[str, ...]], "GenOfArrayOfString"),
    (Gen[set[int]], "GenOfHashSetOfInt32"),
    (Gen[Gen[int]], "GenOfGenOfInt32"),
    (Gen[list[Gen[int]]], "GenOfListOfGenOfInt32"),
    (Gen[Shade], "GenOfShade"),
    (Gen[Outer.Inner], "GenOfInner"),
    (Pair[int, str], "PairOfInt32String"),
    (Named[int], "Gx"),
])
def test_generic_class_names(cls: Any, name: str) -> None:
    """.NET names a generic type Name + "Of" + its arguments' CLR names (each on Mono)."""
    assert XmlSerializer(cls).dumps(None).startswith(HEAD.format(name).encode())


def test_generic_class_members_take_the_arguments() -> None:
    serializer = XmlSerializer(Pair[int, list[str]])
    doc = serializer.dumps(Pair(5, ["a"]))
    assert body(doc) == ("\n  <Key>5</Key>\n  <Value>\n    <string>a</string>\n  </Value>\n"
                         "</PairOfInt32ListOfString>")
    assert serializer.loads(doc) == Pair(5, ["a"])
    with pytest.raises(XmlFormatError, match="not a valid xs:int value"):
        serializer.loads(doc.replace(b"<Key>5</Key>", b"<Key>x</Key>"))


def test_generic_class_in_a_list_and_as_xsi_type() -> None:
    @xml_include(Gen[int])
    @dataclass
    class Holder:
        Obj: object = None

    assert XmlSerializer(list[Gen[int]]).dumps([]).startswith(
        HEAD.format("ArrayOfGenOfInt32").encode())
    doc = XmlSerializer(Holder).dumps(Holder(Gen(3)))
    assert '<Obj xsi:type="GenOfInt32">\n    <V>3</V>\n  </Obj>' in doc.decode()
    assert XmlSerializer(Holder).loads(doc) == Holder(Gen(3))


@xml_include(Gen[int])
@xml_include(Gen[str])
@dataclass
class TwoGens:
    Obj: object = None


@pytest.mark.parametrize(("value", "type_name"), [
    (Gen[int](1), "GenOfInt32"),
    (Gen[str]("s"), "GenOfString"),
])
def test_an_instance_made_through_its_alias_names_its_parametrisation(
        value: Any, type_name: str) -> None:
    """``Gen[int](1)`` records ``__orig_class__``; it picks the xsi:type, whichever
    parametrisation was imported first, and reading sets it again."""
    s = XmlSerializer(TwoGens)
    doc = s.dumps(TwoGens(value))
    assert f'<Obj xsi:type="{type_name}">' in doc.decode()
    back = s.loads(doc)
    assert back == TwoGens(value)
    assert back.Obj.__orig_class__ == value.__orig_class__
    assert s.dumps(back) == doc


def test_an_instance_without_type_arguments_is_ambiguous_among_several() -> None:
    with pytest.raises(XmlFormatError, match=re.escape(
            "a Gen instance records no type arguments, and GenOfString and GenOfInt32 are in "
            "scope: make it through its alias (Gen[str](...) records them), or give exactly "
            "one parametrisation of it in extra_types")) as info:
        XmlSerializer(TwoGens).dumps(TwoGens(Gen(1)))
    assert info.value.path == "$.Obj"


def test_extra_types_with_one_parametrisation_settles_it() -> None:
    s = XmlSerializer(TwoGens, extra_types=[Gen[str]])
    assert '<Obj xsi:type="GenOfString">' in s.dumps(TwoGens(Gen("a"))).decode()
    # Two given are no choice: still ambiguous.
    with pytest.raises(XmlFormatError, match="records no type arguments"):
        XmlSerializer(TwoGens, extra_types=[Gen[str], Gen[int]]).dumps(TwoGens(Gen("a")))


def test_one_parametrisation_in_scope_is_used_and_another_refused() -> None:
    @xml_include(Gen[int])
    @dataclass
    class OneGen:
        Obj: object = None

    s = XmlSerializer(OneGen)
    assert '<Obj xsi:type="GenOfInt32">' in s.dumps(OneGen(Gen(1))).decode()
    with pytest.raises(XmlFormatError, match=re.escape(
            "The type Gen[str] was not expected (GenOfInt32 in scope)")):
        s.dumps(OneGen(Gen[str]("x")))


@dataclass
class GenBase:
    B: int = 0


@dataclass
class GenDerived(GenBase, Generic[T]):
    V: T | None = None


def test_a_base_class_member_holding_a_generic_derived_instance() -> None:
    """The same rule where a member declared as a base holds a generic derived class."""

    @xml_include(GenDerived[int])
    @xml_include(GenDerived[str])
    @dataclass
    class Holder:
        M: GenBase | None = None

    s = XmlSerializer(Holder)
    doc = s.dumps(Holder(GenDerived[str](1, "v")))
    assert '<M xsi:type="GenDerivedOfString">' in doc.decode()
    assert s.loads(doc).M.__orig_class__ == GenDerived[str]
    with pytest.raises(XmlFormatError, match="a GenDerived instance records no type arguments"):
        s.dumps(Holder(GenDerived(1, "v")))


# -- list subclasses ---------------------------------------------------------------------------

class Emps(list[str]):
    """.NET's ICollection rule: only the items are serialized."""

    CollectionName = "c"


class Ids(set[int]):
    Label = "ids"


def test_list_subclass_is_a_collection_of_its_items() -> None:
    serializer = XmlSerializer(Emps)
    doc = serializer.dumps(Emps(["x", "y"]))
    assert body(doc) == "\n  <string>x</string>\n  <string>y</string>\n</ArrayOfString>"
    back = serializer.loads(doc)
    assert type(back) is Emps
    assert back == ["x", "y"]


def test_set_subclass_member_is_a_collection() -> None:
    @dataclass
    class Holder:
        Set: Ids = field(default_factory=lambda: Ids({4}))
        Names: Annotated[Emps, XmlElement("n")] = field(default_factory=lambda: Emps(["a"]))

    serializer = XmlSerializer(Holder)
    doc = serializer.dumps(Holder())
    assert body(doc) == ("\n  <Set>\n    <int>4</int>\n  </Set>\n  <n>a</n>\n</Holder>")
    back = serializer.loads(doc)
    assert (type(back.Set), back.Set, type(back.Names), back.Names) == (Ids, {4}, Emps, ["a"])


# -- the three forms of every member attribute -------------------------------------------------

class PickA(enum.Enum):
    one = 0
    two = 1


xml_enum("one", "pick-one")(PickA)


class PickO(enum.Enum):
    one = 0
    two = 1


class Which(enum.Enum):
    a = 0
    b = 1


@dataclass
class PetA:
    Name: str | None = "p"


@xml_type("Hound")
@dataclass
class HoundA(PetA):
    Bark: int = 2


xml_include(HoundA)(PetA)


@dataclass
class PetO:
    Name: str | None = "p"


@dataclass
class HoundO(PetO):
    Bark: int = 2


def anys() -> list[Any]:
    return [etree.fromstring(b'<x k="v">1</x>')]


@dataclass
class FormAnnotated:
    Ns: Annotated[XmlSerializerNamespaces, XmlNamespaceDeclarations] = field(
        default_factory=lambda: XmlSerializerNamespaces([("q", "urn:q")]))
    Extra: Annotated[dict[str, str] | None, XmlAnyAttribute()] = field(
        default_factory=lambda: {"k": "v"})
    Pick: PickA = PickA.one
    Item: Annotated[str | None, XmlElement("a"), XmlElement("b"),
                    XmlChoiceIdentifier("ItemName")] = "i"
    ItemName: Annotated[Which, XmlIgnore] = Which.b
    Five: Annotated[int, DefaultValue(5)] = 5
    Six: Annotated[int, DefaultValue(5)] = 6
    Tags: Annotated[list[str], XmlArray("tags", namespace="urn:q"),
                    XmlArrayItem("t")] = field(default_factory=lambda: ["x"])
    Pet: PetA | None = field(default_factory=lambda: HoundA("h"))
    Any: Annotated[list[etree._Element] | None, XmlAnyElement()] = field(
        default_factory=anys)


@xml_namespace_declarations("Ns")
@xml_any_attribute("Extra")
@xml_element("Item", "a")
@xml_element("Item", "b")
@xml_choice_identifier("Item", "ItemName")
@xml_ignore("ItemName")
@default_value("Five", 5)
@default_value("Six", 5)
@xml_array("Tags", "tags", namespace="urn:q")
@xml_array_item("Tags", "t")
@xml_any_element("Any")
@dataclass
class FormDecorated:
    Ns: XmlSerializerNamespaces = field(
        default_factory=lambda: XmlSerializerNamespaces([("q", "urn:q")]))
    Extra: dict[str, str] | None = field(default_factory=lambda: {"k": "v"})
    Pick: PickA = PickA.one
    Item: str | None = "i"
    ItemName: Which = Which.b
    Five: int = 5
    Six: int = 6
    Tags: list[str] = field(default_factory=lambda: ["x"])
    Pet: PetA | None = field(default_factory=lambda: HoundA("h"))
    Any: list[etree._Element] | None = field(default_factory=anys)


@dataclass
class FormOverridden:
    Ns: XmlSerializerNamespaces = field(
        default_factory=lambda: XmlSerializerNamespaces([("q", "urn:q")]))
    Extra: dict[str, str] | None = field(default_factory=lambda: {"k": "v"})
    Pick: PickO = PickO.one
    Item: str | None = "i"
    ItemName: Which = Which.b
    Five: int = 5
    Six: int = 6
    Tags: list[str] = field(default_factory=lambda: ["x"])
    Pet: PetO | None = field(default_factory=lambda: HoundO("h"))
    Any: list[etree._Element] | None = field(default_factory=anys)


def form_overrides() -> XmlAttributeOverrides:
    over = XmlAttributeOverrides()
    c = FormOverridden
    over.add(c, "Ns", XmlAttributes(xmlns=True))
    over.add(c, "Extra", XmlAttributes(xml_any_attribute=XmlAnyAttribute()))
    over.add(PickO, "one", XmlAttributes(xml_enum=XmlEnum("pick-one")))
    over.add(c, "Item", XmlAttributes(xml_elements=[XmlElement("a"), XmlElement("b")],
                                      xml_choice_identifier=XmlChoiceIdentifier("ItemName")))
    over.add(c, "ItemName", XmlAttributes(xml_ignore=True))
    over.add(c, "Five", XmlAttributes(xml_default_value=5))
    over.add(c, "Six", XmlAttributes(xml_default_value=5))
    over.add(c, "Tags", XmlAttributes(xml_array=XmlArray("tags", namespace="urn:q"),
                                      xml_array_items=[XmlArrayItem("t")]))
    over.add(PetO, XmlAttributes(xml_includes=[XmlInclude(HoundO)]))
    over.add(HoundO, XmlAttributes(xml_type=XmlType("Hound")))
    over.add(c, "Any", XmlAttributes(xml_any_elements=[XmlAnyElement()]))
    return over


FORMS_EXPECTED = (
    '<?xml version="1.0"?>\n<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:q="urn:q" k="v">\n'
    '  <Pick>pick-one</Pick>\n'
    '  <b>i</b>\n'
    '  <Six>6</Six>\n'
    '  <q:tags>\n    <t>x</t>\n  </q:tags>\n'
    '  <Pet xsi:type="Hound">\n    <Name>h</Name>\n    <Bark>2</Bark>\n  </Pet>\n'
    '  <x k="v">1</x>\n'
    '</r>')


@pytest.mark.parametrize("form", ["annotated", "decorated", "overridden"])
def test_every_member_attribute_in_each_form(form: str) -> None:
    """XmlNamespaceDeclarations, XmlAnyAttribute, XmlEnum, XmlChoiceIdentifier, DefaultValue,
    XmlArray, XmlArrayItem, XmlInclude, XmlType and XmlAnyElement give the same document
    whether declared in Annotated, by decorators or by XmlAttributeOverrides."""
    root = XmlRoot("r")
    cls: type = {"annotated": FormAnnotated, "decorated": FormDecorated,
                 "overridden": FormOverridden}[form]
    overrides = form_overrides() if form == "overridden" else None
    serializer = XmlSerializer(cls, overrides=overrides, root=root)
    doc = serializer.dumps(cls())
    assert doc.decode() == FORMS_EXPECTED
    back = serializer.loads(doc)
    assert (back.Pick.name, back.Item, back.ItemName, back.Five, back.Six, back.Tags,
            type(back.Pet).__name__, back.Extra) == (
        "one", "i", Which.b, 5, 6, ["x"], "Hound" + form[0].upper() if form == "overridden"
        else "HoundA", {"k": "v"})
    assert [etree.tostring(e) for e in back.Any] == [b'<x k="v">1</x>']


# -- smaller §1 rules ----------------------------------------------------------------------------

@dataclass
class Times:
    T: dt.time = dt.time(5, 6, 7, 120000)
    Tz: dt.time = dt.time(5, 6, 7, tzinfo=dt.UTC)
    At: Annotated[dt.datetime, XmlElement(data_type="time")] = dt.datetime(
        2020, 1, 2, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def test_xs_time() -> None:
    """xs:time has seven fraction digits; a datetime with data_type="time" keeps its offset
    and reads back on 0001-01-01, as .NET's DateTime does."""
    serializer = XmlSerializer(Times)
    doc = serializer.dumps(Times())
    assert body(doc) == ("\n  <T>05:06:07.1200000</T>\n  <Tz>05:06:07.0000000Z</Tz>\n"
                         "  <At>05:06:07.0000000-05:00</At>\n</Times>")
    back = serializer.loads(doc)
    assert (back.T, back.Tz, back.At) == (
        dt.time(5, 6, 7, 120000), dt.time(5, 6, 7, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    with pytest.raises(XmlMappingError, match="'time' is an invalid value for the DataType"):
        XmlSerializer(type("Bad", (), {"__annotations__": {
            "M": Annotated[int, XmlElement(data_type="time")]}}))


@dataclass
class Untyped:
    Obj: object = None
    Bare: list = field(default_factory=list)  # type: ignore[type-arg]


def test_object_without_xsi_type_reads_as_an_lxml_element() -> None:
    """.NET gives XmlNode[]; serialkit gives the element itself (documented decision)."""
    back = XmlSerializer(Untyped).loads(b"<Untyped><Obj a='1'>plain<b/></Obj></Untyped>")
    assert isinstance(back.Obj, etree._Element)
    assert etree.tostring(back.Obj) == b'<Obj a="1">plain<b/></Obj>'


def test_bare_list_items_are_any_type_with_xsi_type() -> None:
    """An untyped list is .NET's ArrayList: <anyType xsi:type=...>, nil for None."""
    serializer = XmlSerializer(Untyped)
    doc = serializer.dumps(Untyped(None, [1, "s", None, dt.date(2020, 1, 2)]))
    assert body(doc) == (
        '\n  <Bare>\n    <anyType xsi:type="xsd:int">1</anyType>\n'
        '    <anyType xsi:type="xsd:string">s</anyType>\n'
        '    <anyType xsi:nil="true" />\n'
        '    <anyType xsi:type="xsd:date">2020-01-02</anyType>\n  </Bare>\n</Untyped>')
    assert serializer.loads(doc).Bare == [1, "s", None, dt.date(2020, 1, 2)]


def test_object_holding_a_list_is_an_error() -> None:
    """.NET: "The type System.Int32[] may not be used in this context"."""
    with pytest.raises(XmlFormatError, match="The type list was not expected"):
        XmlSerializer(Untyped).dumps(Untyped([1, 2]))


def test_array_items_chosen_by_type() -> None:
    """``XmlArrayItem(name, type)`` on an untyped list: the item's type picks its element,
    and a type with no element is an error when writing."""

    @dataclass
    class Mixed:
        Items: Annotated[list[Any], XmlArrayItem("s", str), XmlArrayItem("i", int)] = field(
            default_factory=list)

    serializer = XmlSerializer(Mixed)
    doc = serializer.dumps(Mixed(["a", 1, "b"]))
    assert body(doc) == ("\n  <Items>\n    <s>a</s>\n    <i>1</i>\n    <s>b</s>\n  </Items>\n"
                         "</Mixed>")
    assert serializer.loads(doc) == Mixed(["a", 1, "b"])
    with pytest.raises(XmlFormatError, match="The type float was not expected"):
        serializer.dumps(Mixed([1.5]))


def test_xml_text_list_of_strings_is_concatenated() -> None:
    """.NET writes ``string[]`` XmlText parts with no separator: {"a","b"} -> ab, and reads
    the whole text back as one item (Mono: {"a bc"})."""

    @dataclass
    class Txt:
        Parts: Annotated[list[str], XmlText()] = field(default_factory=list)

    serializer = XmlSerializer(Txt)
    doc = serializer.dumps(Txt(["a", " b", "c"]))
    assert doc.endswith(b'XMLSchema">a bc</Txt>')
    assert serializer.loads(doc) == Txt(["a bc"])
    assert serializer.loads(b"<Txt />") == Txt([])


def test_string_data_types() -> None:
    """DataType "token" does not normalise on write; "integer" maps to a string."""

    @dataclass
    class Strs:
        Tok: Annotated[str, XmlElement(data_type="token")] = "  a  b "
        Big: Annotated[str, XmlElement(data_type="integer")] = "123456789012345678901234567890"

    serializer = XmlSerializer(Strs)
    doc = serializer.dumps(Strs())
    assert body(doc) == ("\n  <Tok>  a  b </Tok>\n"
                         "  <Big>123456789012345678901234567890</Big>\n</Strs>")
    assert serializer.loads(doc) == Strs()
    with pytest.raises(XmlMappingError, match="'integer' is an invalid value for the DataType"):
        XmlSerializer(type("Bad", (), {"__annotations__": {
            "M": Annotated[int, XmlElement(data_type="integer")]}}))


def test_numbers_with_surrounding_whitespace() -> None:
    """` 12 ` is accepted, as .NET's XmlConvert does; an empty int is an error."""

    @dataclass
    class Num:
        N: int = 0
        F: float = 0.0

    serializer = XmlSerializer(Num)
    assert serializer.loads(b"<Num><N> 12 </N><F>\n1.5\t</F></Num>") == Num(12, 1.5)
    with pytest.raises(XmlFormatError, match="not a valid xs:int value"):
        serializer.loads(b"<Num><N></N></Num>")


class Tone(enum.Enum):
    Low = 0
    High = 1


def test_default_value_of_a_datetime_and_an_enum() -> None:
    """A member equal to its DefaultValue is not written, whatever its type."""

    @dataclass
    class Defaults:
        When: Annotated[dt.datetime, DefaultValue(dt.datetime(2020, 1, 1))] = dt.datetime(
            2020, 1, 1)
        Then: Annotated[dt.datetime, DefaultValue(dt.datetime(2020, 1, 1))] = dt.datetime(
            2021, 1, 1)
        Tone1: Annotated[Tone, DefaultValue(Tone.High)] = Tone.High
        Tone2: Annotated[Tone, DefaultValue(Tone.High)] = Tone.Low

    serializer = XmlSerializer(Defaults)
    doc = serializer.dumps(Defaults())
    assert body(doc) == ("\n  <Then>2021-01-01T00:00:00</Then>\n  <Tone2>Low</Tone2>\n"
                         "</Defaults>")
    assert serializer.loads(doc) == Defaults()


def test_nested_class_uses_its_simple_name() -> None:
    """``Outer.Inner`` is the type Inner (root element, xsi:type)."""

    @dataclass
    class Holder:
        In: Outer.Inner = field(default_factory=Outer.Inner)
        Obj: object = field(default_factory=Outer.Inner)

    assert XmlSerializer(Outer.Inner).dumps(Outer.Inner()).startswith(
        HEAD.format("Inner").encode())
    doc = XmlSerializer(Holder).dumps(Holder())
    assert body(doc) == ('\n  <In>\n    <X>1</X>\n  </In>\n  <Obj xsi:type="Inner">\n'
                         '    <X>1</X>\n  </Obj>\n</Holder>')
    assert re.search(r"<In>\s*<X>1</X>", doc.decode())


U = TypeVar("U")


@dataclass
class IntBox(Gen[int]):
    W: str = "w"


@dataclass
class Box2(Gen[U], Generic[U]):
    W: str = "w"


def test_generic_base_class_keeps_its_arguments() -> None:
    """``class IntBox(Gen[int])`` derives from GenOfInt32; a generic subclass passes its own
    argument on (Box2[str] derives from GenOfString)."""
    for cls, obj, base, text in ((IntBox, IntBox(1), "GenOfInt32", "1"),
                                 (Box2[str], Box2("s"), "GenOfString", "s")):
        serializer = XmlSerializer(cls)
        root = serializer.mapping.root.mapping
        assert root.base is not None
        assert root.base.type_name == base
        doc = serializer.dumps(obj)
        assert f"<V>{text}</V>\n  <W>w</W>" in doc.decode()
        assert serializer.loads(doc) == obj


def test_expected_elements_of_unknown_element_events() -> None:
    """``expected_elements`` lists every element the class maps as "namespace:name", comma
    separated, in member order (Mono: "[:A, urn:b:B, :L, :f]" for this class)."""

    @dataclass
    class Ev:
        A: str | None = None
        B: Annotated[str | None, XmlElement(namespace="urn:b")] = None
        L: list[int] = field(default_factory=list)
        F: Annotated[list[int], XmlElement("f")] = field(default_factory=list)
        At: Annotated[str | None, XmlAttribute()] = None

    seen: list[tuple[str, str]] = []
    serializer = XmlSerializer(Ev)
    serializer.unknown_element = lambda e: seen.append((e.expected_elements, e.element.tag))
    back = serializer.loads(b"<Ev><Z/><A>a</A><q:Y xmlns:q='urn:q'/></Ev>")
    assert back == Ev(A="a")
    assert seen == [(":A, urn:b:B, :L, :f", "Z"), (":A, urn:b:B, :L, :f", "{urn:q}Y")]
