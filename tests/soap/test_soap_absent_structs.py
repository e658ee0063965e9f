"""Elements a SOAP document leaves out of a value-type array (a declared length beyond the
items written, a SOAP-ENC:position jump) read as default(T), as .NET reads them: an all-zero
struct, an enum's zero, an all-zero Guid; never None, which no struct slot can hold."""

from __future__ import annotations

import enum
import uuid
from typing import Annotated

import attrs

from serialkit import Array, serializable
from serialkit.soap import SoapFormatter

ASM = "AbsentTests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
NS = ("http://schemas.microsoft.com/clr/nsassem/Absent/"
      "AbsentTests%2C%20Version%3D1.0.0.0%2C%20Culture%3Dneutral%2C%20PublicKeyToken%3Dnull")


@serializable(type_name="Absent.Point", assembly_name=ASM, value_type=True)
@attrs.define
class Point:
    X: int = 7  # Python defaults that are not .NET's zero: default(T) must not use them
    Y: int = 7
    Label: str | None = "unset"


@serializable(type_name="Absent.Shade", assembly_name=ASM)
class Shade(enum.IntEnum):
    Dark = 0
    Light = 1


@serializable(type_name="Absent.Ref", assembly_name=ASM)
@attrs.define(eq=False)
class Ref:
    X: int = 0


def _document(array_type: str, items: str) -> bytes:
    return (
        '<SOAP-ENV:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
        'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>'
        f'<SOAP-ENC:Array id="ref-1" xmlns:a1="{NS}" '
        f'xmlns:a2="http://schemas.microsoft.com/clr/ns/System" '
        f'SOAP-ENC:arrayType="{array_type}">{items}</SOAP-ENC:Array>'
        "</SOAP-ENV:Body></SOAP-ENV:Envelope>").encode()


ZERO = Point(0, 0, None)


def test_struct_array_shorter_than_its_array_type() -> None:
    """Point[3] with two items written: the third is Point(0, 0, None), .NET's default."""
    doc = _document("a1:Point[3]", "<item><X>1</X><Y>2</Y><Label>a</Label></item>"
                                   "<item><X>3</X><Y>4</Y><Label xsi:null=\"1\" /></item>")
    assert [Point(1, 2, "a"), Point(3, 4, None), ZERO] == SoapFormatter().loads(doc)


def test_sparse_positions_in_a_struct_array() -> None:
    """Items placed by SOAP-ENC:position leave default(T) in the slots between and after,
    each its own instance (structs are copied, so changing one changes no other)."""
    doc = _document("a1:Point[5]",
                    '<item SOAP-ENC:position="[1]"><X>1</X><Y>1</Y><Label>b</Label></item>'
                    '<item SOAP-ENC:position="[3]"><X>3</X><Y>3</Y><Label>d</Label></item>')
    back = SoapFormatter().loads(doc)
    assert [ZERO, Point(1, 1, "b"), ZERO, Point(3, 3, "d"), ZERO] == back
    assert all(type(p) is Point for p in back)
    back[0].X = 99
    assert (0, 0) == (back[2].X, back[4].X)


def test_enum_and_guid_arrays_fill_with_zero() -> None:
    shades = SoapFormatter().loads(_document("a1:Shade[3]", "<item>Light</item>"))
    assert [Shade.Light, Shade.Dark, Shade.Dark] == shades
    guids = SoapFormatter().loads(_document(
        "a2:Guid[2]", '<item SOAP-ENC:position="[1]">' + "".join(
            f"<_{c}>{1 if c == 'k' else 0}</_{c}>" for c in "abcdefghijk") + "</item>"))
    assert [uuid.UUID(int=0), uuid.UUID(int=1)] == guids


def test_class_and_object_arrays_keep_null() -> None:
    """A reference-type array's absent element is null, as in .NET."""
    refs = SoapFormatter().loads(_document("a1:Ref[2]", "<item><X>5</X></item>"))
    assert 5 == refs[0].X and refs[1] is None
    objs = SoapFormatter().loads(_document("xsd:anyType[2]", '<item xsi:type="xsd:int">1</item>'))
    assert [1, None] == objs


def test_round_trip_of_a_struct_array_is_unchanged() -> None:
    formatter = SoapFormatter()
    graph = [Point(1, 2, "x"), Point(0, 0, None)]
    assert graph == formatter.loads(formatter.dumps(graph,
                                                    root_type=Annotated[list[Point], Array]))
