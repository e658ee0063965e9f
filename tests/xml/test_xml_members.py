"""Member selection, order and the member attributes, given each of the three ways."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, ClassVar, Protocol

import attrs
import pytest

from serialkit import (
    Array,
    DefaultValue,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlAttributeOverrides,
    XmlAttributes,
    XmlElement,
    XmlFormatError,
    XmlIgnore,
    XmlMappingError,
    XmlRoot,
    XmlSerializer,
    XmlText,
    xml_array,
    xml_array_item,
    xml_attribute,
    xml_element,
    xml_ignore,
    xml_root,
    xml_text,
)


def body(cls: Any, obj: Any, **kw: Any) -> str:
    """The document without declaration and default namespaces, on one line."""
    text = XmlSerializer(cls, **kw).dumps(obj, indent=False, xml_declaration=False).decode()
    return text.replace(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', "").replace(
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"', "")


class Base:
    B1: int = 1
    _private: int = 0
    Shared: ClassVar[int] = 5


class Derived(Base):
    D1: str = "d"

    def __init__(self) -> None:
        self._p = 2

    @property
    def Prop(self) -> int:
        return self._p

    @Prop.setter
    def Prop(self, value: int) -> None:
        self._p = value


def test_public_fields_base_first_then_properties() -> None:
    """Base members first, private and ClassVar members skipped, properties after fields."""
    assert "<Derived><B1>1</B1><D1>d</D1><Prop>2</Prop></Derived>" == body(Derived, Derived())


@attrs.define
class AttrsModel:
    A: int = 1
    B: list[int] = attrs.Factory(lambda: [2])


@dataclasses.dataclass
class DataModel:
    A: int = 1
    B: list[int] = dataclasses.field(default_factory=lambda: [2])


@pytest.mark.parametrize("cls", [AttrsModel, DataModel])
def test_attrs_and_dataclasses(cls: type) -> None:
    """attrs classes and dataclasses map the same way, and read back equal."""
    s = XmlSerializer(cls)
    name = cls.__name__
    assert f"<{name}><A>1</A><B><int>2</int></B></{name}>" == body(cls, cls())
    assert cls(A=3, B=[4, 5]) == s.loads(s.dumps(cls(A=3, B=[4, 5])))


@attrs.frozen
class Frozen:
    A: int
    B: str = "b"


def test_frozen_class_without_parameterless_init_reads() -> None:
    """A class needing init arguments is built without calling __init__, then filled."""
    s = XmlSerializer(Frozen)
    assert Frozen(7, "x") == s.loads(s.dumps(Frozen(7, "x")))


@dataclasses.dataclass
class Ordered:
    A: Annotated[str, XmlElement(order=2)] = "a"
    B: Annotated[str, XmlElement(order=1)] = "b"


def test_order_sorts_elements() -> None:
    """XmlElement(order=...) gives the element sequence."""
    assert "<Ordered><B>b</B><A>a</A></Ordered>" == body(Ordered, Ordered())


def test_order_on_some_members_only_is_an_error() -> None:
    """Order on one particle requires it on all (.NET's 'Inconsistent sequencing')."""
    @dataclasses.dataclass
    class Partial:
        A: Annotated[str, XmlElement(order=1)] = "a"
        B: str = "b"

    with pytest.raises(XmlMappingError, match="Inconsistent sequencing"):
        XmlSerializer(Partial)


def test_duplicate_element_names_are_an_error() -> None:
    """Two members mapped to one element name fail at construction."""
    @dataclasses.dataclass
    class Dup:
        A: str = "a"
        B: Annotated[str, XmlElement("A")] = "b"

    with pytest.raises(XmlMappingError, match="The XML element 'A' from namespace ''"):
        XmlSerializer(Dup)


@pytest.mark.parametrize(("annotation", "message"), [
    (dict[str, int], "IDictionary"),
    (Annotated[list[list[int]], Array(rank=2)], "Multidimensional arrays are not supported"),
])
def test_unsupported_member_types(annotation: Any, message: str) -> None:
    """Dictionaries and rectangular arrays fail at construction, naming the member."""
    cls = type("Bad", (), {"__annotations__": {"M": annotation}})
    with pytest.raises(XmlMappingError, match=message):
        XmlSerializer(cls)


class Shape(Protocol):
    def area(self) -> float: ...


def test_interface_member_is_an_error() -> None:
    """A Protocol-typed member is an interface: refused at construction."""
    cls = type("UsesIface", (), {"__annotations__": {"S": Shape}})
    with pytest.raises(XmlMappingError, match="because it is an interface"):
        XmlSerializer(cls)


class Plain:
    Name: str = "n"
    Age: int = 3
    Tags: list[str]
    Secret: str = "s"

    def __init__(self) -> None:
        self.Tags = ["t"]


EXPECTED_RESHAPED = '<person name="n">33<tag>t</tag></person>'


def test_shaping_with_annotated() -> None:
    """Annotated[...] markers rename, move to attributes and text, flatten and ignore."""
    @dataclasses.dataclass
    class Shaped:
        Name: Annotated[str, XmlAttribute("name")] = "n"
        Age: Annotated[int, XmlText()] = 33
        Tags: Annotated[list[str], XmlElement("tag")] = dataclasses.field(
            default_factory=lambda: ["t"])
        Secret: Annotated[str, XmlIgnore] = "s"

    assert EXPECTED_RESHAPED == body(Shaped, Shaped(), root=XmlRoot("person"))


@xml_root("person")
@xml_attribute("Name", "name")
@xml_text("Age")
@xml_element("Tags", "tag")
@xml_ignore("Secret")
class Decorated:
    Name: str = "n"
    Age: int = 33
    Tags: list[str]
    Secret: str = "s"

    def __init__(self) -> None:
        self.Tags = ["t"]


def test_shaping_with_decorators() -> None:
    """The class decorators record the same attributes as Annotated."""
    assert EXPECTED_RESHAPED == body(Decorated, Decorated())


def test_shaping_with_overrides() -> None:
    """XmlAttributeOverrides reshape a class that carries no attributes."""
    ov = XmlAttributeOverrides()
    ov.add(Plain, XmlAttributes(xml_root=XmlRoot("person")))
    ov.add(Plain, "Name", XmlAttributes(xml_attribute=XmlAttribute("name")))
    ov.add(Plain, "Age", XmlAttributes(xml_text=XmlText()))
    ov.add(Plain, "Tags", XmlAttributes(xml_elements=[XmlElement("tag")]))
    ov.add(Plain, "Secret", XmlAttributes(xml_ignore=True))
    obj = Plain()
    obj.Age = 33
    assert EXPECTED_RESHAPED == body(Plain, obj, overrides=ov)
    assert "<Plain><Name>n</Name><Age>3</Age><Tags><string>t</string></Tags>" \
           "<Secret>s</Secret></Plain>" == body(Plain, Plain())


def test_override_replaces_declared_attributes() -> None:
    """An override replaces everything declared on its member."""
    @dataclasses.dataclass
    class Declared:
        A: Annotated[str, XmlAttribute()] = "a"

    ov = XmlAttributeOverrides()
    ov.add(Declared, "A", XmlAttributes(xml_elements=[XmlElement("renamed")]))
    assert "<Declared><renamed>a</renamed></Declared>" == body(Declared, Declared(),
                                                               overrides=ov)


def test_array_and_array_item_decorators() -> None:
    """xml_array / xml_array_item name the wrapper and items, per nesting level."""
    @xml_array("Grid", "rows")
    @xml_array_item("Grid", "row")
    @xml_array_item("Grid", "cell", nesting_level=1)
    @dataclasses.dataclass
    class G:
        Grid: list[list[int]] = dataclasses.field(default_factory=lambda: [[1], []])

    assert "<G><rows><row><cell>1</cell></row><row /></rows></G>" == body(G, G())


def test_array_attributes_in_annotated() -> None:
    """XmlArray(is_nullable) writes nil for None; an empty list is an empty element."""
    @dataclasses.dataclass
    class N:
        A: Annotated[list[str] | None, XmlArray(is_nullable=True)] = None
        B: Annotated[list[str], XmlArrayItem("s")] = dataclasses.field(default_factory=list)
        C: list[str] | None = None

    assert '<N><A xsi:nil="true" /><B /></N>' == body(N, N())


def test_default_value_should_serialize_and_specified() -> None:
    """DefaultValue, should_serialize_<m>() and <m>_specified each suppress a member."""
    @dataclasses.dataclass
    class Cond:
        Five: Annotated[int, DefaultValue(5)] = 5
        Six: Annotated[int, DefaultValue(5)] = 6
        Hidden: int = 1
        Opt: int = 9
        Opt_specified: Annotated[bool, XmlIgnore] = False

        def should_serialize_Hidden(self) -> bool:
            return False

    assert "<Cond><Six>6</Six></Cond>" == body(Cond, Cond())
    back = XmlSerializer(Cond).loads("<Cond><Opt>3</Opt></Cond>")
    assert (3, True, 5) == (back.Opt, back.Opt_specified, back.Five)


def test_specified_member_without_ignore_is_written() -> None:
    """As in .NET, a <m>_specified member is itself serialized unless it is ignored."""
    @dataclasses.dataclass
    class Spec:
        Opt: int = 1
        Opt_specified: bool = True

    assert "<Spec><Opt>1</Opt><Opt_specified>true</Opt_specified></Spec>" == body(Spec, Spec())


@dataclasses.dataclass
class Inner:
    X: int = 0


@dataclasses.dataclass
class Outer:
    In: Annotated[Inner | None, XmlAttribute()] = None


def test_complex_type_as_attribute_is_an_error() -> None:
    """XmlAttribute on a class-typed member fails at construction."""
    with pytest.raises(XmlMappingError, match="cannot be used to encode complex types"):
        XmlSerializer(Outer)


@dataclasses.dataclass
class Node:
    Next: Node | None = None


def test_circular_reference_is_an_error() -> None:
    """A cycle fails on serialize (no reference tracking in literal XML)."""
    n = Node()
    n.Next = n
    with pytest.raises(XmlFormatError, match="circular reference"):
        XmlSerializer(Node).dumps(n)


def test_mapping_is_cached() -> None:
    """Two serializers with the same arguments share one built mapping."""
    assert XmlSerializer(DataModel).mapping is XmlSerializer(DataModel).mapping
