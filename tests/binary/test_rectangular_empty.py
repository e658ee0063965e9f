"""Rectangular arrays whose inner lengths are zero: rows without elements, within bounds."""

from __future__ import annotations

import tracemalloc
from dataclasses import dataclass, field
from typing import Annotated

import pytest

from serialkit import BinaryFormatter, serializable
from serialkit.attributes import Array
from serialkit.errors import LimitExceededError
from serialkit.limits import ReaderLimits


@serializable(type_name="Rect.Grids", assembly_name="Rect")
@dataclass
class Grids:
    two: Annotated[list[list[int]], Array(rank=2)] = field(default_factory=list)
    three: Annotated[list[list[list[str]]], Array(rank=3)] = field(default_factory=list)


@pytest.mark.parametrize("grids", [
    Grids([[], []], [[[], []]]),
    Grids([[], [], []], [[[]], [[]]]),
    Grids([], [[[], [], []], [[], [], []]]),
    Grids([[1, 2], [3, 4]], [[["a"], ["b"]]]),
])
def test_rows_of_zero_columns_round_trip(grids: Grids) -> None:
    """int[2,0] is two empty rows (it read back as [] before)."""
    formatter = BinaryFormatter()
    assert formatter.loads(formatter.dumps(grids)) == grids


def test_empty_rows_are_bounded_by_max_null_slots() -> None:
    """Rows with no elements cost memory no byte pays for: at most max_null_slots of them."""
    formatter = BinaryFormatter()
    payload = formatter.dumps(Grids([[] for _ in range(40)], []))
    assert formatter.loads(payload) == Grids([[] for _ in range(40)], [])
    strict = BinaryFormatter(limits=ReaderLimits(max_null_slots=39))
    with pytest.raises(LimitExceededError, match=r"lengths \[40, 0\] would need 40 or more "
                                                 r"empty rows.*max_null_slots=39"):
        strict.loads(payload)


def test_huge_empty_dimensions_are_refused_in_little_memory() -> None:
    """int[2^24, 2^24, 0] holds nothing in .NET; as lists it would be 2^48 rows."""
    formatter = BinaryFormatter()
    payload = bytearray(formatter.dumps(Grids([], [[[]]])))
    # The rank-3 BinaryArray's lengths [1, 1, 0] follow its rank (3) as Int32s.
    lengths = (3).to_bytes(4, "little") + b"".join(n.to_bytes(4, "little") for n in (1, 1, 0))
    at = payload.index(lengths)
    payload[at + 4:at + 12] = (1 << 24).to_bytes(4, "little") * 2
    tracemalloc.start()
    try:
        with pytest.raises(LimitExceededError, match="empty rows"):
            formatter.loads(bytes(payload))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024
