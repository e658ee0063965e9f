"""Conversions between .NET primitive values and Python values.

DateTime and TimeSpan count 100-nanosecond ticks; Python's ``datetime`` and ``timedelta``
count microseconds, so a tick count that is not a multiple of ten loses its last digit on
reading (truncated toward zero). Everything else converts without loss.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

__all__ = [
    "DECIMAL_MAX",
    "datetime_from_raw",
    "datetime_to_raw",
    "decimal_from_text",
    "decimal_to_text",
    "timedelta_from_ticks",
    "timedelta_to_ticks",
]

_EPOCH = datetime(1, 1, 1)
_MAX_TICKS = 3_155_378_975_999_999_999  # DateTime.MaxValue.Ticks
_TICKS_MASK = (1 << 62) - 1
_KIND_UNSPECIFIED, _KIND_UTC, _KIND_LOCAL = 0, 1, 2

DECIMAL_MAX = Decimal(2**96 - 1)
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


def datetime_from_raw(raw: int) -> datetime:
    """Decode a DateTime's 64-bit ``dateData`` (ticks plus Kind in the top two bits).

    Raises ValueError for Kind 3 or ticks beyond DateTime.MaxValue.
    """
    kind = raw >> 62
    ticks = raw & _TICKS_MASK
    if kind == 3:
        raise ValueError("DateTime Kind 3 is not a valid Kind (0 Unspecified, 1 Utc, 2 Local)")
    if ticks > _MAX_TICKS:
        raise ValueError(f"DateTime ticks {ticks} exceed DateTime.MaxValue")
    naive = _EPOCH + timedelta(microseconds=ticks // 10)
    if kind == _KIND_UTC:
        return naive.replace(tzinfo=UTC)
    if kind == _KIND_LOCAL:
        return _as_local(naive)
    return naive


def _as_local(naive: datetime) -> datetime:
    try:
        return naive.astimezone()
    except (OverflowError, ValueError):
        # At the edges of the calendar the platform cannot say which offset applied; use
        # today's, which is what .NET does for dates outside its time zone rules.
        offset = datetime.now().astimezone().utcoffset() or timedelta(0)
        return naive.replace(tzinfo=timezone(offset))


def datetime_to_raw(value: datetime) -> int:
    """Encode a datetime as ``dateData``: naive is Unspecified, UTC is Utc, other aware is Local."""
    offset = value.utcoffset()
    if offset is None:
        kind, wall = _KIND_UNSPECIFIED, value
    elif offset == timedelta(0):
        kind, wall = _KIND_UTC, value.replace(tzinfo=None)
    else:
        kind, wall = _KIND_LOCAL, value.astimezone().replace(tzinfo=None)
    delta = wall - _EPOCH
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
    if not _DECIMAL_TEXT.match(text):
        raise ValueError(f"{text[:40]!r} is not a valid System.Decimal string")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid syntax
        raise ValueError(f"{text[:40]!r} is not a valid System.Decimal string") from exc
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
    _check_decimal(value)
    return format(value, "f")
