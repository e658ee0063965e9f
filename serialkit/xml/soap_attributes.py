"""The attributes of XmlSerializer's SOAP-encoded mode, and ``SoapAttributeOverrides``.

``SoapType``, ``SoapElement``, ``SoapAttribute``, ``SoapIgnore``, ``SoapEnum`` and
``SoapInclude`` keep their .NET names without ``Attribute``. As the XML ones, each is given
three ways: inside ``Annotated[T, SoapElement("name")]``, as a class decorator
(``@soap_element("member", "name")``), or at run time through :class:`SoapAttributeOverrides`.
Decorators only record (under the ``"soap"`` key of the class's declarations); the literal
XmlSerializer ignores them all, as .NET's ``XmlReflectionImporter`` does.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from serialkit.xml.attributes import DefaultValue, kind_declarations
from serialkit.xml.attributes import _class_decorator as _xml_class_decorator
from serialkit.xml.attributes import _member_decorator as _xml_member_decorator

__all__ = [
    "SoapAttribute",
    "SoapAttributeOverrides",
    "SoapAttributes",
    "SoapElement",
    "SoapEnum",
    "SoapIgnore",
    "SoapInclude",
    "SoapType",
    "is_soap_attribute",
    "soap_attribute",
    "soap_declarations",
    "soap_element",
    "soap_enum",
    "soap_ignore",
    "soap_include",
    "soap_type",
]

T = TypeVar("T", bound=type)


@attrs.frozen
class SoapType:
    """``[SoapType]``: the encoded type name and its namespace."""

    type_name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    include_in_schema: bool = attrs.field(default=True, kw_only=True)


@attrs.frozen
class SoapElement:
    """``[SoapElement]``: the member's element name, ``xsi:nil`` for None, its XSD type."""

    element_name: str | None = None
    is_nullable: bool = attrs.field(default=False, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class SoapAttribute:
    """``[SoapAttribute]``: a simple member as an attribute (namespace-qualified, as .NET
    writes it: the class's namespace unless ``namespace`` says otherwise)."""

    attribute_name: str | None = None
    namespace: str | None = attrs.field(default=None, kw_only=True)
    data_type: str | None = attrs.field(default=None, kw_only=True)


class _SoapIgnoreType:
    """``[SoapIgnore]``: the member is never written and never read."""

    _instance: _SoapIgnoreType | None = None

    def __new__(cls) -> _SoapIgnoreType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __call__(self) -> _SoapIgnoreType:
        return self

    def __repr__(self) -> str:
        return "SoapIgnore"


#: ``Annotated[T, SoapIgnore]`` (``SoapIgnore()`` is the same object).
SoapIgnore = _SoapIgnoreType()


@attrs.frozen
class SoapEnum:
    """``[SoapEnum]``: the encoded name of an enum member (``@soap_enum("Member", "x")``)."""

    name: str | None = None


@attrs.frozen
class SoapInclude:
    """``[SoapInclude]``: a derived type that may stand, with ``xsi:type``, for this class."""

    type: Any


def is_soap_attribute(value: Any) -> bool:
    """True when ``value`` is one of the SOAP attribute objects (or ``DefaultValue``)."""
    return value is SoapIgnore or isinstance(
        value, SoapType | SoapElement | SoapAttribute | SoapEnum | SoapInclude | DefaultValue)


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


_NO_DEFAULT: Any = _NoDefault()


@attrs.define
class SoapAttributes:
    """Every SOAP attribute on one class or member, as .NET's ``SoapAttributes`` holds them.

    Given to :class:`SoapAttributeOverrides`, it **replaces** everything declared on its
    target. ``soap_default_value`` is recorded and, as in .NET, changes nothing written.
    """

    soap_type: SoapType | None = None
    soap_element: SoapElement | None = None
    soap_attribute: SoapAttribute | None = None
    soap_enum: SoapEnum | None = None
    soap_ignore: bool = False
    soap_default_value: Any = _NO_DEFAULT
    soap_includes: list[SoapInclude] = attrs.Factory(list)

    @classmethod
    def from_list(cls, items: list[Any]) -> SoapAttributes:
        """Collect attribute objects (as found in ``Annotated`` or decorators) into one."""
        result = cls()
        for item in items:
            result.add(item)
        return result

    def add(self, item: Any) -> None:
        """Record one attribute object."""
        if item is SoapIgnore:
            self.soap_ignore = True
        elif isinstance(item, SoapType):
            self.soap_type = item
        elif isinstance(item, SoapElement):
            self.soap_element = item
        elif isinstance(item, SoapAttribute):
            self.soap_attribute = item
        elif isinstance(item, SoapEnum):
            self.soap_enum = item
        elif isinstance(item, SoapInclude):
            self.soap_includes.append(item)
        elif isinstance(item, DefaultValue):
            self.soap_default_value = item.value
        else:
            raise TypeError(f"{item!r} is not a SOAP serialization attribute")

    def key(self) -> tuple[Any, ...]:
        """A hashable snapshot."""
        return (self.soap_type, self.soap_element, self.soap_attribute, self.soap_enum,
                self.soap_ignore, repr(self.soap_default_value), tuple(self.soap_includes))


class SoapAttributeOverrides:
    """.NET's ``SoapAttributeOverrides``: SOAP attributes for a class or member at run time.

    ``add(cls, attributes)`` targets the class, ``add(cls, "member", attributes)`` a member
    (for an enum class, an enum member). An override replaces everything declared there.
    """

    def __init__(self) -> None:
        self._table: dict[tuple[type, str | None], SoapAttributes] = {}

    def add(self, cls: type, member_or_attributes: str | SoapAttributes,
            attributes: SoapAttributes | None = None) -> None:
        """Override the SOAP attributes of ``cls`` or of its member."""
        if isinstance(member_or_attributes, SoapAttributes):
            member, found = None, member_or_attributes
        else:
            if attributes is None:
                raise TypeError("add(cls, member, attributes) needs the attributes")
            member, found = member_or_attributes, attributes
        if (cls, member) in self._table:
            target = cls.__qualname__ + (f".{member}" if member else "")
            raise ValueError(f"{target} already has overrides")
        self._table[(cls, member)] = found

    def get(self, cls: type, member: str | None = None) -> SoapAttributes | None:
        """The overriding attributes of ``cls`` (or its member), or None."""
        return self._table.get((cls, member))

    def __getitem__(self, key: type | tuple[type, str]) -> SoapAttributes | None:
        if isinstance(key, tuple):
            return self.get(key[0], key[1])
        return self.get(key)


def soap_declarations(cls: type) -> dict[str, Any]:
    """The class's own SOAP declarations: ``{"class": [...], "members": {...}, "enum": {}}``."""
    return kind_declarations(cls, "soap")


def _class_decorator(attribute: Any) -> Callable[[T], T]:
    return _xml_class_decorator(attribute, "soap")


def _member_decorator(member: str, attribute: Any) -> Callable[[T], T]:
    return _xml_member_decorator(member, attribute, "soap")


def soap_type(type_name: str | None = None, *, namespace: str | None = None,
              include_in_schema: bool = True) -> Callable[[T], T]:
    """Class decorator: ``[SoapType]``."""
    return _class_decorator(SoapType(type_name, namespace=namespace,
                                     include_in_schema=include_in_schema))


def soap_include(*types: type) -> Callable[[T], T]:
    """Class decorator: ``[SoapInclude(typeof(Derived))]`` for each type given."""

    def mark(target: T) -> T:
        for t in types:
            _class_decorator(SoapInclude(t))(target)
        return target

    return mark


def soap_element(member: str, element_name: str | None = None, *, is_nullable: bool = False,
                 data_type: str | None = None) -> Callable[[T], T]:
    """Class decorator: ``[SoapElement]`` on ``member``."""
    return _member_decorator(member, SoapElement(element_name, is_nullable=is_nullable,
                                                 data_type=data_type))


def soap_attribute(member: str, attribute_name: str | None = None, *,
                   namespace: str | None = None,
                   data_type: str | None = None) -> Callable[[T], T]:
    """Class decorator: ``[SoapAttribute]`` on ``member``."""
    return _member_decorator(member, SoapAttribute(attribute_name, namespace=namespace,
                                                   data_type=data_type))


def soap_ignore(*members: str) -> Callable[[T], T]:
    """Class decorator: ``[SoapIgnore]`` on each named member."""

    def mark(target: T) -> T:
        for m in members:
            _member_decorator(m, SoapIgnore)(target)
        return target

    return mark


def soap_enum(member: str, name: str | None = None) -> Callable[[T], T]:
    """Enum class decorator: ``[SoapEnum(name)]`` on the enum member ``member``."""

    def mark(target: T) -> T:
        if not (isinstance(target, type) and issubclass(target, enum.Enum)):
            raise TypeError(f"@soap_enum applies to Enum classes, not {target!r}")
        if member not in target.__members__:
            raise ValueError(f"{target.__qualname__} has no member {member!r}")
        soap_declarations(target)["enum"][member] = SoapEnum(name)
        return target

    return mark
