"""Golden payloads with reader quirks (notes/nrbf.md §2.6), read through BinaryFormatter into
models and checked value by value, not only decoded.

``nullable_struct_mixed.bin`` and ``hasbig.bin`` were written by tests/golden/nrbf/gen2.cs:

    [Serializable] public struct SampleStruct { public int Value; }
    [Serializable] public class HasNullable { public SampleStruct? N; }
    [Serializable] public class HasBig { public BigInteger B = 5; public object Boxed = 2.5m;
        public object Dt = new DateTime(2001,1,1); public object Ts = TimeSpan.FromTicks(10);
        public object G = Guid.Empty; public SampleStruct? N1 = null; }

The models are registered in a registry of this module's own (under the C# names), so they
do not compete with other tests' registrations of the same names.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import attrs

from serialkit import BigInteger, BinaryFormatter, serializable
from serialkit.nrbf import ClassRecord, decode
from serialkit.nrbf.enums import BinaryType
from serialkit.runtime import TypeRegistry

PAYLOADS = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"
GEN2 = "gen2, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


@serializable(type_name="QuirkTests.SampleStruct", assembly_name="QuirkTests", value_type=True)
@attrs.define
class SampleStruct:
    Value: int = 0


@serializable(type_name="QuirkTests.HasNullable", assembly_name="QuirkTests")
@attrs.define
class HasNullable:
    N: SampleStruct | None = None


@serializable(type_name="QuirkTests.HasBig", assembly_name="QuirkTests")
@attrs.define
class HasBig:
    B: Annotated[int, BigInteger] = 0
    Boxed: Any = None
    Dt: Any = None
    Ts: Any = None
    G: Any = None
    N1: SampleStruct | None = None


REGISTRY = TypeRegistry()
for _cls in (SampleStruct, HasNullable, HasBig):
    REGISTRY.register(_cls, _cls.__name__, GEN2)


def load(name: str) -> Any:
    return BinaryFormatter(registry=REGISTRY).loads((PAYLOADS / f"{name}.bin").read_bytes())


def test_nullable_user_struct_typed_as_system_class_then_a_class_record() -> None:
    # The first HasNullable's N is null, so .NET types the member as SystemClass
    # "System.Nullable`1[[SampleStruct, gen2...]]"; the second, through ClassWithId, holds
    # a ClassWithMembersAndTypes record of the user library (dotnet/runtime PR #118276).
    record = decode((PAYLOADS / "nullable_struct_mixed.bin").read_bytes())
    member = record.values[1].member_types[0]
    assert member.binary_type is BinaryType.SYSTEM_CLASS
    assert isinstance(member.info, str) and member.info.startswith(
        "System.Nullable`1[[SampleStruct, gen2")
    assert isinstance(record.values[1]["N"], ClassRecord)
    assert load("nullable_struct_mixed") == [HasNullable(None), HasNullable(SampleStruct(42))]


def test_nullable_user_struct_with_only_values() -> None:
    # Here the first instance has a value, so the member is typed Class(SampleStruct).
    assert load("nullable_struct_only_values") == [HasNullable(SampleStruct(42))]


def test_boxed_system_values_in_object_members() -> None:
    got = load("hasbig")
    assert got == HasBig(5, Decimal("2.5"), datetime(2001, 1, 1), timedelta(microseconds=1),
                         UUID(int=0), None)
    assert (type(got.B), type(got.Boxed), type(got.Dt), type(got.Ts), type(got.G)) == (
        int, Decimal, datetime, timedelta, UUID)
    assert got.Dt.tzinfo is None  # Kind Unspecified
