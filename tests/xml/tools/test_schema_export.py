"""Schema export (xsd.exe /type): the components Mono's xsd.exe writes, and schemas that
validate what serialkit writes and reject what breaks the model."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from xml_tool_models import (
    Box,
    Catalog,
    Company,
    Crate,
    ItemKind,
    Kind,
    Line,
    Note,
    Order,
    Ordered,
    Party,
    Perm,
    Person,
    Shelf,
    Stamp,
    Status,
    Thing,
)

from serialkit.cli import main
from serialkit.xml import (
    XmlAnyElement,
    XmlAttributeOverrides,
    XmlAttributes,
    XmlElement,
    XmlMappingError,
    XmlRoot,
    XmlSerializer,
    XmlSerializerNamespaces,
    XmlText,
    XmlType,
    xml_type,
)
from serialkit.xml.schema import export_schema, schema_file_names

REFERENCE = Path(__file__).parent / "reference"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _canon(el: Any) -> Any:
    """An element as (tag, attributes with QNames resolved, children; a choice unordered)."""
    attrs = []
    for key, text in sorted(el.attrib.items()):
        value = text
        if key in ("type", "base", "ref", "itemType") and ":" in text:
            prefix, local = text.split(":", 1)
            value = f"{{{el.nsmap[prefix]}}}{local}"
        attrs.append((key, value))
    children = [_canon(c) for c in el if isinstance(c.tag, str)]
    if el.tag == XS + "choice":
        children.sort(key=repr)
    return (etree.QName(el).localname, tuple(attrs), tuple(children))


def components(docs: list[bytes]) -> dict[tuple[str, str, str], Any]:
    """Every top-level component of a schema set, keyed by (kind, namespace, name)."""
    found = {}
    for data in docs:
        root = etree.fromstring(data)
        ns = root.get("targetNamespace", "")
        for el in root:
            if isinstance(el.tag, str) and el.tag != XS + "import":
                found[(etree.QName(el).localname, ns, el.get("name"))] = _canon(el)
    return found


def mono(name: str) -> dict[tuple[str, str, str], Any]:
    return components([p.read_bytes() for p in sorted((REFERENCE / name).glob("*.xsd"))])


def ours(*classes: Any) -> dict[tuple[str, str, str], Any]:
    return components(list(export_schema(*classes).values()))


def test_order_schema_has_mono_components() -> None:
    """Every component of xsd.exe's schemas for Shop.Order, but for three deliberate changes."""
    expected, actual = mono("order"), ours(Order)
    key = ("complexType", "urn:shop", "Order")
    # Two deliberate changes: a list attribute that is None is not written, so it is not
    # use="required" (.NET says it is); wildcards are processContents="lax" (.NET's default,
    # strict, demands declarations for what XmlAnyElement/XmlAnyAttribute hold).
    fixed = repr(expected.pop(key)).replace(
        "(('name', 'Nums'), ('use', 'required'))", "(('name', 'Nums'),)").replace(
        "(('maxOccurs', 'unbounded'), ('minOccurs', '0'))",
        "(('maxOccurs', 'unbounded'), ('minOccurs', '0'), ('processContents', 'lax'))").replace(
        "('anyAttribute', ()", "('anyAttribute', (('processContents', 'lax'),)")
    assert fixed == repr(actual.pop(key))
    assert expected == actual


def test_catalog_schema_has_mono_components() -> None:
    """Jagged and nullable arrays, XmlArrayItem choices, simpleContent, a foreign XmlType."""
    assert mono("catalog") == ours(Catalog)


def test_array_type_names_are_mono_ones() -> None:
    """xsd.exe /type:Shop.Shelf /type:Shop.Crate: ArrayOfChoiceN numbered on across both
    classes, a clash with a class's ArrayOfChoice1 renamed ArrayOfChoice11, List<int> and
    int[] sharing ArrayOfInt, other int items ArrayOfInt1."""
    assert mono("arrays") == ours(Shelf, Crate)


def test_box_schema_has_mono_components() -> None:
    """Every other XML attribute (xsd.exe /type:Shop.Box): a choice identifier on one value
    and on a list (the repeated choice's reference-type elements optional, as xsd.exe writes
    them), XmlNamespaceDeclarations (xsd.exe's keepNamespaceDeclarations appinfo),
    ShouldSerialize (minOccurs 0), Order on XmlElement/XmlArray/XmlAnyElement, the choice
    enums left out (XmlType(include_in_schema=False)), a root that is not nillable
    (XmlRoot(is_nullable=False)), DataType on attributes, elements and text. One deliberate
    change, as for Order: the wildcard is lax, and ##other (deterministic)."""
    expected, actual = mono("box"), ours(Box)
    key = ("complexType", "urn:box", "Ordered")
    fixed = repr(expected.pop(key)).replace(
        "('any', (('maxOccurs', 'unbounded'), ('minOccurs', '0'))",
        "('any', (('maxOccurs', 'unbounded'), ('minOccurs', '0'), ('namespace', '##other'), "
        "('processContents', 'lax'))")
    assert fixed == repr(actual.pop(key))
    assert expected == actual
    schema = export_schema(Box)["urn:box"]
    assert b'<xs:element name="box" type="tns:Box"/>' in schema
    assert b"<keepNamespaceDeclarations>Xmlns</keepNamespaceDeclarations>" in schema
    assert b"Kind" not in schema


@xml_type(include_in_schema=False)
@dataclass
class Hidden:
    X: int = 0


@dataclass
class UsesHidden:
    H: Hidden | None = None


@dataclass
class UsesKind:
    K: Kind = Kind.num


def test_types_left_out_of_the_schema() -> None:
    """XmlType(include_in_schema=False): a root of such a class gives no schema (xsd.exe
    writes no file); a member of such a type is .NET's error (as Mono's xsd.exe says it)."""
    assert {} == export_schema(Hidden)
    hide = XmlAttributeOverrides()
    hide.add(Stamp, XmlAttributes(xml_type=XmlType(include_in_schema=False)))
    with pytest.raises(XmlMappingError, match="The type Stamp may not be exported"):
        export_schema(Box, overrides=hide)  # an override says it as well
    for cls, name in ((UsesHidden, "Hidden"), (UsesKind, "Kind")):
        with pytest.raises(XmlMappingError, match=f"The type .*{name} may not be exported to "
                           "a schema because the IncludeInSchema property of the XmlType "
                           "attribute is 'false'"):
            export_schema(cls)


def test_a_root_that_is_not_nullable_writes_none_as_an_empty_element() -> None:
    """XmlRoot(is_nullable=False): None is an empty <box/> (as Mono writes it, not
    xsi:nil), read back as a new Box; the default root stays nillable."""
    out = XmlSerializer(Box).dumps(None)
    assert out.endswith(b'<box xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                        b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="urn:box" />')
    back = XmlSerializer(Box).loads(out)
    assert (Box, 0, None) == (type(back), back.Item, back.Stamp)
    assert b'xsi:nil="true"' in XmlSerializer(Catalog).dumps(None)


@dataclass
class TypedPick:
    Pick: Annotated[int | Person | None, XmlElement("num", type=int),
                    XmlElement("dog", type=Person)] = None


def test_a_choice_member_that_allows_none_keeps_value_branches_required() -> None:
    """A choice member is .NET's object, a reference null when no branch is written: its
    value-type branch is minOccurs 1 whether the annotation says None (the typed union
    class generation writes) or not (Order.Pick: object), as xsd.exe exports
    [XmlElement("num", typeof(int))] object Item."""
    choice = etree.fromstring(export_schema(TypedPick)[""]).find(f".//{XS}choice")
    assert [("num", "1"), ("dog", "0")] == [(el.get("name"), el.get("minOccurs"))
                                            for el in choice]
    assert b"num" not in XmlSerializer(TypedPick).dumps(TypedPick())


ROOTS = {  # reference/roots.cs: a primitive root with XmlRoot(DataType, IsNullable)
    "when": (dt.datetime, XmlRoot("when", namespace="urn:when", data_type="date"),
             dt.datetime(2024, 1, 2), "xs:dateTime", "xs:date"),
    "code": (str, XmlRoot("code", data_type="NMTOKEN", is_nullable=False), "a-b",
             "xs:string", "xs:NMTOKEN"),
    "blob": (bytes, XmlRoot("blob", data_type="hexBinary"), b"\x01", "xs:base64Binary",
             "xs:hexBinary"),
}


@pytest.mark.parametrize("name", sorted(ROOTS))
def test_primitive_roots_with_a_data_type(name: str, tmp_path: Path) -> None:
    """XmlRoot(data_type=..., is_nullable=...) on a primitive root, against Mono's
    XmlSchemaExporter: the same element (nillable as Mono says it) but for its type. Mono
    ignores a root's DataType, in its serializer as in its exporter (it writes the date
    2024-01-02 as 2024-01-02T00:00:00 and hexBinary as base64); serialkit's serializer
    honours it, so its schema says the type it writes, and validates what it writes."""
    cls, root, value, mono_type, our_type = ROOTS[name]
    schemas = export_schema(cls, roots={cls: root})
    data, = schemas.values()
    expected = (REFERENCE / "roots" / f"{name}.xsd").read_bytes()
    assert f'type="{mono_type}"'.encode() in expected
    assert components([expected.replace(mono_type.encode(), our_type.encode())]) == (
        components([data]))
    schema = etree.XMLSchema(etree.fromstring(data))
    document = XmlSerializer(cls, root=root).dumps(value)
    assert schema.validate(etree.fromstring(document)), schema.error_log


def test_array_element_names_follow_the_type_names() -> None:
    """A jagged array's items are named after the inner array's type: that is in documents."""
    doc = XmlSerializer(Shelf).dumps(Shelf(Nested=[[1, "a"]], L=[1], A=[2], Renamed=[3]))
    assert b"<ArrayOfChoice4>" in doc  # the fourth choice array Shelf's importer numbers


def write_schemas(directory: Path, *classes: Any,
                  overrides: XmlAttributeOverrides | None = None) -> etree.XMLSchema:
    schemas = export_schema(*classes, overrides=overrides)
    names = schema_file_names(schemas)
    for ns, data in schemas.items():
        (directory / names[ns]).write_bytes(data)
    return etree.XMLSchema(etree.parse(str(directory / "schema0.xsd")))


def full_order() -> Order:
    extra = etree.fromstring(b'<x:ext xmlns:x="urn:x">1</x:ext>')
    return Order(
        Id=7, Code="c", Rights=Perm.Read | Perm.Write, Nums=[1, 2], Customer="Ann",
        Lines=[Line("s1", 2), Line(None, 3)], Skus=["a", "b"], Discount=Decimal("1.50"),
        State=Status.InProgress, Ref=uuid.UUID(int=5), Blob=b"\x00\x01", Hex=b"\xff",
        Opt=4, Opt_specified=True, Count=4, Tag="y", Big=2**40, Single=1.5, Double=-0.25,
        Flag=True, SB=-1, B=255, S=-2, US=3, UI=4, UL=2**64 - 1,
        Buyer=Person("Acme"), Flat=["f1", "f2"], Pick=Person("P", dt.datetime(1990, 1, 1)),
        Any=5, Foreign="far", Local="here", ForeignAttr="fa", Rest=[extra],
        RestAttrs={"{urn:z}v": "2"})


def deterministic() -> XmlAttributeOverrides:
    """Order without its element of a third namespace, so its xs:any can be ##other.

    With `Foreign` (urn:other) in the model no XSD 1.0 wildcard both accepts what
    XmlAnyElement takes and keeps the content model deterministic: the schema then says
    ##any as .NET does, and libxml2 refuses to load it (as .NET's XmlSchemaSet does).
    """
    overrides = XmlAttributeOverrides()
    overrides.add(Order, "Foreign", XmlAttributes(xml_ignore=True))
    return overrides


OVERRIDES = deterministic()
ORDER = XmlSerializer(Order, overrides=OVERRIDES)

DOCUMENTS = {
    "order, every member set": lambda: ORDER.dumps(full_order()),
    "order, defaults and nils": lambda: ORDER.dumps(Order()),
    "order, a Person as Buyer (xsi:type)": lambda: ORDER.dumps(
        Order(Buyer=Person("Bo"), Pick=3)),
    "order, no xsi/xsd declarations": lambda: ORDER.dumps(
        Order(), namespaces=XmlSerializerNamespaces([("", "")])),
    "catalog": lambda: XmlSerializer(Catalog).dumps(Catalog(
        Thing("t", Line("s", 1)), [[1, 2], []], None, [Person("a"), Company("b", 2)],
        Note("en", "hi"), 4, [Status.Done])),
    "catalog, empty": lambda: XmlSerializer(Catalog).dumps(Catalog(Maybe=["m"])),
    "box, every member set": lambda: XmlSerializer(Box).dumps(Box(
        Xmlns=XmlSerializerNamespaces([("o", "urn:other"), ("x", "urn:x")]),
        Item="s", Which=Kind.str, Items=[1, "two", "far"],
        ItemsElementName=[ItemKind.n, ItemKind.s, ItemKind.far], Maybe=5, Tok="a b",
        When=dt.datetime(2024, 2, 29), Norm="n", Token="t-1",
        Stamp=Stamp("utc", dt.datetime(2024, 3, 1)),
        Ordered=Ordered(3, [1, 2], [etree.fromstring(b'<x:e xmlns:x="urn:x"/>')], "f", 9))),
    "box, defaults": lambda: XmlSerializer(Box).dumps(Box()),
}


@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_exported_schema_validates_what_serialkit_writes(case: str, tmp_path: Path) -> None:
    """lxml's XMLSchema accepts every document serialkit writes for the model."""
    if case.startswith("catalog"):
        schema = write_schemas(tmp_path, Catalog)
    elif case.startswith("box"):
        schema = write_schemas(tmp_path, Box)
    else:
        schema = write_schemas(tmp_path, Order, overrides=OVERRIDES)
    doc = etree.fromstring(DOCUMENTS[case]())
    assert schema.validate(doc), schema.error_log


BROKEN = {
    "wrong type": (b"<Big>0</Big>", b"<Big>many</Big>"),
    "missing required element": (b"<Date>2020-01-02T03:04:05</Date>", b""),
    "unknown element": (b"<Flag>false</Flag>", b"<Flag>false</Flag><Bogus />"),
    "bad enum value": (b"<State>New</State>", b"<State>Old</State>"),
    "bad attribute value": (b' Id="0"', b' Id="x"'),
    "missing required attribute": (b' Id="0"', b""),
    "unregistered xsi:type": (b"<Buyer>", b'<Buyer xsi:type="Stranger">'),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_exported_schema_rejects_what_breaks_the_model(case: str, tmp_path: Path) -> None:
    """A document that breaks the model fails validation (the good one passes)."""
    schema = write_schemas(tmp_path, Order, overrides=OVERRIDES)
    good = ORDER.dumps(Order(Buyer=Party("b")), indent=False)
    old, new = BROKEN[case]
    assert old in good
    assert schema.validate(etree.fromstring(good)), schema.error_log
    assert not schema.validate(etree.fromstring(good.replace(old, new, 1)))


@xml_type("Party")
class Other:
    X: int = 0


class Both:
    A: Party | None = None
    B: Other | None = None


def test_non_deterministic_wildcard_kept_as_dotnet_writes_it() -> None:
    """With an element of a third namespace in the model, xs:any stays ##any (as .NET's)."""
    order = export_schema(Order)["urn:shop"]
    assert b'<xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/>' in order
    assert b'maxOccurs="unbounded" processContents="lax" namespace="##other"/>' in (
        export_schema(Order, overrides=OVERRIDES)["urn:shop"])


def test_several_classes_and_a_clash(tmp_path: Path) -> None:
    """Several roots share one schema set; two classes with one XML name are refused."""
    schemas = export_schema(Order, Catalog)
    assert list(schemas) == ["urn:shop", "http://microsoft.com/wsdl/types/", "urn:other", "",
                             "urn:t"]
    assert b'<xs:element name="Catalog" nillable="true" type="Catalog"/>' in schemas[""]

    with pytest.raises(XmlMappingError, match="both use the XML type name 'Party'"):
        export_schema(Both)


def test_primitive_and_list_roots() -> None:
    """A root that is not a class: its element and the XSD type XmlSerializer writes."""
    assert b'<xs:element name="int" type="xs:int"/>' in export_schema(int)[""]
    assert b'<xs:element name="ArrayOfString" nillable="true" type="ArrayOfString"/>' in (
        export_schema(list[str])[""])


def test_cli_writes_schema_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`serialkit xsd MODULE:Class -o DIR` writes schema0.xsd... and names them."""
    assert 0 == main(["xsd", "xml_tool_models:Order", "-o", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "schema0.xsd", "schema1.xsd", "schema2.xsd", "schema3.xsd"]
    assert "schema0.xsd" in capsys.readouterr().out
    assert 1 == main(["xsd", "xml_tool_models:Nothing", "-o", str(tmp_path)])
    assert "serialkit: " in capsys.readouterr().err
    assert 1 == main(["xsd", "no_such_module_here:X", "-o", str(tmp_path)])
    (tmp_path / "file").write_text("")
    assert 2 == main(["xsd", "xml_tool_models:Order", "-o", str(tmp_path / "file" / "dir")])
    assert "serialkit: cannot write to" in capsys.readouterr().err


@dataclass
class Prose:
    Title: str = "t"
    Nodes: Annotated[list[str | etree._Element] | None, XmlText(), XmlAnyElement()] = None


@dataclass
class Chapter(Prose):
    No: int = 0


def test_mixed_content_is_a_mixed_type_with_xs_any(tmp_path: Path) -> None:
    """[XmlText, XmlAnyElement]: mixed="true" around the xs:any, and on an extension of it,
    as Mono's xsd.exe writes; the schema validates serialkit's mixed documents."""
    em = etree.Element("{urn:x}em")
    em.text = "two"
    schema = export_schema(Chapter)[""]
    assert b'<xs:complexType name="Prose" mixed="true">' in schema
    assert b'<xs:complexContent mixed="true">' in schema
    assert b'<xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax" ' \
           b'namespace="##other"/>' in schema
    validator = write_schemas(tmp_path, Chapter)
    doc = XmlSerializer(Chapter).dumps(Chapter(Nodes=["one ", em, " three"], No=3))
    assert b"<Title>t</Title>one <em xmlns=\"urn:x\">two</em> three<No>3</No>" in doc
    assert validator.validate(etree.fromstring(doc)), validator.error_log


@dataclass
class NodeHolder:
    El: etree._Element | None = None
    Els: list[etree._Element] | None = None
    After: str | None = None
    Z: Annotated[etree._Element | None, XmlElement(namespace="urn:z")] = None


def test_an_element_member_is_one_element_of_any_name(tmp_path: Path) -> None:
    """A bare lxml element member (.NET's XmlElement; reference/node.cs): an inline type
    holding one xs:any, for the member, its list items and a foreign-namespace member, as
    Mono's xsd.exe writes them but lax. The schema validates what serialkit writes and
    rejects an empty wrapper and a wrapper of two elements."""
    expected, actual = mono("node"), ours(NodeHolder)
    lax = "('any', (('processContents', 'lax'),), ())"
    for key in [("complexType", "", "Holder"), ("complexType", "", "ArrayOfXmlElement"),
                ("element", "urn:z", "Z")]:
        text = repr(expected.pop(key)).replace("Holder", "NodeHolder")
        assert text.count("('any', (), ())") == 1
        assert text.replace("('any', (), ())", lax) == repr(
            actual.pop((key[0], key[1], key[2].replace("Holder", "NodeHolder"))))
    expected.pop(("element", "", "Holder"))
    assert actual.pop(("element", "", "NodeHolder")) == (
        "element", (("name", "NodeHolder"), ("nillable", "true"),
                    ("type", "NodeHolder")), ())
    assert expected == actual == {}

    validator = write_schemas(tmp_path, NodeHolder)
    doc = XmlSerializer(NodeHolder).dumps(NodeHolder(
        etree.fromstring(b'<p:any xmlns:p="urn:p" a="1"><b>t</b></p:any>'),
        [etree.Element("x"), None, etree.fromstring(b"<Holder><y/></Holder>")],  # type: ignore[list-item]
        "a", etree.Element("n")))
    assert b"<XmlElement xsi:nil=\"true\" />" in doc
    assert validator.validate(etree.fromstring(doc)), validator.error_log
    for broken in (b"<El />", b"<El><x /><y /></El>"):
        bad = XmlSerializer(NodeHolder).dumps(NodeHolder(After="a")).replace(
            b"<After>", broken + b"<After>")
        assert not validator.validate(etree.fromstring(bad))
