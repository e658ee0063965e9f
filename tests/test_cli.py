"""The `serialkit` command: inspect prints records safely, with clear exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from serialkit.cli import main

GOLDEN = Path(__file__).parent / "golden" / "nrbf" / "payloads"


def test_inspect_prints_the_record_tree(capsys: pytest.CaptureFixture[str]) -> None:
    """The tree names types and ids and shows a repeated record as a reference."""
    assert 0 == main(["inspect", str(GOLDEN / "cycle.bin")])
    expected = ('Node [gen] #1\n  Name: "a"\n  Next: Node [gen] #4\n    Name: "b"\n'
                "    Next: -> #1 Node\n    Self: None\n  Self: -> #1 Node\n")
    assert expected == capsys.readouterr().out


def test_inspect_json_has_ids_types_and_refs(capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives $id/$type/$library per object and $ref for a repeat."""
    assert 0 == main(["inspect", "--json", str(GOLDEN / "cycle.bin")])
    doc = json.loads(capsys.readouterr().out)
    assert (1, "Node", "a") == (doc["$id"], doc["$type"], doc["members"]["Name"])
    assert {"$ref": 1} == doc["members"]["Self"]
    assert {"$ref": 1} == doc["members"]["Next"]["members"]["Next"]
    assert doc["$library"].startswith("gen, Version=")


def test_inspect_json_of_values(capsys: pytest.CaptureFixture[str]) -> None:
    """Decimals, dates and time spans become JSON strings and numbers; byte[] base64."""
    assert 0 == main(["inspect", "--json", str(GOLDEN / "hasbig.bin")])
    members = json.loads(capsys.readouterr().out)["members"]
    assert ("2.5", "2001-01-01T00:00:00", {"$timespan_seconds": 1e-06}) == (
        members["Boxed"], members["Dt"], members["Ts"])
    assert 0 == main(["inspect", "--json", str(GOLDEN / "arrays.bin")])
    arrays = json.loads(capsys.readouterr().out)["members"]
    assert ("AQID", [2], [5]) == (arrays["Bs"]["base64"], arrays["Lb"]["lengths"],
                                  arrays["Lb"]["lower_bounds"])


def test_inspect_max_items(capsys: pytest.CaptureFixture[str]) -> None:
    """--max-items caps each array and says how many were left out."""
    assert 0 == main(["inspect", "--max-items", "2", str(GOLDEN / "nulls300.bin")])
    assert "Object[] #1 (length 300)\n  [0]: None\n  [1]: None\n  ... 298 more\n" == (
        capsys.readouterr().out)


def test_inspect_malformed_payload_exits_1_with_offset(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A truncated payload is reported with its byte offset, exit status 1."""
    bad = tmp_path / "bad.bin"
    bad.write_bytes((GOLDEN / "simple.bin").read_bytes()[:40])
    assert 1 == main(["inspect", str(bad)])
    err = capsys.readouterr().err
    assert err.startswith(f"serialkit: {bad}: truncated payload")
    assert "(at byte " in err


def test_inspect_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read is exit status 2, not a traceback."""
    assert 2 == main(["inspect", str(tmp_path / "nope.bin")])
    assert "cannot read" in capsys.readouterr().err


def test_no_command_is_a_usage_error() -> None:
    """Running without a command prints usage and exits 2, as argparse does."""
    with pytest.raises(SystemExit) as exc:
        main([])
    assert 2 == exc.value.code
