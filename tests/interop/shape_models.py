"""Python twins of tests/interop/csharp/ShapesModel.cs: every common .NET shape.

``define(assembly)`` declares the classes for one assembly and returns them with the expected
graphs, so the interop tests (assembly SerialkitInterop) and the golden corpus tests
(tests/golden/nrbf/gen3.cs, assembly gen3) share one definition. Annotation order is .NET
declaration order. ``assert_same`` compares two graphs value by value (floats bit for bit, a
NaN with any NaN; Decimal with its scale; datetimes with their UTC offset; sharing both ways).

No ``from __future__ import annotations`` here: the classes are declared inside ``define`` and
their annotations must be real objects, not strings naming function locals.
"""

import enum
import math
import struct
import types
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any

import attrs

from serialkit import (
    LOCAL,
    Array,
    BigInteger,
    Char,
    DateTimeOffset,
    FieldName,
    Int8,
    Int16,
    Int64,
    KeyValuePair,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    serializable,
)

INTEROP_ASM = "SerialkitInterop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"
GEN3_ASM = "gen3, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"

# C#'s float.NaN and double.NaN have the sign bit set (0xFFC00000, 0xFFF8000000000000);
# Python's math.nan does not. The expected graphs use the negative NaN so that the bytes match.
NEG_NAN = -math.nan


def single(x: float) -> float:
    """``x`` rounded to a .NET Single, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


UTC_WHEN = datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=UTC)
# DateTime.MaxValue truncated to whole microseconds (Python's resolution): ticks ...990.
DT_MAX_MICRO = datetime.max
# TimeSpan.MaxValue / MinValue truncated toward zero to whole microseconds.
TS_LARGE = timedelta(microseconds=(2**63 - 1) // 10)
TS_MIN = -timedelta(microseconds=2**63 // 10)
GUID = uuid.UUID("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f")
HUGE_POS = 2**100 + 12345
HUGE_NEG = -(3**80)
LOCAL_WHEN = datetime(2021, 6, 15, 12, 30, 45, tzinfo=LOCAL)
# 01:30 in the hour New York repeats on 2021-11-07 (Mono's peer runs in that zone): .NET writes
# the first (daylight) one with Kind 3, LocalAmbiguousDst, the second with Kind 2; serialkit
# reads them, in that zone, as Local wall-clock times with fold=0 and fold=1, and writes them
# so (see test_shapes_interop.py).
AMBIGUOUS_WHEN = datetime(2021, 11, 7, 1, 30, tzinfo=LOCAL)
OFFSET_WHEN = DateTimeOffset(2020, 1, 2, 3, 4, 5, 123456, tzinfo=timezone(timedelta(hours=2)))


def dto(*args: int, offset: timedelta) -> DateTimeOffset:
    """A DateTimeOffset from datetime's arguments and its offset."""
    return DateTimeOffset(*args, tzinfo=timezone(offset))


def define(asm: str) -> types.SimpleNamespace:
    """Declare the shape classes in assembly ``asm``; the namespace also holds the builders."""

    def s(name: str, **kw: Any) -> Callable[[Any], Any]:
        return serializable(type_name=f"Interop.{name}", assembly_name=asm, **kw)

    @s("Vec", value_type=True)
    @attrs.define
    class Vec:
        X: int
        Y: int

    @s("Seg", value_type=True)
    @attrs.define
    class Seg:
        From: Vec
        To: Vec
        Label: str | None

    @s("Part")
    @attrs.define(eq=False)
    class Part:
        Id: int
        Name: str | None

    @s("EByte", underlying_type=UInt8)
    class EByte(enum.IntEnum):
        Zero = 0
        Max = 255

    @s("ESByte", underlying_type=Int8)
    class ESByte(enum.IntEnum):
        Min = -128
        One = 1

    @s("EShort", underlying_type=Int16)
    class EShort(enum.IntEnum):
        Min = -32768
        Two = 2

    @s("EUShort", underlying_type=UInt16)
    class EUShort(enum.IntEnum):
        One = 1
        Max = 65535

    @s("EInt")
    class EInt(enum.IntEnum):
        Min = -(2**31)
        Three = 3

    @s("EUInt", underlying_type=UInt32)
    class EUInt(enum.IntEnum):
        One = 1
        Max = 2**32 - 1

    @s("ELong", underlying_type=Int64)
    class ELong(enum.IntEnum):
        Min = -(2**63)
        Four = 4

    @s("EULong", underlying_type=UInt64)
    class EULong(enum.IntEnum):
        Five = 5
        Max = 2**64 - 1

    @s("Rights")
    class Rights(enum.IntFlag):  # [Flags] enum Rights { None = 0, Read = 1, Write = 2, Delete = 4 }
        Read = 1
        Write = 2
        Delete = 4

    @s("PrimShapes")
    @attrs.define
    class PrimShapes:
        T: bool
        F: bool
        ChAscii: Annotated[str, Char]
        ChLatin: Annotated[str, Char]
        ChEuro: Annotated[str, Char]
        ChCjk: Annotated[str, Char]
        S8Min: Annotated[int, Int8]
        S8Max: Annotated[int, Int8]
        U8Max: Annotated[int, UInt8]
        I16Min: Annotated[int, Int16]
        U16Max: Annotated[int, UInt16]
        I32Min: int
        I32Max: int
        U32Max: Annotated[int, UInt32]
        I64Min: Annotated[int, Int64]
        I64Max: Annotated[int, Int64]
        U64Max: Annotated[int, UInt64]
        FNaN: Annotated[float, Single]
        FPosInf: Annotated[float, Single]
        FNegInf: Annotated[float, Single]
        FNegZero: Annotated[float, Single]
        FMax: Annotated[float, Single]
        FEpsilon: Annotated[float, Single]
        FThird: Annotated[float, Single]
        DNaN: float
        DNegInf: float
        DNegZero: float
        DMin: float
        DEpsilon: float
        DecTiny: Decimal
        DecMax: Decimal
        DecMin: Decimal
        DecScale28: Decimal
        DecZeroScaled: Decimal
        DtUnspecified: datetime
        DtUtc: datetime
        DtMin: datetime
        DtMax: datetime
        TsNeg: timedelta
        TsZero: timedelta
        TsLarge: timedelta
        TsMin: timedelta

    @s("LocalShapes")
    @attrs.define
    class LocalShapes:
        When: datetime
        MaybeWhen: datetime | None

    @s("OffsetShapes")
    @attrs.define
    class OffsetShapes:
        When: DateTimeOffset
        Maybe: DateTimeOffset | None
        Never: DateTimeOffset | None
        Boxed: object
        Many: Annotated[list[DateTimeOffset], Array]

    @s("ArrayShapes")
    @attrs.define(eq=False)
    class ArrayShapes:
        Strings: Annotated[list[str | None], Array]
        Bytes: bytes
        Chars: Annotated[list[Annotated[str, Char]], Array]
        Jagged: Annotated[list[Annotated[list[int], Array] | None], Array]
        JaggedObj: Annotated[list[Annotated[list[object], Array] | None], Array]
        Rect: Annotated[list[list[int]], Array(rank=2)]
        RectStr: Annotated[list[list[str | None]], Array(rank=2)]
        Cube: Annotated[list[list[list[int]]], Array(rank=3)]
        Parts: Annotated[list[Part | None], Array]
        Vecs: Annotated[list[Vec], Array]

    @s("BoxedShapes")
    @attrs.define(eq=False)
    class BoxedShapes:
        Values: Annotated[list[object], Array]
        One: object

    @s("CollectionShapes")
    @attrs.define(eq=False)
    class CollectionShapes:
        Ints: list[int]
        Strs: list[str | None]
        Parts: list[Part]
        Vecs: list[Vec]
        Mixed: list  # ArrayList
        ByName: dict[str, int]
        ById: dict[int, Part]
        ByEnum: dict[EInt, str]
        Table: dict  # Hashtable
        Set: set[int]
        StrSet: set[str]
        T1: tuple[int]
        T2: tuple[int, str]
        T3: tuple[int, str, float]
        T7: tuple[int, str, float, bool, Annotated[int, Int64], Annotated[str, Char], Decimal]

    @s("KvpShapes")
    @attrs.define(eq=False)
    class KvpShapes:
        # KeyValuePair<string,int> / KeyValuePair<int,Part>: a struct, read as a tuple.
        Pair: Annotated[tuple[str, int], KeyValuePair]
        PartPair: Annotated[tuple[int, Part], KeyValuePair]

    @s("NullableShapes")
    @attrs.define
    class NullableShapes:
        NInt: int | None
        NIntNull: int | None
        NDt: datetime | None
        NDtNull: datetime | None
        NVecNull: Vec | None
        NVec: Vec | None

    @s("EnumShapes")
    @attrs.define
    class EnumShapes:
        B: EByte
        SB: ESByte
        S: EShort
        US: EUShort
        I: EInt  # noqa: E741 - the C# field is named I
        UI: EUInt
        L: ELong
        UL: EULong
        Combined: Rights
        NoRights: Rights
        AllRights: Rights
        Boxed: object

    @s("MiscShapes")
    @attrs.define
    class MiscShapes:
        G: uuid.UUID
        Empty: uuid.UUID
        # System.Numerics.BigInteger members (a struct, written inline).
        Small: Annotated[int, BigInteger]
        HugePos: Annotated[int, BigInteger]
        HugeNeg: Annotated[int, BigInteger]

    @s("StructShapes")
    @attrs.define
    class StructShapes:
        P: Vec
        S: Seg
        Segs: Annotated[list[Seg], Array]
        BoxedVec: object

    @s("Level1")
    class Level1:
        _id: int
        Name: str | None
        _note: str | None

    @s("Level2")
    class Level2(Level1):
        _id2: Annotated[int, FieldName("_id")]
        Depth: int

    @s("Level3")
    class Level3(Level2):
        _id3: Annotated[int, FieldName("_id")]
        Weight: float
        _note3: Annotated[str | None, FieldName("_note")]

    # ---- builders: the values of ShapeValues in ShapesModel.cs ---------------------------

    def prims() -> PrimShapes:
        return PrimShapes(
            T=True, F=False,
            ChAscii="A", ChLatin="\u00e7", ChEuro="\u20ac", ChCjk="\u4e2d",
            S8Min=-128, S8Max=127, U8Max=255, I16Min=-32768, U16Max=65535,
            I32Min=-(2**31), I32Max=2**31 - 1, U32Max=2**32 - 1,
            I64Min=-(2**63), I64Max=2**63 - 1, U64Max=2**64 - 1,
            FNaN=NEG_NAN, FPosInf=math.inf, FNegInf=-math.inf, FNegZero=-0.0,
            FMax=single(3.4028234663852886e38), FEpsilon=single(1.401298464324817e-45),
            FThird=single(1 / 3),
            DNaN=NEG_NAN, DNegInf=-math.inf, DNegZero=-0.0,
            DMin=-1.7976931348623157e308, DEpsilon=5e-324,
            DecTiny=Decimal("0.0000000000000000000000000001"),
            DecMax=Decimal("79228162514264337593543950335"),
            DecMin=Decimal("-79228162514264337593543950335"),
            DecScale28=Decimal("1.0000000000000000000000000000"),
            DecZeroScaled=Decimal("0.00"),
            DtUnspecified=datetime(1999, 12, 31, 23, 59, 59, 999999),
            DtUtc=UTC_WHEN, DtMin=datetime.min, DtMax=DT_MAX_MICRO,
            TsNeg=-timedelta(days=3, hours=4, minutes=5, seconds=6, milliseconds=789),
            TsZero=timedelta(0), TsLarge=TS_LARGE, TsMin=TS_MIN,
        )

    def local() -> LocalShapes:
        return LocalShapes(When=LOCAL_WHEN, MaybeWhen=LOCAL_WHEN + timedelta(days=1))

    def offsets() -> OffsetShapes:
        return OffsetShapes(
            When=OFFSET_WHEN,
            Maybe=dto(1999, 12, 31, 23, 59, 59, offset=-timedelta(hours=5, minutes=30)),
            Never=None,
            Boxed=dto(2024, 2, 29, offset=timedelta(hours=14)),
            Many=[dto(2000, 1, 1, offset=timedelta(0)),
                  dto(2000, 1, 1, offset=timedelta(hours=-14))])

    def arrays() -> ArrayShapes:
        shared = "twice"
        p1 = Part(1, "one")
        cube = [[[i * 6 + j * 2 + k for k in range(2)] for j in range(3)] for i in range(2)]
        return ArrayShapes(
            Strings=[shared, None, "\u00e9t\u00e9", "", shared],
            Bytes=bytes([0, 1, 127, 128, 255]),
            Chars=["a", "\u00e9", "\u20ac"],
            Jagged=[[1, 2], None, []],
            JaggedObj=[[1, "x"], None, []],
            Rect=[[1, 2, 3], [4, 5, 6]],
            RectStr=[["p", None], ["q", "r"]],
            Cube=cube,
            Parts=[p1, None, p1, Part(2, "two")],
            Vecs=[Vec(1, 2), Vec(-3, 4)],
        )

    def boxed() -> BoxedShapes:
        """ShapeValues.Boxed: the widths a plain int, float or str would lose are boxed values
        (``UInt8(200)``...), which serialkit reads and writes as their .NET types."""
        return BoxedShapes(
            Values=[True, UInt8(200), Int8(-5), Char("\u00e7"), Int16(-300), UInt16(60000),
                    -70000, UInt32(3_000_000_000), -5_000_000_000, UInt64(10**19),
                    Single(1.25), -2.5, Decimal("7.75"), UTC_WHEN, -timedelta(seconds=1.5),
                    "text", None],
            One=UInt8(7),
        )

    def boxed_py() -> BoxedShapes:
        return BoxedShapes(
            Values=[True, -70000, -5_000_000_000, 2**70, -2.5, Decimal("7.75"), UTC_WHEN,
                    -timedelta(seconds=1.5), "text", None, None, GUID, EInt.Three, Vec(5, 6)],
            One=7,
        )

    def collections() -> CollectionShapes:
        p1, p2 = Part(1, "one"), Part(2, "two")
        return CollectionShapes(
            Ints=[1, 2, 3, 4, 5],
            Strs=["x", None],
            Parts=[p1, p2],
            Vecs=[Vec(1, 1), Vec(2, 2)],
            Mixed=[1, "two", 3.0, None, p1],
            ByName={"a": 1, "b": 2, "c": 3},
            ById={1: p1, 2: p2},
            ByEnum={EInt.Three: "three", EInt.Min: "min"},
            Table={"k": 42},
            Set={1, 2, 3},
            StrSet={"only"},
            T1=(1,),
            T2=(2, "b"),
            T3=(3, "c", 0.5),
            T7=(7, "g", 1.5, True, -8, "\u00e7", Decimal("9.99")),
        )

    def kvp() -> KvpShapes:
        return KvpShapes(Pair=("k", 9), PartPair=(3, Part(3, "three")))

    def nullables() -> NullableShapes:
        return NullableShapes(NInt=5, NIntNull=None, NDt=UTC_WHEN, NDtNull=None,
                              NVecNull=None, NVec=Vec(7, 8))

    def enums() -> EnumShapes:
        return EnumShapes(
            B=EByte.Max, SB=ESByte.Min, S=EShort.Min, US=EUShort.Max, I=EInt.Min,
            UI=EUInt.Max, L=ELong.Min, UL=EULong.Max,
            Combined=Rights.Read | Rights.Delete, NoRights=Rights(0),
            AllRights=Rights.Read | Rights.Write | Rights.Delete, Boxed=EULong.Five,
        )

    def misc() -> MiscShapes:
        return MiscShapes(G=GUID, Empty=uuid.UUID(int=0), Small=42, HugePos=HUGE_POS,
                          HugeNeg=HUGE_NEG)

    def make_seg(a: int, label: str | None) -> Seg:
        return Seg(Vec(a, a + 1), Vec(-a, -a - 1), label)

    def structs() -> StructShapes:
        return StructShapes(P=Vec(3, -4), S=make_seg(1, "first"),
                            Segs=[make_seg(2, "second"), make_seg(3, None)], BoxedVec=Vec(9, 10))

    def levels() -> Level3:
        lv = Level3()
        lv.Name, lv.Depth, lv.Weight = "three-levels", 3, 0.25
        lv._id, lv._id2, lv._id3 = 1, 2, 3
        lv._note, lv._note3 = "base note", "own note"
        return lv

    def root_list_parts() -> list[Any]:
        p = Part(1, "one")
        return [p, Part(2, "two"), p]

    # case -> (builder, root_type for dumps or None)
    cases: dict[str, tuple[Callable[[], Any], Any]] = {
        "shapes_prims": (prims, None),
        "shapes_local": (local, None),
        "shapes_arrays": (arrays, None),
        "shapes_boxed": (boxed, None),
        "shapes_boxed_py": (boxed_py, None),
        "shapes_collections": (collections, None),
        "shapes_kvp": (kvp, None),
        "shapes_nullable": (nullables, None),
        "shapes_enums": (enums, None),
        "shapes_misc": (misc, None),
        "shapes_structs": (structs, None),
        "root_level3": (levels, None),
        "root_rect": (lambda: [[1, 2], [3, 4], [5, 6]], Annotated[list[list[int]], Array(rank=2)]),
        "root_rect_str": (lambda: [["a", "b"], [None, "c"]],
                          Annotated[list[list[str | None]], Array(rank=2)]),
        "root_jagged": (lambda: [[1], [2, 3]], Annotated[list[Annotated[list[int], Array]], Array]),
        "root_list_parts": (root_list_parts, list[Part]),
        "root_list_vec": (lambda: [Vec(1, 2)], list[Vec]),
        "root_vec_array": (lambda: [Vec(1, 2), Vec(3, 4)], Annotated[list[Vec], Array]),
        "root_dict_parts": (lambda: {10: Part(10, "ten")}, dict[int, Part]),
        "root_tuple7": (lambda: (7, "g", 1.5, True, -8, "\u00e7", Decimal("9.99")),
                        tuple[int, str, float, bool, Annotated[int, Int64],
                              Annotated[str, Char], Decimal]),
        "root_str_set": (lambda: {"only"}, set[str]),
        "root_enum_ulong": (lambda: EULong.Max, None),
        "root_seg": (lambda: make_seg(4, "root"), None),
        "root_guid": (lambda: GUID, None),
        "root_bigint_neg": (lambda: HUGE_NEG, None),
        "root_decimal_min": (lambda: Decimal("-79228162514264337593543950335"), None),
        "root_single_negzero": (lambda: Single(-0.0), Annotated[float, Single]),
        "root_datetime_max": (lambda: DT_MAX_MICRO, None),
        "root_timespan_min": (lambda: TS_MIN, None),
        "shapes_offsets": (offsets, None),
        "root_datetimeoffset": (lambda: OFFSET_WHEN, None),
        "root_datetime_ambiguous": (lambda: AMBIGUOUS_WHEN, None),
        "root_datetime_ambiguous_array": (lambda: [AMBIGUOUS_WHEN, AMBIGUOUS_WHEN.replace(fold=1)],
                                          Annotated[list[datetime], Array]),
    }
    return types.SimpleNamespace(**{k: v for k, v in locals().items() if k not in ("s", "asm")})


# ---- comparison -------------------------------------------------------------------------

_LEAVES = (type(None), bool, int, str, bytes, Decimal, datetime, timedelta, uuid.UUID)


def _float_same(exp: float, act: float) -> bool:
    if math.isnan(exp):
        return math.isnan(act)
    return struct.pack("<d", exp) == struct.pack("<d", act)


def assert_same(expected: Any, actual: Any, *, local_by_instant: bool = False) -> None:
    """``actual`` equals ``expected`` value by value, exact types, sharing both ways.

    Local datetimes compare by instant when ``local_by_instant`` (else also by wall clock).
    """
    partner: dict[int, Any] = {}
    back: dict[int, str] = {}
    keep: list[Any] = []
    todo: list[tuple[str, Any, Any]] = [("$", expected, actual)]
    while todo:
        path, exp, act = todo.pop()
        assert type(exp) is type(act), f"at {path}: {exp!r} ({type(exp).__name__}) != {act!r}"
        if isinstance(exp, float):
            assert _float_same(exp, act), f"at {path}: {exp!r} != {act!r}"
            continue
        if isinstance(exp, (*_LEAVES, enum.Enum)):
            assert exp == act, f"at {path}: {exp!r} != {act!r}"
            if isinstance(exp, Decimal):
                assert exp.as_tuple() == act.as_tuple(), f"at {path}: scale {exp!r} != {act!r}"
            if isinstance(exp, datetime):
                if exp.tzinfo is LOCAL and local_by_instant:
                    assert act.tzinfo is LOCAL, f"at {path}: {act!r} is not Local"
                    assert exp.astimezone(UTC) == act.astimezone(UTC), f"at {path}"
                else:
                    assert (exp.replace(tzinfo=None), exp.utcoffset()) == (
                        act.replace(tzinfo=None), act.utcoffset()), f"at {path}: {exp!r} != {act!r}"
            continue
        if not (isinstance(exp, tuple | frozenset) or _is_struct(exp)):  # reference objects
            if id(exp) in partner:
                assert partner[id(exp)] is act, f"at {path}: expected the object met earlier"
                continue
            assert id(act) not in back, (
                f"at {path}: expected a distinct object, got the one at {back[id(act)]}")
            partner[id(exp)] = act
            back[id(act)] = path
            keep += (exp, act)
        if isinstance(exp, list | tuple):
            assert len(exp) == len(act), f"at {path}: length {len(exp)} != {len(act)}"
            pairs = enumerate(zip(exp, act, strict=True))
            todo.extend((f"{path}[{i}]", e, a) for i, (e, a) in pairs)
        elif isinstance(exp, dict):
            assert list(exp) == list(act), f"at {path}: keys {list(exp)} != {list(act)}"
            todo.extend((f"{path}[{k!r}]", exp[k], act[k]) for k in exp)
        elif isinstance(exp, set | frozenset):
            assert exp == act, f"at {path}: {exp!r} != {act!r}"
        else:
            for name in _field_names(type(exp)):
                todo.append((f"{path}.{name}", getattr(exp, name), getattr(act, name)))


def _is_struct(obj: Any) -> bool:
    from serialkit import metadata

    return metadata.declares_value_type(type(obj))


def _field_names(cls: type) -> list[str]:
    if attrs.has(cls):
        return [f.name for f in attrs.fields(cls)]
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        names += [n for n in getattr(klass, "__annotations__", {}) if n not in names]
    return names
