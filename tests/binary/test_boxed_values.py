"""Boxed primitives keep their .NET type: ``Int16(5)`` in an ``object`` slot is a boxed Int16,
and a boxed Int16 read from a payload is ``Int16(5)`` again (serialkit.nrbf.boxed)."""

from __future__ import annotations

import copy
import pickle
import struct
from typing import Annotated, Any

import attrs
import pytest

from serialkit import (
    BinaryFormatter,
    Char,
    Int8,
    Int16,
    Int32,
    Int64,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    serializable,
)
from serialkit.cli import main
from serialkit.nrbf import PrimitiveType, RecordType, decode
from serialkit.nrbf.boxed import (
    BoxedByte,
    BoxedChar,
    BoxedInt,
    BoxedInt16,
    BoxedInt64,
    BoxedSingle,
    BoxedUInt64,
    boxed,
)

#: (value, the PrimitiveType of its MemberPrimitiveTyped record, the value's packed bytes)
CASES: list[tuple[Any, PrimitiveType, bytes]] = [
    (Int8(-5), PrimitiveType.SBYTE, b"\xfb"),
    (UInt8(200), PrimitiveType.BYTE, b"\xc8"),
    (Int16(-300), PrimitiveType.INT16, struct.pack("<h", -300)),
    (UInt16(60000), PrimitiveType.UINT16, struct.pack("<H", 60000)),
    (Int32(7), PrimitiveType.INT32, struct.pack("<i", 7)),
    (UInt32(3_000_000_000), PrimitiveType.UINT32, struct.pack("<I", 3_000_000_000)),
    (Int64(7), PrimitiveType.INT64, struct.pack("<q", 7)),
    (UInt64(2**64 - 1), PrimitiveType.UINT64, b"\xff" * 8),
    (Single(1.25), PrimitiveType.SINGLE, struct.pack("<f", 1.25)),
    (Char("\u00e7"), PrimitiveType.CHAR, "\u00e7".encode()),
]


@pytest.mark.parametrize(("value", "code", "raw"), CASES)
def test_an_object_slot_writes_the_boxed_type(value: Any, code: PrimitiveType,
                                              raw: bytes) -> None:
    """In an ArrayList, each boxed value is a MemberPrimitiveTyped of its own type."""
    payload = BinaryFormatter().dumps([value])
    assert bytes([RecordType.MEMBER_PRIMITIVE_TYPED, code]) + raw in payload


@pytest.mark.parametrize(("value", "code", "raw"), CASES)
def test_a_boxed_value_reads_back_with_its_type(value: Any, code: PrimitiveType,
                                                raw: bytes) -> None:
    """Read back, an object slot gives the same boxed type, so writing again is exact."""
    formatter = BinaryFormatter()
    payload = formatter.dumps([value, value])
    back = formatter.loads(payload)
    expected_type = int if code is PrimitiveType.INT32 else type(value)
    assert (expected_type, value) == (type(back[0]), back[0])
    assert payload == formatter.dumps(back)


@pytest.mark.parametrize(("value", "code", "raw"), CASES)
def test_a_boxed_root_is_the_dotnet_struct(value: Any, code: PrimitiveType, raw: bytes) -> None:
    """At the root a boxed value is a class record ``System.Int16`` with ``m_value``, as
    .NET writes a boxed root, and reads back with its type."""
    formatter = BinaryFormatter()
    payload = formatter.dumps(value)
    record = decode(payload)
    assert (code.net_name, ["m_value"]) == (record.type_name, list(record.member_names))
    back = formatter.loads(payload)
    assert (type(value) if code is not PrimitiveType.INT32 else int, value) == (type(back), back)
    assert payload == formatter.dumps(back)


def test_decode_keeps_the_width_only_where_a_plain_value_would_lose_it() -> None:
    """Int32, Double, an Int64 beyond Int32's range... read as plain values, since a plain
    value is written back as them; the others read as boxed values."""
    assert [(int, 1), (float, 2.5), (bool, True), (int, 2**40), (BoxedInt64, 3),
            (BoxedByte, 4), (BoxedUInt64, 5)] == [
        (type(v), v) for v in (boxed(PrimitiveType.INT32, 1), boxed(PrimitiveType.DOUBLE, 2.5),
                               boxed(PrimitiveType.BOOLEAN, True),
                               boxed(PrimitiveType.INT64, 2**40),
                               boxed(PrimitiveType.INT64, 3), boxed(PrimitiveType.BYTE, 4),
                               boxed(PrimitiveType.UINT64, 5))]


@serializable(type_name="B.Holder")
@attrs.define
class Holder:
    anything: object
    small: Annotated[int, Int16]
    plain: int


def test_a_declared_member_is_written_as_declared() -> None:
    """Only an object slot takes the boxed type; an ``int`` member stays Int32 and an Int16
    member Int16, whatever the value's class."""
    record = decode(BinaryFormatter().dumps(Holder(UInt8(1), UInt8(2), Int16(3))))
    assert ["Object", "Int16", "Int32"] == [t.describe() for t in record.member_types]
    back = BinaryFormatter().loads(BinaryFormatter().dumps(Holder(UInt8(1), UInt8(2), 3)))
    assert (BoxedByte, int, int) == (type(back.anything), type(back.small), type(back.plain))


def test_hashtable_keys_and_values_keep_their_types() -> None:
    formatter = BinaryFormatter()
    table = {Char("a"): Int16(1), UInt8(2): Single(0.5)}
    back = formatter.loads(formatter.dumps(table))
    assert [(BoxedChar, BoxedInt16), (BoxedByte, BoxedSingle)] == [
        (type(k), type(v)) for k, v in back.items()]
    assert table == back


def test_boxed_values_are_plain_values_to_python() -> None:
    """Equal and hashed as their plain values; arithmetic gives plain values; copies and
    pickles keep the type; repr is the call that makes one."""
    values = [Int16(5), Single(0.1), Char("x"), UInt64(2**64 - 1)]
    assert [5, struct.unpack("<f", struct.pack("<f", 0.1))[0], "x", 2**64 - 1] == values
    assert {5} == {Int16(5)} and int is type(Int16(5) + 1) and float is type(Single(1) * 2)
    assert values == [pickle.loads(pickle.dumps(v)) for v in values] == copy.deepcopy(values)
    assert [type(v) for v in values] == [type(pickle.loads(pickle.dumps(v))) for v in values]
    assert "[Int16(5), Single(0.10000000149011612), Char('x'), UInt64(18446744073709551615)]" \
        == repr(values)
    assert isinstance(Int16(5), BoxedInt) and isinstance(UInt8(5), int)
    # str() and format() give the plain text, which the text formats (SOAP, XML) write.
    assert ["5", "0.5", "x", "5", "0.50"] == [
        str(Int16(5)), str(Single(0.5)), str(Char("x")), f"{UInt8(5)}", f"{Single(0.5):.2f}"]


@pytest.mark.parametrize(("make", "error"), [
    (lambda: Int16(2**15), OverflowError),
    (lambda: UInt8(-1), OverflowError),
    (lambda: UInt64(2**64), OverflowError),
    (lambda: Int16(1.5), TypeError),
    (lambda: Char("ab"), ValueError),
    (lambda: Char("\U0001f600"), ValueError),
    (lambda: Char("\ud800"), ValueError),
    (lambda: Single(1e39), OverflowError),
    (lambda: BoxedInt(1), TypeError),
])
def test_a_value_its_type_cannot_hold_is_refused_when_made(make: Any, error: type) -> None:
    with pytest.raises(error):
        make()


def test_inspect_names_the_boxed_type(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "boxed.bin"
    path.write_bytes(BinaryFormatter().dumps([UInt8(200), Char("z"), 7]))
    assert 0 == main(["inspect", str(path)])
    out = capsys.readouterr().out
    assert ['200 (Byte)', '"z" (Char)', "7"] == [
        line.split(": ", 1)[1] for line in out.splitlines() if line.strip().startswith("[")][:3]
