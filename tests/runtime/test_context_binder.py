"""StreamingContext, StreamingContextStates, and SerializationBinder in both directions."""


from __future__ import annotations

import functools
from typing import Any

import attrs
import pytest

import serialkit
from serialkit import (
    BinaryFormatter,
    SerializationBinder,
    SerializationError,
    SerializationInfo,
    StreamingContext,
    StreamingContextStates,
    TypeNotAllowedError,
    on_deserialized,
    on_serializing,
    serializable,
)

S = StreamingContextStates


# ---- StreamingContext -----------------------------------------------------------------------


def test_states_values_match_dotnet() -> None:
    """Each StreamingContextStates member has .NET's numeric value."""
    assert {"CROSS_PROCESS": 0x01, "CROSS_MACHINE": 0x02, "FILE": 0x04, "PERSISTENCE": 0x08,
            "REMOTING": 0x10, "OTHER": 0x20, "CLONE": 0x40, "CROSS_APP_DOMAIN": 0x80,
            "ALL": 0xFF} == {m.name: m.value for m in S.__members__.values()}


def test_all_is_every_state() -> None:
    """ALL is the union of the eight single states."""
    union = functools.reduce(lambda a, b: a | b, [
        S.CROSS_PROCESS, S.CROSS_MACHINE, S.FILE, S.PERSISTENCE, S.REMOTING, S.OTHER,
        S.CLONE, S.CROSS_APP_DOMAIN])
    assert S.ALL == union


def test_states_combine_as_flags() -> None:
    """States combine with | and test with `in` and &, as an enum.Flag."""
    mask = S.FILE | S.PERSISTENCE
    assert (True, False, S.FILE, True) == (S.FILE in mask, S.REMOTING in mask, mask & S.FILE,
                                           mask in S.ALL)


def test_context_defaults() -> None:
    """StreamingContext() is state ALL with no additional context."""
    context = StreamingContext()
    assert (S.ALL, None) == (context.state, context.context)


def test_context_carries_state_and_object() -> None:
    """StreamingContext keeps the state and the caller's object."""
    extra = object()
    context = StreamingContext(S.CLONE, extra)
    assert (S.CLONE, extra) == (context.state, context.context)


def test_context_is_immutable() -> None:
    """A StreamingContext cannot be changed once built (it is shared by every hook)."""
    context = StreamingContext(S.FILE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        context.state = S.REMOTING  # type: ignore[misc]


SEEN: list[tuple[str, Any]] = []


@serializable
@attrs.define(eq=False)
class Observed:
    """Records the context each hook receives."""

    n: int = 0

    @on_serializing
    def _serializing(self, context: StreamingContext) -> None:
        SEEN.append(("serializing", context))

    @on_deserialized
    def _deserialized(self, context: StreamingContext) -> None:
        SEEN.append(("deserialized", context))


@serializable
class CustomObserved:
    """An ISerializable class that records the context it is given."""

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        SEEN.append(("get_object_data", context))
        info.add_value("x", 1)

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        SEEN.append(("set_object_data", context))


def test_formatter_context_reaches_every_hook() -> None:
    """The formatter's context is what callbacks and get/set_object_data receive."""
    SEEN.clear()
    context = StreamingContext(S.PERSISTENCE, {"tenant": 7})
    bf = BinaryFormatter(context=context)
    bf.loads(bf.dumps([Observed(), CustomObserved()]))
    assert [("serializing", context), ("get_object_data", context),
            ("set_object_data", context), ("deserialized", context)] == SEEN


# ---- SerializationBinder --------------------------------------------------------------------


@serializable(type_name="Shop.OrderV2", assembly_name="Shop, Version=2.0.0.0")
@attrs.define
class OrderV2:
    """The current version of a class."""

    id: int = 0
    note: str | None = None


@serializable(type_name="Shop.Order", assembly_name="Shop, Version=1.0.0.0")
@attrs.define
class OrderV1:
    """The old version, written under the name Shop.Order."""

    id: int = 0
    note: str | None = None


@serializable(type_name="Shop.Basket", assembly_name="Shop, Version=2.0.0.0")
@attrs.define
class Basket:
    """Holds an order in a field declared with its class."""

    order: OrderV2 | None = None
    anything: object = None


class RenameBinder(SerializationBinder):
    """Reads Shop.Order (any version) as OrderV2 and records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        self.calls.append((assembly_name, type_name))
        if type_name == "Shop.Order":
            return OrderV2
        return None


class RefuseBinder(SerializationBinder):
    """Refuses every type of the Shop assembly."""

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        if assembly_name.startswith("Shop"):
            raise SerializationError(f"{type_name} is refused by policy")
        return None


class WriteAsLegacy(SerializationBinder):
    """Writes OrderV2 as Legacy.Order in assembly Legacy."""

    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        if cls is OrderV2:
            return "Legacy, Version=0.9.0.0", "Legacy.Order"
        return None, None


def test_bind_to_type_renames() -> None:
    """bind_to_type maps an old wire name to a new class."""
    payload = BinaryFormatter().dumps(OrderV1(5, "old"))
    binder = RenameBinder()
    back = BinaryFormatter(binder=binder).loads(payload)
    assert (OrderV2(5, "old"), [("Shop, Version=1.0.0.0", "Shop.Order")]) == (back, binder.calls)


def test_bind_to_type_none_falls_back_to_registry() -> None:
    """A binder returning None leaves the registered class to be used."""
    payload = BinaryFormatter().dumps(OrderV2(3))
    assert OrderV2(3) == BinaryFormatter(binder=RenameBinder()).loads(payload)


def test_bind_to_type_sees_system_classes_too() -> None:
    """The binder is consulted for every class record, system ones included."""
    payload = BinaryFormatter().dumps(Basket(OrderV2(1), [1]))
    binder = RenameBinder()
    BinaryFormatter(binder=binder).loads(payload)
    names = {name for _, name in binder.calls}
    assert {"Shop.Basket", "Shop.OrderV2", "System.Collections.ArrayList"} <= names


def test_bind_to_type_refuses_by_raising() -> None:
    """A binder raising SerializationError stops the read with that error."""
    payload = BinaryFormatter().dumps(Basket(OrderV2(1)))
    with pytest.raises(SerializationError, match="refused by policy"):
        BinaryFormatter(binder=RefuseBinder()).loads(payload)


def test_bind_to_type_cannot_allow_denylisted_gadget() -> None:
    """Even a binder that returns a class cannot make a known gadget type readable."""
    class Yes(SerializationBinder):
        def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
            return OrderV2

    @serializable(type_name="System.DelegateSerializationHolder", assembly_name="mscorlib")
    @attrs.define
    class Holder:
        id: int = 0

    payload = BinaryFormatter().dumps(Holder(1))
    with pytest.raises(TypeNotAllowedError):
        BinaryFormatter(binder=Yes()).loads(payload)


def test_bind_to_name_writes_bound_names() -> None:
    """bind_to_name changes the type and library names in the written record."""
    payload = BinaryFormatter(binder=WriteAsLegacy()).dumps(OrderV2(9, "x"))
    record = serialkit.nrbf.decode(payload)
    assert ("Legacy.Order", "Legacy, Version=0.9.0.0") == (record.type_name,
                                                          record.library_name)


def test_bind_to_name_none_keeps_defaults() -> None:
    """bind_to_name returning (None, None) keeps the class's own names."""
    payload = BinaryFormatter(binder=WriteAsLegacy()).dumps(OrderV1(1))
    record = serialkit.nrbf.decode(payload)
    assert ("Shop.Order", "Shop, Version=1.0.0.0") == (record.type_name, record.library_name)


def test_bind_to_name_type_only_keeps_assembly() -> None:
    """bind_to_name returning only a type name keeps the default assembly."""
    class TypeOnly(SerializationBinder):
        def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
            return None, "Shop.Renamed"

    record = serialkit.nrbf.decode(BinaryFormatter(binder=TypeOnly()).dumps(OrderV2(1)))
    assert ("Shop.Renamed", "Shop, Version=2.0.0.0") == (record.type_name, record.library_name)


def test_bind_to_name_applies_to_nested_objects() -> None:
    """An object held in a field or an object slot is written under its bound name too."""
    payload = BinaryFormatter(binder=WriteAsLegacy()).dumps(
        Basket(OrderV2(1), OrderV2(2)))
    record = serialkit.nrbf.decode(payload)
    assert [("Legacy.Order", "Legacy, Version=0.9.0.0")] * 2 == [
        (record[m].type_name, record[m].library_name) for m in ("order", "anything")]


def test_bind_to_name_applies_to_member_type_info() -> None:
    """A member declared with a bound class names the bound type in its member type info."""
    payload = BinaryFormatter(binder=WriteAsLegacy()).dumps(Basket(OrderV2(1)))
    record = serialkit.nrbf.decode(payload)
    assert record.member_types is not None
    info = record.member_types[record.member_names.index("order")].info
    assert ("Legacy.Order", "Legacy, Version=0.9.0.0") == info


def test_bind_to_name_payload_reads_back_through_binder() -> None:
    """A payload written under bound names reads back with the matching bind_to_type."""
    class Both(WriteAsLegacy):
        def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
            return OrderV2 if type_name == "Legacy.Order" else None

    bf = BinaryFormatter(binder=Both())
    assert Basket(OrderV2(1, "n"), None) == bf.loads(bf.dumps(Basket(OrderV2(1, "n"))))


def test_bind_to_name_payload_refused_without_binder() -> None:
    """Bound names that nothing registers are refused by a plain reader."""
    payload = BinaryFormatter(binder=WriteAsLegacy()).dumps(OrderV2(1))
    with pytest.raises(TypeNotAllowedError, match=r"Legacy\.Order"):
        BinaryFormatter().loads(payload)
