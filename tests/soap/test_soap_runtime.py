"""SoapFormatter over the shared runtime: surrogate selectors, binders, the four callbacks and
IDeserializationCallback, IObjectReference, version tolerance (OptionalField), the FULL
assembly style, the StreamingContext, and the reader limits: what the binary engine's tests
check, through SOAP documents."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, ClassVar

import attrs
import pytest

from serialkit import (
    Array,
    FormatterAssemblyStyle,
    LimitExceededError,
    OptionalField,
    ReaderLimits,
    SerializationBinder,
    SerializationError,
    SerializationInfo,
    StreamingContext,
    StreamingContextStates,
    SurrogateSelector,
    TypeNotAllowedError,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    serializable,
)
from serialkit.soap import SoapFormatter

CLR = "http://schemas.microsoft.com/clr/nsassem"


# ---- surrogates -----------------------------------------------------------------------------


class Temperature:
    """A third-party class: not @serializable, its constructor needs arguments."""

    __slots__ = ("celsius", "label")

    def __init__(self, celsius: float, label: str) -> None:
        self.celsius, self.label = celsius, label


class TemperatureSurrogate:
    """Writes a Temperature as two members (one boxed) and fills it in on reading."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.add_value("celsius", obj.celsius)
        info.add_value("label", obj.label)
        info.add_value("boxed", obj.celsius, object)

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        # SOAP types only the boxed member; the others are converted as GetDouble does.
        assert info.get_value("boxed") == 21.5
        obj.celsius = info.get_value("celsius", float)
        obj.label = info.get_value("label", str)
        return None


class Replacing:
    """A surrogate whose set_object_data returns a replacement object."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.add_value("label", obj.label)

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        return ("replaced", info.get_value("label", str))


@serializable(type_name="Hooks.Holder", assembly_name="Hooks")
@attrs.define(eq=False)
class Holder:
    """Object slots for third-party objects."""

    first: object = None
    second: object = None


def test_surrogate_writes_and_reads_a_foreign_class() -> None:
    """A surrogate's members are the element's children; on reading, the surrogate fills a
    blank Temperature, and the object shared by two slots stays one object."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, StreamingContext(), TemperatureSurrogate())
    soap = SoapFormatter(surrogate_selector=selector)
    t = Temperature(21.5, "x")
    doc = soap.dumps(Holder(t, t))
    text = doc.decode()
    assert "<celsius>21.5</celsius>" in text
    assert '<boxed xsi:type="xsd:double">21.5</boxed>' in text
    back = soap.loads(doc)
    assert (Temperature, 21.5, "x") == (type(back.first), back.first.celsius, back.first.label)
    assert back.first is back.second


def test_surrogate_replacement_is_used_everywhere() -> None:
    """What set_object_data returns replaces the object in every slot that refers to it."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, StreamingContext(), Replacing())
    soap = SoapFormatter(surrogate_selector=selector)
    t = Temperature(1.0, "y")
    back = soap.loads(soap.dumps(Holder(t, t)))
    assert (("replaced", "y"), ("replaced", "y")) == (back.first, back.second)
    assert back.first is back.second


def test_foreign_class_without_surrogate_is_refused_on_reading() -> None:
    """Without the selector, the document's foreign class is not allowed."""
    selector = SurrogateSelector()
    selector.add_surrogate(Temperature, StreamingContext(), TemperatureSurrogate())
    doc = SoapFormatter(surrogate_selector=selector).dumps(Holder(Temperature(1.0, "z")))
    with pytest.raises(TypeNotAllowedError, match="Temperature"):
        SoapFormatter().loads(doc)


# ---- binders --------------------------------------------------------------------------------


@serializable(type_name="SoapShop.Order", assembly_name="SoapShop, Version=1.0.0.0")
@attrs.define
class OrderV1:
    """The old version of a class."""

    id: int = 0
    note: str | None = None


@serializable(type_name="SoapShop.OrderV2", assembly_name="SoapShop, Version=2.0.0.0")
@attrs.define
class OrderV2:
    """The current version, read in place of SoapShop.Order by a binder."""

    id: int = 0
    note: str | None = None


@serializable(type_name="SoapShop.Basket", assembly_name="SoapShop, Version=2.0.0.0")
@attrs.define
class Basket:
    """Orders in a declared member, an object member and an ArrayList."""

    order: OrderV1 | None = None
    anything: object = None
    items: list | None = None  # type: ignore[type-arg]


class RenameBinder(SerializationBinder):
    """Reads SoapShop.Order (any version) as OrderV2; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        self.calls.append((assembly_name, type_name))
        return OrderV2 if type_name == "SoapShop.Order" else None


def test_bind_to_type_renames_and_is_asked_once_per_type() -> None:
    """bind_to_type maps the old wire name to the new class, wherever the object sits, and
    is asked once per type of the document (not once by the reader and again by binding)."""
    doc = SoapFormatter().dumps(Basket(OrderV1(1, "a"), OrderV1(2), [OrderV1(3)]))
    binder = RenameBinder()
    back = SoapFormatter(binder=binder).loads(doc)
    assert (OrderV2(1, "a"), OrderV2(2), [OrderV2(3)]) == (back.order, back.anything,
                                                           back.items)
    assert sorted(binder.calls) == sorted(set(binder.calls))
    assert {("SoapShop, Version=2.0.0.0", "SoapShop.Basket"),
            ("SoapShop, Version=1.0.0.0", "SoapShop.Order"),
            ("mscorlib", "System.Collections.ArrayList")} == set(binder.calls)


def test_bind_to_type_refuses_by_raising() -> None:
    """A binder raising SerializationError stops the read with its error."""
    class Refuse(SerializationBinder):
        def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
            if type_name == "SoapShop.Order":
                raise SerializationError(f"{type_name} is refused by policy")
            return None

    doc = SoapFormatter().dumps(Basket(OrderV1(1)))
    with pytest.raises(SerializationError, match="refused by policy"):
        SoapFormatter(binder=Refuse()).loads(doc)


def test_bind_to_name_writes_the_bound_namespace() -> None:
    """bind_to_name changes the CLR namespace an object is written in; a binder reading that
    name back restores the class."""
    class WriteAsLegacy(SerializationBinder):
        def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
            return ("Legacy, Version=0.9.0.0", "Old.Order") if cls is OrderV2 else (None, None)

        def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
            return OrderV2 if type_name == "Old.Order" else None

    binder = WriteAsLegacy()
    doc = SoapFormatter(binder=binder).dumps(OrderV2(9, "x")).decode()
    assert (f'<a1:Order id="ref-1" xmlns:a1="{CLR}/Old/'
            'Legacy%2C%20Version%3D0.9.0.0">') in doc
    assert OrderV2(9, "x") == SoapFormatter(binder=binder).loads(doc)


# ---- callbacks, context, IDeserializationCallback ----------------------------------------


EVENTS: list[tuple[str, Any]] = []


@serializable(type_name="Hooks.Observed", assembly_name="Hooks")
@attrs.define(eq=False)
class Observed:
    """Records every callback with the context it gets; on_deserialization sees the graph
    complete (its child already built and filled)."""

    name: str = ""
    child: Observed | None = None

    @on_serializing
    def _serializing(self, context: StreamingContext) -> None:
        EVENTS.append(("serializing " + self.name, context))

    @on_serialized
    def _serialized(self, context: StreamingContext) -> None:
        EVENTS.append(("serialized " + self.name, context))

    @on_deserializing
    def _deserializing(self, context: StreamingContext) -> None:
        EVENTS.append(("deserializing", context))

    @on_deserialized
    def _deserialized(self, context: StreamingContext) -> None:
        EVENTS.append(("deserialized " + self.name, context))

    def on_deserialization(self, sender: Any) -> None:
        EVENTS.append(("on_deserialization " + self.name,
                       None if self.child is None else self.child.name))


def test_callbacks_run_in_dotnet_order_with_the_context() -> None:
    """on_serializing before an object is written and on_serialized after the document;
    on_deserializing before members are set, on_deserialized after, and
    on_deserialization once the whole graph is built; each gets the formatter's context."""
    context = StreamingContext(StreamingContextStates.PERSISTENCE, {"tenant": 7})
    soap = SoapFormatter(context=context)
    EVENTS.clear()
    doc = soap.dumps(Observed("a", Observed("b")))
    assert [("serializing a", context), ("serializing b", context), ("serialized a", context),
            ("serialized b", context)] == EVENTS
    EVENTS.clear()
    back = soap.loads(doc)
    assert "b" == back.child.name
    names = [name for name, _ in EVENTS]
    assert ["deserializing", "deserializing"] == names[:2]
    assert {"deserialized a", "deserialized b"} == set(names[2:4])
    assert {"on_deserialization a", "on_deserialization b"} == set(names[4:])
    assert [context] * 4 == [c for name, c in EVENTS if not name.startswith("on_")]
    assert ("on_deserialization a", "b") in EVENTS


# ---- IObjectReference -----------------------------------------------------------------------


@serializable(type_name="Hooks.SingletonHolder", assembly_name="Hooks")
class SingletonHolder:
    """Stands for the singleton on the wire; get_real_object resolves it."""

    def get_object_data(self, info: SerializationInfo,
                        context: StreamingContext) -> None:  # pragma: no cover - read only
        pass

    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        pass

    def get_real_object(self, context: StreamingContext) -> Any:
        return Singleton.INSTANCE


@serializable(type_name="Hooks.Singleton", assembly_name="Hooks")
class Singleton:
    """Writes itself as a SingletonHolder (.NET's pattern)."""

    INSTANCE: ClassVar[Singleton]

    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        info.set_type(SingletonHolder)

    def set_object_data(self, info: SerializationInfo,
                        context: StreamingContext) -> None:  # pragma: no cover
        raise AssertionError("a Singleton is never built from a document")


Singleton.INSTANCE = Singleton()


@serializable(type_name="Hooks.Hop", assembly_name="Hooks")
@attrs.define(eq=False)
class Hop:
    """An IObjectReference whose real object is another Hop, ``left`` hops down."""

    left: int = 0

    def get_real_object(self, context: StreamingContext) -> Any:
        return "landed" if self.left == 0 else Hop(self.left - 1)


def test_get_real_object_replaces_the_holder_everywhere() -> None:
    """The document names SingletonHolder; every use reads back as the one instance."""
    soap = SoapFormatter()
    doc = soap.dumps(Holder(Singleton.INSTANCE, [Singleton.INSTANCE]))
    assert ":SingletonHolder " in doc.decode()
    back = soap.loads(doc)
    assert [Singleton.INSTANCE, Singleton.INSTANCE] == [back.first, *back.second]


def test_reference_chain_is_bounded() -> None:
    """A get_real_object chain resolves within max_reference_chain and is refused past it."""
    doc = SoapFormatter().dumps(Holder(Hop(3)))
    assert "landed" == SoapFormatter(limits=ReaderLimits(max_reference_chain=5)).loads(
        doc).first
    with pytest.raises(LimitExceededError, match="max_reference_chain"):
        SoapFormatter(limits=ReaderLimits(max_reference_chain=2)).loads(doc)


# ---- versioning and the assembly style ------------------------------------------------------


@serializable(type_name="Ver.Record", assembly_name="Ver, Version=1.0.0.0")
@attrs.define
class RecordV1:
    """Version 1 of a class: one member."""

    a: int = 0


@serializable(type_name="Ver.RecordV2", assembly_name="Ver, Version=2.0.0.0")
@attrs.define
class RecordV2:
    """Version 2: ``added`` is optional ([OptionalField]), ``required`` is not."""

    a: int = 0
    added: Annotated[int, OptionalField(version_added=2)] = 7
    required: int = 5


@serializable(type_name="Ver.RecordV3", assembly_name="Ver, Version=3.0.0.0")
@attrs.define
class RecordV3:
    """Version 3: only an optional member added."""

    a: int = 0
    added: Annotated[list[int], Array, OptionalField(version_added=3)] = attrs.Factory(list)


class ReadAs(SerializationBinder):
    """Reads Ver.Record as a later version."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return self.cls if type_name == "Ver.Record" else None


def test_v1_document_read_by_v2_class() -> None:
    """A v1 document read into a later class: the missing optional member keeps its default
    under either assembly style; a missing required member is tolerated by SIMPLE (default
    kept) and refused by FULL, naming it."""
    doc = SoapFormatter().dumps(RecordV1(3))
    full = FormatterAssemblyStyle.FULL
    assert RecordV3(3, []) == SoapFormatter(binder=ReadAs(RecordV3),
                                            assembly_format=full).loads(doc)
    assert RecordV2(3, 7, 5) == SoapFormatter(binder=ReadAs(RecordV2)).loads(doc)
    with pytest.raises(SerializationError, match="'required'"):
        SoapFormatter(binder=ReadAs(RecordV2), assembly_format=full).loads(doc)


def test_full_style_compares_the_whole_assembly_name() -> None:
    """FULL refuses a registered class whose document names another assembly version;
    SIMPLE reads it."""
    class Reversion(SerializationBinder):
        def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
            return "Ver, Version=9.9.9.9", None

    doc = SoapFormatter(binder=Reversion()).dumps(RecordV1(1))
    assert "Ver%2C%20Version%3D9.9.9.9" in doc.decode()
    assert RecordV1(1) == SoapFormatter().loads(doc)
    with pytest.raises(TypeNotAllowedError, match=r"Ver\.Record"):
        SoapFormatter(assembly_format=FormatterAssemblyStyle.FULL).loads(doc)


# ---- reader limits --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (ReaderLimits(max_objects=5), "max_objects=5"),
        (ReaderLimits(max_bytes=200), "max_bytes=200"),
        (ReaderLimits(max_array_length=2), "max_array_length=2"),
        (ReaderLimits(max_total_elements=4), "max_total_elements=4"),
        (ReaderLimits(max_string_bytes=10), "max_string_bytes=10"),
        (ReaderLimits(max_type_name_length=8), "max_type_name_length=8"),
        (ReaderLimits(max_depth=1), "max_depth=1"),
    ],
)
def test_reader_limits_refuse(limits: ReaderLimits, words: str) -> None:
    """Each limit refuses a document that exceeds it with LimitExceededError naming it; the
    same document reads with the default limits."""
    # a Guid is a struct written in place, one level below the ArrayList's object[]
    doc = SoapFormatter().dumps(Holder(["a" * 20, uuid.UUID(int=1), "c"],
                                       [OrderV1(i) for i in range(3)]))
    assert 3 == len(SoapFormatter().loads(doc).second)
    with pytest.raises(LimitExceededError, match=words):
        SoapFormatter(limits=limits).loads(doc)


def test_max_depth_counts_structs_written_in_place() -> None:
    """Objects with an id are depth 1 wherever they are referenced; a struct written in
    place is one deeper than the element holding it (a Guid in an object[]: depth 2)."""
    doc = SoapFormatter().dumps([uuid.UUID(int=1)], root_type=Annotated[list[Any], Array])
    assert [uuid.UUID(int=1)] == SoapFormatter(limits=ReaderLimits(max_depth=2)).loads(doc)
    with pytest.raises(LimitExceededError, match="max_depth=1"):
        SoapFormatter(limits=ReaderLimits(max_depth=1)).loads(doc)
    chain = Holder()
    for _ in range(50):  # references, not nesting: the chain's depth stays 1
        chain = Holder(chain)
    back = SoapFormatter(limits=ReaderLimits(max_depth=1)).loads(SoapFormatter().dumps(chain))
    length = 0
    while back is not None:
        length, back = length + 1, back.first
    assert 51 == length
