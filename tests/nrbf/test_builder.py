"""The test-only NRBF builder reproduces Mono's golden payloads byte for byte.

This pins the builder itself (it needs nothing from serialkit), so a hostile-input test that
fails can be trusted to be about the decoder, not about a mis-built payload.
"""

from __future__ import annotations

from pathlib import Path

import pytest

try:  # tests/nrbf as a package, or as a plain rootdir-relative directory
    from . import builder as b
except ImportError:
    import builder as b  # type: ignore[no-redef]

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"
GEN_LIB = "gen, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"

BUILT = {
    # W("string", "hello")
    "string.bin": b.header() + b.object_string(1, "hello") + b.end(),
    # new object[0]
    "empty_obj_array.bin": b.header() + b.array_single_object(1, 0) + b.end(),
    # new object[]{1, null, null, "x"}
    "obj_array_root.bin": (
        b.header()
        + b.array_single_object(1, 4)
        + b.member_primitive_typed(b.Prim.Int32, b.i32(1))
        + b.nulls(2)
        + b.object_string(2, "x")
        + b.end()
    ),
    # new int[]{1, 2, 3}
    "int_array_root.bin": (
        b.header()
        + b.array_single_primitive(1, 3, b.Prim.Int32, b.i32(1) + b.i32(2) + b.i32(3))
        + b.end()
    ),
    # new string[]{"x", "y", "x"} (the same interned "x" twice: a reference)
    "string_array_root.bin": (
        b.header()
        + b.array_single_string(1, 3)
        + b.object_string(2, "x")
        + b.object_string(3, "y")
        + b.member_reference(2)
        + b.end()
    ),
    # new object[300]
    "nulls300.bin": b.header() + b.array_single_object(1, 300) + b.nulls(300) + b.end(),
    # new Simple() with A=42, S="hi", d=1.5
    "simple.bin": (
        b.header()
        + b.binary_library(2, GEN_LIB)
        + b.class_with_members_and_types(
            1,
            "Simple",
            [("A", b.prim(b.Prim.Int32)), ("S", b.STRING), ("d", b.prim(b.Prim.Double))],
            2,
            b.i32(42) + b.object_string(3, "hi") + b.f64(1.5),
        )
        + b.end()
    ),
    # n = Node{"a"}; n.Next = Node{"b", Next=n}; n.Self = n
    "cycle.bin": (
        b.header()
        + b.binary_library(2, GEN_LIB)
        + b.class_with_members_and_types(
            1,
            "Node",
            [("Name", b.STRING), ("Next", b.klass("Node", 2)), ("Self", b.klass("Node", 2))],
            2,
            b.object_string(3, "a") + b.member_reference(4) + b.member_reference(1),
        )
        + b.class_with_id(4, 1, b.object_string(6, "b") + b.member_reference(1) + b.null())
        + b.end()
    ),
    # new string[,]{{"a","b"},{null,"a"}}
    "string_2d.bin": (
        b.header()
        + b.binary_array(1, b.ArrayType.Rectangular, [2, 2], b.STRING)
        + b.object_string(2, "a")
        + b.object_string(3, "b")
        + b.null()
        + b.member_reference(2)
        + b.end()
    ),
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_builder_matches_golden_payload(name: str) -> None:
    assert BUILT[name] == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize(
    ("n", "encoded"),
    [
        (0, b"\x00"),
        (0x7F, b"\x7f"),
        (0x80, b"\x80\x01"),
        (300, b"\xac\x02"),
        (2**31 - 1, b"\xff\xff\xff\xff\x07"),
        (2**31, b"\x80\x80\x80\x80\x08"),  # 5th byte with a forbidden high bit
        (2**35, b"\x80\x80\x80\x80\x80\x01"),  # six bytes
    ],
)
def test_varint(n: int, encoded: bytes) -> None:
    assert b.varint(n) == encoded


def test_lps_overrides() -> None:
    assert b.lps("abc") == b"\x03abc"
    assert b.lps("abc", length=9) == b"\x09abc"
    assert b.lps(b"\xff", prefix=b"\x81\x00") == b"\x81\x00\xff"
