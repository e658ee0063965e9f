"""A Local time in the hour repeated when DST ends: ``fold`` and .NET's Kind bits.

.NET writes the first (daylight) occurrence with Kind 3 (LocalAmbiguousDst) and takes a Kind 2
time of that hour for the second (standard) one; serialkit maps them to ``fold=0`` and
``fold=1`` in both directions. Whether a time is in that hour depends on the local zone, so
these tests run in New York (2021-11-07 01:00-02:00 happens twice, 2021-03-14 02:00-03:00
never). Mono's payloads of such times: test_golden_shapes.py, test_shapes_interop.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from zones import local_zone

from serialkit import LOCAL, BinaryFormatter, serializable
from serialkit.nrbf.values import datetime_from_raw, datetime_to_raw

FIRST = datetime(2021, 11, 7, 1, 30, 15, 250_000, tzinfo=LOCAL)  # EDT, 05:30:15.25 UTC
SECOND = FIRST.replace(fold=1)  # EST, 06:30:15.25 UTC


@pytest.fixture(autouse=True)
def new_york() -> Iterator[None]:
    with local_zone("America/New_York"):
        yield


@serializable(type_name="Fold.Event", assembly_name="Fold")
@attrs.define
class Event:
    when: datetime
    anything: Any = None


def kind(value: datetime) -> int:
    return datetime_to_raw(value) >> 62


def test_the_local_zone_sees_both_occurrences() -> None:
    assert (FIRST.utcoffset(), SECOND.utcoffset()) == (timedelta(hours=-4), timedelta(hours=-5))
    assert (FIRST.astimezone(UTC), SECOND.astimezone(UTC)) == (
        datetime(2021, 11, 7, 5, 30, 15, 250_000, tzinfo=UTC),
        datetime(2021, 11, 7, 6, 30, 15, 250_000, tzinfo=UTC))


def test_the_occurrences_are_written_as_dotnet_writes_them() -> None:
    assert (kind(FIRST), kind(SECOND)) == (3, 2)
    assert datetime_to_raw(FIRST) & ((1 << 62) - 1) == datetime_to_raw(SECOND) & ((1 << 62) - 1)
    # Any other aware datetime is converted to local time: its instant picks the occurrence.
    plus_one = timezone(timedelta(hours=1))
    assert (kind(FIRST.astimezone(plus_one)), kind(SECOND.astimezone(plus_one))) == (3, 2)


@pytest.mark.parametrize("value", [FIRST, SECOND])
def test_fold_round_trips_through_the_raw_value(value: datetime) -> None:
    back = datetime_from_raw(datetime_to_raw(value))
    assert (back, back.fold, back.tzinfo, back.astimezone(UTC)) == (
        value, value.fold, LOCAL, value.astimezone(UTC))


def test_a_kind_2_time_of_the_repeated_hour_reads_as_the_second() -> None:
    ticks = datetime_to_raw(FIRST) & ((1 << 62) - 1)
    assert (datetime_from_raw(ticks | 2 << 62).fold, datetime_from_raw(ticks | 3 << 62).fold) == (
        1, 0)


def test_fold_round_trips_through_payloads() -> None:
    bf = BinaryFormatter()
    pair = bf.loads(bf.dumps([FIRST, SECOND]))  # object[]: boxed DateTimes
    event = bf.loads(bf.dumps(Event(SECOND, FIRST)))  # a DateTime member, and a boxed one
    got = [*pair, event.when, event.anything]
    assert [(v.fold, v.astimezone(UTC)) for v in got] == [
        (v.fold, v.astimezone(UTC)) for v in (FIRST, SECOND, SECOND, FIRST)]
    # An aware datetime of another zone is written as the local occurrence of its instant.
    assert bf.loads(bf.dumps(SECOND.astimezone(timezone.max))).fold == 1


@pytest.mark.parametrize("value", [
    datetime(2021, 6, 15, 12, 0, tzinfo=LOCAL),  # summer: one occurrence
    datetime(2021, 6, 15, 12, 0, tzinfo=LOCAL).replace(fold=1),  # fold means nothing there
    datetime(2021, 11, 7, 2, 30, tzinfo=LOCAL),  # after the repeated hour
])
def test_other_local_times_are_kind_2_and_read_with_fold_0(value: datetime) -> None:
    assert kind(value) == 2
    back = BinaryFormatter().loads(BinaryFormatter().dumps(value))
    assert (back, back.fold, back.utcoffset()) == (value, 0, value.utcoffset())


def test_a_skipped_local_time_keeps_its_wall_clock() -> None:
    # 02:30 on 2021-03-14 never happens in New York: fold picks the offset before (0) or
    # after (1) the change, as PEP 495 says; on the wire it is a plain Local time.
    gap = datetime(2021, 3, 14, 2, 30, tzinfo=LOCAL)
    assert (gap.utcoffset(), gap.replace(fold=1).utcoffset()) == (
        timedelta(hours=-5), timedelta(hours=-4))
    assert kind(gap) == 2
    back = BinaryFormatter().loads(BinaryFormatter().dumps(gap))
    assert (back.replace(tzinfo=None), back.fold) == (datetime(2021, 3, 14, 2, 30), 0)


@pytest.mark.parametrize("start", [datetime(2021, 11, 7, 4, tzinfo=UTC),
                                   datetime(2021, 3, 14, 5, tzinfo=UTC)])
def test_astimezone_local_keeps_the_instant_and_picks_the_fold(start: datetime) -> None:
    """``astimezone(LOCAL)`` (LOCAL.fromutc) across both transitions: every UTC time of the
    four hours around them comes back to the same instant, the repeated hour's second pass
    with ``fold=1``."""
    seen = []
    for quarter in range(16):
        utc = start + timedelta(minutes=15 * quarter)
        local = utc.astimezone(LOCAL)
        assert (local.timestamp(), local.tzinfo) == (utc.timestamp(), LOCAL), utc
        seen.append((local.strftime("%H:%M"), local.fold))
    if start.month == 11:  # 01:00-01:45 EDT, then 01:00-01:45 EST again
        assert seen[:12] == [(f"{h:02d}:{m:02d}", f) for f, h in ((0, 0), (0, 1), (1, 1))
                             for m in (0, 15, 30, 45)]
    else:  # 01:45 EST is followed by 03:00 EDT
        assert [s for s, _ in seen[4:9]] == ["01:00", "01:15", "01:30", "01:45", "03:00"]
        assert {f for _, f in seen} == {0}


def test_astimezone_local_at_the_end_of_the_datetime_range() -> None:
    """The last day DateTime holds converts without an error."""
    far = datetime(9999, 12, 31, 12, tzinfo=UTC).astimezone(LOCAL)
    assert (far.date(), far.tzinfo) == (datetime(9999, 12, 31).date(), LOCAL)
