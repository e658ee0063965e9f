"""XmlSerializer and a Local time in New York's repeated and skipped DST hours.

``serialkit.LOCAL`` gives each occurrence of the repeated hour its own offset (``fold``), so
the XML text carries the instant. Mono, in New York, writes these offsets for the same
instants: 2024-11-03 05:30Z made local is ``01:30:00-04:00``, 06:30Z is ``01:30:00-05:00``,
and a Local 2024-03-10 02:30 (a time that never happens) ``02:30:00-05:00``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from zones import local_zone

from serialkit import LOCAL, XmlSerializer, XmlSerializerNamespaces

NONE = XmlSerializerNamespaces([("", "")])
FIRST = datetime(2024, 11, 3, 1, 30, tzinfo=LOCAL)  # EDT, 05:30 UTC
SECOND = FIRST.replace(fold=1)  # EST, 06:30 UTC


@pytest.fixture(autouse=True)
def new_york() -> Iterator[None]:
    with local_zone("America/New_York"):
        yield


@dataclass
class Meeting:
    When: datetime | None = None
    Times: list[datetime] | None = None


@pytest.mark.parametrize(("value", "text", "utc"), [
    (FIRST, "2024-11-03T01:30:00-04:00", datetime(2024, 11, 3, 5, 30, tzinfo=UTC)),
    (SECOND, "2024-11-03T01:30:00-05:00", datetime(2024, 11, 3, 6, 30, tzinfo=UTC)),
])
def test_each_occurrence_gets_its_offset(value: datetime, text: str, utc: datetime) -> None:
    s = XmlSerializer(Meeting)
    data = s.dumps(Meeting(value), namespaces=NONE, xml_declaration=False)
    assert data == f"<Meeting>\n  <When>{text}</When>\n</Meeting>".encode()
    back = s.loads(data).When
    assert back is not None
    # (not back == value: PEP 495 makes a time of the repeated hour unequal to any
    # time of another zone, so the instants are compared)
    assert back.astimezone(UTC) == utc == value.astimezone(UTC)
    assert back.utcoffset() == value.utcoffset()


def test_list_and_root_keep_the_fold() -> None:
    data = XmlSerializer(Meeting).dumps(Meeting(Times=[FIRST, SECOND]), namespaces=NONE)
    assert (b"<dateTime>2024-11-03T01:30:00-04:00</dateTime>\n"
            b"    <dateTime>2024-11-03T01:30:00-05:00</dateTime>") in data
    times = XmlSerializer(Meeting).loads(data).Times
    assert times is not None
    assert [t.astimezone(UTC).hour for t in times] == [5, 6]
    root = XmlSerializer(datetime)
    assert root.dumps(SECOND).endswith(b"<dateTime>2024-11-03T01:30:00-05:00</dateTime>")
    assert root.loads(root.dumps(FIRST)).astimezone(UTC) == FIRST.astimezone(UTC)


def test_a_skipped_time_takes_the_offset_before_the_gap_as_dotnet_does() -> None:
    """02:30 on 2024-03-10 never happens in New York; .NET (Mono) writes it with the
    standard offset, the one before the gap, which is fold=0's; fold=1 takes the one after."""
    s = XmlSerializer(Meeting)
    skipped = datetime(2024, 3, 10, 2, 30, tzinfo=LOCAL)
    assert b"<When>2024-03-10T02:30:00-05:00</When>" in s.dumps(Meeting(skipped))
    assert b"<When>2024-03-10T02:30:00-04:00</When>" in s.dumps(
        Meeting(skipped.replace(fold=1)))
    back = s.loads(s.dumps(Meeting(skipped))).When
    assert back is not None
    assert back.utcoffset() == timedelta(hours=-5)
    assert back.astimezone(UTC) == datetime(2024, 3, 10, 7, 30, tzinfo=UTC)
