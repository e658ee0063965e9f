"""Decoder errors say where in the graph they are (SPEC Safety: "what, where (byte offset, and
the path in the object graph) and why"), for serialkit.nrbf.decode and BinaryFormatter.loads
alike: ``$`` is the root, ``.Name`` a member, ``[i]`` an element (row-major for a
multidimensional array), ``#id`` a record the root does not reach (yet).
"""

from __future__ import annotations

import pytest

import serialkit
from serialkit import BinaryFormatter, LimitExceededError, ReaderLimits, SerializationError

try:
    from . import builder as b
except ImportError:
    import builder as b  # type: ignore[no-redef]

HDR = b.header()
END = b.end()
BAD_DECIMAL = b.member_primitive_typed(b.Prim.Decimal, b.lps("1e5"))


DECIMAL = b.prim(b.Prim.Decimal)


def holder(oid: int, values: bytes, second: b.MemberType = DECIMAL) -> bytes:
    return b.system_class_with_members_and_types(
        oid, "Holder", [("Name", b.STRING), ("Amount", second)], values)


def root_class(items: bytes) -> bytes:
    return b.system_class_with_members_and_types(1, "Root", [("Items", b.OBJECT)], items)


CASES = [
    pytest.param(HDR + b.array_single_object(1, 2) + b.object_string(2, "a") + BAD_DECIMAL + END,
                 "$[1]", "not a valid System.Decimal", id="boxed-decimal-in-slot-1"),
    pytest.param(HDR + b.array_single_object(1, 2) + b.object_string(2, "a") +
                 b.member_reference(77) + END,
                 "$[1]", "object id 77, which the payload never defines", id="undefined-ref"),
    # A Decimal member left by the layout's generated reader to the loop.
    pytest.param(HDR + b.array_single_object(1, 2) + b.null() +
                 holder(2, b.object_string(3, "x") + b.lps("1e5")) + END,
                 "$[1].Amount", "not a valid System.Decimal", id="decimal-member"),
    # A Char member the generated reader reads itself, before the record has a frame.
    pytest.param(HDR + b.array_single_object(1, 2) + b.null() +
                 holder(2, b.object_string(3, "x") + b"\xff", b.prim(b.Prim.Char)) + END,
                 "$[1].Amount", "invalid UTF-8 lead byte 0xFF in a Char", id="char-member"),
    pytest.param(HDR + b.array_single_object(1, 1) + b.system_class_with_members_and_types(
        2, "FirstChar", [("C", b.prim(b.Prim.Char))], b"\xc3") + END,
                 "$[0].C", "a Char is not valid UTF-8", id="first-member-char"),
    pytest.param(HDR + b.array_single_object(1, 1) +
                 holder(2, b.array_single_object(3, 0) + b.lps("1")) + END,
                 "$[0].Name", "a String member or element holds an array record",
                 id="wrong-record"),
    pytest.param(HDR + root_class(b.array_single_object(2, 3) + b.null_multiple_256(2) +
                                  BAD_DECIMAL) + END,
                 "$.Items[2]", "not a valid System.Decimal", id="inline-array-member"),
    # A forward reference resolved after the last record: found from the root.
    pytest.param(HDR + root_class(b.member_reference(2)) + b.array_single_object(2, 3) +
                 b.null_multiple_256(2) + b.member_reference(99) + END,
                 "$.Items[2]", "object id 99", id="forward-then-undefined"),
    pytest.param(HDR + root_class(b.member_reference(2)) + b.array_single_object(2, 2) +
                 b.null() + BAD_DECIMAL + END,
                 "#2[1]", "not a valid System.Decimal", id="record-not-reached-yet"),
    pytest.param(HDR + b.binary_array(1, b.ArrayType.Rectangular, [2, 2], b.OBJECT) +
                 b.null_multiple_256(3) + BAD_DECIMAL + END,
                 "$[3]", "not a valid System.Decimal", id="rectangular-row-major"),
    pytest.param(HDR + b.array_single_string(1, 2) + b.object_string(2, "a") +
                 b.member_reference(1) + END,
                 "$[1]", "refers to object id 1, which is not a string", id="string-slot-ref"),
]


@pytest.mark.parametrize(("data", "path", "message"), CASES)
def test_decode_errors_carry_the_graph_path(data: bytes, path: str, message: str) -> None:
    for read in (serialkit.nrbf.decode, BinaryFormatter().loads):
        with pytest.raises(SerializationError, match=message) as info:
            read(data)
        assert info.value.path == path, read
        assert str(info.value).endswith(f" - at `{path}`")
        assert info.value.offset is not None


def test_errors_outside_any_record_have_no_path() -> None:
    # At the top level, between records, or in the header there is no graph yet.
    for data in (HDR + b.record(0x40) + END, HDR + b.object_string(1, "x") + END + b"\x00",
                 b.header(root=0) + b.object_string(1, "x") + END):
        with pytest.raises(SerializationError) as info:
            serialkit.nrbf.decode(data)
        assert info.value.path is None


def test_deep_nesting_error_path_is_shortened() -> None:
    # 2000 nested object[1] arrays against max_depth=1000: the path names the 1001st array,
    # element 0 of the 1000th (1000 steps below $), elided in the middle.
    data = HDR + b"".join(b.array_single_object(i, 1) for i in range(1, 2001)) + b.null() + END
    with pytest.raises(LimitExceededError, match="max_depth=1000") as info:
        serialkit.nrbf.decode(data, limits=ReaderLimits(max_depth=1000))
    assert info.value.path == "$[0][0][0]...(985 more)..." + "[0]" * 12
