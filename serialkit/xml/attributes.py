"""XmlSerializer's attributes with their .NET names, and the class decorators that record them.

Each attribute class can be given three ways, all feeding the same declarations:
inside ``Annotated[T, XmlElement("name")]``, as a class decorator
(``@xml_element("member", "name")``), or at run time through
:class:`~serialkit.xml.overrides.XmlAttributeOverrides`. Decorators only record: they add to
``declarations(cls)["xml"]`` and never change the class or the binary engine's view of it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from serialkit.attributes.decorators import declarations

__all__ = [
    "DefaultValue",
    "XmlAnyAttribute",
    "XmlAnyElement",
    "XmlArray",
    "XmlArrayItem",
    "XmlAttribute",
    "XmlChoiceIdentifier",
    "XmlElement",
    "XmlEnum",
    "XmlIgnore",
    "XmlInclude",
    "XmlNamespaceDeclarations",
    "XmlRoot",
    "XmlSchemaForm",
    "XmlText",
    "XmlType",
    "default_value",
    "is_xml_attribute",
    "xml_any_attribute",
    "xml_any_element",
    "xml_array",
    "xml_array_item",
    "xml_attribute",
    "xml_choice_identifier",
    "xml_element",
    "xml_enum",
    "xml_ignore",
    "xml_include",
    "xml_namespace_declarations",
    "xml_root",
    "xml_text",
    "xml_type",
]

T = TypeVar("T", bound=type)


class XmlSchemaForm(enum.Enum):
    """.NET's ``System.Xml.Schema.XmlSchemaForm``: whether a name is namespace-qualified."""

    NONE = "none"
    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"


@attrs.frozen
class XmlRoot:
    """``[XmlRoot]``: the name and namespace of the document element (root only)."""

    element_name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)
    is_nullable: bool | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class XmlType:
    """``[XmlType]``: the schema type name and the namespace of the type's child elements."""

    type_name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    include_in_schema: bool = attrs.field(default=True, kw_only=True)
    anonymous_type: bool = attrs.field(default=False, kw_only=True)


@attrs.frozen
class XmlElement:
    """``[XmlElement]``: a member written as an element; on a list, a flat (unwrapped) one.

    ``XmlElement("dog", Dog)`` maps one runtime type to one element name, as .NET's
    ``[XmlElement("dog", typeof(Dog))]`` does; several of them on a member form a choice.
    """

    element_name: str | None = None
    type: Any = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    form: XmlSchemaForm = attrs.field(default=XmlSchemaForm.NONE, kw_only=True)
    is_nullable: bool | None = attrs.field(default=None, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)
    order: int | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class XmlAttribute:
    """``[XmlAttribute]``: a simple member (or a list of them, as ``xs:list``) as an attribute."""

    attribute_name: str | None = None
    type: Any = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    form: XmlSchemaForm = attrs.field(default=XmlSchemaForm.NONE, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class XmlText:
    """``[XmlText]``: the member is the element's text content."""

    type: Any = None
    data_type: str | None = attrs.field(default=None, kw_only=True)


class _XmlIgnoreType:
    """``[XmlIgnore]``: the member is never written and never read."""

    _instance: _XmlIgnoreType | None = None

    def __new__(cls) -> _XmlIgnoreType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __call__(self) -> _XmlIgnoreType:
        return self

    def __repr__(self) -> str:
        return "XmlIgnore"


#: ``Annotated[T, XmlIgnore]`` (``XmlIgnore()`` is the same object).
XmlIgnore = _XmlIgnoreType()


class _XmlNamespaceDeclarationsType:
    """``[XmlNamespaceDeclarations]``: an XmlSerializerNamespaces member declared on the element."""

    _instance: _XmlNamespaceDeclarationsType | None = None

    def __new__(cls) -> _XmlNamespaceDeclarationsType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __call__(self) -> _XmlNamespaceDeclarationsType:
        return self

    def __repr__(self) -> str:
        return "XmlNamespaceDeclarations"


#: ``Annotated[XmlSerializerNamespaces, XmlNamespaceDeclarations]``.
XmlNamespaceDeclarations = _XmlNamespaceDeclarationsType()


@attrs.frozen
class XmlArray:
    """``[XmlArray]``: the wrapper element of a collection (the default for lists)."""

    element_name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    form: XmlSchemaForm = attrs.field(default=XmlSchemaForm.NONE, kw_only=True)
    is_nullable: bool | None = attrs.field(default=None, kw_only=True)
    order: int | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class XmlArrayItem:
    """``[XmlArrayItem]``: the item elements of a wrapped collection, per nesting level."""

    element_name: str | None = None
    type: Any = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    form: XmlSchemaForm = attrs.field(default=XmlSchemaForm.NONE, kw_only=True)
    is_nullable: bool | None = attrs.field(default=None, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)
    nesting_level: int = attrs.field(default=0, kw_only=True)


@attrs.frozen
class XmlEnum:
    """``[XmlEnum]``: the XML name of an enum member (``@xml_enum("Member", name="x")``)."""

    name: str | None = None


@attrs.frozen
class XmlInclude:
    """``[XmlInclude]``: a derived type that may stand, with ``xsi:type``, for this class."""

    type: Any


@attrs.frozen
class XmlAnyElement:
    """``[XmlAnyElement]``: an lxml element member (or a list of them) that takes the elements
    no other member maps, filtered by ``name``/``namespace``; with ``XmlText`` on a
    ``list[str | etree._Element]``, mixed content."""

    name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    order: int | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class XmlAnyAttribute:
    """``[XmlAnyAttribute]``: a ``dict[str, str]`` member (``{namespace}local`` -> value)
    that takes the attributes no other member maps."""


@attrs.frozen
class XmlChoiceIdentifier:
    """``[XmlChoiceIdentifier]``: names the enum member (or list of enums, for a list) that
    says which of the member's ``XmlElement`` names each value is written as and was read
    from."""

    member_name: str | None = None


@attrs.frozen
class DefaultValue:
    """``[DefaultValue]`` (System.ComponentModel): a member equal to it is not written."""

    value: Any


def is_xml_attribute(value: Any) -> bool:
    """True when ``value`` is one of the XML attribute objects above."""
    return value is XmlIgnore or value is XmlNamespaceDeclarations or isinstance(
        value, XmlRoot | XmlType | XmlElement | XmlAttribute | XmlText | XmlArray | XmlArrayItem
        | XmlEnum | XmlInclude | XmlAnyElement | XmlAnyAttribute | XmlChoiceIdentifier
        | DefaultValue)


def kind_declarations(cls: type, kind: str) -> dict[str, Any]:
    """The class's own declarations of one kind ("xml" or "soap"):
    ``{"class": [...], "members": {name: [...]}, "enum": {...}}``."""
    decl = declarations(cls)
    found = decl.get(kind)
    if found is None:
        found = {"class": [], "members": {}, "enum": {}}
        decl[kind] = found
    return found


def xml_declarations(cls: type) -> dict[str, Any]:
    """The class's own XML declarations: ``{"class": [...], "members": {name: [...]}}``."""
    return kind_declarations(cls, "xml")


def _class_decorator(attribute: Any, kind: str = "xml") -> Callable[[T], T]:
    def mark(target: T) -> T:
        if not isinstance(target, type):
            raise TypeError(f"{attribute!r} applies to classes, not {target!r}")
        kind_declarations(target, kind)["class"].append(attribute)
        return target

    return mark


def _member_decorator(member: str, attribute: Any, kind: str = "xml") -> Callable[[T], T]:
    def mark(target: T) -> T:
        if not isinstance(target, type):
            raise TypeError(f"{attribute!r} applies to classes, not {target!r}")
        kind_declarations(target, kind)["members"].setdefault(member, []).append(attribute)
        return target

    return mark


def xml_root(element_name: str | None = None, *, namespace: str | None = None,
             data_type: str | None = None, is_nullable: bool | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlRoot]``."""
    return _class_decorator(XmlRoot(element_name, namespace=namespace, data_type=data_type,
                                    is_nullable=is_nullable))


def xml_type(type_name: str | None = None, *, namespace: str | None = None,
             include_in_schema: bool = True, anonymous_type: bool = False) -> Callable[[T], T]:
    """Class decorator: ``[XmlType]``."""
    return _class_decorator(XmlType(type_name, namespace=namespace,
                                    include_in_schema=include_in_schema,
                                    anonymous_type=anonymous_type))


def xml_include(*types: type) -> Callable[[T], T]:
    """Class decorator: ``[XmlInclude(typeof(Derived))]`` for each type given."""

    def mark(target: T) -> T:
        for t in types:
            _class_decorator(XmlInclude(t))(target)
        return target

    return mark


def xml_element(member: str, element_name: str | None = None, type: Any = None, *,
                namespace: str | None = None, form: XmlSchemaForm = XmlSchemaForm.NONE,
                is_nullable: bool | None = None, data_type: str | None = None,
                order: int | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlElement]`` on ``member`` (repeat it for a choice)."""
    return _member_decorator(member, XmlElement(
        element_name, type, namespace=namespace, form=form, is_nullable=is_nullable,
        data_type=data_type, order=order))


def xml_attribute(member: str, attribute_name: str | None = None, type: Any = None, *,
                  namespace: str | None = None, form: XmlSchemaForm = XmlSchemaForm.NONE,
                  data_type: str | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlAttribute]`` on ``member``."""
    return _member_decorator(member, XmlAttribute(
        attribute_name, type, namespace=namespace, form=form, data_type=data_type))


def xml_text(member: str, type: Any = None, *,
             data_type: str | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlText]`` on ``member``."""
    return _member_decorator(member, XmlText(type, data_type=data_type))


def xml_ignore(*members: str) -> Callable[[T], T]:
    """Class decorator: ``[XmlIgnore]`` on each named member."""

    def mark(target: T) -> T:
        for m in members:
            _member_decorator(m, XmlIgnore)(target)
        return target

    return mark


def xml_namespace_declarations(member: str) -> Callable[[T], T]:
    """Class decorator: ``[XmlNamespaceDeclarations]`` on ``member``."""
    return _member_decorator(member, XmlNamespaceDeclarations)


def xml_array(member: str, element_name: str | None = None, *, namespace: str | None = None,
              form: XmlSchemaForm = XmlSchemaForm.NONE, is_nullable: bool | None = None,
              order: int | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlArray]`` on ``member``."""
    return _member_decorator(member, XmlArray(element_name, namespace=namespace, form=form,
                                              is_nullable=is_nullable, order=order))


def xml_array_item(member: str, element_name: str | None = None, type: Any = None, *,
                   namespace: str | None = None, form: XmlSchemaForm = XmlSchemaForm.NONE,
                   is_nullable: bool | None = None, data_type: str | None = None,
                   nesting_level: int = 0) -> Callable[[T], T]:
    """Class decorator: ``[XmlArrayItem]`` on ``member`` (repeat it for several item types)."""
    return _member_decorator(member, XmlArrayItem(
        element_name, type, namespace=namespace, form=form, is_nullable=is_nullable,
        data_type=data_type, nesting_level=nesting_level))


def xml_enum(member: str, name: str | None = None) -> Callable[[T], T]:
    """Enum class decorator: ``[XmlEnum(name)]`` on the enum member ``member``."""

    def mark(target: T) -> T:
        if not (isinstance(target, type) and issubclass(target, enum.Enum)):
            raise TypeError(f"@xml_enum applies to Enum classes, not {target!r}")
        if member not in target.__members__:
            raise ValueError(f"{target.__qualname__} has no member {member!r}")
        xml_declarations(target)["enum"][member] = XmlEnum(name)
        return target

    return mark


def xml_any_element(member: str, name: str | None = None, *, namespace: str | None = None,
                    order: int | None = None) -> Callable[[T], T]:
    """Class decorator: ``[XmlAnyElement]`` on ``member``."""
    return _member_decorator(member, XmlAnyElement(name, namespace=namespace, order=order))


def xml_any_attribute(member: str) -> Callable[[T], T]:
    """Class decorator: ``[XmlAnyAttribute]`` on ``member``."""
    return _member_decorator(member, XmlAnyAttribute())


def xml_choice_identifier(member: str, member_name: str) -> Callable[[T], T]:
    """Class decorator: ``[XmlChoiceIdentifier(member_name)]`` on ``member``."""
    return _member_decorator(member, XmlChoiceIdentifier(member_name))


def default_value(member: str, value: Any) -> Callable[[T], T]:
    """Class decorator: ``[DefaultValue(value)]`` on ``member``."""
    return _member_decorator(member, DefaultValue(value))
