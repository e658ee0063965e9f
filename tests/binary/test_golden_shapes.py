"""Golden payloads of every common .NET shape (tests/golden/nrbf/gen3.cs, written by Mono's
BinaryFormatter), read by serialkit and compared value by value with what the C# put in.

The C# types and values are tests/interop/csharp/ShapesModel.cs, compiled into assembly gen3;
the Python twins come from tests/interop/shape_models.py, declared here for that assembly.
No Mono is needed at test time.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from zones import local_zone

from serialkit import BinaryFormatter

TESTS = Path(__file__).resolve().parent.parent
GOLDEN = TESTS / "golden" / "nrbf" / "payloads"


def _load_shape_models() -> Any:
    name = "_golden_shape_models"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / "interop" / "shape_models.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


sm = _load_shape_models()
NS = sm.define(sm.GEN3_ASM)
CASES = tuple(NS.cases)


def payload(name: str) -> bytes:
    return (GOLDEN / f"{name}.bin").read_bytes()


def test_every_gen3_payload_is_checked() -> None:
    """gen3.cs wrote one payload per case, plus the two exact-extreme roots."""
    gen3 = (GOLDEN.parent / "gen3.cs").read_text(encoding="utf-8")
    written = {line.split('"')[1] for line in gen3.splitlines() if line.strip().startswith('W("')}
    assert set(CASES) | {"root_datetime_max_exact", "root_timespan_max_exact"} == written


@pytest.mark.parametrize("name", CASES)
def test_reads_golden_shape(name: str) -> None:
    """Each shape reads back to exactly the expected Python graph (sharing included)."""
    build, _ = NS.cases[name]
    sm.assert_same(build(), BinaryFormatter().loads(payload(name)))


def test_reads_extremes_truncated_to_microseconds() -> None:
    """DateTime.MaxValue (ticks ...9999) and TimeSpan.MaxValue (...5807) are below Python's
    microsecond resolution: the last tick digit is truncated toward zero on reading."""
    assert datetime.max == BinaryFormatter().loads(payload("root_datetime_max_exact"))
    assert sm.TS_LARGE == BinaryFormatter().loads(payload("root_timespan_max_exact"))


# The Local times of the repeated hour: Mono wrote them in New York, where 01:30 on 2021-11-07
# happens twice; read and written there, they are byte-identical too (Kind 3, then Kind 2).
AMBIGUOUS = ("root_datetime_ambiguous", "root_datetime_ambiguous_array")
# Where serialkit's bytes differ from Mono's (none).
NOT_EQUAL: tuple[str, ...] = ()


@pytest.mark.parametrize("name", [c for c in CASES if c not in NOT_EQUAL])
def test_rewrites_golden_shape_exactly(name: str) -> None:
    """Read, then written with the case's root_type, the graph gives Mono's bytes again."""
    _, root_type = NS.cases[name]
    formatter = BinaryFormatter()
    data = payload(name)
    with local_zone("America/New_York") if name in AMBIGUOUS else contextlib.nullcontext():
        assert data.hex() == formatter.dumps(formatter.loads(data), root_type=root_type).hex()


def test_ambiguous_local_times_keep_their_fold_in_new_york() -> None:
    """Kind 3 (LocalAmbiguousDst, the daylight 01:30) reads as fold=0, Kind 2 in the repeated
    hour as fold=1 (the standard 01:30, as .NET takes it): two instants an hour apart."""
    with local_zone("America/New_York"):
        first, second = BinaryFormatter().loads(payload("root_datetime_ambiguous_array"))
        assert (first.fold, second.fold) == (0, 1)
        assert (first.astimezone(UTC), second.astimezone(UTC)) == (
            datetime(2021, 11, 7, 5, 30, tzinfo=UTC), datetime(2021, 11, 7, 6, 30, tzinfo=UTC))
        assert BinaryFormatter().loads(payload("root_datetime_ambiguous")).fold == 0


@pytest.mark.parametrize("name", AMBIGUOUS)
def test_ambiguous_local_time_in_a_zone_without_that_hour(name: str) -> None:
    """Where 01:30 is not ambiguous (UTC), Kind 3 reads as a plain Local time and is written
    back as Kind 2: those two bits are the only difference."""
    _, root_type = NS.cases[name]
    data = payload(name)
    with local_zone("UTC"):
        ours = BinaryFormatter().dumps(BinaryFormatter().loads(data), root_type=root_type)
    diffs = [(i, a, b) for i, (a, b) in enumerate(zip(data, ours, strict=True)) if a != b]
    assert [(a >> 6, b >> 6, a & 0x3F == b & 0x3F) for _, a, b in diffs] == [(3, 2, True)]
