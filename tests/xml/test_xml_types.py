"""The XSD mapping of primitives: XmlConvert's lexical forms, as Mono writes and reads them."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

import pytest

from serialkit import (
    Char,
    Int8,
    Single,
    UInt8,
    XmlAttribute,
    XmlElement,
    XmlFormatError,
    XmlMappingError,
    XmlSerializer,
    xml_enum,
)
from serialkit.xml import xsd
from serialkit.xml.xsd import format_double, format_single


def body(cls: Any, obj: Any) -> str:
    """The document without declaration and default namespaces, on one line."""
    text = XmlSerializer(cls).dumps(obj, indent=False, xml_declaration=False).decode()
    return text.replace(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', "").replace(
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"', "")


@pytest.mark.parametrize(("value", "text"), [
    (0.1 + 0.7, "0.79999999999999993"), (0.1 + 0.2, "0.30000000000000004"), (1e15, "1E+15"),
    (1e14, "100000000000000"), (123456789012345680.0, "1.2345678901234568E+17"),
    (0.0001, "0.0001"), (0.00001, "1E-05"), (100.0, "100"), (-1.5, "-1.5"),
    (5e-324, "4.94065645841247E-324"), (1.7976931348623157e308, "1.7976931348623157E+308"),
    (1 / 3, "0.33333333333333331"), (float("nan"), "NaN"), (float("inf"), "INF"),
    (float("-inf"), "-INF"), (-0.0, "-0"), (0.0, "0"),
    # 16 shortest digits: 17 written. A subnormal whose 15 digits Python reads back, but
    # .NET's parser (one unit below) does not: 17, as Mono writes it.
    (9.3859586774234884, "9.3859586774234884"), (2.3615506564439e-310, "2.3615506564438806E-310"),
    # 15 digits .NET reads back but Python does not, and the other way round (Mono's bytes).
    (24.037404019550902, "24.0374040195509"), (88.676444422861593, "88.676444422861593"),
    # An exact tie at 17 digits: .NET rounds half away from zero, Python's format to even.
    (770967312082294.625, "770967312082294.63"),
    (1e16, "1E+16"), (999999999999999.9, "999999999999999.88"), (-2.5e-5, "-2.5E-05"),
])
def test_double_round_trip_format(value: float, text: str) -> None:
    """Doubles use .NET Framework's "R": 15 digits when they round-trip, else 17."""
    assert text == format_double(value)


@pytest.mark.parametrize(("value", "text"), [
    (0.1, "0.1"), (16777216.0, "16777216"), (1e7, "1E+07"), (1e-5, "1E-05"),
    (1 / 3, "0.333333343"), (1.401298464324817e-45, "1.401298E-45"),
    (3.4028234663852886e38, "3.40282347E+38"), (1.1, "1.1"),
])
def test_single_round_trip_format(value: float, text: str) -> None:
    """Singles use 7 digits when they round-trip, else 9 (Mono's output)."""
    assert text == format_single(value)


GUID_ONE = uuid.UUID(int=1)


@dataclass
class Values:
    B: bool = True
    S8: Annotated[int, Int8] = -5
    U8: Annotated[int, UInt8] = 200
    F: Annotated[float, Single] = 1.1
    M: Decimal = Decimal("1.10")
    Utc: dt.datetime = dt.datetime(2020, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)
    Naive: dt.datetime = dt.datetime(2020, 1, 2, 3, 4, 5, 120000)
    Offset: dt.datetime = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone(
        dt.timedelta(hours=5, minutes=30)))
    Day: dt.date = dt.date(2021, 3, 4)
    Blob: bytes = b"\x01\xab\xff"
    Hex: Annotated[bytes, XmlElement(data_type="hexBinary")] = b"\x01\xab"
    G: uuid.UUID = GUID_ONE
    C: Annotated[str, Char] = "A"
    Span: dt.timedelta = dt.timedelta(hours=1, minutes=30)


def test_primitive_lexical_forms() -> None:
    """Each primitive is written in XmlConvert's form (Mono-verified values)."""
    expected = (
        "<Values><B>true</B><S8>-5</S8><U8>200</U8><F>1.1</F><M>1.10</M>"
        "<Utc>2020-01-02T03:04:05.678Z</Utc><Naive>2020-01-02T03:04:05.12</Naive>"
        "<Offset>2020-01-02T03:04:05+05:30</Offset><Day>2021-03-04</Day><Blob>Aav/</Blob>"
        "<Hex>01AB</Hex><G>00000000-0000-0000-0000-000000000001</G><C>65</C>"
        "<Span>PT1H30M</Span></Values>")
    assert expected == body(Values, Values())


def test_primitives_read_back_equal() -> None:
    """Every primitive reads back to an equal Python value (float32 rounding aside)."""
    s = XmlSerializer(Values)
    back = s.loads(s.dumps(Values()))
    assert Values(F=back.F) == back
    assert pytest.approx(1.1) == back.F


@pytest.mark.parametrize(("text", "value"), [("true", True), ("1", True), ("0", False),
                                             (" false ", False)])
def test_boolean_lexical_forms_read(text: str, value: bool) -> None:
    """xs:boolean reads true/false/1/0 (surrounding whitespace allowed)."""
    assert value == XmlSerializer(bool).loads(f"<boolean>{text}</boolean>")


def test_boolean_capitalised_is_rejected() -> None:
    """'True' is not an xs:boolean (.NET rejects it too)."""
    with pytest.raises(XmlFormatError, match="'True' is not a valid Boolean"):
        XmlSerializer(bool).loads("<boolean>True</boolean>")


def test_int_out_of_range_on_write() -> None:
    """A value outside the declared width fails on serialize, naming the type."""
    with pytest.raises(XmlFormatError, match="out of range for xs:unsignedByte"):
        XmlSerializer(Values).dumps(Values(U8=256))


def test_int_reading_rejects_fraction_and_empty() -> None:
    """'1.5' and '' are not ints (.NET: FormatException)."""
    for text in ("1.5", ""):
        with pytest.raises(XmlFormatError):
            XmlSerializer(int).loads(f"<int>{text}</int>")


class Color(enum.Enum):
    Red = 0
    Green = 1


xml_enum("Green", "green-ish")(Color)


class Perm(enum.Flag):
    NONE = 0
    Read = 1
    Write = 2
    Exec = 4


xml_enum("NONE", "None")(Perm)


@dataclass
class Enums:
    C: Color = Color.Green
    P: Perm = Perm.Read | Perm.Exec
    Z: Perm = Perm.NONE
    A: Annotated[list[Color], XmlAttribute()] | None = None


def test_enum_names_and_flags() -> None:
    """XmlEnum renames a member; a Flag is a space-separated list; zero is its name."""
    expected = '<Enums A="Red green-ish"><C>green-ish</C><P>Read Exec</P><Z>None</Z></Enums>'
    assert expected == body(Enums, Enums(A=[Color.Red, Color.Green]))


def test_enum_reads_back() -> None:
    """Enum names, flag lists and attribute lists read back to the members."""
    s = XmlSerializer(Enums)
    obj = Enums(P=Perm.Write | Perm.Exec, A=[Color.Green])
    assert obj == s.loads(s.dumps(obj))


def test_unknown_enum_text_is_an_error() -> None:
    """An undefined name fails with .NET's 'Instance validation error'."""
    with pytest.raises(XmlFormatError, match="'Purple' is not a valid value for Color"):
        XmlSerializer(Enums).loads("<Enums><C>Purple</C></Enums>")


def test_undefined_enum_value_fails_on_write() -> None:
    """A value that is not a member fails on serialize."""
    with pytest.raises(XmlFormatError, match="'42' is not a valid value for Color"):
        XmlSerializer(Enums).dumps(Enums(C=42))  # type: ignore[arg-type]


def test_string_escaping_and_control_characters() -> None:
    """Text escapes <, > and &; control characters become character references."""
    @dataclass
    class S:
        T: str = "a<b>&\"'\t\x01"
        A: Annotated[str, XmlAttribute()] = "x\ny\"<"

    assert '<S A="x&#xA;y&quot;&lt;"><T>a&lt;b&gt;&amp;"\'\t&#x1;</T></S>' == body(S, S())


def test_invalid_data_type_is_a_mapping_error() -> None:
    """DataType='int' on a str member fails when the serializer is built."""
    @dataclass
    class D:
        S: Annotated[str, XmlElement(data_type="int")] = ""

    with pytest.raises(XmlMappingError, match="'int' is an invalid value for the DataType"):
        XmlSerializer(D)


def test_whitespace_only_string_reads_empty() -> None:
    """Whitespace-only text reads as '' unless xml:space='preserve'."""
    s = XmlSerializer(str)
    assert ("", "  ") == (s.loads("<string>  </string>"),
                          s.loads('<string xml:space="preserve">  </string>'))


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("423.17"), "423.17"), (Decimal("1.50"), "1.50"), (Decimal("-0.00"), "0.00"),
    (Decimal("-12.5"), "-12.5"), (Decimal("1E+2"), "100"), (Decimal("1E-7"), "0.0000001"),
    (Decimal("9" * 28), "9" * 28), (Decimal("0." + "1" * 30), "0." + "1" * 28),
])
def test_decimal_forms_written(value: Decimal, text: str) -> None:
    """The usual forms take a short cut (str of the Decimal); the others the general rule."""
    assert xsd.DECIMAL.format(value) == text


@pytest.mark.parametrize(("text", "value"), [
    ("423.17", Decimal("423.17")), (".5", Decimal("0.5")), ("5.", Decimal("5")),
    (" 7 ", Decimal("7")), ("-3", Decimal("-3")),
])
def test_decimal_forms_read(text: str, value: Decimal) -> None:
    assert xsd.DECIMAL.parse(text) == value


@pytest.mark.parametrize("text", [".", "", "1.2.3", "1E5", "NaN", "1_000"])
def test_decimal_non_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a valid xs:decimal"):
        xsd.DECIMAL.parse(text)


@pytest.mark.parametrize(("text", "value"), [
    ("2024-03-05T10:11:12", dt.datetime(2024, 3, 5, 10, 11, 12)),
    ("2024-03-05T10:11:12.5", dt.datetime(2024, 3, 5, 10, 11, 12, 500000)),
    ("2024-03-05T10:11:12.000000", dt.datetime(2024, 3, 5, 10, 11, 12)),
    ("2024-03-05T10:11:12.123456+01:00",
     dt.datetime(2024, 3, 5, 10, 11, 12, 123456, dt.timezone(dt.timedelta(hours=1)))),
    ("2024-03-05T10:11:12Z", dt.datetime(2024, 3, 5, 10, 11, 12, tzinfo=dt.UTC)),
    ("2024-03-05", dt.datetime(2024, 3, 5)),
    ("0999-01-01T00:00:00", dt.datetime(999, 1, 1)),
])
def test_datetime_forms_read(text: str, value: dt.datetime) -> None:
    """isoformat's own forms take a short cut; the others the pattern, alike."""
    read = xsd.DATETIME.parse(text)
    assert read == value and read.utcoffset() == value.utcoffset()


@pytest.mark.parametrize("text", ["2024-03-05T10:11:12+01:00:30", "2024-03-05 10:11:12",
                                  "2024-W10-2T10:11:12", "2024-02-30T10:11:12"])
def test_datetime_non_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a valid xs:dateTime"):
        xsd.DATETIME.parse(text)


def test_datetime_forms_written() -> None:
    assert xsd.DATETIME.format(dt.datetime(999, 1, 2, 3, 4, 5)) == "0999-01-02T03:04:05"
    assert xsd.DATETIME.format(dt.datetime(2024, 1, 2, 3, 4, 5, 120000)) == \
        "2024-01-02T03:04:05.12"
    assert xsd.DATETIME.format(dt.datetime(2024, 1, 2, tzinfo=dt.UTC)) == "2024-01-02T00:00:00Z"
