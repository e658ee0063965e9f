"""`serialkit inspect` on XmlSerializer's SOAP-encoded documents (enveloped, bare, bare with
multirefs): the element tree with ids and hrefs resolved and xsi:type names, as text and as
JSON; what is neither that nor a SoapFormatter document is refused with a clear line."""

from __future__ import annotations

import codecs
import enum
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pytest

from serialkit import (
    LimitExceededError,
    ReaderLimits,
    SerializationError,
    SoapAttribute,
    XmlSerializer,
)
from serialkit.cli import main
from serialkit.soap.encoded_view import decode_encoded, is_encoded


class Tint(enum.Enum):
    Red = 0
    Green = 1


@dataclass(eq=False)
class Address:
    City: str | None = None


@dataclass(eq=False)
class Order:
    Num: Annotated[int, SoapAttribute("num")] = 7
    Name: str | None = "n"
    Color: Tint = Tint.Green
    Home: Address | None = None
    Work: Address | None = None
    Nums: list[int] = field(default_factory=list)
    Extra: Any = None
    Owner: Order | None = None


def _order() -> Order:
    home = Address("Oslo <&>")
    order = Order(Home=home, Work=home, Nums=[1, 2], Extra=2.5)
    order.Owner = order
    return order


TREE = """\
(XmlSerializer SOAP-encoded document: types are XML names, not CLR ones; hrefs resolved)
Order #1
  @num: "7"
  Name: "n"
  Color: "Green"
  Home: Address #2
    City: "Oslo <&>"
  Work: -> #2 Address
  Nums: xsd:int[] #3 (length 2)
    [0]: 1
    [1]: 2
  Extra: 2.5
  Owner: -> #1 Order
"""

JSON = {"$id": 1, "$type": "Order", "members": {
    "@num": "7", "Name": "n", "Color": "Green",
    "Home": {"$id": 2, "$type": "Address", "members": {"City": "Oslo <&>"}},
    "Work": {"$ref": 2},
    "Nums": {"$id": 3, "$type": "xsd:int[]", "lengths": [2], "items": [1, 2]},
    "Extra": 2.5, "Owner": {"$ref": 1}}}


def _inspect(tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str],
             *options: str) -> tuple[int, str, str]:
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    code = main(["inspect", *options, str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("envelope", [True, False], ids=["envelope", "bare-multirefs"])
def test_text_and_json(envelope: bool, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    """The enveloped document and the bare one (the root and its multirefs as top-level
    siblings, no XML document on its own) show the same tree: the shared Address once then
    as a reference, the cycle back to the root, the array's arrayType, xsd numbers as
    numbers, the SoapAttribute as @num."""
    data = XmlSerializer.soap(Order).dumps(_order(), envelope=envelope)
    assert (0, TREE, "") == _inspect(tmp_path, data, capsys)
    code, out, err = _inspect(tmp_path, data, capsys, "--json")
    assert (0, "") == (code, err)
    assert JSON == json.loads(out)


def test_bare_single_root_and_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = XmlSerializer.soap(Address).dumps(Address("Rome"), envelope=False)
    expected = ("(XmlSerializer SOAP-encoded document: types are XML names, not CLR ones; "
                'hrefs resolved)\nAddress #1\n  City: "Rome"\n')
    assert (0, expected, "") == _inspect(tmp_path, data, capsys)
    multi = XmlSerializer.soap(Order).dumps(_order(), envelope=False).decode("utf-8")
    utf16 = codecs.BOM_UTF16_LE + multi.replace('<?xml version="1.0"?>',
                                                '<?xml version="1.0" encoding="utf-16"?>'
                                                ).encode("utf-16-le")
    assert (0, TREE, "") == _inspect(tmp_path, utf16, capsys)


def test_a_simple_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _inspect(tmp_path, XmlSerializer.soap(int).dumps(5), capsys, "--json")
    assert (0, 5) == (code, json.loads(out))


def test_a_dangling_href_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = XmlSerializer.soap(Order).dumps(_order()).replace(b'href="#id2"', b'href="#id9"', 1)
    code, out, err = _inspect(tmp_path, data, capsys)
    assert (1, "") == (code, out)
    assert "reference '#id9' to an object the document never defines (line 7)" in err


def test_other_xml_is_refused_as_before(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Literal XmlSerializer output has no ids, hrefs or xsi:types: not SOAP at all."""
    data = XmlSerializer(Address).dumps(Address("Rome"))
    assert not is_encoded(data)
    code, out, err = _inspect(tmp_path, data, capsys)
    assert (1, "") == (code, out)
    assert "not a SOAP envelope: the root element is Address" in err


def test_limits_bound_the_view() -> None:
    data = XmlSerializer.soap(Order).dumps(_order())
    with pytest.raises(LimitExceededError, match="max_objects=2"):
        decode_encoded(data, ReaderLimits(max_objects=2))
    with pytest.raises(LimitExceededError, match="max_bytes"):
        decode_encoded(data, ReaderLimits(max_bytes=100))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ((b'id="id2"', b'id="id1"'), "id 'id1' is defined twice"),
        ((b'href="#id2"', b'href="id2"'), "reference 'id2' to an object the document never"),
    ],
)
def test_malformed_documents_get_a_clear_error(change: tuple[bytes, bytes], words: str) -> None:
    data = XmlSerializer.soap(Order).dumps(_order()).replace(*change, 1)
    with pytest.raises(SerializationError, match=words):
        decode_encoded(data)


def test_deep_and_wide_documents_are_bounded() -> None:
    """Nesting past the parser's depth limit is refused; a long chain of multirefs is read
    without recursion."""
    deep = (b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            b'<A id="id1">' + b"<b>" * 3000 + b"</b>" * 3000 + b"</A></soap:Body></soap:Envelope>")
    assert not is_encoded(deep)
    with pytest.raises(SerializationError):
        decode_encoded(deep)
    head = Address("0")
    chain = [Order(Name=str(i), Home=head) for i in range(3000)]
    for a, b in itertools.pairwise(chain):
        a.Owner = b
    root = decode_encoded(XmlSerializer.soap(Order).dumps(chain[0]))
    count = 0
    while root is not None:
        count += 1
        root = root.get("Owner")
    assert 3000 == count
