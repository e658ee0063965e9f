"""XmlSerializer.max_depth in SOAP-encoded mode: the writer refuses an element deeper than
max_depth levels, as the literal writer does, so that it never writes a document its own
reader (which refuses such elements) cannot read back. Multirefs keep encoded documents
shallow: an envelope, the root or a multiref, its members; a deep object graph is not a
deep document."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated, Any

import pytest

from serialkit import (
    Array,
    SoapReflectionImporter,
    XmlFormatError,
    XmlReflectionMember,
    XmlSerializer,
)


@dataclass(eq=False)
class Link:
    Name: str | None = None
    Next: Link | None = None


class Tone(enum.Enum):
    Low = 0
    High = 1


def _chain(length: int) -> Link:
    head = Link("0")
    node = head
    for i in range(1, length):
        node.Next = Link(str(i))
        node = node.Next
    return head


def _soap(root: Any, max_depth: int) -> XmlSerializer:
    s = XmlSerializer.soap(root, extra_types=(Link,))
    s.max_depth = max_depth
    return s


def test_an_element_below_max_depth_is_refused_with_the_literal_writers_error() -> None:
    """Envelope, Body, Link, Name: four levels; max_depth=3 refuses the Name element."""
    with pytest.raises(XmlFormatError) as info:
        _soap(Link, 3).dumps(Link("a"))
    assert str(info.value) == (
        "There was an error generating the XML document: the objects are nested deeper than "
        "3 elements (XmlSerializer.max_depth), at an object of type Link")
    s = _soap(Link, 4)
    assert "a" == s.loads(s.dumps(Link("a"))).Name


def test_without_the_envelope_two_levels_are_enough() -> None:
    with pytest.raises(XmlFormatError, match=r"deeper than 1 elements .* type Link"):
        _soap(Link, 1).dumps(Link("a"), envelope=False)
    s = _soap(Link, 2)
    assert "a" == s.loads(s.dumps(Link("a"), envelope=False)).Name


def test_a_chain_longer_than_max_depth_is_written_flat() -> None:
    """200 linked objects with max_depth=4: each is a multiref at level 3, so the graph's
    depth is no document depth (as in .NET, whose encoded writer queues multirefs)."""
    s = _soap(Link, 4)
    back = s.loads(s.dumps(_chain(200)))
    count = 0
    while back is not None:
        count += 1
        back = back.Next
    assert 200 == count


@pytest.mark.parametrize(
    ("root", "value", "needs"),
    [
        (Link, Link("a", Link("b")), 4),
        (int, 5, 3),
        (Tone, Tone.High, 3),
        (Annotated[list[int], Array], [1, 2], 4),              # SOAP-ENC:Array and its Items
        (Annotated[list[Any], Array], [1, Link("x"), None], 4),
    ],
)
def test_the_writer_refuses_exactly_what_the_reader_refuses(root: Any, value: Any,
                                                            needs: int) -> None:
    """For every max_depth, dumps either refuses or writes a document loads reads back."""
    for max_depth in range(1, needs + 2):
        s = _soap(root, max_depth)
        if max_depth < needs:
            with pytest.raises(XmlFormatError, match=f"deeper than {max_depth} elements"):
                s.dumps(value)
            continue
        back = s.loads(s.dumps(value))
        assert type(back) is type(value)
        assert repr(back) == repr(value)


def test_members_mapping() -> None:
    """rpc/encoded parameters: Envelope, Body, the wrapper, a parameter: four levels."""
    mm = SoapReflectionImporter().import_members_mapping(
        "Op", "urn:op", [XmlReflectionMember("a", int)])
    s = XmlSerializer(mm)
    s.max_depth = 3
    with pytest.raises(XmlFormatError, match=r"deeper than 3 elements .* type list"):
        s.dumps([1])
    s.max_depth = 4
    assert [1] == s.loads(s.dumps([1]))
