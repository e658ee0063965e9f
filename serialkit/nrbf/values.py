"""Conversions between .NET primitive values and Python values.

DateTime and TimeSpan count 100-nanosecond ticks; Python's ``datetime`` and ``timedelta``
count microseconds, so a tick count that is not a multiple of ten loses its last digit on
reading (truncated toward zero). Everything else converts without loss.
"""

from __future__ import annotations

import functools
import re
import time
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

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
_KIND_UNSPECIFIED, _KIND_UTC, _KIND_LOCAL, _KIND_LOCAL_AMBIGUOUS_DST = 0, 1, 2, 3

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
    A Kind 2 time in that hour is the second (standard) one, as .NET takes it: ``fold=1``.
    Raises ValueError for ticks beyond DateTime.MaxValue.
    """
    kind = raw >> 62
    ticks = raw & _TICKS_MASK
    if ticks > MAX_TICKS:
        raise ValueError(f"DateTime ticks {ticks} exceed DateTime.MaxValue")
    naive = EPOCH + timedelta(microseconds=ticks // 10)
    if kind == _KIND_UTC:
        return naive.replace(tzinfo=UTC)
    if kind == _KIND_LOCAL:
        local = naive.replace(tzinfo=LOCAL)
        return local.replace(fold=1) if _is_ambiguous(naive) else local
    if kind == _KIND_LOCAL_AMBIGUOUS_DST:  # what ToLocalTime() gives in the repeated hour
        return naive.replace(tzinfo=LOCAL)
    return naive


class LocalTimezone(tzinfo):
    """The machine's local time zone: the Python face of .NET's ``DateTimeKind.Local``.

    A Local DateTime reads as a datetime with this tzinfo (its wall-clock time unchanged), so
    it is written back as Local even where the local offset happens to be zero.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        """The local offset in force at ``dt`` (today's outside the platform's range).

        In the hour repeated when DST ends, ``dt.fold`` picks the occurrence (0 the first,
        daylight one); in the hour skipped when it starts, the offset before (0) or after (1).
        """
        if dt is None:
            return _offset_now()
        try:
            naive = dt.replace(tzinfo=None)
            if _steady_day(naive.toordinal() - _UNIX_DAY, _zone()):
                return timedelta(seconds=time.localtime(
                    (naive - _UNIX_EPOCH) // timedelta(seconds=1)).tm_gmtoff)
            found = _occurrences(dt)
            if not found:
                offsets = _local_offsets(dt)[1]
                return timedelta(seconds=offsets[-1] if dt.fold else offsets[0])
        except (OverflowError, ValueError, OSError):
            return _offset_now()
        return timedelta(seconds=found[-1] if dt.fold else found[0])

    def fromutc(self, dt: datetime) -> datetime:
        """The local wall-clock time of UTC time ``dt`` (``astimezone(LOCAL)``); in the hour
        repeated when DST ends, the second occurrence has ``fold=1``. tzinfo's own fromutc
        needs ``dst()``, which this zone does not know."""
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        naive = dt.replace(tzinfo=None)
        try:
            offset = time.localtime((naive - _UNIX_EPOCH) // timedelta(seconds=1)).tm_gmtoff
            wall = naive + timedelta(seconds=offset)
            found = _occurrences(wall)
        except (OverflowError, ValueError, OSError):
            return (naive + _offset_now()).replace(tzinfo=self)
        return wall.replace(tzinfo=self, fold=int(len(found) > 1 and offset == found[-1]))

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


_UNIX_EPOCH = datetime(1970, 1, 1)
_UNIX_DAY = _UNIX_EPOCH.toordinal()
#: Wider than any gap or repeated hour of the tz database (a day: Samoa skipped one).
_AROUND = 86_400 + 3_600


def _wall(stamp: int) -> int:
    """The local wall-clock time of POSIX time ``stamp``, in seconds since 1970-01-01."""
    t = time.localtime(stamp)
    return (datetime(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
            - _UNIX_EPOCH) // timedelta(seconds=1)


def _local_offsets(dt: datetime) -> tuple[int, list[int]]:
    """``dt``'s wall-clock time in seconds since 1970-01-01, and the local offsets (seconds)
    in force from a day before it to a day after, in that order and without repeats."""
    wall = (dt.replace(tzinfo=None, microsecond=0, fold=0) - _UNIX_EPOCH) // timedelta(
        seconds=1)
    offsets: list[int] = []
    for probe in (wall - _AROUND, wall, wall + _AROUND):
        offset = time.localtime(probe).tm_gmtoff
        if offset not in offsets:
            offsets.append(offset)
    return wall, offsets


def _occurrences(naive: datetime) -> list[int]:
    """The local offsets (seconds) that give the wall-clock time ``naive``, the first
    occurrence's first: two in the hour repeated when DST ends, none in a skipped one."""
    wall, offsets = _local_offsets(naive)
    return sorted((o for o in offsets if _wall(wall - o) == wall), reverse=True)


@functools.lru_cache(maxsize=4096)
def _steady_day(day: int, zone: tuple[Any, ...]) -> bool:
    """Whether the local offset is the same from a day before wall-clock day ``day`` (days
    since 1970-01-01) to a day after it, so that no time of that day repeats. ``zone`` keys
    the cache to the zone in force (TZ may change, with time.tzset)."""
    start = day * 86_400
    return len({time.localtime(probe).tm_gmtoff for probe in (
        start - _AROUND, start + 43_200, start + 86_400 + _AROUND)}) == 1


def _zone() -> tuple[Any, ...]:
    return time.timezone, time.altzone, time.tzname


def _is_ambiguous(naive: datetime) -> bool:
    """Whether the local wall-clock time ``naive`` happens twice (the hour DST ends)."""
    try:
        if _steady_day(naive.toordinal() - _UNIX_DAY, _zone()):
            return False  # most days: one offset all around, nothing repeats
        wall, offsets = _local_offsets(naive)
        return sum(_wall(wall - o) == wall for o in offsets) > 1
    except (OverflowError, ValueError, OSError):
        return False


#: The tzinfo of every datetime read from a Local DateTime.
LOCAL = LocalTimezone()


def datetime_to_raw(value: datetime) -> int:
    """Encode a datetime as ``dateData``: naive is Unspecified, UTC is Utc, LOCAL is Local, and
    any other aware datetime is converted to local time and written as Local.

    A Local time in the hour repeated when DST ends is written as .NET writes it: its first
    (daylight, ``fold=0``) occurrence with Kind 3 (LocalAmbiguousDst), the second with Kind 2.
    """
    offset = None if isinstance(value.tzinfo, LocalTimezone) else value.utcoffset()
    if isinstance(value.tzinfo, LocalTimezone):
        wall = value.replace(tzinfo=None, fold=0)
        kind = _KIND_LOCAL_AMBIGUOUS_DST if value.fold == 0 and _is_ambiguous(wall) else (
            _KIND_LOCAL)
    elif offset is None:
        kind, wall = _KIND_UNSPECIFIED, value
    elif offset == timedelta(0):
        kind, wall = _KIND_UTC, value.replace(tzinfo=None)
    else:
        local = value.astimezone()
        wall = local.replace(tzinfo=None)
        kind = _KIND_LOCAL
        try:
            found = _occurrences(wall)
        except (OverflowError, ValueError, OSError):
            found = []
        # The first occurrence of a repeated local time has the larger (daylight) offset.
        if len(found) > 1 and local.utcoffset() == timedelta(seconds=found[0]):
            kind = _KIND_LOCAL_AMBIGUOUS_DST
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
