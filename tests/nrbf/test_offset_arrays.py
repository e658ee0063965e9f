"""BinaryArray kinds with lower bounds: JaggedOffset (4) and RectangularOffset (5).

Mono 6.8's BinaryFormatter cannot write a RectangularOffset array (it fails with
IndexOutOfRange), and no golden payload holds a JaggedOffset one, so these are built with the
test record builder. SingleOffset is in the golden arrays.bin (tests/binary/test_golden.py).
The record layer keeps the lower bounds; BinaryFormatter reads the arrays as Python lists,
which index from 0.
"""

from __future__ import annotations

import pytest

import serialkit
from serialkit import BinaryFormatter, NrbfFormatError
from serialkit.nrbf import ArrayRecord, BinaryArrayType, decode, format_tree

try:
    from . import builder as b
except ImportError:
    import builder as b  # type: ignore[no-redef]

HDR = b.header()
END = b.end()


def jagged_offset() -> bytes:
    """int[][] with lower bound 3, written as .NET writes a jagged array: int[] elements."""
    return (HDR + b.binary_array(1, b.ArrayType.JaggedOffset, [3], b.prim_array(b.Prim.Int32),
                                 lower_bounds=[3]) +
            b.array_single_primitive(2, 2, b.Prim.Int32, b.i32(1) + b.i32(2)) + b.null() +
            b.member_reference(2) + END)


def rectangular_offset() -> bytes:
    """short[-1..0, 10..12], primitives written raw, row-major."""
    return (HDR + b.binary_array(1, b.ArrayType.RectangularOffset, [2, 3], b.prim(b.Prim.Int16),
                                 lower_bounds=[-1, 10]) +
            b"".join(b.i16(v) for v in (0, 1, 2, -3, -4, -5)) + END)


def test_jagged_offset_array_decodes_with_its_lower_bound() -> None:
    root = decode(jagged_offset())
    assert isinstance(root, ArrayRecord)
    assert (root.array_type, root.lengths, root.lower_bounds, root.rank, root.type_name) == (
        BinaryArrayType.JAGGED_OFFSET, (3,), (3,), 1, "Int32[][]")
    first, second, third = root.values
    assert (first.values, second, third) == ([1, 2], None, first)


def test_jagged_offset_array_loads_as_lists_sharing_the_inner_array() -> None:
    got = BinaryFormatter().loads(jagged_offset())
    assert got == [[1, 2], None, [1, 2]]
    assert got[0] is got[2]


def test_rectangular_offset_array_decodes_with_its_lower_bounds() -> None:
    root = decode(rectangular_offset())
    assert (root.array_type, root.lengths, root.lower_bounds, root.type_name, root.values) == (
        BinaryArrayType.RECTANGULAR_OFFSET, (2, 3), (-1, 10), "Int16[,]", [0, 1, 2, -3, -4, -5])
    # inspect shows the .NET indices, lower bounds included.
    assert format_tree(root).splitlines() == [
        "Int16[,] #1 (length [2, 3], lower bounds [-1, 10])",
        "  [-1,10]: 0", "  [-1,11]: 1", "  [-1,12]: 2",
        "  [0,10]: -3", "  [0,11]: -4", "  [0,12]: -5"]


def test_rectangular_offset_array_loads_as_nested_lists() -> None:
    assert BinaryFormatter().loads(rectangular_offset()) == [[0, 1, 2], [-3, -4, -5]]


def test_rectangular_offset_array_of_objects_with_a_null_run() -> None:
    data = (HDR + b.binary_array(1, b.ArrayType.RectangularOffset, [2, 2], b.OBJECT,
                                 lower_bounds=[1, 1]) +
            b.object_string(2, "a") + b.null_multiple_256(2) + b.member_reference(2) + END)
    root = decode(data)
    assert (root.lower_bounds, root.values) == ((1, 1), ["a", None, None, "a"])
    assert BinaryFormatter().loads(data) == [["a", None], [None, "a"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(HDR + b.binary_array(1, b.ArrayType.JaggedOffset, [1, 1], b.OBJECT_ARRAY,
                                          lower_bounds=[0, 0]) + END,
                     "a jagged_offset array must have rank 1, not 2", id="jagged-rank-2"),
        pytest.param(HDR + b.binary_array(1, b.ArrayType.JaggedOffset, [1], b.prim(b.Prim.Int32),
                                          lower_bounds=[0]) + END,
                     "a jagged array's elements are arrays, not primitives", id="jagged-prims"),
        pytest.param(HDR + b.binary_array(1, b.ArrayType.RectangularOffset, [2, 2], b.OBJECT,
                                          lower_bounds=[1]) + END,
                     "truncated payload: a lower bound needs 4 bytes", id="missing-bound"),
        pytest.param(HDR + b.binary_array(1, b.ArrayType.RectangularOffset, [2, 2],
                                          b.prim(b.Prim.Int16), lower_bounds=[0, 0]) +
                     b.i16(1) * 3 + END,
                     r"truncated payload: System.Int16\[4\] needs 8 bytes but only 7 remain",
                     id="short-data"),
    ],
)
def test_malformed_offset_arrays_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(NrbfFormatError, match=message):
        decode(data)
    with pytest.raises(serialkit.SerializationError):
        BinaryFormatter().loads(data)
