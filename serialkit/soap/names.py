"""How SoapFormatter names things: CLR type namespaces, XML-encoded names, XSD lexical forms."""

from __future__ import annotations

import base64
import functools
import math
import re
import struct
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, unquote

from serialkit.nrbf.enums import PrimitiveType
from serialkit.nrbf.values import decimal_from_text, decimal_to_text
from serialkit.xml.netnumber import read_double
from serialkit.xml.xsd import format_double, format_single

__all__ = [
    "CLR", "ENC", "ENV", "XSD", "XSI",
    "decode_name", "encode_name", "format_value", "parse_type_namespace", "parse_value",
    "type_namespace",
]

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
ENC = "http://schemas.xmlsoap.org/soap/encoding/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
CLR = "http://schemas.microsoft.com/clr/"

#: The xsd name of each primitive, as SoapFormatter types boxed values and arrays.
XSD_NAMES: dict[PrimitiveType, str] = {
    PrimitiveType.BOOLEAN: "boolean", PrimitiveType.BYTE: "unsignedByte",
    PrimitiveType.DECIMAL: "decimal", PrimitiveType.DOUBLE: "double",
    PrimitiveType.INT16: "short", PrimitiveType.INT32: "int", PrimitiveType.INT64: "long",
    PrimitiveType.SBYTE: "byte", PrimitiveType.SINGLE: "float",
    PrimitiveType.TIMESPAN: "duration", PrimitiveType.DATETIME: "dateTime",
    PrimitiveType.UINT16: "unsignedShort", PrimitiveType.UINT32: "unsignedInt",
    PrimitiveType.UINT64: "unsignedLong",
}
XSD_CODES = {name: code for code, name in XSD_NAMES.items()}
_INT_RANGES = {
    PrimitiveType.BYTE: (0, 2**8 - 1), PrimitiveType.SBYTE: (-(2**7), 2**7 - 1),
    PrimitiveType.INT16: (-(2**15), 2**15 - 1), PrimitiveType.UINT16: (0, 2**16 - 1),
    PrimitiveType.INT32: (-(2**31), 2**31 - 1), PrimitiveType.UINT32: (0, 2**32 - 1),
    PrimitiveType.INT64: (-(2**63), 2**63 - 1), PrimitiveType.UINT64: (0, 2**64 - 1),
}


@functools.lru_cache(maxsize=1024)  # one per class, asked for every object
def type_namespace(type_name: str, library: str | None) -> tuple[str, str]:
    """The XML namespace and local name SoapFormatter gives a .NET type."""
    namespace, _, local = type_name.rpartition(".")
    local = encode_name(local)
    if library is None:
        return f"{CLR}ns/{namespace}", local
    if not namespace:
        return f"{CLR}assem/{quote(library, safe='')}", local
    return f"{CLR}nsassem/{namespace}/{quote(library, safe='')}", local


@functools.lru_cache(maxsize=4096)  # every object element names its type again
def parse_type_namespace(uri: str, local: str) -> tuple[str, str | None] | None:
    """(type name, library or None for mscorlib) of an element in a CLR namespace."""
    if not uri.startswith(CLR):
        return None
    rest = uri[len(CLR):]
    name = decode_name(local)
    if rest.startswith("ns/"):
        namespace = rest[3:]
        return (f"{namespace}.{name}" if namespace else name), None
    if rest.startswith("assem/"):
        return name, unquote(rest[6:])
    if rest.startswith("nsassem/"):
        namespace, _, library = rest[8:].rpartition("/")
        return f"{namespace}.{name}", unquote(library)
    return None


_NAME_START = re.compile(r"[A-Za-z_\u00C0-\uFFFF]")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@functools.lru_cache(maxsize=4096)  # member and type names repeat on every object
def encode_name(name: str) -> str:
    """XmlConvert.EncodeLocalName: characters an XML name cannot hold become ``_xHHHH_``."""
    out = []
    for i, ch in enumerate(name):
        ok = _NAME_START.match(ch) if i == 0 else _NAME_CHAR.match(ch)
        if ch == "_" and _ESCAPE.match(name, i):
            ok = None  # a literal "_xHHHH_" must itself be escaped
        out.append(ch if ok else f"_x{ord(ch):04X}_")
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # member and type names repeat on every object
def decode_name(name: str) -> str:
    """XmlConvert.DecodeName: ``_xHHHH_`` back to the character."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)


def _duration(value: timedelta) -> str:
    """A TimeSpan as .NET Framework's SoapDuration.ToString writes it, every field present:
    ``P1Y1M9DT12H35M20.0100000S`` for 399.12:35:20.01. Its quirks are kept so that the text
    is byte for byte what SoapFormatter writes: a year is 360 days and a month 30, seconds
    have seven fraction digits when any is non-zero, and a zero span is "negative"
    (``-P0Y0M0DT0H0M0S``: it tests ``Compare(span, Zero) < 1``)."""
    ticks = ((value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds) * 10
    sign = "-" if ticks <= 0 else ""
    ticks = abs(ticks)
    days, rest = divmod(ticks, 864_000_000_000)
    hours, rest = divmod(rest, 36_000_000_000)
    minutes, rest = divmod(rest, 600_000_000)
    seconds, fraction = divmod(rest, 10_000_000)
    years, months = days // 360, days % 360 // 30
    text = f"{sign}P{years}Y{months}M{days % 30}DT{hours}H{minutes}M{seconds}"
    return text + (f".{fraction:07d}S" if fraction else "S")


def _datetime(value: datetime) -> str:
    # Four year digits always ("yyyy" in .NET's pattern): strftime's %Y drops the leading zeros
    # of years before 1000 on glibc, a form no xsd:dateTime reader takes.
    text = (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}.{value.microsecond * 10:07d}")
    if value.tzinfo is None:
        return text
    offset = value.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_value(code: PrimitiveType, value: Any) -> str:
    """The XSD lexical form SoapFormatter writes for a primitive value.

    Raises ValueError when the value does not fit the .NET type.
    """
    if code is PrimitiveType.BOOLEAN:
        return "true" if value else "false"
    limits = _INT_RANGES.get(code)
    if limits is not None:
        number = int(value)
        if not limits[0] <= number <= limits[1] or isinstance(value, float):
            raise ValueError(f"{value!r} does not fit {code.net_name}")
        return str(number)
    if code is PrimitiveType.DOUBLE:
        return format_double(float(value))  # XmlConvert's form, shared with XmlSerializer
    if code is PrimitiveType.SINGLE:
        return format_single(float(value))
    if code is PrimitiveType.DECIMAL:
        return decimal_to_text(value)
    if code is PrimitiveType.CHAR:
        if not isinstance(value, str) or len(value) != 1:
            raise ValueError(f"{value!r} is not a single character (System.Char)")
        return value
    if code is PrimitiveType.TIMESPAN:
        return _duration(value)
    if code is PrimitiveType.DATETIME:
        return _datetime(value)
    raise ValueError(f"{code.name} has no XSD form")


_DURATION = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?"
                       r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$", re.ASCII)
_DATETIME = re.compile(r"^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?"
                       r"(Z|[+-]\d\d:\d\d)?$", re.ASCII)


_INTEGER = re.compile(r"[+-]?\d{1,25}", re.ASCII).fullmatch
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII).fullmatch
_SPECIAL_DOUBLES = {"INF": math.inf, "Infinity": math.inf, "-INF": -math.inf,
                    "-Infinity": -math.inf, "NaN": math.nan}


def parse_value(code: PrimitiveType, text: str) -> Any:
    """A primitive from its XSD lexical form. Raises ValueError when it is not one."""
    text = text.strip() if code is not PrimitiveType.CHAR else text
    if code is PrimitiveType.BOOLEAN:
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValueError(f"{text[:40]!r} is not an xsd:boolean")
    limits = _INT_RANGES.get(code)
    if limits is not None:
        if not _INTEGER(text):
            raise ValueError(f"{text[:40]!r} is not an integer")
        number = int(text)
        if not limits[0] <= number <= limits[1]:
            raise ValueError(f"{number} does not fit {code.net_name}")
        return number
    if code in (PrimitiveType.DOUBLE, PrimitiveType.SINGLE):
        if text in _SPECIAL_DOUBLES:
            return _SPECIAL_DOUBLES[text]
        if not _NUMBER(text):
            raise ValueError(f"{text[:40]!r} is not a number")
        real = read_double(text)  # as .NET Framework reads it; too large is an error
        if code is PrimitiveType.SINGLE:
            try:  # narrowed to the nearest System.Single, as Single.Parse gives
                return struct.unpack("<f", struct.pack("<f", real))[0]
            except OverflowError:
                raise ValueError(f"{text[:40]!r} does not fit System.Single") from None
        return real
    if code is PrimitiveType.DECIMAL:
        return decimal_from_text(text)
    if code is PrimitiveType.CHAR:
        if len(text) != 1:
            raise ValueError(f"{text[:40]!r} is not a single character")
        return text
    if code is PrimitiveType.TIMESPAN:
        return _parse_duration(text)
    if code is PrimitiveType.DATETIME:
        return _parse_datetime(text)
    raise ValueError(f"{code.name} has no XSD form")


def _parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"{text[:40]!r} is not an xsd:duration")
    sign, years, months, days, hours, minutes, seconds, fraction = m.groups()
    # TimeSpan has no years or months: .NET Framework's SoapDuration writes and reads a year
    # as 360 days and a month as 30 (Mono's reads a year as 365, but never writes one).
    total_days = int(years or 0) * 360 + int(months or 0) * 30
    micros = int(((fraction or "") + "000000")[:6])
    value = timedelta(days=total_days + int(days or 0), hours=int(hours or 0),
                      minutes=int(minutes or 0), seconds=int(seconds or 0), microseconds=micros)
    return -value if sign else value


def _parse_datetime(text: str) -> datetime:
    m = _DATETIME.match(text)
    if not m:
        raise ValueError(f"{text[:40]!r} is not an xsd:dateTime")
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    micros = int(((fraction or "") + "000000")[:6])
    try:
        wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        micros)
    except ValueError as exc:  # DateTime holds years 1 to 9999, as datetime does
        raise ValueError(f"{text[:40]!r} is not a System.DateTime: {exc}") from None
    if zone is None:
        return wall
    if zone == "Z":
        return wall.replace(tzinfo=UTC)
    sign = -1 if zone[0] == "-" else 1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * sign
    if not offset:
        return wall.replace(tzinfo=UTC)
    return wall.replace(tzinfo=timezone(offset))


def encode_base64(data: bytes) -> str:
    """byte[] as SOAP-ENC:base64."""
    return base64.b64encode(data).decode("ascii")


def decode_base64(text: str) -> bytes:
    """SOAP-ENC:base64 back to bytes; ValueError if malformed."""
    return base64.b64decode("".join(text.split()), validate=True)
