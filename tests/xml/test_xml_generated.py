"""The generated (sgen-like) writers and readers: compiled once, visible in tracebacks, and
giving the interpreter's bytes and objects (the whole XML suite also runs on both engines)."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Annotated

import pytest
from lxml import etree  # type: ignore[import-untyped]

from serialkit import (
    DefaultValue,
    XmlAnyElement,
    XmlAttribute,
    XmlElement,
    XmlFormatError,
    XmlSerializer,
    XmlText,
    xml_include,
)
from serialkit.xml import codegen, serializer


@dataclass
class Qty:
    Unit: Annotated[str, XmlAttribute()] = "pc"
    Value: Annotated[int, XmlText()] = 0


@dataclass
class Item:
    Sku: Annotated[str, XmlAttribute()] = ""
    Qty: Qty = field(default_factory=Qty)
    Price: float | None = None
    Tags: Annotated[list[str], XmlElement("tag")] = field(default_factory=list)
    Five: Annotated[int, DefaultValue(5)] = 5
    Flags: Annotated[list[int], XmlAttribute()] = field(default_factory=list)


@dataclass
class Special(Item):
    Extra: str = "x"


@xml_include(Special)
@dataclass
class Cart:
    Items: list[Item] = field(default_factory=list)
    Best: Item | None = None
    Note: str | None = None


CART = Cart([Item("a", Qty("kg", 2), 1.5, ["t1", "t2"], 6, [1, 2]), Special("b", Extra="y")],
            Special("c"), None)


def both(action: object) -> tuple[object, object]:
    saved = serializer.GENERATED
    try:
        serializer.GENERATED = True
        generated = action()  # type: ignore[operator]
        serializer.GENERATED = False
        interpreted = action()  # type: ignore[operator]
    finally:
        serializer.GENERATED = saved
    return generated, interpreted


def test_generated_and_interpreted_agree() -> None:
    """Same bytes written, same object read (derived types, flat lists, text, defaults)."""
    s = XmlSerializer(Cart)
    generated, interpreted = both(lambda: s.dumps(CART))
    assert interpreted == generated
    assert isinstance(generated, bytes)
    read_g, read_i = both(lambda: s.loads(generated))
    assert CART == read_g == read_i


def test_code_is_generated_once_per_mapping() -> None:
    """The writer and reader of a class mapping are compiled once and cached."""
    m = XmlSerializer(Cart).mapping.root.mapping
    assert codegen._writer(m) is codegen._writer(m)
    assert codegen._reader(m) is codegen._reader(m)
    source, _ = codegen.writer_source(m)
    assert "wr.path.append('.Items')" in source


def test_tracebacks_show_the_generated_line() -> None:
    """The source is in linecache: a failure inside generated code shows its line."""

    @dataclass
    class Boom:
        A: int = 1

        def should_serialize_A(self) -> bool:
            raise RuntimeError("boom")

    saved = serializer.GENERATED
    serializer.GENERATED = True
    try:
        with pytest.raises(RuntimeError) as info:
            XmlSerializer(Boom).dumps(Boom())
    finally:
        serializer.GENERATED = saved
    text = "".join(traceback.format_exception(info.value))
    assert "<serialkit xml-write test_tracebacks_show_the_generated_line.<locals>.Boom" in text
    assert "if value.should_serialize_A():" in text


def test_errors_carry_the_same_path_on_both_engines() -> None:
    """A value that cannot be written names the same member path either way."""

    @dataclass
    class Bad:
        N: int = 0

    s = XmlSerializer(Bad)

    def message() -> str:
        with pytest.raises(XmlFormatError) as info:
            s.dumps(Bad("x"))  # type: ignore[arg-type]
        return str(info.value)

    generated, interpreted = both(message)
    assert interpreted == generated
    assert "$.N" in str(generated)


def test_open_content_classes_are_read_by_the_interpreter() -> None:
    """XmlAnyElement & co. keep the interpreter's reader; their writer is generated."""

    @dataclass
    class Open:
        Rest: Annotated[list[etree._Element] | None, XmlAnyElement()] = None

    m = XmlSerializer(Open).mapping.root.mapping
    assert codegen._reader(m) is None
    assert "wr.any_elements(" in codegen.writer_source(m)[0]
