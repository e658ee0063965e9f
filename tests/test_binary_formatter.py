"""BinaryFormatter behaviour: hook order, errors with paths, assembly styles, IObjectReference,
streams, the type gate, and int widths."""


from __future__ import annotations

import io
import struct
from typing import Any, ClassVar

import attrs
import pytest

import serialkit
from serialkit import (
    BinaryFormatter,
    FormatterAssemblyStyle,
    LimitExceededError,
    NotSerializableError,
    ReaderLimits,
    SerializationBinder,
    SerializationError,
    SerializationInfo,
    StreamingContext,
    SurrogateSelector,
    TypeNotAllowedError,
    serializable,
)
from serialkit.nrbf import RecordType

CALLS: list[str] = []


class Unmarked:
    """Neither @serializable nor surrogated."""


@serializable
@attrs.define(eq=False)
class Box:
    """A holder with a typed list and an object slot."""

    items: list[Any] = attrs.field(factory=list)
    anything: object = None
    number: int = 0


@serializable
class Custom:
    """ISerializable with fields it does not write as such."""

    field: int = 0

    def __init__(self, field: int = 0) -> None:
        self.field = field

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        CALLS.append("get_object_data")
        info.add_value("custom", self.field * 10)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        self.field = info.get_value("custom") // 10


class CustomSurrogate:
    """A user surrogate for Custom."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        CALLS.append("surrogate")
        info.add_value("from_surrogate", obj.field)

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        obj.field = info.get_value("from_surrogate")
        return obj


def roundtrip(graph: Any, **options: Any) -> Any:
    """Write and read ``graph`` with a BinaryFormatter built with ``options``."""
    bf = BinaryFormatter(**options)
    return bf.loads(bf.dumps(graph))


# ---- hook order -----------------------------------------------------------------------------


def test_memo_before_hooks() -> None:
    """An object met twice is written once: its get_object_data runs once, then a reference."""
    CALLS.clear()
    shared = Custom(1)
    back = roundtrip(Box([shared, shared]))
    assert (["get_object_data"], True) == (CALLS, back.items[0] is back.items[1])


def test_surrogate_before_get_object_data() -> None:
    """A user surrogate wins over the class's own get_object_data."""
    selector = SurrogateSelector()
    selector.add_surrogate(Custom, StreamingContext(), CustomSurrogate())
    CALLS.clear()
    payload = BinaryFormatter(surrogate_selector=selector).dumps(Custom(4))
    record = serialkit.nrbf.decode(payload)
    assert (["surrogate"], ("from_surrogate",)) == (CALLS, record.member_names)


def test_get_object_data_before_members() -> None:
    """An ISerializable class is written from its info alone, not from its fields."""
    record = serialkit.nrbf.decode(BinaryFormatter().dumps(Custom(4)))
    assert (("custom",), 40, Custom) == (record.member_names, record["custom"],
                                         type(roundtrip(Custom(4))))


def test_members_when_no_hook() -> None:
    """A plain @serializable class is written from its members."""
    record = serialkit.nrbf.decode(BinaryFormatter().dumps(Box()))
    assert ("items", "anything", "number") == record.member_names


def test_error_when_nothing_applies() -> None:
    """An object no hook covers raises NotSerializableError naming its type."""
    with pytest.raises(NotSerializableError, match="Unmarked"):
        BinaryFormatter().dumps(Box(anything=Unmarked()))


# ---- errors while writing -------------------------------------------------------------------


def test_unserializable_in_list_names_type_and_path() -> None:
    """The error for an unserializable list element names its type and `$.items[2]`."""
    with pytest.raises(NotSerializableError) as raised:
        BinaryFormatter().dumps(Box(items=[1, "two", Unmarked()]))
    error = raised.value
    assert ("$.items[2]", True) == (error.path, "Unmarked" in str(error))


def test_unserializable_in_object_slot_path() -> None:
    """The error for an unserializable member names `$.anything`."""
    with pytest.raises(NotSerializableError) as raised:
        BinaryFormatter().dumps(Box(anything=Unmarked()))
    assert ("$.anything", "Unmarked") == (raised.value.path, raised.value.type_name)


def test_unserializable_nested_path() -> None:
    """The path runs through nested objects: `$.anything.anything`."""
    with pytest.raises(NotSerializableError) as raised:
        BinaryFormatter().dumps(Box(anything=Box(anything=Unmarked())))
    assert "$.anything.anything" == raised.value.path


def test_unserializable_root() -> None:
    """An unserializable root raises NotSerializableError at `$`."""
    with pytest.raises(NotSerializableError) as raised:
        BinaryFormatter().dumps(Unmarked())
    assert "$" == raised.value.path


def test_none_root_raises() -> None:
    """None cannot be the root of a graph."""
    with pytest.raises(SerializationError):
        BinaryFormatter().dumps(None)


def test_none_root_raises_on_stream() -> None:
    """serialize(stream, None) raises and writes nothing."""
    stream = io.BytesIO()
    with pytest.raises(SerializationError):
        BinaryFormatter().serialize(stream, None)
    assert b"" == stream.getvalue()


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**40])
def test_int_field_out_of_int32_range(value: int) -> None:
    """A plain int field (Int32) holding a value out of range raises with the member path."""
    with pytest.raises(SerializationError) as raised:
        BinaryFormatter().dumps(Box(number=value))
    assert "$.number" == raised.value.path


def test_int_object_field_int64() -> None:
    """An object field holding 2**40 is boxed as Int64 and reads back."""
    payload = BinaryFormatter().dumps(Box(anything=2**40))
    boxed = bytes([RecordType.MEMBER_PRIMITIVE_TYPED, 9]) + struct.pack("<q", 2**40)
    assert (True, 2**40) == (boxed in payload, BinaryFormatter().loads(payload).anything)


def test_int_object_field_bigint() -> None:
    """An object field holding 2**100 is a System.Numerics.BigInteger and reads back."""
    payload = BinaryFormatter().dumps(Box(anything=2**100))
    record = serialkit.nrbf.decode(payload)
    assert ("System.Numerics.BigInteger", 2**100) == (
        record["anything"].type_name, BinaryFormatter().loads(payload).anything)


# ---- assembly style and missing members -----------------------------------------------------


@serializable(type_name="Asm.Record", assembly_name="Asm, Version=1.0.0.0")
@attrs.define
class RecordV1:
    """Version 1: one member."""

    a: int = 0


@serializable(type_name="Asm.RecordV2", assembly_name="Asm, Version=2.0.0.0")
@attrs.define
class RecordV2:
    """Version 2: a required member added (no OptionalField)."""

    a: int = 0
    b: int = 5


class ReadAsV2(SerializationBinder):
    """Reads Asm.Record as RecordV2."""

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return RecordV2 if type_name == "Asm.Record" else None


def test_simple_style_keeps_default_for_missing_member() -> None:
    """SIMPLE tolerates a missing member and leaves it at its default."""
    payload = BinaryFormatter().dumps(RecordV1(3))
    assert RecordV2(3, 5) == BinaryFormatter(binder=ReadAsV2()).loads(payload)


def test_full_style_raises_for_missing_member() -> None:
    """FULL raises SerializationError naming a missing member not marked OptionalField."""
    payload = BinaryFormatter().dumps(RecordV1(3))
    bf = BinaryFormatter(binder=ReadAsV2(), assembly_format=FormatterAssemblyStyle.FULL)
    with pytest.raises(SerializationError, match="'b'"):
        bf.loads(payload)


def test_full_style_compares_whole_assembly_name() -> None:
    """FULL refuses a registered type whose assembly version differs; SIMPLE accepts it."""
    class Reversion(SerializationBinder):
        def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
            return "Asm, Version=9.9.9.9", None

    payload = BinaryFormatter(binder=Reversion()).dumps(RecordV1(1))
    simple = BinaryFormatter().loads(payload)
    with pytest.raises(TypeNotAllowedError):
        BinaryFormatter(assembly_format=FormatterAssemblyStyle.FULL).loads(payload)
    assert RecordV1(1) == simple


# ---- IObjectReference -----------------------------------------------------------------------


@serializable(type_name="Ref.SingletonHolder")
class SingletonHolder:
    """Stands for the singleton on the wire; resolves to it on reading."""

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        pass  # pragma: no cover - only ever read

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        pass

    def get_real_object(self, context: StreamingContext) -> Any:
        return Singleton.INSTANCE


@serializable(type_name="Ref.Singleton")
class Singleton:
    """A singleton that writes itself as a SingletonHolder (.NET's pattern)."""

    INSTANCE: ClassVar[Singleton]

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.set_type(SingletonHolder)

    def set_object_data(self, info: SerializationInfo,
                        context: StreamingContext) -> None:  # pragma: no cover
        raise AssertionError("a Singleton is never built from a payload")


Singleton.INSTANCE = Singleton()


def test_singleton_pattern_reads_back_the_instance() -> None:
    """get_real_object replaces the holder with the one instance, everywhere it appears."""
    back = roundtrip(Box(items=[Singleton.INSTANCE, Singleton.INSTANCE],
                         anything=Singleton.INSTANCE))
    assert [Singleton.INSTANCE] * 3 == [*back.items, back.anything]


def test_singleton_root() -> None:
    """A singleton as the root reads back as the instance."""
    assert Singleton.INSTANCE is roundtrip(Singleton.INSTANCE)


@serializable(type_name="Ref.Hop")
@attrs.define(eq=False)
class Hop:
    """An IObjectReference whose real object is another Hop, ``left`` hops down."""

    left: int = 0

    def get_real_object(self, context: StreamingContext) -> Any:
        if self.left == 0:
            return "landed"
        return Hop(self.left - 1)


def test_reference_chain_within_limit() -> None:
    """A get_real_object chain shorter than max_reference_chain resolves to its end."""
    limits = ReaderLimits(max_reference_chain=5)
    assert "landed" == roundtrip(Box(anything=Hop(3)), limits=limits).anything


def test_reference_chain_over_limit() -> None:
    """A get_real_object chain longer than max_reference_chain raises LimitExceededError."""
    bf = BinaryFormatter(limits=ReaderLimits(max_reference_chain=3))
    payload = bf.dumps(Box(anything=Hop(10)))
    with pytest.raises(LimitExceededError, match="max_reference_chain"):
        bf.loads(payload)


def test_limit_exceeded_is_a_serialization_error() -> None:
    """LimitExceededError is a SerializationError."""
    assert issubclass(LimitExceededError, SerializationError)


@serializable(type_name="Ref.Mutual")
@attrs.define(eq=False, repr=False)
class Mutual:
    """An IObjectReference that refers to another one."""

    other: Any = None

    def get_real_object(self, context: StreamingContext) -> Any:
        return self


def test_mutual_object_references_raise() -> None:
    """Two IObjectReference objects referring to each other raise, rather than hang."""
    a = Mutual()
    b = Mutual(a)
    a.other = b
    payload = BinaryFormatter().dumps(a)
    with pytest.raises(SerializationError) as raised:
        BinaryFormatter().loads(payload)
    assert raised.value.path is not None


# ---- streams --------------------------------------------------------------------------------


def test_serialize_deserialize_bytesio() -> None:
    """serialize writes to a stream what dumps returns; deserialize reads it back."""
    stream = io.BytesIO()
    bf = BinaryFormatter()
    bf.serialize(stream, Box(number=3))
    data = stream.getvalue()
    stream.seek(0)
    assert (bf.dumps(Box(number=3)), 3) == (data, bf.deserialize(stream).number)


def test_deserialize_two_payloads_back_to_back() -> None:
    """deserialize leaves the stream after its payload, so the next one reads next."""
    stream = io.BytesIO()
    bf = BinaryFormatter()
    bf.serialize(stream, Box(number=1))
    bf.serialize(stream, [1, "two"])
    bf.serialize(stream, "three")
    end = stream.tell()
    stream.seek(0)
    first, second, third = (bf.deserialize(stream) for _ in range(3))
    assert (1, [1, "two"], "three", end) == (first.number, second, third, stream.tell())


def test_deserialize_stream_position_after_payload() -> None:
    """After deserialize, the stream is positioned right after the payload's end record."""
    payload = BinaryFormatter().dumps(Box(number=1))
    stream = io.BytesIO(b"PREFIX" + payload + b"TRAILER")
    stream.seek(6)
    BinaryFormatter().deserialize(stream)
    assert b"TRAILER" == stream.read()


def test_loads_rejects_trailing_bytes() -> None:
    """loads of bytes with data after the payload raises SerializationError."""
    payload = BinaryFormatter().dumps(Box())
    with pytest.raises(SerializationError):
        BinaryFormatter().loads(payload + b"\x00")


# ---- the type gate --------------------------------------------------------------------------


class Rename(SerializationBinder):
    """Writes Box under a name nothing registers."""

    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        if cls is Box:
            return "Nowhere, Version=1.0.0.0", "Nowhere.Type"
        return None, None


def test_unregistered_type_not_allowed_with_offset_and_path() -> None:
    """A payload naming an unregistered type raises TypeNotAllowedError with offset and path."""
    payload = BinaryFormatter(binder=Rename()).dumps([Box()])
    with pytest.raises(TypeNotAllowedError) as raised:
        BinaryFormatter().loads(payload)
    error = raised.value
    record = serialkit.nrbf.decode(payload)["_items"].values[0]
    assert ("Nowhere.Type", record.offset, "$[0]") == (
        error.type_name, error.offset, error.path)


def test_unregistered_root_type_path() -> None:
    """An unregistered root type is reported at `$` with the offset of its record."""
    payload = BinaryFormatter(binder=Rename()).dumps(Box())
    with pytest.raises(TypeNotAllowedError) as raised:
        BinaryFormatter().loads(payload)
    assert ("$", serialkit.nrbf.decode(payload).offset) == (raised.value.path,
                                                              raised.value.offset)


@serializable(type_name="System.DelegateSerializationHolder", assembly_name="mscorlib")
@attrs.define
class MistakenGadget:
    """A class registered under a gadget's name by mistake."""

    data: str | None = None


@serializable(type_name="System.Windows.Data.ObjectDataProvider",
              assembly_name="PresentationFramework")
@attrs.define
class MistakenProvider:
    """Another gadget name registered by mistake."""

    data: str | None = None


@pytest.mark.parametrize("graph", [MistakenGadget("x"), MistakenProvider("x")],
                         ids=["DelegateSerializationHolder", "ObjectDataProvider"])
def test_denylisted_gadget_refused_even_if_registered(graph: Any) -> None:
    """A known gadget type name is refused on reading even when a class registers it."""
    payload = BinaryFormatter().dumps(Box(anything=graph))
    with pytest.raises(TypeNotAllowedError) as raised:
        BinaryFormatter().loads(payload)
    assert type(graph).__dict__["__serialkit__"].type_name == raised.value.type_name


@serializable
@attrs.define
class GadgetList:
    """Holds a List<gadget>: the gadget's name appears only as a generic argument."""

    gadgets: list[MistakenGadget] = attrs.field(factory=list)


def test_denylisted_gadget_as_generic_argument_refused() -> None:
    """A gadget named as a generic argument (an empty List<gadget>) is refused as well."""
    payload = BinaryFormatter().dumps(GadgetList())
    with pytest.raises(TypeNotAllowedError) as raised:
        BinaryFormatter().loads(payload)
    assert "System.DelegateSerializationHolder" in str(raised.value.type_name)


def test_type_not_allowed_is_a_serialization_error() -> None:
    """TypeNotAllowedError is caught by `except SerializationError`."""
    assert issubclass(TypeNotAllowedError, SerializationError)
