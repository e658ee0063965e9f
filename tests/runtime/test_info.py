"""SerializationInfo: the name/value bag behind ISerializable and surrogates."""


from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import serialkit
from serialkit import (
    BinaryFormatter,
    Int16,
    MemberNotFoundError,
    NotSerializableError,
    SerializationEntry,
    SerializationError,
    SerializationInfo,
    StreamingContext,
    serializable,
)


@serializable(type_name="Acme.Target", assembly_name="Acme, Version=1.2.3.4")
@attrs.define
class Target:
    """A class set_type can redirect to."""

    n: int = 0


class Unmarked:
    """A class that is not @serializable."""


def test_add_value_then_get_value() -> None:
    """add_value stores a member that get_value returns unchanged."""
    info = SerializationInfo("Acme.T", "Acme")
    marker = object()
    info.add_value("x", marker)
    assert marker is info.get_value("x")


def test_add_value_records_the_type() -> None:
    """The type given to add_value is kept on the entry."""
    info = SerializationInfo()
    info.add_value("x", 5, type=Int16)
    assert [SerializationEntry("x", 5, Int16)] == list(info)


def test_duplicate_add_value_raises() -> None:
    """Adding a member name twice raises SerializationError naming the member."""
    info = SerializationInfo("Acme.T", "Acme")
    info.add_value("x", 1)
    with pytest.raises(SerializationError, match="'x'"):
        info.add_value("x", 2)
    assert 1 == info.get_value("x")


def test_get_value_missing_raises_member_not_found() -> None:
    """get_value of an absent member raises MemberNotFoundError naming it and the type."""
    info = SerializationInfo("Acme.T", "Acme")
    with pytest.raises(MemberNotFoundError) as raised:
        info.get_value("missing")
    assert ("'missing'" in str(raised.value), "Acme.T" in str(raised.value)) == (True, True)


def test_member_not_found_is_a_serialization_error() -> None:
    """MemberNotFoundError is caught by `except SerializationError`."""
    assert issubclass(MemberNotFoundError, SerializationError)


def test_get_returns_default_when_missing() -> None:
    """get(name, default) returns the default for an absent member, the value otherwise."""
    info = SerializationInfo()
    info.add_value("present", None)
    assert ("fallback", None, None) == (info.get("absent", "fallback"), info.get("present", 7),
                                        info.get("absent"))


@pytest.mark.parametrize(("value", "target", "expected"), [
    ("42", int, 42),
    (Decimal("7"), int, 7),
    (True, int, 1),
    (3, float, 3.0),
    ("2.5", float, 2.5),
    (12, str, "12"),
    (1, bool, True),
    ("1.10", Decimal, Decimal("1.10")),
    (5, Decimal, Decimal(5)),
])
def test_get_value_converts(value: object, target: type, expected: object) -> None:
    """get_value(name, type=...) converts the stored value as IFormatterConverter does."""
    info = SerializationInfo()
    info.add_value("v", value)
    actual = info.get_value("v", target)
    assert (expected, type(expected)) == (actual, type(actual))


def test_get_value_object_type_returns_as_is() -> None:
    """get_value(name, type=object) returns the stored object itself."""
    info = SerializationInfo()
    value = [1, 2]
    info.add_value("v", value)
    assert value is info.get_value("v", object)


@pytest.mark.parametrize(("value", "target"), [("abc", int), ([1], int), ("x", Decimal),
                                               (object(), str)])
def test_get_value_unconvertible_raises(value: object, target: type) -> None:
    """A value that cannot convert raises SerializationError naming the member."""
    info = SerializationInfo()
    info.add_value("member", value)
    with pytest.raises(SerializationError, match="'member'"):
        info.get_value("member", target)


def test_iteration_order_is_insertion_order() -> None:
    """Iterating yields (name, value, type) entries in the order they were added."""
    info = SerializationInfo()
    for name in ["zeta", "alpha", "mid"]:
        info.add_value(name, name.upper())
    assert [("zeta", "ZETA", None), ("alpha", "ALPHA", None), ("mid", "MID", None)] == [
        tuple(entry) for entry in info]


def test_member_count_and_contains() -> None:
    """member_count counts the entries and `in` tests a member name."""
    info = SerializationInfo()
    empty_count = info.member_count
    info.add_value("a", 1)
    info.add_value("b", None)
    assert (0, 2, True, False) == (empty_count, info.member_count, "b" in info, "c" in info)


def test_set_type_changes_names() -> None:
    """set_type writes the .NET type and assembly names of the given class."""
    info = SerializationInfo("Acme.Old", "Old")
    info.set_type(Target)
    assert ("Acme.Target", "Acme, Version=1.2.3.4", Target) == (
        info.full_type_name, info.assembly_name, info.object_type)


def test_set_type_of_unmarked_class_raises() -> None:
    """set_type refuses a class that is not @serializable."""
    info = SerializationInfo()
    with pytest.raises(NotSerializableError):
        info.set_type(Unmarked)


def test_assembly_name_is_settable() -> None:
    """full_type_name and assembly_name can be assigned directly."""
    info = SerializationInfo("A", "B")
    info.full_type_name = "Acme.Renamed"
    info.assembly_name = "Acme"
    assert ("Acme.Renamed", "Acme") == (info.full_type_name, info.assembly_name)


@serializable
class Redirected:
    """ISerializable that asks to be read back as Target, through set_type."""

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.set_type(Target)
        info.add_value("n", 99)

    def set_object_data(self, info: SerializationInfo,
                        context: StreamingContext) -> None:  # pragma: no cover
        raise AssertionError("the payload names Target, not Redirected")


def test_set_type_in_get_object_data_changes_the_written_type() -> None:
    """An object whose get_object_data calls set_type is written and read as that type."""
    payload = BinaryFormatter().dumps(Redirected())
    record = serialkit.nrbf.decode(payload)
    assert ("Acme.Target", "Acme, Version=1.2.3.4", Target(99)) == (
        record.type_name, record.library_name, BinaryFormatter().loads(payload))
