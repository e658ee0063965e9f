"""Hostile documents: no entity is resolved, no DTD loaded, no network reached."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from serialkit import UnsafeXmlError, XmlFormatError, XmlSerializer


@dataclasses.dataclass
class A:
    V: str | None = None


def test_xxe_local_file_is_refused(tmp_path: Path) -> None:
    """An external entity naming a local file is refused, and the file is never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = (f'<?xml version="1.0"?><!DOCTYPE A [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<A><V>&x;</V></A>")
    with pytest.raises(UnsafeXmlError, match="DTDs are prohibited"):
        XmlSerializer(A).loads(doc)


def test_billion_laughs_is_refused() -> None:
    """Nested internal entities are refused before any expansion."""
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    doc = f"<!DOCTYPE A [{entities}]><A><V>&l8;</V></A>".encode()
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(A).loads(doc)


def test_external_dtd_is_refused(tmp_path: Path) -> None:
    """An external DTD (which could inject defaults or entities) is refused."""
    dtd = tmp_path / "ext.dtd"
    dtd.write_text('<!ENTITY ext "FROM-EXT-DTD"><!ATTLIST A def CDATA "defaulted">')
    doc = f'<!DOCTYPE A SYSTEM "file://{dtd}"><A><V>&ext;</V></A>'
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(A).loads(doc)


def test_doctype_in_utf16_is_refused() -> None:
    """The DOCTYPE check also sees documents in UTF-16."""
    doc = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE A><A/>'.encode("utf-16")
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(A).loads(doc)


def test_undeclared_entity_is_an_error() -> None:
    """An entity reference with no DTD is a well-formedness error, not an empty string."""
    with pytest.raises(XmlFormatError):
        XmlSerializer(A).loads("<A><V>&x;</V></A>")


def test_huge_text_node_is_refused() -> None:
    """A text node over libxml2's 10 MB limit is refused (huge_tree stays off)."""
    doc = b"<A><V>" + b"a" * 11_000_000 + b"</V></A>"
    with pytest.raises(XmlFormatError):
        XmlSerializer(A).loads(doc)


def test_unsafe_xml_error_is_a_serialization_error() -> None:
    """UnsafeXmlError is an XmlFormatError, so one except clause catches bad input."""
    assert issubclass(UnsafeXmlError, XmlFormatError)
