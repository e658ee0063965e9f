"""What XmlSerializer refuses when it is built, as .NET refuses it (messages checked on Mono).

A class model that would lose data, or that .NET rejects, fails in the constructor with an
XmlMappingError naming the class and member: never later, never as a stray TypeError.
"""

from __future__ import annotations

import array
import ipaddress
import pathlib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Annotated, Any, NamedTuple

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    XmlAnyElement,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlAttributeOverrides,
    XmlAttributes,
    XmlElement,
    XmlEnum,
    XmlIgnore,
    XmlInclude,
    XmlMappingError,
    XmlRoot,
    XmlSerializer,
    XmlText,
    XmlType,
    xml_attribute,
    xml_element,
)


def holder(annotation: Any) -> type:
    """A dataclass with one member ``M`` of the given annotation."""
    return dataclass(type("Holder", (), {"__annotations__": {"M": annotation}, "M": None}))


class Point(NamedTuple):
    x: int
    y: int


@pytest.mark.parametrize(("annotation", "message"), [
    (complex, "Cannot serialize complex: a complex number has no XSD type"),
    (Fraction, "Cannot serialize Fraction: a fraction has no XSD type"),
    (range, "Cannot serialize range: a range has no XSD type"),
    (memoryview, "Cannot serialize memoryview: a memoryview has no XSD type"),
    (pathlib.Path, "Cannot serialize Path: a path has no XSD type"),
    (pathlib.PurePosixPath, "Cannot serialize PurePosixPath: a path has no XSD type"),
    (Point, "a tuple class \\(NamedTuple\\) is built by its constructor"),
    (ipaddress.IPv4Address, "ipaddress.IPv4Address is a built-in or standard-library class"),
    (array.array, "array.array is a built-in or standard-library class"),
    (complex | None, "Cannot serialize complex"),
    (list[Fraction], "Cannot serialize Fraction"),
])
def test_types_without_an_xml_mapping_are_refused(annotation: Any, message: str) -> None:
    """Values that would be written as empty elements (data lost) fail at construction."""
    with pytest.raises(XmlMappingError, match=message) as info:
        XmlSerializer(holder(annotation))
    assert "`Holder.M`" in str(info.value)


def test_a_class_with_only_hidden_state_is_refused() -> None:
    """A plain class whose state lives only in its constructor's attributes would be lost."""

    class Hidden:
        def __init__(self, name: str = "n") -> None:
            self.name = name

    with pytest.raises(XmlMappingError,
                       match="Hidden: it declares no annotated field or property"):
        XmlSerializer(Hidden)


class KwBase:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class KwPerson(KwBase):
    Name: str = ""


def test_a_stateless_base_with_a_constructor_is_accepted_as_a_base() -> None:
    """A base class whose constructor fills its subclasses' members is not refused when it is
    met as a base; mapped on its own it is."""
    serializer = XmlSerializer(KwPerson)
    doc = serializer.dumps(KwPerson(Name="n"))
    assert doc.endswith(b">\n  <Name>n</Name>\n</KwPerson>")
    assert serializer.loads(doc).Name == "n"
    with pytest.raises(XmlMappingError, match="KwBase: it declares no annotated field"):
        XmlSerializer(KwBase)


def test_an_empty_class_is_still_an_empty_element() -> None:
    """A class with no state at all is written as .NET writes ``class Empty {}``."""

    class Empty:
        pass

    @dataclass
    class EmptyData:
        pass

    assert XmlSerializer(Empty).dumps(Empty()).endswith(b'XMLSchema" />')
    assert XmlSerializer(EmptyData).dumps(EmptyData()).startswith(
        b'<?xml version="1.0"?>\n<EmptyData ')


def test_stdlib_refusal_spares_annotated_user_classes() -> None:
    """The rule is about classes with no annotated state: a user class with annotations maps."""

    class Located:
        Where: str = "here"

    assert b"<Where>here</Where>" in XmlSerializer(Located).dumps(Located())
    Located.__module__ = "email.custom"  # a user's package named like a stdlib one
    assert b"<Where>here</Where>" in XmlSerializer(Located).dumps(Located())

    class Bare:
        def __init__(self) -> None:
            self.state = 1

    Bare.__module__ = "email.custom"
    with pytest.raises(XmlMappingError, match=r"email\.custom\..*Bare is a built-in or standard"):
        XmlSerializer(Bare)


def test_non_bool_specified_member_is_refused() -> None:
    """Mono: "Members with names ending on 'Specified' ... have to be of type System.Boolean"."""

    @dataclass
    class Spec:
        A: int = 0
        A_specified: int = 0

    with pytest.raises(XmlMappingError, match=re.escape(
            "Member 'A_specified' of type int cannot be serialized. Members with names ending "
            "on '_specified' have special meaning")):
        XmlSerializer(Spec)

    class SpecProperty:
        A: int = 0

        @property
        def A_specified(self) -> str:
            return "yes"

    with pytest.raises(XmlMappingError, match="Member 'A_specified' of type str"):
        XmlSerializer(SpecProperty)


def test_bool_specified_member_is_accepted() -> None:
    @dataclass
    class Spec:
        A: int = 1
        A_specified: Annotated[bool, XmlIgnore] = False

    assert b"<A>" not in XmlSerializer(Spec).dumps(Spec())


NON_ARRAY = ("For non-array types, you may use the following attributes: XmlAttribute, "
             "XmlText, XmlElement, or XmlAnyElement.")
ELEMENT_WITH = ("XmlElement, XmlText, and XmlAnyElement cannot be used in conjunction with "
                "XmlAttribute, XmlAnyAttribute, XmlArray, or XmlArrayItem.")
ATTRIBUTE_WITH = ("XmlAttribute and XmlAnyAttribute cannot be used in conjunction with "
                  "XmlElement, XmlText, XmlAnyElement, XmlArray, or XmlArrayItem.")


@pytest.mark.parametrize(("annotation", "message"), [
    (Annotated[str, XmlElement("x"), XmlAttribute("y")], NON_ARRAY),
    (Annotated[str, XmlArray()], NON_ARRAY),
    (Annotated[str, XmlArrayItem("i")], NON_ARRAY),
    (Annotated[list[str], XmlText(), XmlArray()], ELEMENT_WITH),
    (Annotated[list[str], XmlText(), XmlArrayItem("i")], ELEMENT_WITH),
    (Annotated[list[int], XmlElement("x"), XmlArrayItem("y")], ELEMENT_WITH),
    (Annotated[list[list[int]], XmlElement("x"), XmlArrayItem("y", nesting_level=1)],
     ELEMENT_WITH),
    (Annotated[list[str], XmlElement(), XmlArray()], ELEMENT_WITH),
    (Annotated[list[str], XmlAttribute(), XmlArray()], ATTRIBUTE_WITH),
    (Annotated[list[str], XmlElement(), XmlAttribute()], ATTRIBUTE_WITH),
    (Annotated[list[etree._Element], XmlAnyElement(), XmlArrayItem("i")], ELEMENT_WITH),
])
def test_attribute_combinations_net_refuses(annotation: Any, message: str) -> None:
    """Mono's messages, word for word (each pair checked on Mono)."""
    with pytest.raises(XmlMappingError, match=re.escape(message)) as info:
        XmlSerializer(holder(annotation))
    assert "`Holder.M`" in str(info.value)


def test_the_same_combination_through_decorators_and_overrides() -> None:
    """The check reads whichever form gave the attributes."""

    @xml_element("M", "x")
    @xml_attribute("M", "y")
    @dataclass
    class Deco:
        M: str = ""

    with pytest.raises(XmlMappingError, match="For non-array types"):
        XmlSerializer(Deco)

    @dataclass
    class Over:
        M: list[str] = field(default_factory=list)

    overrides = XmlAttributeOverrides()
    overrides.add(Over, "M", XmlAttributes(xml_elements=[XmlElement()],
                                           xml_array=XmlArray("a")))
    with pytest.raises(XmlMappingError, match="XmlElement, XmlText, and XmlAnyElement"):
        XmlSerializer(Over, overrides=overrides)


def test_text_and_element_on_one_member_is_an_element() -> None:
    """Mono accepts ``[XmlText, XmlElement]`` on a string and writes the element."""

    @dataclass
    class TextEl:
        A: Annotated[str, XmlText(), XmlElement()] = "a"

    assert XmlSerializer(TextEl).dumps(TextEl()).endswith(b">\n  <A>a</A>\n</TextEl>")


def test_text_and_attribute_on_one_member_is_an_attribute() -> None:
    """Mono accepts ``[XmlText, XmlAttribute]`` on a string and writes the attribute."""

    @dataclass
    class TextAttr:
        A: Annotated[str, XmlText(), XmlAttribute()] = "a"

    assert XmlSerializer(TextAttr).dumps(TextAttr()).endswith(b' A="a" />')


@pytest.mark.parametrize(("marker", "name"), [
    (XmlRoot("r"), "XmlRoot"),
    (XmlType("t"), "XmlType"),
    (XmlInclude(int), "XmlInclude"),
    (XmlEnum("e"), "XmlEnum"),
])
def test_class_attributes_on_a_member_are_refused(marker: Any, name: str) -> None:
    """A class-level attribute in a member's Annotated would otherwise be ignored silently."""
    with pytest.raises(XmlMappingError, match=(
            f"`Holder.M`: {name} is a class attribute and cannot be used on the member 'M'")):
        XmlSerializer(holder(Annotated[str, marker]))


def test_xml_root_in_the_root_annotation_names_the_root() -> None:
    """``XmlSerializer(Annotated[R, XmlRoot("rr")])`` is the root argument, not ignored."""

    @dataclass
    class R:
        A: int = 1

    serializer = XmlSerializer(Annotated[R, XmlRoot("rr", namespace="urn:r")])
    doc = serializer.dumps(R())
    assert b'<rr xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' \
           b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="urn:r">' in doc
    assert serializer.loads(doc) == R()


def test_unforeseen_importer_errors_are_mapping_errors() -> None:
    """A property whose return annotation cannot be resolved: an XmlMappingError naming the
    root type and the cause, not a bare NameError."""

    class Broken:
        A: int = 1

        @property
        def B(self) -> Undefined:  # type: ignore[name-defined]  # noqa: F821
            return None

    with pytest.raises(XmlMappingError, match=re.escape(
            "There was an error reflecting type 'test_unforeseen_importer_errors_are_mapping_"
            "errors.<locals>.Broken': NameError: name 'Undefined' is not defined")):
        XmlSerializer(Broken)


def test_soap_encoded_mapping_refuses_the_same_types() -> None:
    """The SOAP-encoded importer applies the same rule when the serializer is built."""
    with pytest.raises(XmlMappingError, match="Cannot serialize Fraction: a fraction has no"):
        XmlSerializer.soap(holder(Fraction))
