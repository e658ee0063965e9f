"""The generated (sgen-like) writers and readers: compiled once, visible in tracebacks, and
giving the interpreter's bytes and objects (the whole XML suite also runs on both engines)."""

from __future__ import annotations

import enum
import traceback
from dataclasses import dataclass, field
from typing import Annotated

import pytest
from lxml import etree  # type: ignore[import-untyped]
from test_xml_custom import Custom  # an IXmlSerializable class

from serialkit import (
    DefaultValue,
    XmlAnyElement,
    XmlAttribute,
    XmlElement,
    XmlFormatError,
    XmlNamespaceDeclarations,
    XmlSerializer,
    XmlSerializerNamespaces,
    XmlText,
    xml_include,
    xml_type,
)
from serialkit.xml import codegen, serializer
from serialkit.xml.parser import parse_document_bare
from serialkit.xml.reader import reads_blank_text


@dataclass
class Qty:
    Unit: Annotated[str, XmlAttribute()] = "pc"
    Value: Annotated[int, XmlText()] = 0


@dataclass
class Item:
    Sku: Annotated[str, XmlAttribute()] = ""
    Qty: Qty = field(default_factory=Qty)
    Price: float | None = None
    Tags: Annotated[list[str], XmlElement("tag")] = field(default_factory=list)
    Five: Annotated[int, DefaultValue(5)] = 5
    Flags: Annotated[list[int], XmlAttribute()] = field(default_factory=list)


@dataclass
class Special(Item):
    Extra: str = "x"


@xml_include(Special)
@dataclass
class Cart:
    Items: list[Item] = field(default_factory=list)
    Best: Item | None = None
    Note: str | None = None


CART = Cart([Item("a", Qty("kg", 2), 1.5, ["t1", "t2"], 6, [1, 2]), Special("b", Extra="y")],
            Special("c"), None)


def both(action: object) -> tuple[object, object]:
    saved = serializer.GENERATED
    try:
        serializer.GENERATED = True
        generated = action()  # type: ignore[operator]
        serializer.GENERATED = False
        interpreted = action()  # type: ignore[operator]
    finally:
        serializer.GENERATED = saved
    return generated, interpreted


def test_generated_and_interpreted_agree() -> None:
    """Same bytes written, same object read (derived types, flat lists, text, defaults)."""
    s = XmlSerializer(Cart)
    generated, interpreted = both(lambda: s.dumps(CART))
    assert interpreted == generated
    assert isinstance(generated, bytes)
    read_g, read_i = both(lambda: s.loads(generated))
    assert CART == read_g == read_i


def test_code_is_generated_once_per_mapping() -> None:
    """The writer and reader of a class mapping are compiled once and cached."""
    m = XmlSerializer(Cart).mapping.root.mapping
    assert codegen._writer(m) is codegen._writer(m)
    assert codegen._reader(m) is codegen._reader(m)
    source, _ = codegen.writer_source(m)
    assert "step = '.Items'" in source


def test_tracebacks_show_the_generated_line() -> None:
    """The source is in linecache: a failure inside generated code shows its line."""

    @dataclass
    class Boom:
        A: int = 1

        def should_serialize_A(self) -> bool:
            raise RuntimeError("boom")

    saved = serializer.GENERATED
    serializer.GENERATED = True
    try:
        with pytest.raises(RuntimeError) as info:
            XmlSerializer(Boom).dumps(Boom())
    finally:
        serializer.GENERATED = saved
    text = "".join(traceback.format_exception(info.value))
    assert "<serialkit xml-write test_tracebacks_show_the_generated_line.<locals>.Boom" in text
    assert "if value.should_serialize_A():" in text


def test_errors_carry_the_same_path_on_both_engines() -> None:
    """A value that cannot be written names the same member path either way."""

    @dataclass
    class Bad:
        N: int = 0

    s = XmlSerializer(Bad)

    def message() -> str:
        with pytest.raises(XmlFormatError) as info:
            s.dumps(Bad("x"))  # type: ignore[arg-type]
        return str(info.value)

    generated, interpreted = both(message)
    assert interpreted == generated
    assert "$.N" in str(generated)


def test_open_content_classes_are_read_by_the_interpreter() -> None:
    """XmlAnyElement & co. keep the interpreter's reader; their writer is generated."""

    @dataclass
    class Open:
        Rest: Annotated[list[etree._Element] | None, XmlAnyElement()] = None

    m = XmlSerializer(Open).mapping.root.mapping
    assert codegen._reader(m) is None
    assert "wr.any_elements(" in codegen.writer_source(m)[0]


@dataclass
class Part:
    Code: Annotated[str, XmlElement(namespace="urn:b")] = ""
    Size: int = 0


@dataclass
class Mixed:
    Name: str = ""
    Here: Annotated[str, XmlElement(namespace="urn:a")] = ""
    Parts: Annotated[list[Part], XmlElement(namespace="urn:a")] = field(default_factory=list)
    Codes: list[str] = field(default_factory=list)
    Odd: str = "a & <b>\t>"
    Empty: str = ""


@pytest.mark.parametrize("namespaces", [
    None,
    XmlSerializerNamespaces([("a", "urn:a")]),
    XmlSerializerNamespaces([("b", "urn:b"), ("", "urn:a")]),
])
@pytest.mark.parametrize("indent", [True, False])
def test_written_elements_are_the_interpreters_whatever_the_namespaces(
        namespaces: XmlSerializerNamespaces | None, indent: bool) -> None:
    """The generated writer's shortcut for simple elements (no prefix, no declaration in
    scope) gives way to the general path wherever a namespace is declared or prefixed."""
    s = XmlSerializer(Mixed)
    value = Mixed("n", "h", [Part("c1", 1), Part("", 2)], ["x", ""])
    generated, interpreted = both(lambda: s.dumps(value, namespaces=namespaces, indent=indent))
    assert interpreted == generated
    assert s.loads(generated) == value  # type: ignore[arg-type]


#: The calls of Needy's default factory.
CALLS: list[int] = []


def fresh_notes() -> list[str]:
    CALLS.append(1)
    return []


@dataclass
class Needy:
    Id: int
    Notes: list[str] = field(default_factory=fresh_notes)
    Label: str = "none"


@dataclass
class NeedyBox:
    Items: list[Needy] = field(default_factory=list)


def test_objects_without_a_constructor_get_fresh_defaults() -> None:
    """A class that needs arguments is created bare, with its defaults: a default factory is
    called for each object read, as when the class is created."""
    s = XmlSerializer(NeedyBox)
    data = b"<NeedyBox><Items><Needy><Id>1</Id></Needy><Needy><Id>2</Id></Needy></Items>" \
        b"</NeedyBox>"
    CALLS.clear()
    generated, interpreted = both(lambda: s.loads(data))
    for box in (generated, interpreted):
        first, second = box.Items  # type: ignore[attr-defined]
        assert (first.Id, second.Id, first.Label) == (1, 2, "none")
        assert first.Notes == [] and first.Notes is not second.Notes
    assert len(CALLS) == 4


def test_documents_with_and_without_attributes_read_alike() -> None:
    """Generated readers skip their looks for xsi:nil and xsi:type in a document that has no
    attribute at all; one attribute anywhere brings them back, with the same result."""
    s = XmlSerializer(Mixed)
    value = Mixed("n", "h", [Part("c1", 1), Part("", 2)], ["x", ""])
    bare = s.dumps(value, namespaces=XmlSerializerNamespaces([("a", "urn:a")]))
    assert not etree.fromstring(bare).xpath("//@*")  # declarations are not attributes
    seen: list[str] = []
    s.unknown_attribute = lambda event: seen.append(event.local_name)
    marked = bare.replace(b"<Mixed ", b'<Mixed extra="1" ')
    nil = bare.replace(b"<Odd>a &amp; &lt;b&gt;\t&gt;</Odd>",
                       b'<Odd xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
                       b'i:nil="true" />')
    assert nil != bare
    generated, interpreted = both(lambda: (s.loads(bare), s.loads(marked), s.loads(nil)))
    assert generated == interpreted
    assert generated[0] == generated[1] == value  # type: ignore[index]
    # (Odd is a string that is not nillable: .NET reads its text, "", whatever xsi:nil says)
    assert generated[2].Odd == ""  # type: ignore[index]
    assert seen == ["extra", "extra"]


def test_the_parser_tells_a_document_without_attributes_from_its_text() -> None:
    """Every "=" in the XML declaration or the root's namespace declarations: no attribute
    anywhere. Any other "=" (an attribute, or only a text) leaves it to the reader's look."""
    s = XmlSerializer(Branch)
    text = s.dumps(Branch(Leaf("c", 1), Words=["x"]))
    assert parse_document_bare(text)[1] is True
    assert parse_document_bare(text.decode())[1] is True
    assert parse_document_bare(b"\xef\xbb\xbf" + text)[1] is True
    assert parse_document_bare(text.replace(b"<Branch ", b'<Branch a="1" '))[1] is False
    nested = text.replace(b"<Code>", b'<Code xml:space="preserve">')
    equals = text.replace(b"<Code>c", b"<Code>c=1")
    assert parse_document_bare(nested)[1] is None
    assert parse_document_bare(equals)[1] is None
    utf16 = text.replace(b'version="1.0"', b'version="1.0" encoding="utf-16"')
    assert parse_document_bare(utf16.decode().encode("utf-16"))[1] is None
    assert parse_document_bare(etree.fromstring(text))[1] is None
    for document in (text, nested, equals):
        generated, interpreted = both(lambda: s.loads(document))  # noqa: B023
        assert generated == interpreted


@dataclass
class Reading:
    N: int = 0
    B: bool = False
    D: float = 0.0


@pytest.mark.parametrize("text", [
    b"<N>7</N><B>true</B><D>1.5</D>", b"<N> 7 </N><B> 1 </B><D> -2.5E-3 </D>",
    b"<N>+7</N><B>0</B><D>.5</D>", b"<N>\xd9\xa5</N><D>1e400</D>", b"<D>INF</D><N>-0</N>",
    b"<N>2147483648</N>", b"<N>99999999999999999999999</N>", b"<N>1_0</N>", b"<D>1_0</D>",
    b"<D>1e</D>", b"<D>e5</D>", b"<D>nan</D>", b"<B>True</B>", b"<N></N>", b"<D />",
    # Long texts, the generated reader's float() short cut: what float() takes and .NET not.
    b"<D>12345678901234.567</D>", b"<D>1_234567890123456</D>", b"<D>1\xd9\xa53456789012345678</D>",
    b"<D>1.2345678901234E+300</D>", b"<D>-12345678901234.567</D>", b"<D>12345678901234.560</D>",
    b"<D>" + b"9" * 400 + b"</D>",
])
def test_common_simple_values_read_alike(text: bytes) -> None:
    """Generated readers read the usual texts of ints, bools and doubles themselves: what
    they accept and refuse (and how) is what the types' parse functions do."""
    s = XmlSerializer(Reading)

    def read() -> object:
        try:
            return s.loads(b"<Reading>" + text + b"</Reading>")
        except XmlFormatError as exc:
            return str(exc)

    generated, interpreted = both(read)
    assert generated == interpreted


# -- plain mode: class elements written as strings, and the TextWriter where it must be -------
@dataclass
class Leaf:
    Code: str = ""
    Qty: int | None = None


@dataclass
class Tagged(Leaf):
    Kind: str = "t"


@dataclass
class Declaring:
    Xmlns: Annotated[XmlSerializerNamespaces, XmlNamespaceDeclarations] = field(
        default_factory=lambda: XmlSerializerNamespaces([("z", "urn:z")]))
    Zed: Annotated[str, XmlElement(namespace="urn:z")] = "z"


@dataclass
class Empty:
    Note: str | None = None


@dataclass
class Branch:
    Leaf: Leaf | None = None
    Leaves: list[Leaf | None] = field(default_factory=list)
    Flat: Annotated[list[Leaf], XmlElement("F")] = field(default_factory=list)
    Words: list[str | None] = field(default_factory=list)
    Far: Annotated[str | None, XmlElement(namespace="urn:far")] = None
    FarLeaf: Annotated[Leaf | None, XmlElement(namespace="urn:far")] = None
    Declaring: Declaring | None = None
    Next: Branch | None = None
    Nothing: Empty | None = None


@xml_include(Tagged)
@dataclass
class Tree:
    Branches: list[Branch] = field(default_factory=list)


def deep_tree() -> Tree:
    """Plain class elements three deep, each kind of child the TextWriter must write among
    them: xsi:type, xsi:nil, another namespace, a declaration of the class's own, empties."""
    inner = Branch(Leaf("in", 1), [Tagged("t", 2, "k"), None, Leaf()], [Leaf("f"), Tagged()],
                   ["a", None, "", "<&>"], "far", Leaf("fl"), Declaring())
    return Tree([Branch(), Branch(Tagged("top"), Next=Branch(Next=inner)),
                 Branch(None, [], [], [], None, None, None, Branch(Leaf(), Nothing=Empty()))])


@pytest.mark.parametrize("namespaces", [
    None,
    XmlSerializerNamespaces([("f", "urn:far")]),
    XmlSerializerNamespaces([("", "urn:far")]),
])
@pytest.mark.parametrize("indent", [True, False, "\t"])
def test_plain_class_elements_write_the_interpreters_bytes(
        namespaces: XmlSerializerNamespaces | None, indent: bool | str) -> None:
    """Class elements written without TextWriter frames give way to the TextWriter for a
    derived class, a nil, another namespace or a declaration anywhere below them, and give
    back the same bytes as the interpreter."""
    s = XmlSerializer(Tree)
    tree = deep_tree()
    generated, interpreted = both(lambda: s.dumps(tree, namespaces=namespaces, indent=indent,
                                                  newline="\r\n"))
    assert interpreted == generated
    assert b':type="Tagged"' in generated and b':nil="true"' in generated
    assert b"<Nothing />" in generated and b"<Leaves />" in generated
    assert s.loads(generated) == s.loads(interpreted)


def test_errors_below_plain_elements_carry_their_path() -> None:
    """The path of an error is built as it passes through each writer: the same on both
    engines, for a value that cannot be written and for a circular reference."""
    s = XmlSerializer(Tree)

    def message(tree: Tree) -> str:
        with pytest.raises(XmlFormatError) as info:
            s.dumps(tree)
        return str(info.value)

    bad = deep_tree()
    bad.Branches[1].Next.Next.Leaves[2].Qty = "many"  # type: ignore[union-attr,assignment]
    generated, interpreted = both(lambda: message(bad))
    assert interpreted == generated
    assert "at `$.Branches[1].Next.Next.Leaves[2].Qty`" in str(generated)

    loop = deep_tree()
    loop.Branches[2].Next.Next = loop.Branches[2]  # type: ignore[union-attr]
    generated, interpreted = both(lambda: message(loop))
    assert interpreted == generated
    assert "A circular reference was detected while serializing an object of type Branch" \
        in str(generated)
    assert "at `$.Branches[2].Next.Next`" in str(generated)

    flat = deep_tree()
    flat.Branches[1].Next.Next.Flat[1].Code = 5  # type: ignore[union-attr,assignment]
    generated, interpreted = both(lambda: message(flat))
    assert interpreted == generated
    assert "at `$.Branches[1].Next.Next.Flat[1].Code`" in str(generated)


class Logged:
    """A plain field and a property whose setter shows when it is called."""

    First: int = 0

    def __init__(self) -> None:
        self.log: list[str] = []
        self._second = 0

    @property
    def Second(self) -> int:
        return self._second

    @Second.setter
    def Second(self, value: int) -> None:
        self.log.append(f"Second={value} First={self.First}")
        self._second = value


def test_members_are_set_as_read_only_where_the_order_cannot_show() -> None:
    """Plain fields are set as their element is read; a property (or a class's own
    __setattr__) is set at the end, in member order, on both engines."""
    s = XmlSerializer(Logged)
    source = codegen.reader_source(s.mapping.root.mapping)[0]
    assert source.index("obj.First = v0") < source.index("return obj")
    assert "    if v1 is not NOTHING:\n        try:\n            obj.Second = v1" in source
    document = b"<Logged><Second>2</Second><First>1</First></Logged>"
    generated, interpreted = both(lambda: s.loads(document))
    assert generated.log == interpreted.log == ["Second=2 First=1"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("document", [
    b"<Branch><Leaf><Code> <!--c-->x </Code></Leaf></Branch>",
    b"<Branch><Leaf><Code> <?pi?>x</Code></Leaf></Branch>",
    b"<Branch><Leaf><Code> <![CDATA[ ]]> </Code></Leaf></Branch>",
    b"<Branch>\n  <Leaf>\n    <Code>   </Code>\n  </Leaf>\n</Branch>",
    b'<Branch>\n  <Leaf>\n    <Code xml:space="preserve">   </Code>\n  </Leaf>\n</Branch>',
    '<?xml version="1.0" encoding="utf-16"?><Branch><Leaf><Code> <!--c-->x</Code></Leaf>'
    '</Branch>'.encode("utf-16"),
    "<Branch>\n<Words>\n<string> </string>\n</Words>\n</Branch>",
])
def test_white_space_the_parser_drops_is_never_read(document: bytes | str) -> None:
    """Texts of white space alone between elements are dropped when parsing for a mapping
    that never reads them; what is read is what the tree with them gives."""
    s = XmlSerializer(Branch)
    assert not reads_blank_text(s.mapping)
    kept = s.deserialize(etree.fromstring(document))  # an element: parsed as it is
    generated, interpreted = both(lambda: s.loads(document))
    assert generated == interpreted == kept


def test_white_space_is_kept_for_who_reads_it() -> None:
    """XmlText, XmlAnyElement and object members read such texts, and so may a handler of
    unknown elements: for them the tree keeps them."""
    assert parse_document_bare(b"<Branch>\n  <Leaf />\n</Branch>", blank_text=False)[0].text \
        is None
    assert reads_blank_text(XmlSerializer(Qty).mapping)
    assert reads_blank_text(XmlSerializer(Mixed).mapping) is False
    s = XmlSerializer(Branch)
    seen: list[str | None] = []
    s.unknown_element = lambda event: seen.append(event.element.text)
    s.loads(b"<Branch>\n  <Other>\n    <x />\n  </Other>\n</Branch>")
    assert seen == ["\n    "]


class Colour(enum.Enum):
    red = 1
    blue = 2


@xml_type(namespace="urn:typed")
@dataclass
class Typed:
    """Its members' elements are in its type's namespace, not its element's."""

    Name: str = "t"


@dataclass
class Rich:
    Colour: Colour = Colour.blue
    Colours: list[Colour] = field(default_factory=lambda: [Colour.red, Colour.blue])
    Custom: Custom | None = None
    Sku: Item | None = None
    Typed: Typed | None = None
    Raw: bytes | None = b"\x00\xff"
    Blank: bytes | None = b""
    Anything: object = None


@dataclass
class RichBox:
    Rows: list[Rich] = field(default_factory=list)
    Deep: Branch | None = None


def test_plain_elements_around_every_kind_of_member() -> None:
    """Enums, IXmlSerializable, a class with attributes, a class whose members are in
    another namespace, bytes and an object member, below plain elements: the interpreter's
    bytes."""
    rows = [Rich(Custom=Custom("c1"), Sku=Item("s", Tags=["a"]), Typed=Typed(),
                 Anything=Colour.red),
            Rich(Colours=[], Anything=5, Blank=None)]
    s = XmlSerializer(RichBox, extra_types=[Colour, Tagged])
    value = RichBox(rows, deep_tree().Branches[1])
    generated, interpreted = both(lambda: s.dumps(value))
    assert interpreted == generated
    assert b'<Custom v="c1">' in generated and b'<Name xmlns="urn:typed">t</Name>' in generated
