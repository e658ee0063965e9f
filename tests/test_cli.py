"""The `serialkit` command: inspect prints records safely, with clear exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import serialkit
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


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package's version and exits 0."""
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert 0 == exc.value.code
    assert f"serialkit {serialkit.__version__}\n" == capsys.readouterr().out


@pytest.mark.parametrize("spec", ["json", "models:", ":Order", "models:Order:x", "a b:C",
                                  "models:Order.", "1models:Order"])
def test_malformed_class_spec_is_a_usage_error(
        spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A MODULE:Class argument that is not one exits 2 with argparse's usage message, before
    anything is imported, for xsd, sgen and their --extra-type."""
    for argv in (["xsd", spec], ["sgen", spec], ["xsd", "m:C", "--extra-type", spec],
                 ["sgen", "m:C", "--extra-type", spec]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert 2 == exc.value.code
        err = capsys.readouterr().err
        assert err.startswith("usage: serialkit ")
        assert f"{spec!r} is not MODULE:Class" in err


@pytest.mark.parametrize(("body", "message"), [
    ("raise RuntimeError('no database')", "it raised RuntimeError: no database"),
    ("x = (", "{name}.py:1: '(' was never closed"),
    ("import sys\nsys.exit(3)", "it raised SystemExit: 3"),
    ("1 / 0", "it raised ZeroDivisionError: division by zero"),
])
def test_a_module_that_fails_on_import_exits_1(
        body: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever a module raises as it is imported, xsd and sgen say so in one line
    (`serialkit: cannot import ...`) and exit 1: no traceback."""
    name = f"broken_{abs(hash(body))}"
    (tmp_path / f"{name}.py").write_text(body + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for command in ("xsd", "sgen"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        assert 1 == main([command, f"{name}:C", "-o", str(tmp_path / "out")])
        err = capsys.readouterr().err
        assert err.startswith(f"serialkit: cannot import {name}: ")
        assert message.format(name=name) in err
        assert "Traceback" not in err and 1 == len(err.splitlines())


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    """An interrupt (here while the class's module is imported, as Ctrl-C during a slow
    import) exits 130 with nothing on stderr, in a real process."""
    (tmp_path / "slow_models.py").write_text("raise KeyboardInterrupt\n")
    result = subprocess.run([sys.executable, "-m", "serialkit", "xsd", "slow_models:C"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert (130, "", "") == (result.returncode, result.stdout, result.stderr)
