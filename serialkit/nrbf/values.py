"""Conversions between .NET primitive values and Python values.

DateTime and TimeSpan count 100-nanosecond ticks; Python's ``datetime`` and ``timedelta``
count microseconds, so a tick count that is not a multiple of ten loses its last digit on
reading (truncated toward zero). Everything else converts without loss.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

__all__ = [
    "DECIMAL_MAX",
    "DECIMAL_TEXT",
    "EPOCH",
    "LOCAL",
    "MAX_TICKS",
    "SURELY_IN_RANGE",
    "LocalTimezone",
    "datetime_from_raw",
    "datetime_to_raw",
    "decimal_from_text",
    "decimal_to_text",
    "timedelta_from_ticks",
    "timedelta_to_ticks",
]

#: DateTime.MinValue (tick 0), naive.
EPOCH = datetime(1, 1, 1)
#: DateTime.MaxValue.Ticks.
MAX_TICKS = 3_155_378_975_999_999_999
_TICKS_MASK = (1 << 62) - 1
_KIND_UNSPECIFIED, _KIND_UTC, _KIND_LOCAL = 0, 1, 2

DECIMAL_MAX = Decimal(2**96 - 1)
#: A plain decimal string this short has at most 28 digits, so its scale is at most 28 and
#: its coefficient below 10**28 < 2**96: it fits System.Decimal without further checks.
SURELY_IN_RANGE = 28
#: A Decimal as MS-NRBF writes it: digits, with an optional sign and fraction.
DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


def datetime_from_raw(raw: int) -> datetime:
    """Decode a DateTime's 64-bit ``dateData`` (ticks plus Kind in the top two bits).

    Kind 3 is .NET's LocalAmbiguousDst: a Local time in the repeated hour when DST ends, the
    first (daylight) occurrence; it reads as Local with ``fold=0``, Python's first occurrence.
    Raises ValueError for ticks beyond DateTime.MaxValue.
    """
    kind = raw >> 62
    ticks = raw & _TICKS_MASK
    if ticks > MAX_TICKS:
        raise ValueError(f"DateTime ticks {ticks} exceed DateTime.MaxValue")
    naive = EPOCH + timedelta(microseconds=ticks // 10)
    if kind == _KIND_UTC:
        return naive.replace(tzinfo=UTC)
    if kind >= _KIND_LOCAL:  # 2 Local, 3 LocalAmbiguousDst (what ToLocalTime() gives then)
        return _as_local(naive)
    return naive


class LocalTimezone(tzinfo):
    """The machine's local time zone: the Python face of .NET's ``DateTimeKind.Local``.

    A Local DateTime reads as a datetime with this tzinfo (its wall-clock time unchanged), so
    it is written back as Local even where the local offset happens to be zero.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        """The local offset in force at ``dt`` (today's outside the platform's range)."""
        if dt is None:
            return _offset_now()
        try:
            stamp = time.mktime((dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                                 0, 0, -1))
            return timedelta(seconds=time.localtime(stamp).tm_gmtoff)
        except (OverflowError, ValueError, OSError):
            return _offset_now()

    def dst(self, dt: datetime | None) -> timedelta | None:
        """Not known separately; the offset already includes it."""
        return None

    def tzname(self, dt: datetime | None) -> str:
        """``Local``."""
        return "Local"

    def __repr__(self) -> str:
        return "LOCAL"


def _offset_now() -> timedelta:
    return timedelta(seconds=time.localtime().tm_gmtoff)


#: The tzinfo of every datetime read from a Local DateTime.
LOCAL = LocalTimezone()


def _as_local(naive: datetime) -> datetime:
    return naive.replace(tzinfo=LOCAL)


def datetime_to_raw(value: datetime) -> int:
    """Encode a datetime as ``dateData``: naive is Unspecified, UTC is Utc, LOCAL is Local, and
    any other aware datetime is converted to local time and written as Local."""
    offset = value.utcoffset()
    if isinstance(value.tzinfo, LocalTimezone):
        kind, wall = _KIND_LOCAL, value.replace(tzinfo=None)
    elif offset is None:
        kind, wall = _KIND_UNSPECIFIED, value
    elif offset == timedelta(0):
        kind, wall = _KIND_UTC, value.replace(tzinfo=None)
    else:
        kind, wall = _KIND_LOCAL, value.astimezone().replace(tzinfo=None)
    delta = wall - EPOCH
    ticks = (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10
    return ticks | (kind << 62)


def timedelta_from_ticks(ticks: int) -> timedelta:
    """Decode TimeSpan ticks, truncating sub-microsecond ticks toward zero."""
    micros = abs(ticks) // 10
    return timedelta(microseconds=micros if ticks >= 0 else -micros)


def timedelta_to_ticks(value: timedelta) -> int:
    """Encode a timedelta as TimeSpan ticks; ValueError if it is beyond TimeSpan's range."""
    ticks = ((value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds) * 10
    if not -(1 << 63) <= ticks < (1 << 63):
        raise ValueError(f"{value!r} is beyond the range of System.TimeSpan")
    return ticks


def decimal_from_text(text: str) -> Decimal:
    """Parse a Decimal as MS-NRBF writes it (invariant culture), checking .NET's range.

    Raises ValueError when the text is not a plain decimal number or does not fit
    System.Decimal (96-bit coefficient, scale at most 28).
    """
    if not DECIMAL_TEXT.match(text):
        raise ValueError(f"{text[:40]!r} is not a valid System.Decimal string")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid syntax
        raise ValueError(f"{text[:40]!r} is not a valid System.Decimal string") from exc
    if len(text) > SURELY_IN_RANGE:
        _check_decimal(value)
    return value


def _check_decimal(value: Decimal) -> None:
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(  # noqa: TRY004 - a NaN is a bad value, not a bad type
            f"{value} is not a finite number and has no System.Decimal form")
    coefficient = int("".join(map(str, digits)) or "0")
    scale = -exponent if exponent < 0 else 0
    if exponent > 0:
        coefficient *= 10**exponent
    if scale > 28 or coefficient > 2**96 - 1:
        raise ValueError(f"{value} is outside the range or precision of System.Decimal")


def decimal_to_text(value: Decimal) -> str:
    """Format a Decimal as .NET's invariant ``ToString()`` does (no exponent, scale kept)."""
    if not value.is_finite():
        _check_decimal(value)  # raises
    text = format(value, "f")
    if len(text) > SURELY_IN_RANGE:
        _check_decimal(value)
    return text
