"""SoapFormatter interop with Mono, both ways: Mono writes and serialkit reads, serialkit writes
and Mono reads and checks every value (csharp/SoapPeer.cs). Identity (shared objects, cycles,
a shared string) is checked on both sides."""

from __future__ import annotations

import enum
import math
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import attrs
import pytest

from serialkit import (
    Array,
    Char,
    DotNetException,
    Int8,
    Int16,
    Int64,
    NonSerialized,
    SerializationInfo,
    Single,
    StreamingContext,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    serializable,
)
from serialkit.soap import SoapFormatter

if TYPE_CHECKING:
    from conftest import SoapPeer

pytestmark = pytest.mark.interop

ASM = "SoapPeer, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


def net(name: str, **kw: Any) -> Any:
    return serializable(type_name=f"SoapInterop.{name}", assembly_name=ASM, **kw)


@net("Color")
class Color(enum.IntEnum):
    Red = 0
    Green = 1
    Blue = 2


@net("Perm")
class Perm(enum.IntFlag):
    NONE = 0
    Read = 1
    Write = 2
    Exec = 4


@net("Pt", value_type=True)
@attrs.define
class Pt:
    X: int = 0
    Y: int = 0


@net("Address")
@attrs.define(eq=False)
class Address:
    City: str | None = None


@net("Base")
@attrs.define(eq=False)
class Base:
    B: int = 0
    _priv: int = 0


@net("Person")
@attrs.define(eq=False)
class Person(Base):
    Name: str | None = None
    Age: int = 0
    Home: Address | None = None
    Work: Address | None = None
    Scores: Annotated[list[int], Array] | None = None
    Tags: Annotated[list[str | None], Array] | None = None
    Fav: Color = Color.Red
    Rights: Perm = Perm.NONE
    Boxed: Any = None
    Blob: bytes | None = None
    Self: Person | None = None
    Money: Decimal = Decimal(0)
    Dur: timedelta = timedelta(0)
    G: uuid.UUID = attrs.Factory(lambda: uuid.UUID(int=0))
    C: Annotated[str, Char] = "\0"
    P: Pt = attrs.Factory(Pt)
    Flag: bool = False
    L: Annotated[int, Int64] = 0
    F: Annotated[float, Single] = 0.0
    D: float = 0.0
    Nothing: Any = None
    AL: list | None = None  # type: ignore[type-arg]
    M: Annotated[list[list[int]], Array(rank=2)] | None = None
    Objs: Annotated[list[Any], Array] | None = None
    H: dict | None = None  # type: ignore[type-arg]
    SB: Annotated[int, Int8] = 0
    US: Annotated[int, UInt16] = 0
    UI: Annotated[int, UInt32] = 0
    UL: Annotated[int, UInt64] = 0
    S: Annotated[int, Int16] = 0
    Y: Annotated[int, UInt8] = 0
    Pts: Annotated[list[Pt], Array] | None = None
    BoxedPt: Any = None
    BoxedEnum: Any = None
    Empty: str | None = None
    Skip: Annotated[int, NonSerialized] = 0


@net("Money")
class Money:
    def __init__(self, amount: float = 0.0, currency: str = "", cents: int = 0) -> None:
        self.Amount, self.Currency, self.Cents = amount, currency, cents

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.add_value("amount", self.Amount)
        info.add_value("currency", self.Currency)
        info.add_value("cents", self.Cents)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        # SOAP carries no types for ISerializable members: convert as GetDouble/GetInt32 do.
        self.Amount = info.get_value("amount", float)
        self.Currency = info.get_value("currency", str)
        self.Cents = info.get_value("cents", int)


@net("Wallet")
@attrs.define(eq=False)
class Wallet:
    Main: Money | None = None
    Spare: Money | None = None
    Same: Money | None = None


def build_person() -> Person:
    a = Address("Oslo <&>")
    s = "a"
    p = Person(B=1, priv=2, Name="Ann", Age=30, Home=a, Work=a, Scores=[1, 2], Tags=[s, None, s],
               Fav=Color.Green, Rights=Perm.Read | Perm.Exec, Boxed=3.5, Blob=b"\x01\x02\x03",
               Money=Decimal("1.5"), Dur=timedelta(minutes=90),
               G=uuid.UUID("01234567-89ab-cdef-0123-456789abcdef"), C="\u00e9", P=Pt(3, -4),
               Flag=True, L=-5, F=0.25, D=1e-7, AL=[1, "s"], M=[[1, 2], [3, 4]],
               Objs=[1, "x", None, 2.5], H={"k": 1}, SB=-3, US=7, UI=4_000_000_000,
               UL=2**64 - 1, S=-2, Y=255, Pts=[Pt(1, 2)], BoxedPt=Pt(5, 6),
               BoxedEnum=Color.Blue, Empty="", Skip=9)
    p.Self = p
    return p


def build_wallet() -> Wallet:
    main = Money(19.99, "EUR", 1999)
    return Wallet(Main=main, Spare=Money(0.5, "USD", 50), Same=main)


def build_objroot() -> list[Any]:
    a = Address("X")
    return [1, "two", None, a, a]


def test_reads_mono_person(soap_peer: SoapPeer) -> None:
    """Every member of Mono's Person reads back; shared Address, self-reference and the
    shared string keep their identity; [NonSerialized] Skip keeps its default."""
    p = SoapFormatter().loads(soap_peer.write("person"))
    expected = build_person()
    for field in attrs.fields(Person):
        if field.name in ("Self", "Home", "Work", "Skip"):
            continue
        assert (field.name, getattr(expected, field.name)) == (field.name,
                                                                getattr(p, field.name))
    assert (1, 2, 0) == (p.B, p._priv, p.Skip)
    assert p.Home is p.Work
    assert "Oslo <&>" == p.Home.City
    assert p.Self is p
    assert p.Tags[0] is p.Tags[2]


def test_mono_reads_serialkit_person(soap_peer: SoapPeer) -> None:
    """Mono's SoapFormatter reads serialkit's Person and every value checks out."""
    assert "OK" == soap_peer.check("person", SoapFormatter().dumps(build_person()))


def test_reads_mono_iserializable_wallet(soap_peer: SoapPeer) -> None:
    """ISerializable members (untyped on the wire) convert in set_object_data; the shared
    Money stays one object."""
    w = SoapFormatter().loads(soap_peer.write("wallet"))
    assert (19.99, "EUR", 1999, 0.5, "USD") == (w.Main.Amount, w.Main.Currency, w.Main.Cents,
                                                 w.Spare.Amount, w.Spare.Currency)
    assert w.Same is w.Main


def test_mono_reads_serialkit_wallet(soap_peer: SoapPeer) -> None:
    """Mono runs Money's deserialization constructor on serialkit's members."""
    assert "OK" == soap_peer.check("wallet", SoapFormatter().dumps(build_wallet()))


def test_object_array_root_both_ways(soap_peer: SoapPeer) -> None:
    """An object[] root with boxed values, a null and a shared object, both directions."""
    back = SoapFormatter().loads(soap_peer.write("objroot"))
    assert [1, "two", None, "X"] == [*back[:3], back[3].City]
    assert back[3] is back[4]
    doc = SoapFormatter().dumps(build_objroot(), root_type=Annotated[list[Any], Array])
    assert "OK" == soap_peer.check("objroot", doc)


def test_serialkit_writes_mono_layout_for_person(soap_peer: SoapPeer) -> None:
    """The documents agree element for element (ids, hrefs, types), except where .NET
    Framework's number formats differ from Mono's own (Mono writes 17 digits for a double and
    9 for a float; .NET Framework's XmlConvert writes the shortest round-trip form), and a
    TimeSpan (.NET Framework's SoapDuration writes every field: ``P0Y0M0DT1H30M0S``)."""
    mono = soap_peer.write("person").decode("utf-8")
    ours = SoapFormatter().dumps(build_person()).decode("utf-8")
    mono = mono.replace("<D>9.9999999999999995E-08</D>", "<D>1E-07</D>").replace(
        "<LoadFactor>0.720000029</LoadFactor>", "<LoadFactor>0.72</LoadFactor>").replace(
        "<Dur>PT1H30M</Dur>", "<Dur>P0Y0M0DT1H30M0S</Dur>")
    assert mono.splitlines() == ours.splitlines()


def test_reads_mono_dates_with_four_digit_years(soap_peer: SoapPeer) -> None:
    """Mono writes a DateTime's year with four digits (0313, 0001) and the machine's offset;
    serialkit reads each back to the same wall-clock time, year 1 and 9999 included (the
    seventh fraction digit is below a microsecond)."""
    back = SoapFormatter().loads(soap_peer.write("dates"))
    text = soap_peer.write("dates").decode()
    assert ">0313-03-19T01:02:03.0000000" in text
    assert ">0001-01-01T00:00:00.0000000" in text
    assert [datetime(313, 3, 19, 1, 2, 3), datetime(1, 1, 1),
            datetime(9999, 12, 31, 23, 59, 59, 999_999)] == [
        d.replace(tzinfo=None) for d in back]


def test_infinities_mono_refuses_and_serialkit_reads(soap_peer: SoapPeer) -> None:
    """A departure from Mono, stated: serialkit writes infinities as INF and -INF, as .NET
    Framework's SoapFormatter writes and reads them, but Mono's SoapFormatter throws a
    FormatException on INF; the same document with Mono's ``Infinity`` passes Mono's check,
    so INF is the only difference. serialkit reads both forms, and both zero TimeSpans (Mono
    writes ``P``, serialkit .NET Framework's ``-P0Y0M0DT0H0M0S``, which Mono reads)."""
    graph = [math.inf, -math.inf, math.nan, timedelta(0)]
    doc = SoapFormatter().dumps(graph, root_type=Annotated[list[Any], Array])
    text = doc.decode()
    assert ['<item xsi:type="xsd:double">INF</item>', '<item xsi:type="xsd:double">-INF</item>',
            '<item xsi:type="xsd:duration">-P0Y0M0DT0H0M0S</item>'] == [
        line.strip() for line in text.splitlines() if "INF<" in line or "duration" in line]
    verdict = soap_peer.check("specials", doc)
    assert "FormatException" in verdict
    assert "OK" == soap_peer.check("specials", text.replace(">INF<", ">Infinity<").replace(
        ">-INF<", ">-Infinity<").encode())
    mono = soap_peer.write("specials")
    assert b">Infinity<" in mono and b">-Infinity<" in mono and b">P<" in mono
    for document in (doc, mono):
        back = SoapFormatter().loads(document)
        assert (math.inf, -math.inf, True, timedelta(0)) == (
            back[0], back[1], math.isnan(back[2]), back[3])


@pytest.mark.parametrize(
    ("case", "build", "departures"),
    [
        ("wallet", lambda: SoapFormatter().dumps(build_wallet()),
         {"<amount>19.989999999999998</amount>": "<amount>19.99</amount>"}),
        ("objroot", lambda: SoapFormatter().dumps(build_objroot(),
                                                   root_type=Annotated[list[Any], Array]), {}),
        ("specials", lambda: SoapFormatter().dumps([math.inf, -math.inf, math.nan, timedelta(0)],
                                                    root_type=Annotated[list[Any], Array]),
         {">Infinity<": ">INF<", ">-Infinity<": ">-INF<", ">P<": ">-P0Y0M0DT0H0M0S<"}),
    ],
)
def test_serialkit_writes_mono_layout(soap_peer: SoapPeer, case: str, build: Any,
                                      departures: dict[str, str]) -> None:
    """An ISerializable graph, an object[] root and the special values are written element
    for element as Mono writes them, once the stated departures are applied to Mono's
    document: 17-digit doubles, ``Infinity`` and Mono's durations (docs/soap.md's table)."""
    mono = soap_peer.write(case).decode("utf-8")
    for theirs, ours in departures.items():
        assert theirs in mono
        mono = mono.replace(theirs, ours)
    assert mono.splitlines() == build().decode("utf-8").splitlines()


BOXED = [Char("x"), Int16(5), UInt8(200), Single(1.5), Int64(7), Int8(-1), UInt16(9),
         UInt32(4_000_000_000), UInt64(2**64 - 1)]


@pytest.mark.parametrize(
    ("case", "graph", "root_type"),
    [
        ("boxed", BOXED, Annotated[list[Any], Array]),
        ("root_short", Int16(5), None),
        ("root_char", Char("x"), None),
        ("root_decimal", Decimal("2.5"), None),
        ("root_long", Int64(7), None),
        ("root_timespan", timedelta(days=1, hours=2, minutes=3), None),
    ],
)
def test_boxed_widths_both_ways(soap_peer: SoapPeer, case: str, graph: Any,
                                root_type: Any) -> None:
    """Boxed Char, Int16, Byte, Single, Int64, SByte, UInt16, UInt32, UInt64 in an object[]
    and as roots: serialkit writes Mono's document line for line (``xsi:type="xsd:short"``,
    a System Char, a root named ``xsd:short``, a TimeSpan root as its duration text, in .NET
    Framework's form), Mono reads each back as its own type, and serialkit reads Mono's back as
    the same types."""
    mono = soap_peer.write(case)
    ours = SoapFormatter().dumps(graph, root_type=root_type)
    mono_text = mono.decode("utf-8").replace(">P1DT2H3M<", ">P0Y0M1DT2H3M0S<")
    assert mono_text.splitlines() == ours.decode("utf-8").splitlines()
    assert "OK" == soap_peer.check(case, ours)
    back = SoapFormatter().loads(mono)
    expected = graph if isinstance(graph, list) else [graph]
    got = back if isinstance(back, list) else [back]
    assert [(type(v), v) for v in expected] == [(type(v), v) for v in got]


DURATIONS = [timedelta(seconds=4), timedelta(1, hours=1, minutes=3, seconds=4), timedelta(hours=1),
             timedelta(399, hours=12, minutes=35, seconds=20, milliseconds=10),
             -timedelta(hours=23, minutes=59, seconds=54, microseconds=999_993),
             -timedelta(1, hours=2, minutes=3, seconds=4, milliseconds=500), timedelta(359),
             timedelta(microseconds=1)]


def test_durations_are_written_as_dotnet_framework_writes_them(soap_peer: SoapPeer) -> None:
    """serialkit writes each TimeSpan as .NET Framework's SoapDuration.ToString does (every
    field, 360-day years and 30-day months, seven fraction digits only when non-zero). Mono
    reads them all back but three, each a stated Mono departure: it reads a year as 365 days
    (399 days come back as 404), and it keeps whole milliseconds only (-23:59:54.9999930
    comes back as -23:59:55, one microsecond as zero). .NET Framework reads every one exactly
    (its Parse takes ``seconds.fraction`` to the tick)."""
    doc = SoapFormatter().dumps(DURATIONS, root_type=Annotated[list[Any], Array])
    assert ["P0Y0M0DT0H0M4S", "P0Y0M1DT1H3M4S", "P0Y0M0DT1H0M0S", "P1Y1M9DT12H35M20.0100000S",
            "-P0Y0M0DT23H59M54.9999930S", "-P0Y0M1DT2H3M4.5000000S", "P0Y11M29DT0H0M0S",
            "P0Y0M0DT0H0M0.0000010S"] == [
        line.strip().removeprefix('<item xsi:type="xsd:duration">').removesuffix("</item>")
        for line in doc.decode().splitlines() if "xsd:duration" in line]
    assert DURATIONS == SoapFormatter().loads(doc)
    assert [
        "FAIL $[3]: expected 399.12:35:20.0100000 (TimeSpan), got 404.12:35:20.0100000 (TimeSpan)",
        "FAIL $[4]: expected -23:59:54.9999930 (TimeSpan), got -23:59:55 (TimeSpan)",
        "FAIL $[7]: expected 00:00:00.0000010 (TimeSpan), got 00:00:00 (TimeSpan)",
    ] == soap_peer.check("durations", doc).splitlines()


def test_reads_mono_durations(soap_peer: SoapPeer) -> None:
    """Mono's own duration texts (``PT4.0000000S``, ``P399DT...``, ``P359DT``) read back as
    the values they state. Mono's writer loses data, which serialkit cannot restore: an hour
    alone is written ``P`` (zero), and fractions are cut to milliseconds."""
    mono = soap_peer.write("durations")
    texts = [line.strip().removeprefix('<item xsi:type="xsd:duration">').removesuffix("</item>")
             for line in mono.decode().splitlines() if "xsd:duration" in line]
    assert ["PT4.0000000S", "P1DT1H3M4.0000000S", "P", "P399DT12H35M20.0100000S",
            "-PT23H59M54.9990000S", "-P1DT2H3M4.5000000S", "P359DT", "P"] == texts
    expected = [*DURATIONS[:2], timedelta(0), DURATIONS[3],
                -timedelta(hours=23, minutes=59, seconds=54, milliseconds=999),
                *DURATIONS[5:7], timedelta(0)]
    assert expected == SoapFormatter().loads(mono)


def build_failure() -> DotNetException:
    """SoapPeer.cs's Failure(): an InvalidOperationException with two Data entries and an
    inner ArgumentException."""
    inner = DotNetException("bad", type_name="System.ArgumentException", hresult=-2147024809,
                            extra={"ParamName": "p"})
    return DotNetException("order 42 failed", type_name="System.InvalidOperationException",
                           hresult=-2146233079, data={"order": 42, "customer": "Ann"},
                           inner_exception=inner)


def test_exception_with_data_both_ways(soap_peer: SoapPeer) -> None:
    """Mono's SoapFormatter reads serialkit's exception (Data as a ListDictionaryInternal of
    DictionaryNodes, the inner exception's ParamName) and checks every value; serialkit reads
    Mono's; and the two documents are the same text."""
    ours = SoapFormatter().dumps(build_failure())
    assert "OK" == soap_peer.check("exception", ours)
    mono = soap_peer.write("exception")
    assert mono.decode("utf-8").splitlines() == ours.decode("utf-8").splitlines()
    back = SoapFormatter().loads(mono)
    inner = back.inner_exception
    assert (back.type_name, back.message, back.hresult, list(back.data.items())) == (
        "System.InvalidOperationException", "order 42 failed", -2146233079,
        [("order", 42), ("customer", "Ann")])
    assert (inner.type_name, inner.message, inner.extra, inner.data) == (
        "System.ArgumentException", "bad", {"ParamName": "p"}, None)
