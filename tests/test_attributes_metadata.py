"""Decorators and markers, as read through metadata and seen on the wire.

Covers the class styles (attrs with and without slots, dataclasses, plain classes) with the
decorator above or below the class-building one; that [Serializable] is not inherited;
NonSerialized and OptionalField given every way; .NET's names for inherited private fields;
and the serialization callbacks with their order.
"""


from __future__ import annotations

import contextlib
import dataclasses
from typing import Annotated, Any, ClassVar

import attrs
import pytest

import serialkit
from serialkit import (
    BinaryFormatter,
    FormatterAssemblyStyle,
    NonSerialized,
    NotSerializableError,
    OptionalField,
    SerializationBinder,
    StreamingContext,
    nonserialized,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    optional_field,
    serializable,
)
from serialkit import metadata as md
from serialkit.runtime import default_registry


def roundtrip(graph: Any, **options: Any) -> Any:
    """Write and read ``graph`` with a BinaryFormatter built with ``options``."""
    bf = BinaryFormatter(**options)
    return bf.loads(bf.dumps(graph))


def members_written(graph: Any, **options: Any) -> tuple[str, ...]:
    """The member names of the root record ``graph`` is written as."""
    record = serialkit.nrbf.decode(BinaryFormatter(**options).dumps(graph))
    return tuple(record.member_names)


# ---- class styles ---------------------------------------------------------------------------


@serializable
@attrs.define
class AttrsSlotsAbove:
    """@serializable above @attrs.define (slots)."""

    a: int = 0
    b: str | None = None


@attrs.define
@serializable
class AttrsSlotsBelow:
    """@serializable below @attrs.define: attrs rebuilds the class for slots."""

    a: int = 0
    b: str | None = None


@serializable
@attrs.define(slots=False)
class AttrsDictAbove:
    """@serializable above @attrs.define(slots=False)."""

    a: int = 0
    b: str | None = None


@attrs.define(slots=False)
@serializable
class AttrsDictBelow:
    """@serializable below @attrs.define(slots=False)."""

    a: int = 0
    b: str | None = None


@serializable
@dataclasses.dataclass
class DataAbove:
    """@serializable above @dataclass."""

    a: int = 0
    b: str | None = None


@dataclasses.dataclass
@serializable
class DataBelow:
    """@serializable below @dataclass."""

    a: int = 0
    b: str | None = None


@serializable
@dataclasses.dataclass(slots=True)
class DataSlots:
    """@serializable above @dataclass(slots=True)."""

    a: int = 0
    b: str | None = None


@serializable
class Plain:
    """A plain annotated class."""

    a: int
    b: str | None

    def __init__(self, a: int = 0, b: str | None = None) -> None:
        self.a = a
        self.b = b

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plain) and (self.a, self.b) == (other.a, other.b)

    __hash__ = None  # type: ignore[assignment]


STYLES = [AttrsSlotsAbove, AttrsSlotsBelow, AttrsDictAbove, AttrsDictBelow, DataAbove,
          DataBelow, DataSlots, Plain]


@pytest.mark.parametrize("cls", STYLES, ids=[c.__name__ for c in STYLES])
def test_class_style_roundtrip(cls: type) -> None:
    """Every class style, decorator above or below, round-trips as the final class."""
    value = cls(a=7, b="seven")
    back = roundtrip(value)
    assert (cls, value) == (type(back), back)


@pytest.mark.parametrize("cls", STYLES, ids=[c.__name__ for c in STYLES])
def test_class_style_metadata(cls: type) -> None:
    """Metadata lists the annotated fields in order, under the module.QualName type name."""
    meta = md.of(cls)
    assert (("a", "b"), f"{__name__}.{cls.__qualname__}", __name__.split(".")[0]) == (
        tuple(f.wire_name for f in meta.members), meta.type_name, meta.assembly_name)


def test_is_serializable_on_final_slots_class() -> None:
    """attrs' slotted rebuild keeps the mark on the class the module binds."""
    assert (True, True) == (md.is_serializable(AttrsSlotsBelow), "__slots__" in vars(
        AttrsSlotsBelow))


def test_metadata_is_cached() -> None:
    """metadata.of returns the same frozen object on every call."""
    assert md.of(DataAbove) is md.of(DataAbove)


def test_classvar_is_not_a_member() -> None:
    """A ClassVar annotation on a plain class is not a serialized member."""

    @serializable
    class WithClassVar:
        count: ClassVar[int] = 0
        value: int = 0

    assert ("value",) == tuple(f.name for f in md.of(WithClassVar).members)


def test_serializable_on_function_raises() -> None:
    """@serializable on something that is not a class raises TypeError."""
    with pytest.raises(TypeError):
        serializable(len)  # type: ignore[type-var]


# ---- the mark is not inherited --------------------------------------------------------------


@serializable
@attrs.define
class MarkedBase:
    """A marked base."""

    x: int = 0


@attrs.define
class UnmarkedChild(MarkedBase):
    """Derives from a marked class but is not marked itself."""

    y: int = 0


@attrs.define
class UnmarkedBaseWithFields:
    """An unmarked base that holds state."""

    secret: int = 0


def _flush_registry() -> None:
    """Bind every class queued so far, so that a class defined next is queued alone."""
    default_registry.lookup("", "")


def _marked_child_of_unmarked() -> type:
    """A marked class whose base has fields but is not marked (defined per test: see below)."""
    _flush_registry()

    @serializable
    @attrs.define
    class MarkedChildOfUnmarked(UnmarkedBaseWithFields):
        z: int = 0

    return MarkedChildOfUnmarked


class Mixin:
    """An unmarked mixin without fields."""

    def describe(self) -> str:
        return "mixin"


@serializable
@attrs.define
class WithMixin(Mixin):
    """Marked, deriving from a field-less unmarked mixin."""

    w: int = 0


def test_unmarked_subclass_metadata_says_not_inherited() -> None:
    """metadata.of an unmarked subclass raises, saying the mark is not inherited."""
    with pytest.raises(NotSerializableError, match="not inherited"):
        md.of(UnmarkedChild)


def test_unmarked_subclass_write_says_not_inherited() -> None:
    """Writing an unmarked subclass raises NotSerializableError saying the mark is not inherited."""
    with pytest.raises(NotSerializableError) as raised:
        BinaryFormatter().dumps(UnmarkedChild(1, 2))
    message = str(raised.value)
    assert (True, True) == ("UnmarkedChild" in message, "not inherited" in message)


def test_unmarked_subclass_not_serializable() -> None:
    """is_serializable is False for the unmarked subclass of a marked base."""
    assert (True, False) == (md.is_serializable(MarkedBase), md.is_serializable(UnmarkedChild))


def test_marked_child_of_unmarked_base_with_fields_raises() -> None:
    """A marked class whose base holds fields but is unmarked cannot be written."""
    cls = _marked_child_of_unmarked()
    with pytest.raises(NotSerializableError, match="UnmarkedBaseWithFields"):
        BinaryFormatter().dumps(cls(1, 2))
    _flush_registry_quietly()


def _flush_registry_quietly() -> None:
    with contextlib.suppress(NotSerializableError):
        _flush_registry()


def test_invalid_marked_class_does_not_unregister_others() -> None:
    """A marked class that cannot be bound does not stop classes marked after it from reading."""
    _marked_child_of_unmarked()

    @serializable
    @attrs.define
    class MarkedAfter:
        a: int = 0

    payload = BinaryFormatter().dumps(MarkedAfter(1))
    try:
        back = BinaryFormatter().loads(payload)
    finally:
        _flush_registry_quietly()
    assert MarkedAfter(1) == back


def test_unmarked_mixin_without_fields_is_fine() -> None:
    """An unmarked base without fields does not stop its marked subclass."""
    back = roundtrip(WithMixin(5))
    assert (WithMixin(5), "mixin", ("w",)) == (back, back.describe(),
                                               members_written(WithMixin(5)))


# ---- NonSerialized three ways ---------------------------------------------------------------


@serializable
@attrs.define
class NsAnnotated:
    """NonSerialized through Annotated."""

    keep: int = 0
    cache: Annotated[int, NonSerialized] = 5


@serializable
@nonserialized("cache")
class NsDecorated:
    """NonSerialized through the class decorator on a plain class."""

    keep: int = 0
    cache: int = 5

    def __init__(self, keep: int = 0, cache: int = 5) -> None:
        self.keep = keep
        self.cache = cache


@serializable
@attrs.define
class NsAttrsMetadata:
    """NonSerialized through attrs field metadata."""

    keep: int = 0
    cache: int = attrs.field(default=5, metadata={"serialkit": NonSerialized})


@serializable
@dataclasses.dataclass
class NsDataMetadata:
    """NonSerialized through dataclass field metadata."""

    keep: int = 0
    cache: int = dataclasses.field(default=5, metadata={"serialkit": NonSerialized})


@serializable
@attrs.define
class NsFactory:
    """A NonSerialized field with a factory default."""

    keep: int = 0
    cache: Annotated[list[int], NonSerialized] = attrs.field(factory=lambda: [1, 2])


NS = [NsAnnotated, NsDecorated, NsAttrsMetadata, NsDataMetadata]


@pytest.mark.parametrize("cls", NS, ids=[c.__name__ for c in NS])
def test_nonserialized_not_written(cls: type) -> None:
    """A NonSerialized member is absent from the record."""
    assert ("keep",) == members_written(cls(keep=1, cache=99))


@pytest.mark.parametrize("cls", NS, ids=[c.__name__ for c in NS])
def test_nonserialized_left_at_default(cls: type) -> None:
    """Reading leaves a NonSerialized member at its declared default, not the writer's value."""
    back = roundtrip(cls(keep=1, cache=99))
    assert (1, 5) == (back.keep, back.cache)


def test_nonserialized_factory_default() -> None:
    """A NonSerialized member with a factory gets a fresh factory value on reading."""
    back = roundtrip(NsFactory(1, [9]))
    assert ([1, 2], ("keep",)) == (back.cache, members_written(NsFactory(1, [9])))


@pytest.mark.parametrize("cls", NS, ids=[c.__name__ for c in NS])
def test_nonserialized_in_metadata(cls: type) -> None:
    """Metadata lists the NonSerialized member among fields but not members."""
    meta = md.of(cls)
    assert (("keep", "cache"), ("keep",)) == (tuple(f.name for f in meta.fields),
                                              tuple(f.name for f in meta.members))


# ---- OptionalField both ways ----------------------------------------------------------------


@serializable(type_name="Ver.Doc", assembly_name="Ver")
@attrs.define
class DocV1:
    """Version 1 of Ver.Doc: one member."""

    title: str | None = None


@serializable(type_name="Ver.DocV2", assembly_name="Ver")
@attrs.define
class DocV2:
    """Version 2 of Ver.Doc: two optional members added, one way each."""

    title: str | None = None
    pages: Annotated[int, OptionalField(version_added=2)] = 10
    author: str | None = "anon"


optional_field("author", version_added=3)(DocV2)


class V1AsDoc(SerializationBinder):
    """Writes DocV1 as Ver.Doc, reads Ver.Doc as DocV2."""

    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        return (None, None)

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return DocV2 if type_name == "Ver.Doc" else None


def test_optional_field_metadata_both_ways() -> None:
    """The marker and the decorator both record OptionalField with its version."""
    fields = {f.name: f.optional for f in md.of(DocV2).members}
    assert {"title": None, "pages": OptionalField(2), "author": OptionalField(3)} == fields


@pytest.mark.parametrize("style", list(FormatterAssemblyStyle))
def test_optional_fields_missing_keep_defaults(style: FormatterAssemblyStyle) -> None:
    """Reading a v1 payload into v2 leaves the optional members at their defaults."""
    payload = BinaryFormatter().dumps(DocV1("t"))
    back = BinaryFormatter(binder=V1AsDoc(), assembly_format=style).loads(payload)
    assert DocV2("t", 10, "anon") == back


def test_optional_fields_present_are_read() -> None:
    """Optional members present in the payload are read like any other."""
    assert DocV2("t", 3, "me") == roundtrip(DocV2("t", 3, "me"))


# ---- inherited private fields ---------------------------------------------------------------


@serializable(type_name="Acme.Animal")
@attrs.define
class Animal:
    """A base with a public and a private field."""

    name: str | None = None
    _legs: int = 4


@serializable(type_name="Acme.Dog")
@attrs.define
class Dog(Animal):
    """Derives from Animal and adds its own fields, one private."""

    breed: str | None = None
    _tag: int = 0


def test_inherited_private_field_wire_names() -> None:
    """Own fields first, then the base's, a private base field as `Base+_field`."""
    assert ("breed", "_tag", "name", "Animal+_legs") == members_written(Dog("rex", 3, "lab", 7))


def test_inherited_private_field_roundtrip() -> None:
    """Inherited private fields read back into the same attributes."""
    assert Dog("rex", 3, "lab", 7) == roundtrip(Dog("rex", 3, "lab", 7))


def test_own_private_field_not_prefixed() -> None:
    """A class's own private field keeps its plain name."""
    assert ("name", "_legs") == members_written(Animal("cat", 4))


# ---- callbacks ------------------------------------------------------------------------------

LOG: list[str] = []


def read_logged(graph: Any) -> Any:
    """Write ``graph``, clear LOG, and read the payload back (LOG then holds the reading)."""
    payload = BinaryFormatter().dumps(graph)
    LOG.clear()
    return BinaryFormatter().loads(payload)


@serializable
@attrs.define(eq=False, repr=False)
class CbBase:
    """A base with every callback."""

    name: str | None = None
    value: int = -1
    peer: Any = None

    @on_serializing
    def _base_serializing(self, context: StreamingContext) -> None:
        LOG.append(f"base serializing {self.name}")

    @on_serialized
    def _base_serialized(self, context: StreamingContext) -> None:
        LOG.append(f"base serialized {self.name}")

    @on_deserializing
    def _base_deserializing(self, context: StreamingContext) -> None:
        LOG.append(f"base deserializing name={self.name} value={self.value}")

    @on_deserialized
    def _base_deserialized(self, context: StreamingContext) -> None:
        LOG.append(f"base deserialized {self.name}")


@serializable
@attrs.define(eq=False, repr=False)
class CbDerived(CbBase):
    """Overrides nothing; adds its own callbacks and IDeserializationCallback."""

    extra: int = 0

    @on_serializing
    def _derived_serializing(self, context: StreamingContext) -> None:
        LOG.append(f"derived serializing {self.name}")

    @on_deserialized
    def _derived_deserialized(self, context: StreamingContext) -> None:
        LOG.append(f"derived deserialized {self.name} peer={self.peer.name}")

    def on_deserialization(self, sender: object) -> None:
        LOG.append(f"deserialization {self.name} peer={self.peer.name}")


def test_callbacks_base_first_when_writing() -> None:
    """on_serializing runs base first then derived; on_serialized after the whole write."""
    LOG.clear()
    BinaryFormatter().dumps(CbDerived("a", 1))
    assert ["base serializing a", "derived serializing a", "base serialized a"] == LOG


def test_on_serializing_change_is_written() -> None:
    """A change made by on_serializing is what the payload holds."""
    @serializable
    @attrs.define
    class Stamped:
        stamp: str | None = None

        @on_serializing
        def _stamp(self, context: StreamingContext) -> None:
            self.stamp = "stamped"

    assert Stamped("stamped") == roundtrip(Stamped())


def test_on_deserializing_sees_defaults_not_payload() -> None:
    """on_deserializing runs before members are set: it sees defaults, not payload values."""
    read_logged(CbBase("a", 42))
    assert "base deserializing name=None value=-1" == LOG[0]


def test_on_deserializing_assignment_to_nonpayload_field_survives() -> None:
    """A NonSerialized member set in on_deserializing keeps that value after reading."""
    @serializable
    @attrs.define
    class Init:
        keep: int = 0
        cache: Annotated[str | None, NonSerialized] = None

        @on_deserializing
        def _init(self, context: StreamingContext) -> None:
            self.cache = "initialised"

    assert Init(3, "initialised") == roundtrip(Init(3, "other"))


def test_all_on_deserialized_before_any_on_deserialization() -> None:
    """Every on_deserialized (base first) runs before any on_deserialization, with peers whole."""
    a = CbDerived("a", 1)
    b = CbDerived("b", 2, a)
    a.peer = b
    read_logged(a)
    reading = [e for e in LOG if "deserializ" in e and "deserializing" not in e]
    deserialized = [e for e in reading if "deserialized" in e]
    deserialization = [e for e in reading if e.startswith("deserialization")]
    assert (4, 2, reading[:4], sorted(deserialization)) == (
        len(deserialized), len(deserialization), deserialized,
        ["deserialization a peer=b", "deserialization b peer=a"])


def test_deserialized_callbacks_base_first_per_object() -> None:
    """For one object, the base's on_deserialized runs before the derived one's."""
    a = CbDerived("a", 1)
    a.peer = a
    read_logged(a)
    assert ["base deserializing name=None value=-1", "base deserialized a",
            "derived deserialized a peer=a", "deserialization a peer=a"] == LOG


def test_callbacks_metadata_base_first() -> None:
    """Metadata lists each kind's callbacks base class first."""
    callbacks = md.of(CbDerived).callbacks
    assert (["_base_serializing", "_derived_serializing"],
            ["_base_deserialized", "_derived_deserialized"]) == (
        [f.__name__ for f in callbacks["on_serializing"]],
        [f.__name__ for f in callbacks["on_deserialized"]])
