"""Python models and expected graphs of the BinaryFormatter interop cases.

tests/interop/cases.md is the contract: the same classes, fields and values as
tests/interop/csharp/Model.cs and Program.cs. Annotation order is .NET declaration order, which
is the order of the members on the wire.

``build(case)`` returns a fresh graph equal to what ``SerialkitInterop.exe write <case>`` writes
(before the writer's OnSerializing hooks run); ``dumps(case)`` serializes it with serialkit the
way the C# side does (a binder for ``versioning_v1``).
"""

import enum
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Optional

import attrs

from serialkit import (
    Array,
    BinaryFormatter,
    Char,
    FieldName,
    Int8,
    Int16,
    Int64,
    NonSerialized,
    OptionalField,
    SerializationBinder,
    SerializationInfo,
    Single,
    StreamingContext,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    serializable,
)

ASM = "SerialkitInterop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"


# ---- prims ----------------------------------------------------------------------------------


@serializable(type_name="Interop.AllPrims", assembly_name=ASM)
@attrs.define
class AllPrims:
    Flag: bool
    U8: Annotated[int, UInt8]
    S8: Annotated[int, Int8]
    Ch: Annotated[str, Char]
    I16: Annotated[int, Int16]
    U16: Annotated[int, UInt16]
    I32: int
    U32: Annotated[int, UInt32]
    I64: Annotated[int, Int64]
    U64: Annotated[int, UInt64]
    F32: Annotated[float, Single]
    F64: float
    Dec: Decimal
    DecScaled: Decimal
    DecTiny: Decimal
    DecMax: Decimal
    WhenUtc: datetime
    WhenUnspecified: datetime
    Span: timedelta
    SpanNeg: timedelta
    Text: str | None
    Empty: str | None
    Nothing: str | None


PRIMS_TEXT = "h\u00e9llo w\u00f6rld \u2713 \U0001d11e"


def build_prims() -> AllPrims:
    return AllPrims(
        Flag=True,
        U8=200,
        S8=-100,
        Ch="\u00e9",
        I16=-12345,
        U16=54321,
        I32=-2_000_000_000,
        U32=4_000_000_000,
        I64=-9_000_000_000_000_000_000,
        U64=2**64 - 1,
        F32=-2.75,
        F64=3.141592653589793,
        Dec=Decimal("123.456"),
        DecScaled=Decimal("1.50"),
        DecTiny=Decimal("0.0000000000000000000000000001"),
        DecMax=Decimal("79228162514264337593543950335"),
        WhenUtc=datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=UTC),
        WhenUnspecified=datetime(1999, 12, 31, 23, 59, 59),
        Span=timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=567089),
        SpanNeg=-timedelta(seconds=1, milliseconds=500),
        Text=PRIMS_TEXT,
        Empty="",
        Nothing=None,
    )


# ---- cycle / linked_list --------------------------------------------------------------------


@serializable(type_name="Interop.Node", assembly_name=ASM)
@attrs.define(eq=False, repr=False)  # graphs with cycles / 10,000-long chains: no recursive eq/repr
class Node:
    Name: str | None = None
    Next: Optional["Node"] = None
    Self: Optional["Node"] = None

    def __repr__(self) -> str:
        return f"Node(Name={self.Name!r})"


@serializable(type_name="Interop.Graph", assembly_name=ASM)
@attrs.define(eq=False, repr=False)
class Graph:
    Head: Node | None
    Items: Annotated[list[object], Array]  # object[]


SHARED_TEXT = "shared-text"


def build_cycle() -> Graph:
    a = Node("a")
    b = Node("b")
    a.Next = b
    b.Next = a
    a.Self = a
    shared = SHARED_TEXT
    return Graph(Head=a, Items=[a, shared, b, a, shared, None])


LINKED_LIST_LENGTH = 10_000


def build_linked_list() -> Node:
    head: Node | None = None
    for i in reversed(range(LINKED_LIST_LENGTH)):
        head = Node(f"n{i}", head)
    assert head is not None
    return head


# ---- collections ----------------------------------------------------------------------------


@serializable(type_name="Interop.Item", assembly_name=ASM)
@attrs.define
class Item:
    Id: int
    Label: str | None


@serializable(type_name="Interop.Bag", assembly_name=ASM)
@attrs.define
class Bag:
    Ints: list[int]  # List<int>
    Names: list[str | None]  # List<string>
    Counts: dict[str, int]  # Dictionary<string, int>
    Items: list[Item]  # List<Interop.Item>


def build_collections() -> Bag:
    return Bag(
        Ints=[1, 2, 3],
        Names=["alpha", None, "gamma"],
        Counts={"one": 1, "two": 2},
        Items=[Item(1, "first"), Item(2, "second")],
    )


# ---- custom (ISerializable) -----------------------------------------------------------------


@serializable(type_name="Interop.Money", assembly_name=ASM)
@attrs.define
class Money:
    Amount: Decimal
    Currency: str | None
    Boxed: float
    Anything: object

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.add_value("amount", self.Amount)  # Decimal -> Primitive Decimal
        info.add_value("currency", self.Currency)  # str -> String
        # C# AddValue("boxed", (object)Boxed) records the *runtime* type: Primitive Double.
        # Python has no static type to differ from the runtime one, so no type= here.
        info.add_value("boxed", self.Boxed)
        # C# AddValue("anything", Anything, typeof(object)): member type Object, the value a
        # MemberPrimitiveTyped Int32 (or ObjectNull).
        info.add_value("anything", self.Anything, type=object)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        self.Amount = info.get_value("amount")
        self.Currency = info.get_value("currency")
        self.Boxed = info.get_value("boxed")
        self.Anything = info.get_value("anything")


@serializable(type_name="Interop.Wallet", assembly_name=ASM)
@attrs.define
class Wallet:
    Main: Money
    Spare: Money


def build_custom() -> Wallet:
    return Wallet(
        Main=Money(Decimal("19.99"), "EUR", 3.25, 7),
        Spare=Money(Decimal("0.5"), "USD", -1.0, None),
    )


# ---- versioning -----------------------------------------------------------------------------


@serializable(type_name="Interop.Versioned", assembly_name=ASM)
@attrs.define
class Versioned:
    A: int
    B: Annotated[str | None, OptionalField(version_added=2)] = None


@serializable(type_name="Interop.VersionedV1", assembly_name=ASM)
@attrs.define
class VersionedV1:
    """Version 1 of Interop.Versioned, written under that name by V1Binder (as in Program.cs)."""

    A: int


class V1Binder(SerializationBinder):
    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        if cls is VersionedV1:
            return ASM, "Interop.Versioned"
        return None, None

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return None


# ---- callbacks ------------------------------------------------------------------------------

# Events of the deserializing side, across all Tracked objects (a test clears it before reading).
EVENTS: list[str] = []


def _show(value: str | None) -> str:
    return "null" if value is None else value


@serializable(type_name="Interop.Tracked", assembly_name=ASM)
@attrs.define(eq=False, repr=False)
class Tracked:
    Name: str | None = None
    Stamp: str | None = None  # set by the writer's on_serializing
    Peer: Optional["Tracked"] = None
    Log: Annotated[list[str], NonSerialized] = attrs.field(factory=list)

    def __repr__(self) -> str:
        return f"Tracked(Name={self.Name!r}, Stamp={self.Stamp!r})"

    @on_serializing
    def _on_serializing(self, context: StreamingContext) -> None:
        self.Stamp = f"stamped:{self.Name}"
        self.Log.append("serializing")

    @on_serialized
    def _on_serialized(self, context: StreamingContext) -> None:
        self.Log.append("serialized")

    @on_deserializing
    def _on_deserializing(self, context: StreamingContext) -> None:
        # Runs before any member is set: the fields may not even exist yet on the instance.
        # Initialising a NonSerialized field here is the .NET idiom; it must survive the read.
        name = getattr(self, "Name", None)
        stamp = getattr(self, "Stamp", None)
        self.Log = [f"deserializing Name={_show(name)} Stamp={_show(stamp)}"]
        EVENTS.append("deserializing")

    @on_deserialized
    def _on_deserialized(self, context: StreamingContext) -> None:
        self.Log.append(f"deserialized Name={_show(self.Name)} Stamp={_show(self.Stamp)}")
        EVENTS.append(f"deserialized {self.Name}")

    def on_deserialization(self, sender: object) -> None:
        self.Log.append(f"deserialization Name={_show(self.Name)}")
        EVENTS.append(f"deserialization {self.Name}")


def build_callbacks() -> Tracked:
    outer = Tracked("outer")
    inner = Tracked("inner")
    outer.Peer = inner
    inner.Peer = outer
    return outer


def expected_read_log(name: str) -> list[str]:
    """What a Tracked named ``name`` logs while being read (the same strings as Model.cs)."""
    return [
        "deserializing Name=null Stamp=null",
        f"deserialized Name={name} Stamp=stamped:{name}",
        f"deserialization Name={name}",
    ]


# ---- nonserialized --------------------------------------------------------------------------


@serializable(type_name="Interop.WithTransient", assembly_name=ASM)
@attrs.define
class WithTransient:
    Keep: int
    # C#'s initializer is 5, but no constructor runs on read, so .NET reads 0. The Python
    # default is 0 so that "left at the default" and "left at zero" agree on what a read gives.
    Transient: Annotated[int, NonSerialized] = 0


def build_nonserialized() -> WithTransient:
    return WithTransient(Keep=42, Transient=5)  # the writer holds 5, as C# does


# ---- inheritance ----------------------------------------------------------------------------
# .NET has two fields named _secret (BaseRec's and DerivedRec's); on the wire: D, _secret, B,
# BaseRec+_secret. A Python instance has one attribute per name, so DerivedRec keeps its own
# under another Python name and FieldName("_secret") gives it the .NET one. See cases.md.


@serializable(type_name="Interop.BaseRec", assembly_name=ASM)
@attrs.define
class BaseRec:
    B: int = 0
    _secret: int = 0


@serializable(type_name="Interop.DerivedRec", assembly_name=ASM)
@attrs.define
class DerivedRec(BaseRec):
    D: int = 0
    _own_secret: Annotated[int, FieldName("_secret")] = 0


def build_inheritance() -> DerivedRec:
    return DerivedRec(B=1, D=2, secret=11, own_secret=22)


def build_inheritance_same() -> DerivedRec:
    return DerivedRec(B=1, D=2, secret=22, own_secret=22)


# ---- struct_enum ----------------------------------------------------------------------------


@serializable(type_name="Interop.Pt", assembly_name=ASM, value_type=True)
@attrs.define
class Pt:
    X: int
    Y: int


@serializable(type_name="Interop.Color", assembly_name=ASM)
class Color(enum.IntEnum):  # enum Color : short
    Red = 1
    Green = 2
    Blue = 300


@serializable(type_name="Interop.Perm", assembly_name=ASM)
class Perm(enum.IntFlag):  # [Flags] enum Perm : int (C# also has None = 0)
    Read = 1
    Write = 2
    Exec = 4


@serializable(type_name="Interop.Shapes", assembly_name=ASM)
@attrs.define
class Shapes:
    P: Pt
    Ps: Annotated[list[Pt], Array]  # Pt[]
    C: Annotated[Color, Int16]
    Flags: Perm
    Boxed: object


def build_struct_enum() -> Shapes:
    return Shapes(
        P=Pt(3, -4),
        Ps=[Pt(1, 2), Pt(-7, 8)],
        C=Color.Blue,
        Flags=Perm.Read | Perm.Exec,
        Boxed=42,
    )


# ---- the cases ------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[], Any]] = {
    "prims": build_prims,
    "cycle": build_cycle,
    "collections": build_collections,
    "custom": build_custom,
    "versioning": lambda: Versioned(A=7, B="added-in-v2"),
    "versioning_v1": lambda: VersionedV1(A=5),
    "callbacks": build_callbacks,
    "nonserialized": build_nonserialized,
    "inheritance": build_inheritance,
    "inheritance_same": build_inheritance_same,
    "struct_enum": build_struct_enum,
    "linked_list": build_linked_list,
}

# Every case of Program.cs.
ALL_CASES = tuple(BUILDERS)


def build(case: str) -> Any:
    return BUILDERS[case]()


def formatter(case: str) -> BinaryFormatter:
    """The formatter the C# side uses for ``case``."""
    if case == "versioning_v1":
        return BinaryFormatter(binder=V1Binder())
    return BinaryFormatter()


def dumps(case: str) -> bytes:
    return formatter(case).dumps(build(case))
