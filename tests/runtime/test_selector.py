"""SurrogateSelector: lookup by type and context state, chaining, and surrogate round trips."""


from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest

import serialkit
from serialkit import (
    BinaryFormatter,
    NotSerializableError,
    SerializationError,
    SerializationInfo,
    SerializationSurrogate,
    StreamingContext,
    StreamingContextStates,
    SurrogateSelector,
    TypeNotAllowedError,
    serializable,
)

FILE = StreamingContext(StreamingContextStates.FILE)
REMOTING = StreamingContext(StreamingContextStates.REMOTING)
ALL = StreamingContext()


class Temperature:
    """A third-party class: not @serializable, with a constructor that needs arguments."""

    __slots__ = ("celsius", "label")

    def __init__(self, celsius: float, label: str) -> None:
        self.celsius = celsius
        self.label = label


class TemperatureSurrogate:
    """Writes a Temperature as two members and rebuilds it in place."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.add_value("celsius", obj.celsius)
        info.add_value("label", obj.label)

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        obj.celsius = info.get_value("celsius")
        obj.label = info.get_value("label")
        return None


class FractionSurrogate:
    """Writes a Fraction as numerator/denominator and returns a replacement on reading."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.add_value("n", obj.numerator)
        info.add_value("d", obj.denominator)

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        return Fraction(info.get_value("n"), info.get_value("d"))


@serializable
@attrs.define(eq=False)
class Holder:
    """A serializable class holding third-party objects in object slots."""

    first: object = None
    second: object = None


def test_surrogate_satisfies_protocol() -> None:
    """A class with both methods is a SerializationSurrogate (runtime-checkable protocol)."""
    assert isinstance(TemperatureSurrogate(), SerializationSurrogate)


def test_add_then_get_surrogate() -> None:
    """get_surrogate returns the surrogate added for the type and the selector holding it."""
    selector = SurrogateSelector()
    surrogate = TemperatureSurrogate()
    selector.add_surrogate(Temperature, ALL, surrogate)
    assert (surrogate, selector) == selector.get_surrogate(Temperature, ALL)


def test_get_surrogate_unknown_type_is_none() -> None:
    """A type with no surrogate gives None."""
    assert None is SurrogateSelector().get_surrogate(Temperature, ALL)


def test_get_surrogate_is_exact_type() -> None:
    """A surrogate for a class is not used for its subclass."""
    class Sub(Temperature):
        __slots__ = ()

    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, ALL, TemperatureSurrogate())
    assert None is selector.get_surrogate(Sub, ALL)


def test_remove_surrogate() -> None:
    """remove_surrogate removes the surrogate for that type and context state."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, ALL, TemperatureSurrogate())
    selector.remove_surrogate(Temperature, ALL)
    assert None is selector.get_surrogate(Temperature, ALL)


def test_remove_keeps_other_states() -> None:
    """Removing the FILE surrogate leaves the REMOTING one in place."""
    selector = SurrogateSelector()
    remoting = TemperatureSurrogate()
    selector.add_surrogate(Temperature, FILE, TemperatureSurrogate())
    selector.add_surrogate(Temperature, REMOTING, remoting)
    selector.remove_surrogate(Temperature, FILE)
    assert (None, (remoting, selector)) == (selector.get_surrogate(Temperature, FILE),
                                            selector.get_surrogate(Temperature, REMOTING))


def test_add_surrogate_twice_for_same_state_raises() -> None:
    """Adding a second surrogate for the same type and state raises (as .NET's does)."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, FILE, TemperatureSurrogate())
    with pytest.raises(ValueError, match="Temperature"):
        selector.add_surrogate(Temperature, FILE, TemperatureSurrogate())


def test_add_surrogate_without_methods_raises() -> None:
    """An object lacking get_object_data/set_object_data is refused as a surrogate."""
    with pytest.raises(TypeError):
        SurrogateSelector().add_surrogate(Temperature, ALL, object())


def test_remoting_surrogate_not_used_for_file() -> None:
    """A surrogate registered for REMOTING does not serve a FILE lookup."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, REMOTING, TemperatureSurrogate())
    assert None is selector.get_surrogate(Temperature, FILE)


def test_all_surrogate_serves_file() -> None:
    """A surrogate registered for ALL serves a lookup in FILE."""
    selector = SurrogateSelector()
    surrogate = TemperatureSurrogate()
    selector.add_surrogate(Temperature, ALL, surrogate)
    assert (surrogate, selector) == selector.get_surrogate(Temperature, FILE)


def test_combined_mask_serves_each_state() -> None:
    """A surrogate for FILE | PERSISTENCE serves FILE and PERSISTENCE, not REMOTING."""
    selector = SurrogateSelector()
    surrogate = TemperatureSurrogate()
    states = StreamingContextStates.FILE | StreamingContextStates.PERSISTENCE
    selector.add_surrogate(Temperature, StreamingContext(states), surrogate)
    found = [selector.get_surrogate(Temperature, StreamingContext(s)) is not None for s in (
        StreamingContextStates.FILE, StreamingContextStates.PERSISTENCE,
        StreamingContextStates.REMOTING, states)]
    assert [True, True, False, True] == found


def test_formatter_in_file_context_ignores_remoting_surrogate() -> None:
    """Writing in a FILE context with only a REMOTING surrogate raises NotSerializableError."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, REMOTING, TemperatureSurrogate())
    bf = BinaryFormatter(surrogate_selector=selector, context=FILE)
    with pytest.raises(NotSerializableError, match="Temperature"):
        bf.dumps(Holder(Temperature(1.0, "x")))


def test_chain_first_match_wins() -> None:
    """In a chain, the first selector with a surrogate for the type supplies it."""
    first, second, third = SurrogateSelector(), SurrogateSelector(), SurrogateSelector()
    in_second, in_third = TemperatureSurrogate(), TemperatureSurrogate()
    second.add_surrogate(Temperature, ALL, in_second)
    third.add_surrogate(Temperature, ALL, in_third)
    first.chain_selector(second)
    first.chain_selector(third)
    assert ((in_second, second), (in_third, third)) == (
        first.get_surrogate(Temperature, ALL), third.get_surrogate(Temperature, ALL))


def test_chain_skips_selector_with_other_state() -> None:
    """A chained selector whose surrogate does not cover the state is passed over."""
    first, second = SurrogateSelector(), SurrogateSelector()
    in_second = TemperatureSurrogate()
    first.add_surrogate(Temperature, REMOTING, TemperatureSurrogate())
    second.add_surrogate(Temperature, FILE, in_second)
    first.chain_selector(second)
    assert (in_second, second) == first.get_surrogate(Temperature, FILE)


def test_get_next_selector() -> None:
    """get_next_selector returns the selector chained after this one, or None."""
    first, second, third = SurrogateSelector(), SurrogateSelector(), SurrogateSelector()
    first.chain_selector(second)
    first.chain_selector(third)
    assert (second, third, None) == (first.get_next_selector(), second.get_next_selector(),
                                     third.get_next_selector())


def test_chain_to_itself_rejected() -> None:
    """Chaining a selector to itself raises SerializationError."""
    selector = SurrogateSelector()
    with pytest.raises(SerializationError, match="cycle"):
        selector.chain_selector(selector)


def test_chain_cycle_rejected() -> None:
    """Chaining that would close a loop (a -> b -> a) raises and leaves the chain as it was."""
    a, b = SurrogateSelector(), SurrogateSelector()
    a.chain_selector(b)
    with pytest.raises(SerializationError, match="cycle"):
        b.chain_selector(a)
    assert (b, None) == (a.get_next_selector(), b.get_next_selector())


def _temperature_selector() -> SurrogateSelector:
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, ALL, TemperatureSurrogate())
    selector.add_surrogate(Fraction, ALL, FractionSurrogate())
    return selector


def test_surrogate_roundtrip_third_party_class() -> None:
    """A non-serializable class round-trips through its surrogate, sharing preserved."""
    t = Temperature(21.5, "room")
    bf = BinaryFormatter(surrogate_selector=_temperature_selector())
    back = bf.loads(bf.dumps(Holder(t, t)))
    assert (Temperature, 21.5, "room", True) == (
        type(back.first), back.first.celsius, back.first.label, back.first is back.second)


def test_surrogate_as_root() -> None:
    """A surrogated object can be the root of a graph."""
    bf = BinaryFormatter(surrogate_selector=_temperature_selector())
    back = bf.loads(bf.dumps(Temperature(-3.0, "frost")))
    assert (-3.0, "frost") == (back.celsius, back.label)


def test_surrogate_replacement_object() -> None:
    """set_object_data's return value replaces the object in the graph."""
    half = Fraction(1, 2)
    bf = BinaryFormatter(surrogate_selector=_temperature_selector())
    back = bf.loads(bf.dumps(Holder(half, Fraction(-7, 3))))
    assert (Fraction(1, 2), Fraction(-7, 3)) == (back.first, back.second)


def test_surrogate_record_holds_info_members() -> None:
    """The record written for a surrogated object holds exactly the info's members."""
    bf = BinaryFormatter(surrogate_selector=_temperature_selector())
    record = serialkit.nrbf.decode(bf.dumps(Temperature(1.0, "x")))
    assert (("celsius", "label"), 1.0, "x") == (record.member_names, record["celsius"],
                                                record["label"])


def test_reading_without_surrogate_is_not_allowed() -> None:
    """A payload naming the surrogated class is refused by a reader without the surrogate."""
    payload = BinaryFormatter(surrogate_selector=_temperature_selector()).dumps(
        Holder(Temperature(1.0, "x")))
    with pytest.raises(TypeNotAllowedError) as raised:
        BinaryFormatter().loads(payload)
    assert (True, True) == ("Temperature" in str(raised.value), raised.value.offset is not None)


def test_reading_with_remoting_only_surrogate_is_not_allowed() -> None:
    """A reader in FILE context whose surrogate is for REMOTING refuses the type."""
    payload = BinaryFormatter(surrogate_selector=_temperature_selector()).dumps(
        Temperature(1.0, "x"))
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, REMOTING, TemperatureSurrogate())
    with pytest.raises(TypeNotAllowedError):
        BinaryFormatter(surrogate_selector=selector, context=FILE).loads(payload)


def test_user_surrogate_overrides_serializable_class() -> None:
    """A surrogate for a @serializable class is used instead of its members (hook order)."""
    class HolderSurrogate:
        def get_object_data(self, obj: Any, info: SerializationInfo,
                            context: StreamingContext) -> None:
            info.add_value("only", "surrogate")

        def set_object_data(self, obj: Any, info: SerializationInfo,
                            context: StreamingContext,
                            selector: SurrogateSelector | None) -> Any:
            return Holder(info.get_value("only"))

    selector = SurrogateSelector()
    selector.add_surrogate(Holder, ALL, HolderSurrogate())
    bf = BinaryFormatter(surrogate_selector=selector)
    payload = bf.dumps(Holder(1, 2))
    record = serialkit.nrbf.decode(payload)
    back = bf.loads(payload)
    assert (("only",), "surrogate", None) == (record.member_names, back.first, back.second)
