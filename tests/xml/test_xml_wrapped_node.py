"""An lxml element member without XmlAnyElement: .NET's wrapped ``XmlElement`` member.

.NET writes ``public XmlElement El;`` as ``<El>`` wrapping the node, names array items
``<XmlElement>``, and reads the first element inside the wrapper (checked on Mono; the
interop case ``wrapped_node`` compares the bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import XmlElement, XmlFormatError, XmlSerializer, XmlSerializerNamespaces

NONE = XmlSerializerNamespaces([("", "")])


@dataclass
class Holder:
    El: etree._Element | None = None
    Z: Annotated[etree._Element | None, XmlElement(namespace="urn:z")] = None
    Items: list[etree._Element] | None = None
    After: str = "z"


def test_a_member_wraps_its_node() -> None:
    """The member's element wraps the node; in another default namespace the node, which
    has none, resets it with xmlns="" (Mono's bytes)."""
    obj = Holder(etree.fromstring('<any a="1"><b>t</b></any>'), etree.Element("n"),
                 [etree.Element("x"), etree.fromstring("<y>2</y>")])
    assert XmlSerializer(Holder).dumps(obj, namespaces=NONE, xml_declaration=False) == (
        b'<Holder>\n  <El>\n    <any a="1">\n      <b>t</b>\n    </any>\n  </El>\n'
        b'  <Z xmlns="urn:z">\n    <n xmlns="" />\n  </Z>\n'
        b"  <Items>\n    <XmlElement>\n      <x />\n    </XmlElement>\n"
        b"    <XmlElement>\n      <y>2</y>\n    </XmlElement>\n  </Items>\n"
        b"  <After>z</After>\n</Holder>")


def test_a_member_reads_back_its_node() -> None:
    s = XmlSerializer(Holder)
    obj = Holder(etree.fromstring('<any a="1"><b>t</b></any>'), None, [etree.Element("x")])
    back = s.loads(s.dumps(obj))
    assert etree.tostring(back.El) == b'<any a="1"><b>t</b></any>'
    assert back.Z is None
    assert [etree.tostring(e) for e in back.Items] == [b"<x/>"]
    assert back.El.getparent() is None  # a standalone copy, not a part of the document


@pytest.mark.parametrize(("content", "expected"), [
    ("", None),
    ("   ", None),
    ('<x k="v"/>', b'<x k="v"/>'),
    ("\n  <!--c--><?p d?>\n  <x>1</x>\n", b"<x>1</x>"),
])
def test_what_the_wrapper_holds(content: str, expected: bytes | None) -> None:
    """White space, comments and processing instructions before the node are skipped;
    an empty wrapper is None (Mono)."""
    el = XmlSerializer(Holder).loads(f"<Holder><El>{content}</El></Holder>").El
    assert expected == (None if el is None else etree.tostring(el))


def test_nil_reads_as_none() -> None:
    doc = ('<Holder xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
           '<El xsi:nil="true"/></Holder>')
    assert XmlSerializer(Holder).loads(doc).El is None


def test_a_text_where_the_node_should_be_is_an_error() -> None:
    """Mono: "Specified cast is not valid" (a text node is not an XmlElement)."""
    with pytest.raises(XmlFormatError, match="<El> holds a text where an element was "
                                             "expected") as info:
        XmlSerializer(Holder).loads("<Holder>\n<El>t<x/></El></Holder>")
    assert info.value.line == 2


def test_elements_after_the_first_are_unknown() -> None:
    """Mono keeps the first element and reports the others, with no object and nothing
    expected, then goes on with the next member."""
    seen: list[Any] = []
    s = XmlSerializer(Holder)
    s.unknown_element = seen.append
    obj = s.loads("<Holder><El><x/><y/></El><After>a</After></Holder>")
    assert etree.tostring(obj.El) == b"<x/>"
    assert obj.After == "a"
    assert [("y", None, "")] == [(e.element.tag, e.obj, e.expected_elements) for e in seen]


@pytest.mark.parametrize(("doc", "expected"), [
    ("<Holder><El><x/>tail<y/>more</El><After>a</After></Holder>",
     [("Text", "#text", "tail", 1), ("Element", "y", None, 1), ("Text", "#text", "more", 1)]),
    ("<Holder><El><!--c0--><?p0 d?><x/>tail<!--c--></El><After>a</After></Holder>",
     [("Text", "#text", "tail", 1), ("Comment", "#comment", "c", 1)]),
    ("<Holder><El><x/>  <!--c--> <?p d?> </El><After>a</After></Holder>",
     [("Comment", "#comment", "c", 1), ("ProcessingInstruction", "p", "d", 1)]),
    ("<Holder>\n<El>\n<x/>\ntail\n\n</El>\n\n<After>a</After></Holder>",
     [("Text", "#text", "\ntail\n\n", 6)]),
    ("<Holder>\n<El>\n<x/>\ntail\n<!--c-->\n</El>\n<After>a</After></Holder>",
     [("Text", "#text", "\ntail\n", 5), ("Comment", "#comment", "c", 6)]),
    ("<Holder><Items>\n<XmlElement><x/>tail</XmlElement>\n</Items><After>a</After></Holder>",
     [("Text", "#text", "tail", 2)]),
    ("<Holder><El><x/>tail</El></Holder>", [("Text", "#text", "tail", None)]),
])
def test_nodes_after_the_node_are_unknown(doc: str, expected: list[Any]) -> None:
    """After the node, a text (white space around it kept; white space alone skipped), a
    comment or a processing instruction is an unknown node with no object, at the line of
    the node that follows it, as Mono reports them (its figures; lxml has no line for the
    document element's end tag)."""
    seen: list[Any] = []
    s = XmlSerializer(Holder)
    s.unknown_node = seen.append
    obj = s.loads(doc)
    assert etree.tostring(obj.El if obj.El is not None else obj.Items[0]) == b"<x/>"
    assert expected == [(e.node_type, e.name, e.text, e.line_number) for e in seen]
    assert all(e.obj is None and e.namespace_uri == "" and e.local_name == e.name
               for e in seen)


def test_a_value_that_is_not_an_element_fails_to_write() -> None:
    with pytest.raises(XmlFormatError, match="an lxml element was expected, not str"):
        XmlSerializer(Holder).dumps(Holder(El="text"))  # type: ignore[arg-type]
    with pytest.raises(XmlFormatError, match="an lxml element was expected, not _Comment"):
        XmlSerializer(Holder).dumps(Holder(El=etree.Comment("c")))


def test_a_bare_element_member_is_no_longer_refused() -> None:
    """The mapping is .NET's: an element per member, array items named XmlElement."""
    m = XmlSerializer(Holder).mapping
    root = m.root.mapping
    members = {mm.name: mm for mm in root.all_members()}
    assert members["El"].elements[0].name == "El"
    assert members["Items"].elements[0].mapping.type_name == "ArrayOfXmlElement"


def test_an_element_root_is_the_element_itself() -> None:
    """.NET's XmlSerializer(typeof(XmlElement)) writes the element with no wrapper and no
    xsi/xsd declarations, None as the XML declaration alone, and takes any element (Mono;
    interop case node_root)."""
    s = XmlSerializer(etree._Element)
    el = etree.fromstring('<p:any xmlns:p="urn:p" a="1"><b>t</b></p:any>')
    data = s.dumps(el)
    # The element's own prefix is declared where the DOM has it, before the attribute.
    assert data == (b'<?xml version="1.0"?>\n<p:any xmlns:p="urn:p" a="1">\n  <b>t</b>\n'
                    b"</p:any>")
    assert etree.tostring(s.loads(data)) == etree.tostring(el)
    assert s.dumps(None) == b'<?xml version="1.0"?>'
    assert s.can_deserialize(b"<zz/>")
    with pytest.raises(XmlFormatError, match="an lxml element was expected, not int"):
        s.dumps(5)
