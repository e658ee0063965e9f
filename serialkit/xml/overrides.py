"""``XmlAttributes`` and ``XmlAttributeOverrides``: reshape classes you cannot change."""

from __future__ import annotations

from typing import Any

import attrs

from serialkit.xml.attributes import (
    DefaultValue,
    XmlAnyAttribute,
    XmlAnyElement,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlChoiceIdentifier,
    XmlElement,
    XmlEnum,
    XmlIgnore,
    XmlInclude,
    XmlNamespaceDeclarations,
    XmlRoot,
    XmlText,
    XmlType,
)

__all__ = ["XmlAttributeOverrides", "XmlAttributes"]



class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


_NO_DEFAULT: Any = _NoDefault()


@attrs.define
class XmlAttributes:
    """Every XML attribute on one class or member, as .NET's ``XmlAttributes`` holds them.

    Built from declarations, or by hand for :class:`XmlAttributeOverrides`, where it
    **replaces** everything declared on its target.
    """

    xml_root: XmlRoot | None = None
    xml_type: XmlType | None = None
    xml_elements: list[XmlElement] = attrs.Factory(list)
    xml_array: XmlArray | None = None
    xml_array_items: list[XmlArrayItem] = attrs.Factory(list)
    xml_attribute: XmlAttribute | None = None
    xml_text: XmlText | None = None
    xml_enum: XmlEnum | None = None
    xml_ignore: bool = False
    xml_includes: list[XmlInclude] = attrs.Factory(list)
    xml_any_elements: list[XmlAnyElement] = attrs.Factory(list)
    xml_any_attribute: XmlAnyAttribute | None = None
    xml_choice_identifier: XmlChoiceIdentifier | None = None
    xml_default_value: Any = _NO_DEFAULT
    xmlns: bool = False

    @property
    def has_default_value(self) -> bool:
        """True when a ``DefaultValue`` is set."""
        return self.xml_default_value is not _NO_DEFAULT

    @classmethod
    def from_list(cls, items: list[Any]) -> XmlAttributes:
        """Collect attribute objects (as found in ``Annotated`` or decorators) into one."""
        result = cls()
        for item in items:
            result.add(item)
        return result

    def add(self, item: Any) -> None:
        """Record one attribute object."""
        if item is XmlIgnore:
            self.xml_ignore = True
        elif item is XmlNamespaceDeclarations:
            self.xmlns = True
        elif isinstance(item, XmlRoot):
            self.xml_root = item
        elif isinstance(item, XmlType):
            self.xml_type = item
        elif isinstance(item, XmlElement):
            self.xml_elements.append(item)
        elif isinstance(item, XmlArray):
            self.xml_array = item
        elif isinstance(item, XmlArrayItem):
            self.xml_array_items.append(item)
        elif isinstance(item, XmlAttribute):
            self.xml_attribute = item
        elif isinstance(item, XmlText):
            self.xml_text = item
        elif isinstance(item, XmlEnum):
            self.xml_enum = item
        elif isinstance(item, XmlInclude):
            self.xml_includes.append(item)
        elif isinstance(item, XmlAnyElement):
            self.xml_any_elements.append(item)
        elif isinstance(item, XmlAnyAttribute):
            self.xml_any_attribute = item
        elif isinstance(item, XmlChoiceIdentifier):
            self.xml_choice_identifier = item
        elif isinstance(item, DefaultValue):
            self.xml_default_value = item.value
        else:
            raise TypeError(f"{item!r} is not an XML serialization attribute")

    def key(self) -> tuple[Any, ...]:
        """A hashable snapshot (for the mapping cache)."""
        return (self.xml_root, self.xml_type, tuple(self.xml_elements), self.xml_array,
                tuple(self.xml_array_items), self.xml_attribute, self.xml_text, self.xml_enum,
                self.xml_ignore, tuple(self.xml_includes), tuple(self.xml_any_elements),
                self.xml_any_attribute, self.xml_choice_identifier,
                repr(self.xml_default_value), self.xmlns)


class XmlAttributeOverrides:
    """.NET's ``XmlAttributeOverrides``: attributes for a class or a member, given at run time.

    ``add(cls, attributes)`` targets the class, ``add(cls, "member", attributes)`` a member
    (for an enum class, an enum member). An override replaces everything declared there.
    """

    def __init__(self) -> None:
        self._table: dict[tuple[type, str | None], XmlAttributes] = {}

    def add(self, cls: type, member_or_attributes: str | XmlAttributes,
            attributes: XmlAttributes | None = None) -> None:
        """Override the attributes of ``cls`` or of its member."""
        if isinstance(member_or_attributes, XmlAttributes):
            member, attrs_ = None, member_or_attributes
        else:
            if attributes is None:
                raise TypeError("add(cls, member, attributes) needs the attributes")
            member, attrs_ = member_or_attributes, attributes
        key = (cls, member)
        if key in self._table:
            target = cls.__qualname__ + (f".{member}" if member else "")
            raise ValueError(f"{target} already has overrides")
        self._table[key] = attrs_

    def get(self, cls: type, member: str | None = None) -> XmlAttributes | None:
        """The overriding attributes of ``cls`` (or its member), or None."""
        return self._table.get((cls, member))

    def __getitem__(self, key: type | tuple[type, str]) -> XmlAttributes | None:
        if isinstance(key, tuple):
            return self.get(key[0], key[1])
        return self.get(key)

    def key(self) -> tuple[Any, ...]:
        """A hashable snapshot (for the mapping cache)."""
        return tuple(sorted(((c.__module__, c.__qualname__, id(c), m or ""), a.key())
                            for (c, m), a in self._table.items()))
