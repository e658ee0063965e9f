"""`serialkit inspect` on Mono's SoapFormatter documents prints the reviewed snapshot, and
SoapFormatter reads the system-typed ones back to values."""

from __future__ import annotations

import codecs
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from serialkit import BinaryFormatter, serializable
from serialkit.cli import main
from serialkit.soap import SoapFormatter

GOLDEN = Path(__file__).parent / "golden" / "soap"
NAMES = sorted(p.stem for p in GOLDEN.glob("*.xml"))


@pytest.mark.parametrize("name", NAMES)
def test_inspect_soap_matches_snapshot(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The record tree of each SOAP document is exactly the snapshot; nothing is built."""
    assert 0 == main(["inspect", "--max-items", "16", str(GOLDEN / f"{name}.xml")])
    expected = (GOLDEN / "inspect" / f"{name}.txt").read_text(encoding="utf-8")
    assert expected == capsys.readouterr().out


@pytest.mark.parametrize(("name", "value"), [("int", 42), ("str", "hello"),
                                             ("dec", Decimal("1.5"))])
def test_reads_system_typed_roots(name: str, value: object) -> None:
    """Boxed Int32, String and Decimal roots as Mono writes them read back as values."""
    assert value == SoapFormatter().loads((GOLDEN / f"{name}.xml").read_bytes())


def _person_in(encoding: str, bom: bytes) -> bytes:
    text = (GOLDEN / "person.xml").read_text(encoding="utf-8")
    return bom + text.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-16-be", b"")],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_inspect_reads_marked_and_utf16_documents(encoding: str, bom: bytes, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A document after a byte order mark, or in UTF-16 with or without one (as .NET's
    XmlReader takes it), is told from MS-NRBF and prints the same tree."""
    path = tmp_path / "person.xml"
    path.write_bytes(_person_in(encoding, bom))
    assert 0 == main(["inspect", "--max-items", "16", str(path)])
    expected = (GOLDEN / "inspect" / "person.txt").read_text(encoding="utf-8")
    assert expected == capsys.readouterr().out


def _definitions_first(document: Any) -> list[int]:
    """The ``$id``s of a --json document in output order; asserts each ``$ref`` follows its
    ``$id``."""
    defined: list[int] = []
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "$ref" in value:
                assert value["$ref"] in defined, f"$ref {value['$ref']} before its $id"
            if "$id" in value:
                defined.append(value["$id"])
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return defined


def test_inspect_json_soap_defines_shared_objects_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    """SOAP --json: Home (first) holds the shared Address's $id, Work (after it) the $ref;
    every $ref in Mono's documents follows its $id."""
    assert 0 == main(["inspect", "--json", str(GOLDEN / "person.xml")])
    person = json.loads(capsys.readouterr().out)
    assert ("Demo.Person", "Demo.Address", "Oslo") == (
        person["$type"], person["members"]["Home"]["$type"],
        person["members"]["Home"]["members"]["City"])
    assert {"$ref": person["members"]["Home"]["$id"]} == person["members"]["Work"]
    for name in NAMES:
        assert 0 == main(["inspect", "--json", str(GOLDEN / f"{name}.xml")])
        _definitions_first(json.loads(capsys.readouterr().out))


@serializable(type_name="Inspect.Pair", assembly_name="Inspect")
@attrs.define(eq=False)
class Pair:
    first: Any = None
    second: Any = None


def test_inspect_json_nrbf_defines_shared_objects_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """NRBF --json: an object shared by a member, an ArrayList and a nested object is defined
    at its first occurrence (the first member), not at its last."""
    shared = Pair("x")
    path = tmp_path / "pair.bin"
    path.write_bytes(BinaryFormatter().dumps(Pair(shared, [shared, Pair(shared)])))
    assert 0 == main(["inspect", "--json", str(path)])
    root = json.loads(capsys.readouterr().out)
    first = root["members"]["first"]
    assert ("Inspect.Pair", "x") == (first["$type"], first["members"]["first"])
    array_list = root["members"]["second"]
    assert "System.Collections.ArrayList" == array_list["$type"]
    assert {"$ref": first["$id"]} == array_list["members"]["_items"]["items"][0]
    assert len(_definitions_first(root)) >= 3


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ((GOLDEN / "person.xml").read_bytes()[:300], "line 1"),
        (b'<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">\n'
         b"<SOAP-ENV:Body>\n</SOAP-ENV:Body></SOAP-ENV:Envelope>", "the SOAP Body is empty"),
        (b"\xef\xbb\xbf<root/>", "not a SOAP envelope"),
    ],
    ids=["truncated", "empty-body", "not-soap"],
)
def test_inspect_malformed_soap_exits_1(content: bytes, words: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed document exits 1 with one line naming the file and what is wrong (for
    XML errors, where), and prints nothing on stdout."""
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    assert 1 == main(["inspect", str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    assert err.startswith(f"serialkit: {path}: ")
    assert words in err
    assert 1 == len(err.strip().splitlines())
