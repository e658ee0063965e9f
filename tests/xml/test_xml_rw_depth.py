"""Deep documents: ``XmlSerializer.max_depth`` (default 2048 levels) both ways, on both
engines; never a RecursionError; the parser's safety kept for deep documents and for an lxml
element handed over already parsed."""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated, Any

import pytest
from lxml import etree

from serialkit import XmlElement, XmlSerializer
from serialkit.xml import serializer
from serialkit.xml.errors import UnsafeXmlError, XmlFormatError
from serialkit.xml.parser import DEFAULT_MAX_DEPTH

#: Python's recursion limit as the tests found it (what every test leaves it at).
LIMIT = sys.getrecursionlimit()


@dataclasses.dataclass
class Node:
    Value: int = 0
    Next: Node | None = None


@dataclasses.dataclass
class Tree:
    Kids: list[Tree] = dataclasses.field(default_factory=list)


def chain(length: int) -> Node:
    head: Node | None = None
    for value in range(length):
        head = Node(value, head)
    assert head is not None
    return head


def length(node: Node | None) -> int:
    count = 0
    while node is not None:
        count, node = count + 1, node.Next
    return count


def nested(levels: int, tag: str = "Node", child: str = "Next") -> bytes:
    """A document of ``levels`` nested elements."""
    inner = max(levels - 1, 0)
    return (f"<{tag}>" + f"<{child}>" * inner + f"</{child}>" * inner + f"</{tag}>").encode()


def test_default_limit() -> None:
    assert XmlSerializer(Node).max_depth == DEFAULT_MAX_DEPTH == 2048


@pytest.mark.parametrize("size", [255, 256, 300, 1000, 2047])
def test_linked_lists_deeper_than_libxml2s_256_levels_go_both_ways(size: int) -> None:
    """A list of ``size`` nodes is ``size + 1`` levels deep (each node's Value is one more):
    2047 nodes are the most that fit 2048 levels."""
    s = XmlSerializer(Node)
    data = s.dumps(chain(size), indent=False)
    assert data.count(b"<Next>") == size - 1
    back = s.loads(data)
    assert length(back) == size
    assert back.Value == size - 1
    assert sys.getrecursionlimit() == LIMIT  # put back


def test_writing_deeper_than_max_depth_names_the_limit() -> None:
    with pytest.raises(XmlFormatError, match=r"the objects are nested deeper than 2048 "
                       r"elements \(XmlSerializer.max_depth\), at an object of type Node"):
        XmlSerializer(Node).dumps(chain(2048))


def test_a_chain_ten_thousand_deep_fails_clearly_both_ways() -> None:
    s = XmlSerializer(Node)
    with pytest.raises(XmlFormatError, match="nested deeper than 2048"):
        s.dumps(chain(10_000))
    with pytest.raises(XmlFormatError, match=r"nested deeper than 2048 levels "
                       r"\(XmlSerializer.max_depth, and the most libxml2 parses\)") as info:
        s.loads(nested(10_000))
    assert info.value.line == 1


def test_reading_one_level_too_deep() -> None:
    s = XmlSerializer(Node)
    assert length(s.loads(nested(2048))) == 2048  # (no Value: the Next elements only)
    with pytest.raises(XmlFormatError, match="nested deeper than 2048 levels"):
        s.loads(nested(2049))


def test_a_ten_thousand_deep_chain_works_with_a_higher_limit() -> None:
    """Writing follows a raised ``max_depth`` (reading stops at libxml2's 2048 levels)."""
    s = XmlSerializer(Node)
    s.max_depth = 20_000
    data = s.dumps(chain(10_000), indent=False)
    assert data.count(b"<Next>") == 9_999
    with pytest.raises(XmlFormatError, match="the most libxml2 parses"):
        s.loads(data)
    assert sys.getrecursionlimit() == LIMIT


def test_a_lower_limit_is_kept_both_ways() -> None:
    s = XmlSerializer(Node)
    s.max_depth = 10
    assert length(s.loads(s.dumps(chain(9)))) == 9
    with pytest.raises(XmlFormatError, match="nested deeper than 10 elements"):
        s.dumps(chain(10))
    with pytest.raises(XmlFormatError, match=r"nested deeper than 10 levels "
                       r"\(XmlSerializer.max_depth\)"):
        s.loads(nested(11))
    assert length(s.loads(nested(10))) == 10


def test_lists_count_their_wrapper_elements() -> None:
    """Tree -> Kids -> Tree: two levels per tree; the limit is on elements, not objects."""
    s = XmlSerializer(Tree)
    s.max_depth = 8
    tree = Tree([Tree([Tree([Tree()])])])  # Tree/Kids/Tree/Kids/Tree/Kids/Tree/Kids: 8
    data = s.dumps(tree, indent=False)
    assert data.endswith(b"<Tree><Kids /></Tree></Kids></Tree></Kids></Tree></Kids></Tree>")
    assert s.loads(data) == tree
    with pytest.raises(XmlFormatError, match="nested deeper than 8 elements"):
        s.dumps(Tree([tree]))
    s.max_depth = 7
    with pytest.raises(XmlFormatError, match="nested deeper than 7 elements"):
        s.dumps(tree)
    with pytest.raises(XmlFormatError, match="nested deeper than 7 levels"):
        s.loads(data)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "9"])
def test_max_depth_must_be_a_positive_int(bad: object) -> None:
    s = XmlSerializer(Node)
    s.max_depth = bad  # type: ignore[assignment]
    with pytest.raises(ValueError, match="max_depth must be a positive int"):
        s.dumps(Node())
    with pytest.raises(ValueError, match="max_depth must be a positive int"):
        s.loads(b"<Node />")


def test_recursion_error_never_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should Python's limit be met anyway (here: no room made for the levels), the error
    says so and names max_depth."""
    monkeypatch.setattr(serializer, "_FRAMES_PER_LEVEL", 0)
    s = XmlSerializer(Node)
    with pytest.raises(XmlFormatError, match=r"nested too deeply for Python's recursion "
                       r"limit \(XmlSerializer.max_depth is 2048"):
        s.dumps(chain(2000))
    with pytest.raises(XmlFormatError, match="There is an error in XML document: nested too "
                       "deeply for Python's recursion limit"):
        s.loads(nested(2000))


def test_huge_text_still_refused_in_a_deep_document() -> None:
    """A deep document is parsed with huge_tree (lifting 256 levels); libxml2's limit on a
    text node without it is kept, for text and attribute values."""
    s = XmlSerializer(Node)
    deep = b"<Node>" + b"<Next>" * 300
    end = b"</Next>" * 300 + b"</Node>"
    with pytest.raises(XmlFormatError, match="Text node too long"):
        s.loads(deep + b"<Value>" + b"1" * 10_000_001 + b"</Value>" + end)
    with pytest.raises(XmlFormatError, match="Text node too long"):
        s.loads(deep[:-1] + b' a="' + b"x" * 10_000_001 + b'">' + end)
    assert length(s.loads(deep + b"<Value>" + b"1" * 9 + b"</Value>" + end)) == 301


def test_doctype_refused_in_a_deep_document() -> None:
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(Node).loads(b"<!DOCTYPE Node []>" + nested(300))


# -- an lxml element handed over already parsed ---------------------------------------------
def test_element_with_an_unresolved_entity_is_refused() -> None:
    """An element the caller parsed with resolve_entities=False keeps '&x;' as an entity
    node: refused, as the same text given as bytes is (not read as the text '&x;')."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False)
    doc = etree.fromstring(b'<!DOCTYPE Node [<!ENTITY x "5">]><Node><Value>&x;</Value></Node>',
                           parser)
    with pytest.raises(UnsafeXmlError, match="DOCTYPE"):
        XmlSerializer(Node).deserialize(doc)
    built = etree.Element("Node")
    value = etree.SubElement(built, "Value")
    value.append(etree.Entity("x"))
    with pytest.raises(XmlFormatError, match="reference to unresolved entity '&x;'"):
        XmlSerializer(Node).deserialize(built)


def test_element_of_a_document_with_a_doctype_is_refused() -> None:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False)
    doc = etree.fromstring(b"<!DOCTYPE Node><Node><Value>5</Value></Node>", parser)
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(Node).deserialize(doc)
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(Node).deserialize(doc.getroottree())
    with pytest.raises(UnsafeXmlError):
        XmlSerializer(Node).can_deserialize(doc)


def test_element_deeper_than_max_depth_is_refused() -> None:
    """A tree built with lxml's API has no parser's limit: max_depth is checked on it."""
    root = etree.Element("Node")
    element = root
    for _ in range(10_000):
        element = etree.SubElement(element, "Next")
    s = XmlSerializer(Node)
    with pytest.raises(XmlFormatError, match=r"nested deeper than 2048 levels "
                       r"\(XmlSerializer.max_depth\)"):
        s.deserialize(root)
    s.max_depth = 10_001
    assert length(s.deserialize(root)) == 10_001


def test_plain_elements_still_read() -> None:
    element = etree.fromstring(b"<Node><Value>3</Value><Next><Value>2</Value></Next></Node>")
    assert XmlSerializer(Node).deserialize(element) == Node(3, Node(2))
    assert XmlSerializer(Node).deserialize(element.getroottree()) == Node(3, Node(2))


def test_threads_share_the_raised_limit() -> None:
    """Python's recursion limit is process-wide: it stays raised while any thread writes or
    reads, and the last one puts it back."""
    import threading

    s = XmlSerializer(Node)
    data = s.dumps(chain(1500), indent=False)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                assert length(s.loads(s.dumps(s.loads(data)))) == 1500
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sys.getrecursionlimit() == LIMIT


@pytest.mark.parametrize("source", [etree.ElementTree(), etree.Comment("c"),
                                    etree.ProcessingInstruction("p")],
                         ids=["empty tree", "comment", "pi"])
def test_a_source_that_is_not_an_element_is_an_error(source: object) -> None:
    with pytest.raises(XmlFormatError, match=r"There is an error in XML document: (the tree "
                       r"has no root element|_Comment is not an element|"
                       r"_ProcessingInstruction is not an element)"):
        XmlSerializer(Node).deserialize(source)


@dataclasses.dataclass
class Grid:
    """A class whose deepest member is a list of lists: Grid/Rows/ArrayOfInt/int."""

    Rows: list[list[int]] = dataclasses.field(default_factory=list)
    Next: Grid | None = None


@dataclasses.dataclass
class FlatGrid:
    """A flat list of lists: FlatGrid/Row/int."""

    Row: Annotated[list[list[int]], XmlElement("Row")] = dataclasses.field(
        default_factory=list)


def levels_of(data: bytes) -> int:
    return max(len(list(el.iterancestors())) + 1 for el in etree.fromstring(data).iter())


def test_lists_of_lists_count_their_levels_when_written() -> None:
    """The class element is refused where its deepest member's leaves would pass
    max_depth (they were written one or two levels past it, and then not read back)."""
    s = XmlSerializer(Grid)
    s.max_depth = 4
    data = s.dumps(Grid([[1]]), indent=False)
    assert data.endswith(b"><Rows><ArrayOfInt><int>1</int></ArrayOfInt></Rows></Grid>")
    assert levels_of(data) == 4
    assert s.loads(data) == Grid([[1]])
    s.max_depth = 3
    with pytest.raises(XmlFormatError, match="nested deeper than 3 elements "
                       r"\(XmlSerializer.max_depth\), at an object of type Grid"):
        s.dumps(Grid([[1]]))
    # Worked out from the class: an empty list of lists counts its levels too.
    with pytest.raises(XmlFormatError, match="nested deeper than 3 elements"):
        s.dumps(Grid())


def test_a_flat_list_of_lists_counts_two_levels() -> None:
    s = XmlSerializer(FlatGrid)
    s.max_depth = 3
    data = s.dumps(FlatGrid([[1, 2]]), indent=False)
    assert data.endswith(b"><Row><int>1</int><int>2</int></Row></FlatGrid>")
    assert s.loads(data) == FlatGrid([[1, 2]])
    s.max_depth = 2
    with pytest.raises(XmlFormatError, match="nested deeper than 2 elements"):
        s.dumps(FlatGrid([[1, 2]]))


def test_a_root_list_of_lists_counts_its_levels() -> None:
    s = XmlSerializer(list[list[int]])
    s.max_depth = 3
    assert s.loads(s.dumps([[1]])) == [[1]]
    s.max_depth = 2
    with pytest.raises(XmlFormatError, match="nested deeper than 2 elements"):
        s.dumps([[1]])


@pytest.mark.parametrize("limit", range(1, 12))
def test_what_is_written_within_max_depth_reads_back(limit: int) -> None:
    """At every limit, a chain of grids is either refused when written or read back with
    the same limit; the longest chain written reaches the limit exactly or one short of it
    (a grid takes three levels below itself, a chain one more per grid)."""
    s = XmlSerializer(Grid)
    s.max_depth = limit
    written = 0
    for size in range(1, 12):
        head = None
        for _ in range(size):
            head = Grid([[size]], head)
        try:
            data = s.dumps(head, indent=False)
        except XmlFormatError as exc:
            assert f"nested deeper than {limit} elements" in str(exc)
            continue
        assert levels_of(data) <= limit
        assert s.loads(data) == head
        written = size
    assert written == max(limit - 3, 0)


def test_an_element_member_counts_its_node() -> None:
    """An lxml node inside a wrapping member is written within max_depth too."""

    @dataclasses.dataclass
    class Wrapper:
        El: etree._Element | None = None

    s = XmlSerializer(Wrapper)
    s.max_depth = 4
    obj = Wrapper(etree.fromstring("<a><b><c/></b></a>"))  # Wrapper/El/a/b/c: 5 levels
    with pytest.raises(XmlFormatError, match="nested deeper than 4 elements"):
        s.dumps(obj)
    s.max_depth = 5
    assert etree.tostring(s.loads(s.dumps(obj)).El) == b"<a><b><c/></b></a>"


class Nest:
    """An IXmlSerializable class writing ``levels`` nested elements."""

    def __init__(self, levels: int = 0) -> None:
        self.levels = levels

    def write_xml(self, writer: Any) -> None:
        for _ in range(self.levels):
            writer.write_start_element("a")
        for _ in range(self.levels):
            writer.write_end_element()

    def read_xml(self, reader: Any) -> None:
        reader.skip()

    def get_schema(self) -> None:
        return None


@dataclasses.dataclass
class NestHolder:
    X: Nest | None = None


def test_what_a_class_writes_itself_stays_within_max_depth() -> None:
    """NestHolder/X/a/a/a: write_xml may not start an element past max_depth either."""
    s = XmlSerializer(NestHolder)
    s.max_depth = 5
    data = s.dumps(NestHolder(Nest(3)), indent=False)
    assert data.endswith(b"><X><a><a><a /></a></a></X></NestHolder>")
    assert isinstance(s.loads(data).X, Nest)
    with pytest.raises(XmlFormatError, match="nested deeper than 5 elements "
                       r"\(XmlSerializer.max_depth\), at an object of type Nest"):
        s.dumps(NestHolder(Nest(4)))
