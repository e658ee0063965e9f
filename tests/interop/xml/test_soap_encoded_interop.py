"""serialkit's SOAP-encoded XmlSerializer against Mono's (csharp/SoapXmlPeer.cs).

For each case: serialkit writes Mono's bytes (after the usual xmlns:xsd/xmlns:xsi swap), reads
Mono's document back to an equal object graph, shared references and cycles included, and
Mono reads serialkit's document to an object whose references are shared the same way and
which it serializes back to exactly its own document.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import pytest
from _mono import compile_peer, run_peer

from serialkit import (
    Array,
    Char,
    Int8,
    Int16,
    Int64,
    Single,
    SoapAttribute,
    SoapAttributeOverrides,
    SoapAttributes,
    SoapElement,
    SoapEnum,
    SoapIgnore,
    SoapReflectionImporter,
    SoapType,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    XmlReflectionMember,
    XmlSerializer,
    soap_element,
    soap_enum,
    soap_include,
    soap_type,
)

pytestmark = pytest.mark.interop

CSHARP = Path(__file__).resolve().parent / "csharp"
XSD = b' xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
XSI = b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


class SoapXmlPeer:
    """Runs SoapXmlPeer.exe (see the usage comment at the top of csharp/SoapXmlPeer.cs)."""

    def __init__(self, mono: str, exe: Path, workdir: Path) -> None:
        self.mono, self.exe, self.workdir = mono, exe, workdir
        self.runs = 0
        self.cases: tuple[str, ...] = tuple(self._run("cases").split())
        own = workdir / "own"
        own.mkdir()
        self._run("batch", str(own))
        self.documents = {c: (own / f"{c}.net.xml").read_bytes() for c in self.cases}

    def _run(self, *args: str) -> str:
        self.runs += 1
        return run_peer(self.mono, self.exe, *args).stdout

    def check(self, documents: Mapping[str, bytes]) -> dict[str, str]:
        """Mono's verdict ("OK" or "FAIL ...") on each of serialkit's documents."""
        batch = self.workdir / f"check-{self.runs}"
        batch.mkdir()
        for case, doc in documents.items():
            (batch / f"{case}.py.xml").write_bytes(doc)
        self._run("batch", str(batch))
        return {c: (batch / f"{c}.result.txt").read_text(encoding="utf-8").strip()
                for c in documents}


@pytest.fixture(scope="module")
def soap_peer(tmp_path_factory: pytest.TempPathFactory) -> SoapXmlPeer:
    """The C# SOAP-encoded XmlSerializer peer, compiled once, every case already written."""
    mono, exe = compile_peer(tmp_path_factory, "SoapXmlPeer.exe", [CSHARP / "SoapXmlPeer.cs"],
                             ["System.Xml.dll"])
    return SoapXmlPeer(mono, exe, tmp_path_factory.mktemp("soap-xml-mono"))


# -- the class models, given the three ways --------------------------------------------------
@soap_enum("High", "HIGH")
class Level(enum.Enum):
    Low = 0
    High = 1


class Perm(enum.Flag):
    None_ = 0
    Read = 1
    Write = 2


@dataclass(eq=False)
class Address:
    City: str | None = None
    Next: Address | None = None


@soap_type("Customer", namespace="urn:shop")
@soap_element("Name", "full-name")
@dataclass(eq=False)
class Customer:
    Id: Annotated[int, SoapAttribute("id")] = 1
    When: Annotated[dt.datetime, SoapAttribute(namespace="urn:attr", data_type="date")] = (
        dt.datetime(2020, 1, 2))
    Name: str | None = "Bob"
    Home: Address | None = None
    Work: Address | None = None
    Tags: Annotated[list[str] | None, Array] = field(default_factory=lambda: ["x", "y"])
    Lvl: Level = Level.High
    Nothing: Annotated[str | None, SoapElement(is_nullable=True)] = None
    Missing: str | None = None
    Any: object = 5
    Secret: Annotated[str, SoapIgnore] = "s"
    Day: Annotated[dt.datetime, SoapElement(data_type="date")] = dt.datetime(2021, 3, 4)
    Self: Customer | None = None


@dataclass(eq=False)
class VipCustomer(Customer):
    Points: int = 100


soap_include(VipCustomer)(Customer)

REF = uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")


@dataclass(eq=False)
class Prims:
    B: bool = True
    D: float = 0.1
    F: Annotated[float, Single] = 1.5
    M: Decimal = Decimal("1.10")
    T: dt.datetime = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    Blob: bytes = b"\x01\x02\x03"
    G: uuid.UUID = REF
    C: Annotated[str, Char] = "A"
    S8: Annotated[int, Int8] = -1
    U8: Annotated[int, UInt8] = 2
    I16: Annotated[int, Int16] = 3
    U16: Annotated[int, UInt16] = 4
    I64: Annotated[int, Int64] = 5
    U64: Annotated[int, UInt64] = 6
    U32: Annotated[int, UInt32] = 7
    P: Perm = Perm.Read | Perm.Write
    N: int | None = 3
    NN: int | None = None
    Empty: str = ""
    Ints: Annotated[list[int] | None, Array] = field(default_factory=lambda: [1, 2])
    L: list[int] = field(default_factory=lambda: [3])
    Objs: Annotated[list[object] | None, Array] = field(
        default_factory=lambda: list[object]([1, "a", None, Level.Low]))
    Addrs: Annotated[list[Address | None] | None, Array] = None
    Levels: Annotated[list[Level] | None, Array] = field(
        default_factory=lambda: [Level.High, Level.Low])
    Jagged: Annotated[list[Annotated[list[int], Array]] | None, Array] = field(
        default_factory=lambda: [[1], []])
    Boxed: object = None


@dataclass(eq=False)
class Node:
    V: str | None = None
    Next: Node | None = None
    Kids: Annotated[list[Node] | None, Array] = None


@dataclass(eq=False)
class Bare:
    Name: str | None = "n"
    Count: int = 2
    Lvl: Level = Level.Low


def overrides() -> SoapAttributeOverrides:
    """The C# peer's SoapAttributeOverrides."""
    ov = SoapAttributeOverrides()
    ov.add(Customer, "Name", SoapAttributes(soap_element=SoapElement("renamed")))
    ov.add(Customer, "Tags", SoapAttributes(soap_ignore=True))
    ov.add(Customer, "Id", SoapAttributes(soap_attribute=SoapAttribute("cid",
                                                                          namespace="urn:c")))
    ov.add(Address, SoapAttributes(soap_type=SoapType("Addr", namespace="urn:addr")))
    ov.add(Level, "Low", SoapAttributes(soap_enum=SoapEnum("lo")))
    ov.add(Customer, SoapAttributes(soap_type=SoapType("Client", namespace="urn:client")))
    return ov


def cyclic_address() -> Address:
    a = Address("Oslo")
    a.Next = a
    return a


def customer() -> VipCustomer:
    a = cyclic_address()
    v = VipCustomer(Home=a, Work=a)
    v.Self = v
    return v


def prims() -> Prims:
    a = Address("Oslo")
    return Prims(Addrs=[a, None, a], Boxed=a)


def members_serializer() -> XmlSerializer:
    members = [XmlReflectionMember("a", int), XmlReflectionMember("b", str),
               XmlReflectionMember("c", Address), XmlReflectionMember("d", Address)]
    return XmlSerializer(SoapReflectionImporter().import_members_mapping(
        "Add", "urn:calc", members, True, True))


_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")


@dataclass
class Gen(Generic[_T]):
    V: _T | None = None


@dataclass
class Pair(Generic[_K, _V]):
    K: _K | None = None
    V: _V | None = None


@soap_type("Named")
@dataclass
class Nm(Generic[_T]):
    V: _T | None = None


@dataclass
class GBase(Generic[_T]):
    B: _T | None = None


@dataclass
class GDer(GBase[int]):
    D: str = "d"


@soap_include(Gen[int])
@dataclass
class GenHolder:
    """Generic classes in SOAP-encoded mode: GenOfInt32... as in literal mode."""

    G: Gen[int] | None = field(default_factory=lambda: Gen(1))
    S: Gen[str] | None = field(default_factory=lambda: Gen("s"))
    L: Gen[list[str]] | None = field(default_factory=lambda: Gen(["a"]))
    A: Gen[Annotated[list[int], Array]] | None = field(default_factory=lambda: Gen([1]))
    P: Pair[int, str] | None = field(default_factory=lambda: Pair(2, "v"))
    N: Gen[Gen[int]] | None = field(default_factory=lambda: Gen(Gen(4)))
    # Gen[int](...) records its type arguments: several parametrisations of Gen are in scope.
    Obj: object = field(default_factory=lambda: Gen[int](3))
    Arr: Annotated[list[Gen[int]], Array] | None = field(default_factory=lambda: [Gen(5)])
    Named: Nm[int] | None = field(default_factory=lambda: Nm(6))
    Der: GDer | None = field(default_factory=lambda: GDer(7))
    Nullable: Gen[int | None] | None = field(default_factory=lambda: Gen(8))


def soap(cls: Any, **kwargs: Any) -> XmlSerializer:
    return XmlSerializer(SoapReflectionImporter(**kwargs).import_type_mapping(cls))


def members_value() -> list[Any]:
    a = cyclic_address()
    return [2, "two", a, a]


def root_array() -> list[Address | None]:
    a = cyclic_address()
    return [a, a, None]


#: case -> (serializer, a factory of the model's object, dumps settings).
CASES: dict[str, tuple[XmlSerializer, Any, dict[str, Any]]] = {
    "customer": (soap(Customer), customer, {}),
    "customer_base": (soap(Customer), lambda: Customer(Home=Address("Rome"), Any=Level.Low,
                                                       Tags=None), {}),
    "prims": (soap(Prims), prims, {}),
    "overrides": (soap(Customer, overrides=overrides()),
                  lambda: VipCustomer(Home=Address("B"), Lvl=Level.Low), {}),
    "default_ns": (XmlSerializer.soap(Node, default_namespace="urn:def"),
                   lambda: Node("n", Kids=[Node("k")]), {}),
    "root_int": (soap(int), lambda: 5, {}),
    "root_enum": (soap(Level), lambda: Level.High, {}),
    "root_array": (soap(Annotated[list[Address | None], Array]), root_array, {}),
    "root_null": (soap(Customer), lambda: None, {}),
    "members": (members_serializer(), members_value, {}),
    "bare": (soap(Bare), Bare, {"envelope": False}),
    "generics": (soap(GenHolder), GenHolder, {}),
    "generic_root": (soap(Pair[int, str]), lambda: Pair(1, "x"), {}),
}


def graph(value: Any, seen: dict[int, int] | None = None) -> Any:
    """A comparable form of an object graph: each object once, later visits as ("ref", n),
    so equal graphs share (and cycle through) the same objects in the same places."""
    seen = {} if seen is None else seen
    if isinstance(value, list | tuple):
        if id(value) in seen:
            return ("ref", seen[id(value)])
        seen[id(value)] = len(seen)
        return [graph(v, seen) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        if id(value) in seen:
            return ("ref", seen[id(value)])
        seen[id(value)] = len(seen)
        return (type(value).__name__, {k: graph(getattr(value, k), seen)
                                       for k in value.__dataclass_fields__})
    return value


def read_expected(case: str) -> Any:
    """What reading gives: the model, without what XmlSerializer never writes."""
    obj = CASES[case][1]()
    if case == "root_null":
        return Customer()  # .NET reads the empty root element as a new object, too
    if isinstance(obj, Customer):
        obj.Secret = "s"
        if case in ("overrides", "customer_base"):
            obj.Tags = ["x", "y"]  # ignored or absent: the constructor's value stays
    return obj


def test_every_case_is_modelled(soap_peer: SoapXmlPeer) -> None:
    """The Python side models exactly the peer's cases."""
    assert sorted(soap_peer.cases) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bytes_equal_mono(soap_peer: SoapXmlPeer, case: str) -> None:
    """serialkit writes Mono's bytes for the same class model and object graph."""
    serializer, make, settings = CASES[case]
    expected = soap_peer.documents[case].replace(XSD + XSI, XSI + XSD, 1)
    assert expected.decode() == serializer.dumps(make(), **settings).decode()


@pytest.mark.parametrize("case", sorted(CASES))
def test_reads_mono_document(soap_peer: SoapXmlPeer, case: str) -> None:
    """serialkit reads Mono's document to an equal graph, shared references included."""
    serializer = CASES[case][0]
    assert graph(read_expected(case)) == graph(serializer.loads(soap_peer.documents[case]))


def test_identity_survives_reading_mono(soap_peer: SoapXmlPeer) -> None:
    """The objects Mono wrote once are one object after reading, cycles included."""
    c = CASES["customer"][0].loads(soap_peer.documents["customer"])
    assert type(c) is VipCustomer and c.Home is not None and c.Home is c.Work
    assert c.Home.Next is c.Home
    assert c.Self is c
    p = CASES["prims"][0].loads(soap_peer.documents["prims"])
    assert p.Addrs[0] is p.Addrs[2] is p.Boxed
    values = CASES["members"][0].loads(soap_peer.documents["members"])
    assert values[2] is values[3] and values[2].Next is values[2]


def test_mono_reads_serialkit_documents(soap_peer: SoapXmlPeer) -> None:
    """Mono reads every serialkit document, with its shared references, to the object its
    own document holds."""
    docs = {case: s.dumps(make(), **settings) for case, (s, make, settings) in CASES.items()}
    assert dict.fromkeys(CASES, "OK") == soap_peer.check(docs)


def test_mono_check_rejects_a_broken_identity(soap_peer: SoapXmlPeer) -> None:
    """The peer's check is not vacuous: a document where Work is a copy of Home fails."""
    serializer, make, _ = CASES["customer"]
    doc = serializer.dumps(make())
    broken = doc.replace(b'<Work href="#id2" />', b'<Work href="#id4" />').replace(
        b"</soap:Body>", b'  <Address id="id4"><City>Oslo</City></Address>\n  </soap:Body>')
    assert soap_peer.check({"customer": broken})["customer"].startswith("FAIL")
