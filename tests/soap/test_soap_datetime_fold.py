"""SoapFormatter and a Local time whose offset depends on ``fold``, in New York.

2024-11-03 01:00-02:00 happens twice there (EDT, then EST) and 2024-03-10 02:00-03:00 never.
An xsd:dateTime carries the offset, so ``fold`` picks the one written; the reader keeps it
as a fixed offset, which names the same instant, and ``astimezone(LOCAL)`` gives the fold back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import attrs
import pytest
from zones import local_zone

from serialkit import LOCAL, SoapFormatter, serializable


@pytest.fixture(autouse=True)
def new_york() -> Iterator[None]:
    with local_zone("America/New_York"):
        yield


@serializable(type_name="SoapFold.When")
@attrs.define
class When:
    at: datetime
    boxed: Any = None


REPEATED = datetime(2024, 11, 3, 1, 30, tzinfo=LOCAL)
SKIPPED = datetime(2024, 3, 10, 2, 30, tzinfo=LOCAL)


@pytest.mark.parametrize(("when", "offset"), [
    (REPEATED, "-04:00"),  # the first pass, daylight time
    (REPEATED.replace(fold=1), "-05:00"),  # the second, standard time
    (SKIPPED, "-05:00"),  # fold=0: the offset before the gap
    (SKIPPED.replace(fold=1), "-04:00"),  # fold=1: the offset after it
])
def test_a_local_time_is_written_with_its_folds_offset_and_read_as_that_instant(
        when: datetime, offset: str) -> None:
    formatter = SoapFormatter()
    document = formatter.dumps(When(when, when))
    texts = re.findall(rb"<(?:at|boxed)[^>]*>([^<]*)<", document)
    assert texts == [f"{when:%Y-%m-%dT%H:%M:%S}.0000000{offset}".encode()] * 2
    back = formatter.loads(document)
    for value in (back.at, back.boxed):
        assert (value.timestamp(), str(value.utcoffset())) == (
            when.timestamp(), str(when.utcoffset()))
    if when.month == 11:  # a skipped time has no wall clock of its own to come back to
        local = back.at.astimezone(LOCAL)
        assert (local.replace(tzinfo=None), local.fold) == (
            when.replace(tzinfo=None), when.fold)


@pytest.mark.parametrize("fold", [0, 1])
def test_a_local_root_keeps_its_fold(fold: int) -> None:
    """A DateTime at the root is a boxed struct holding dateData: Kind 3 (LocalAmbiguousDst)
    for the first pass of the repeated hour, Kind 2 for the second, as in the binary format."""
    when = REPEATED.replace(fold=fold)
    formatter = SoapFormatter()
    back = formatter.loads(formatter.dumps(when))
    assert (back, back.tzinfo, back.fold) == (when, LOCAL, fold)
