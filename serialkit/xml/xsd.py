"""The XSD mapping of primitive values: .NET's ``XmlConvert`` lexical forms, both ways."""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import math
import re
import struct
import sys
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from serialkit.xml import netnumber
from serialkit.xml.namespaces import XSD_NS

__all__ = ["MS_TYPES_NS", "PrimitiveMapping", "format_double", "format_single", "primitive"]

#: Where .NET puts ``char`` and ``guid`` (not XSD built-ins).
MS_TYPES_NS = "http://microsoft.com/wsdl/types/"


class XsdValueError(ValueError):
    """A lexical form that is not a valid value of its XSD type."""


@attrs.frozen(eq=False)
class PrimitiveMapping:
    """A simple type: its XSD name and namespace, and how values are written and read."""

    type_name: str
    namespace: str
    py: Any
    format: Callable[[Any], str]
    parse: Callable[[str], Any]
    is_value_type: bool = True

    @property
    def default_element_name(self) -> str:
        """The element name .NET gives an item or root of this type."""
        return self.type_name


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return None


_DOUBLE_MIN_NORMAL = sys.float_info.min
_DOUBLE_MAX = sys.float_info.max


def format_double(value: float) -> str:
    """``XmlConvert.ToString(double)``: .NET Framework's "R" (15 digits when .NET reads them
    back as the same double, else 17)."""
    value = float(value)
    if not _DOUBLE_MIN_NORMAL <= abs(value) <= _DOUBLE_MAX:  # else: no special form
        special = _special(value)
        if special is not None:
            return special
    return netnumber.format_double(value)


def _to_single(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        raise XsdValueError(f"{value!r} is out of range for a float (System.Single)") from None


def format_single(value: float) -> str:
    """``XmlConvert.ToString(float)``: "R" for System.Single (7 digits, else 9)."""
    value = _to_single(float(value))
    special = _special(value)
    if special is not None:
        return special
    return netnumber.format_single(value)


_FLOAT_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def _parse_float(text: str) -> float:
    s = text.strip(" \t\r\n")
    if s == "INF":
        return math.inf
    if s == "-INF":
        return -math.inf
    if s == "NaN":
        return math.nan
    if not _FLOAT_RE.fullmatch(s):
        raise XsdValueError(f"the string '{text}' is not a valid floating-point value")
    value = netnumber.parse_number(s)
    if math.isinf(value):  # .NET: OverflowException, not infinity
        raise XsdValueError(f"the value '{text}' is too large for a double (System.Double)")
    return value


def _parse_single(text: str) -> float:
    return _to_single(_parse_float(text))


def _format_bool(value: Any) -> str:
    return "true" if value else "false"


def _parse_bool(text: str) -> bool:
    s = text.strip(" \t\r\n")
    if s in ("true", "1"):
        return True
    if s in ("false", "0"):
        return False
    raise XsdValueError(f"the string '{text}' is not a valid Boolean value")


_INT_RE = re.compile(r"[+-]?\d+", re.ASCII)


def _int_type(name: str, lo: int, hi: int) -> PrimitiveMapping:
    def fmt(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise XsdValueError(f"{value!r} is not an int (xs:{name})")
        if not lo <= value <= hi:
            raise XsdValueError(f"{value} is out of range for xs:{name} ({lo}..{hi})")
        return str(value)

    def parse(text: str) -> int:
        s = text.strip(" \t\r\n")
        # ASCII digits only, as .NET's XmlConvert (str.isdecimal alone takes any Nd digit)
        if not ((s.isascii() and s.isdecimal()) or _INT_RE.fullmatch(s)):
            raise XsdValueError(f"the string '{text}' is not a valid xs:{name} value")
        value = int(s)
        if not lo <= value <= hi:
            raise XsdValueError(f"{value} is out of range for xs:{name} ({lo}..{hi})")
        return value

    return PrimitiveMapping(name, XSD_NS, int, fmt, parse)


_DEC_MAX = Decimal("79228162514264337593543950335")


def _format_decimal(value: Any) -> str:
    if value.__class__ is Decimal:
        text = str(value)
        # The usual form: not negative, no exponent, not NaN or infinite, 28 characters at
        # most (within System.Decimal's range and scale): what format(d, "f") gives.
        if len(text) <= 28 and text[0] != "-" and text[-1].isdigit() and "E" not in text:
            return text
    d = Decimal(value)
    if not d.is_finite() or abs(d) > _DEC_MAX:
        raise XsdValueError(f"{value!r} is out of range for xs:decimal (System.Decimal)")
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -28:
        d = round(d, 28)
    text = format(d, "f")
    return text[1:] if d.is_zero() and text.startswith("-") else text


_DEC_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


def _parse_decimal(text: str) -> Decimal:
    # The usual form: ASCII digits and at most one ".", not "." alone (what the pattern
    # matches of these characters).
    if text and not text.strip("0123456789.") and text.count(".") < 2 and text != ".":
        return Decimal(text)
    s = text.strip(" \t\r\n")
    if not _DEC_RE.fullmatch(s):
        raise XsdValueError(f"the string '{text}' is not a valid xs:decimal value")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise XsdValueError(f"the string '{text}' is not a valid xs:decimal value") from None


def _fraction(microsecond: int) -> str:
    return f".{microsecond:06d}".rstrip("0") if microsecond else ""


def _offset(value: _dt.datetime | _dt.time) -> str:
    delta = value.utcoffset()
    if delta is None:
        return ""
    if delta == _dt.timedelta(0):
        return "Z"
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _format_datetime(value: Any) -> str:
    if value.__class__ is _dt.datetime and not value.microsecond and value.tzinfo is None:
        return value.isoformat()  # YYYY-MM-DDTHH:MM:SS, as below
    if not isinstance(value, _dt.datetime):
        raise XsdValueError(f"{value!r} is not a datetime (xs:dateTime)")
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}{_fraction(value.microsecond)}"
            f"{_offset(value)}")


_TZ = r"(Z|[+-]\d\d:\d\d)?"  # (compiled with re.ASCII: \d is [0-9], as in .NET)
_DT_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(\.\d+)?)?" + _TZ, re.ASCII)
_DATE_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)" + _TZ, re.ASCII)
_TIME_RE = re.compile(r"(\d\d):(\d\d):(\d\d)(\.\d+)?" + _TZ, re.ASCII)


def _tz(text: str | None) -> _dt.tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return _dt.UTC
    sign = -1 if text[0] == "-" else 1
    return _dt.timezone(sign * _dt.timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


def _micro(text: str | None) -> int:
    return int((text or ".")[1:7].ljust(6, "0")) if text else 0


#: The lengths of ``datetime.isoformat()``'s forms that _DT_RE reads: without and with
#: microseconds, each without and with an offset in hours and minutes.
_ISO_LENGTHS = frozenset({19, 26, 25, 32})


def _parse_datetime(text: str) -> _dt.datetime:
    if len(text) in _ISO_LENGTHS:
        # A text that is exactly what isoformat writes is read alike below. (Of 19
        # characters, the separators in place leave fromisoformat that form alone: digits
        # elsewhere, ASCII ones, which it checks.)
        try:
            value = _dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if (text[10] == "T" and text[4] == "-" and text[7] == "-" and text[13] == ":"
                    and text[16] == ":") if len(text) == 19 else value.isoformat() == text:
                return value
    m = _DT_RE.fullmatch(text.strip(" \t\r\n"))
    if m is None:
        raise XsdValueError(f"the string '{text}' is not a valid xs:dateTime value")
    y, mo, d, h, mi, s, frac, tz = m.groups()
    try:
        return _dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                            _micro(frac), tzinfo=_tz(tz))
    except ValueError as exc:
        raise XsdValueError(f"the string '{text}' is not a valid xs:dateTime value: "
                            f"{exc}") from None


def _format_date(value: Any) -> str:
    if not isinstance(value, _dt.date):
        raise XsdValueError(f"{value!r} is not a date (xs:date)")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _parse_date(text: str) -> _dt.date:
    m = _DATE_RE.fullmatch(text.strip(" \t\r\n"))
    if m is None:
        raise XsdValueError(f"the string '{text}' is not a valid xs:date value")
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise XsdValueError(f"the string '{text}' is not a valid xs:date value: {exc}") from None


def _parse_date_as_datetime(text: str) -> _dt.datetime:
    d = _parse_date(text)
    return _dt.datetime(d.year, d.month, d.day)


def _format_time(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        value = value.timetz()
    if not isinstance(value, _dt.time):
        raise XsdValueError(f"{value!r} is not a time (xs:time)")
    return (f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}."
            f"{value.microsecond:06d}0{_offset(value)}")


def _parse_time(text: str) -> _dt.time:
    m = _TIME_RE.fullmatch(text.strip(" \t\r\n"))
    if m is None:
        raise XsdValueError(f"the string '{text}' is not a valid xs:time value")
    h, mi, s, frac, tz = m.groups()
    return _dt.time(int(h), int(mi), int(s), _micro(frac), tzinfo=_tz(tz))


def _format_base64(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


def _parse_base64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        raise XsdValueError(f"the string '{text[:40]}' is not valid base64Binary") from None


def _format_hex(value: Any) -> str:
    return bytes(value).hex().upper()


def _parse_hex(text: str) -> bytes:
    try:
        return bytes.fromhex(text.strip(" \t\r\n"))
    except ValueError:
        raise XsdValueError(f"the string '{text[:40]}' is not valid hexBinary") from None


def _format_guid(value: Any) -> str:
    if not isinstance(value, uuid.UUID):
        raise XsdValueError(f"{value!r} is not a UUID (guid)")
    return str(value)


def _parse_guid(text: str) -> uuid.UUID:
    s = text.strip(" \t\r\n")
    try:
        value = uuid.UUID(s)
    except ValueError:
        value = None
    if value is None or not s.isascii():  # (uuid.UUID takes any Nd digit as a hex digit)
        raise XsdValueError(f"the string '{text}' is not a valid guid")
    return value


def _format_char(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 1 or ord(value) > 0xFFFF:
        raise XsdValueError(f"{value!r} is not one UTF-16 character (System.Char)")
    return str(ord(value))


def _parse_char(text: str) -> str:
    s = text.strip(" \t\r\n")
    if not (s.isascii() and s.isdigit()) or int(s) > 0xFFFF:
        raise XsdValueError(f"the string '{text}' is not a valid char (a number 0..65535)")
    return chr(int(s))


def _format_duration(value: Any) -> str:
    if not isinstance(value, _dt.timedelta):
        raise XsdValueError(f"{value!r} is not a timedelta (xs:duration)")
    micro = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micro < 0 else ""
    micro = abs(micro)
    days, rest = divmod(micro, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, micros = divmod(rest, 1_000_000)
    out = f"{sign}P" + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or micros:
        time += f"{seconds}{_fraction(micros)}S"
    if time or not days:
        out += "T" + (time or "0S")
    return out


_DUR_RE = re.compile(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(\.\d+)?S)?)?", re.ASCII)


def _parse_duration(text: str) -> _dt.timedelta:
    m = _DUR_RE.fullmatch(text.strip(" \t\r\n"))
    if m is None or text.strip().endswith(("P", "T")):
        raise XsdValueError(f"the string '{text}' is not a valid xs:duration value")
    neg, d, h, mi, s, frac = m.groups()
    delta = _dt.timedelta(days=int(d or 0), hours=int(h or 0), minutes=int(mi or 0),
                          seconds=int(s or 0), microseconds=_micro(frac))
    return -delta if neg else delta


def _format_string(value: Any) -> str:
    if not isinstance(value, str):
        raise XsdValueError(f"{value!r} is not a str (xs:string)")
    return value


def _identity(text: str) -> str:
    return text


STRING = PrimitiveMapping("string", XSD_NS, str, _format_string, _identity, is_value_type=False)
BOOLEAN = PrimitiveMapping("boolean", XSD_NS, bool, _format_bool, _parse_bool)
DOUBLE = PrimitiveMapping("double", XSD_NS, float, format_double, _parse_float)
FLOAT = PrimitiveMapping("float", XSD_NS, float, format_single, _parse_single)
DECIMAL = PrimitiveMapping("decimal", XSD_NS, Decimal, _format_decimal, _parse_decimal)
DATETIME = PrimitiveMapping("dateTime", XSD_NS, _dt.datetime, _format_datetime, _parse_datetime)
DATE = PrimitiveMapping("date", XSD_NS, _dt.date, _format_date, _parse_date)
DATETIME_AS_DATE = PrimitiveMapping("date", XSD_NS, _dt.datetime, _format_date,
                                    _parse_date_as_datetime)
TIME = PrimitiveMapping("time", XSD_NS, _dt.time, _format_time, _parse_time)
BASE64 = PrimitiveMapping("base64Binary", XSD_NS, bytes, _format_base64, _parse_base64,
                          is_value_type=False)
HEX = PrimitiveMapping("hexBinary", XSD_NS, bytes, _format_hex, _parse_hex, is_value_type=False)
GUID = PrimitiveMapping("guid", MS_TYPES_NS, uuid.UUID, _format_guid, _parse_guid)
CHAR = PrimitiveMapping("char", MS_TYPES_NS, str, _format_char, _parse_char)
DURATION = PrimitiveMapping("duration", XSD_NS, _dt.timedelta, _format_duration,
                            _parse_duration)
#: The range of each XSD integer type (generated code checks a value against it inline).
INT_BOUNDS = {
    "byte": (-(2**7), 2**7 - 1),
    "unsignedByte": (0, 2**8 - 1),
    "short": (-(2**15), 2**15 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "int": (-(2**31), 2**31 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "long": (-(2**63), 2**63 - 1),
    "unsignedLong": (0, 2**64 - 1),
}
INTS = {name: _int_type(name, lo, hi) for name, (lo, hi) in INT_BOUNDS.items()}
#: .NET's width markers (serialkit.attributes) -> XSD integer type.
WIDTH_TYPES = {"SByte": "byte", "Byte": "unsignedByte", "Int16": "short",
               "UInt16": "unsignedShort", "Int32": "int", "UInt32": "unsignedInt",
               "Int64": "long", "UInt64": "unsignedLong"}

#: DataType names XmlSerializer accepts on a string member (all written as given).
STRING_DATA_TYPES = frozenset({
    "string", "normalizedString", "token", "Name", "NCName", "NMTOKEN", "NMTOKENS", "ID",
    "IDREF", "IDREFS", "ENTITY", "ENTITIES", "language", "anyURI", "NOTATION", "integer",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "nonNegativeInteger",
    "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "duration",
})


def string_with_data_type(data_type: str) -> PrimitiveMapping:
    """xs:string under another XSD name (``DataType="token"``): written as given."""
    return PrimitiveMapping(data_type, XSD_NS, str, _format_string, _identity,
                            is_value_type=False)


def primitive(name: str) -> PrimitiveMapping | None:
    """The primitive mapping of an XSD (or MS types) name, as found in ``xsi:type``."""
    table: dict[str, PrimitiveMapping] = {
        m.type_name: m for m in (STRING, BOOLEAN, DOUBLE, FLOAT, DECIMAL, DATETIME, DATE,
                                 TIME, BASE64, HEX, DURATION)}
    table.update(INTS)
    return table.get(name)
