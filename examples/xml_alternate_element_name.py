"""Specify an alternate element name for an XML stream (the .NET how-to).

Rename the members of a class in its XML without renaming them in Python: with
``Annotated[..., XmlElement("name")]``, with the ``@xml_element`` class decorator, or at run
time with ``XmlAttributeOverrides`` for a class you cannot change. All three write the same
bytes as .NET's XmlSerializer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from serialkit import (
    XmlArray,
    XmlArrayItem,
    XmlAttributeOverrides,
    XmlAttributes,
    XmlElement,
    XmlRoot,
    XmlSerializer,
    xml_element,
    xml_root,
)


@dataclass
class Book:
    """Renamed with Annotated[...]."""

    Title: Annotated[str, XmlElement("title")] = ""
    Isbn: Annotated[str, XmlElement("ISBN")] = ""


@xml_root("library")
@xml_element("Books", "book")
@dataclass
class Library:
    """Renamed with class decorators: a flat list of <book> elements under <library>."""

    Books: list[Book] = field(default_factory=list)


@dataclass
class Shelf:
    """A class we pretend we cannot change: it is reshaped with overrides below."""

    Books: list[Book] = field(default_factory=list)


def main() -> None:
    """Write a library, then the same books through overrides."""
    books = [Book("Dune", "0441013597"), Book("Emma", "0141439580")]
    text = XmlSerializer(Library).dumps(Library(books)).decode()
    print(text)
    assert "<library " in text and "<book>" in text and "<title>Dune</title>" in text
    assert Library(books) == XmlSerializer(Library).loads(text)

    overrides = XmlAttributeOverrides()
    overrides.add(Shelf, XmlAttributes(xml_root=XmlRoot("shelf")))
    overrides.add(Shelf, "Books", XmlAttributes(xml_array=XmlArray("volumes"),
                                                xml_array_items=[XmlArrayItem("volume")]))
    shelf = XmlSerializer(Shelf, overrides=overrides)
    text = shelf.dumps(Shelf(books)).decode()
    print(text)
    assert "<volumes>" in text and "<volume>" in text
    assert Shelf(books) == shelf.loads(text)
    print("renamed: library/book and shelf/volumes/volume")


if __name__ == "__main__":
    main()
