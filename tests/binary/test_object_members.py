"""An ``object`` member holding an ISerializable .NET object is declared with that object's
type, as BinaryFormatter declares it (golden payloads of tests/golden/nrbf/gen5.cs, Mono).

BinaryFormatter types an ``object`` field by its first instance's value when that value is
ISerializable (DateTime, DateTimeOffset, Hashtable, Dictionary, HashSet, Uri, exceptions,
ISerializable user types), and keeps ``Object`` for the rest (Guid, Decimal, TimeSpan,
ArrayList, Tuple, BigInteger, enums, plain structs). Later instances reuse the first one's
metadata whatever they hold; every value is written as in any ``object`` slot.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import attrs
import pytest

from serialkit import (
    Array,
    BinaryFormatter,
    DateTimeOffset,
    DotNetException,
    SerializationInfo,
    StreamingContext,
    Uri,
    serializable,
)
from serialkit.nrbf import decode

PAYLOADS = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"
GEN5 = "gen5, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"
CORE = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"


@serializable(type_name="Holder", assembly_name=GEN5)
@attrs.define(eq=False)
class Holder:
    O: Any = None  # noqa: E741 - the C# field is named O
    P: Any = None


@serializable(type_name="SerStruct", assembly_name=GEN5, value_type=True)
class SerStruct:
    """An ISerializable struct."""

    def __init__(self, a: int = 0) -> None:
        self.A = a

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.add_value("A", self.A)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        self.A = info.get_value("A")


HOLDERS = Annotated[list[Holder], Array]
CASES: dict[str, tuple[Any, Any, list[list[str]]]] = {
    # case: (graph, root_type, the declared member types of each Holder record layout)
    "objfield_datetime_then_int": (
        [Holder(dt.datetime(2001, 1, 1), 5), Holder(5, dt.datetime(2002, 1, 1))], HOLDERS,
        [["SystemClass System.DateTime", "Object"]]),
    "objfield_int_then_datetime": (
        [Holder(5), Holder(dt.datetime(2001, 1, 1))], HOLDERS, [["Object", "Object"]]),
    "objfield_datetime_then_dto": (
        [Holder(dt.datetime(2001, 1, 1)),
         Holder(DateTimeOffset(1, 1, 1, tzinfo=dt.UTC))], HOLDERS,
        [["SystemClass System.DateTime", "Object"]]),
    "objfield_iserializable_struct": (
        Holder(SerStruct(3), SerStruct(4)), None, [["Class SerStruct", "Class SerStruct"]]),
    "objfield_exception_hashset_guid": (
        Holder(DotNetException("x", type_name="System.InvalidOperationException",
                               hresult=-2146233079), {1}), None,
        [["SystemClass System.InvalidOperationException",
          f"Class System.Collections.Generic.HashSet`1[[System.Object, {CORE}]]"]]),
    "objfield_guid_decimal": (Holder(uuid.UUID(int=0), Decimal("2.5")), None,
                              [["Object", "Object"]]),
}


def _layouts(payload: bytes) -> list[list[str]]:
    root = decode(payload)
    records = root.values if hasattr(root, "lengths") else [root]
    seen: list[list[str]] = []
    for record in records:
        types = [t.describe() for t in record.member_types]
        if types not in seen:
            seen.append(types)
    return seen


@pytest.mark.parametrize("name", CASES)
def test_writes_mono_bytes(name: str) -> None:
    """serialkit writes exactly the bytes Mono wrote for the same graph."""
    graph, root_type, _ = CASES[name]
    mono = (PAYLOADS / f"{name}.bin").read_bytes()
    assert mono.hex() == BinaryFormatter().dumps(graph, root_type=root_type).hex()


@pytest.mark.parametrize("name", CASES)
def test_reads_and_rewrites_mono_bytes(name: str) -> None:
    """Mono's payload reads back and is written again byte for byte."""
    _, root_type, layouts = CASES[name]
    mono = (PAYLOADS / f"{name}.bin").read_bytes()
    assert layouts == _layouts(mono)
    formatter = BinaryFormatter()
    assert mono.hex() == formatter.dumps(formatter.loads(mono), root_type=root_type).hex()


@serializable(type_name="Any.Holder")
@attrs.define(eq=False)
class AnyHolder:
    value: object = None


@pytest.mark.parametrize(("value", "declared"), [
    (dt.datetime(2020, 1, 1), "SystemClass System.DateTime"),
    (DateTimeOffset(2020, 1, 1, tzinfo=dt.UTC), "SystemClass System.DateTimeOffset"),
    ({"k": 1}, "SystemClass System.Collections.Hashtable"),
    (Uri("http://example.com/"), "Class System.Uri"),
    (DotNetException("x"), "SystemClass System.Exception"),
    (Holder(), "Object"),
    ([1], "Object"),
    ((1, 2), "Object"),
    (2**80, "Object"),
    (dt.timedelta(1), "Object"),
    (frozenset({1}), "Object"),
])
def test_declared_type_of_an_object_member(value: Any, declared: str) -> None:
    payload = BinaryFormatter().dumps(AnyHolder(value))
    assert [[declared]] == _layouts(payload)
    back = BinaryFormatter().loads(payload).value
    if isinstance(value, Holder | DotNetException):  # compared by identity: the type then
        assert type(value) is type(back)
    else:
        assert (type(value), value) == (type(back), back)
