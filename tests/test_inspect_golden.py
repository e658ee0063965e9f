"""`serialkit inspect` on every golden payload prints exactly the reviewed snapshot.

The snapshots (tests/golden/nrbf/inspect/*.txt) were written by `serialkit inspect
--max-items 16` and read against gen.cs/gen2.cs; a change in the output must be reviewed and
the snapshot rewritten on purpose.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from serialkit.cli import main
from serialkit.nrbf import ArrayRecord, ClassRecord, decode

GOLDEN = Path(__file__).parent / "golden" / "nrbf"
NAMES = sorted(p.stem for p in (GOLDEN / "payloads").glob("*.bin"))


def test_every_payload_has_a_snapshot() -> None:
    """No golden payload lacks its inspect snapshot."""
    assert NAMES == sorted(p.stem for p in (GOLDEN / "inspect").glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_inspect_output_matches_snapshot(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The tree (or, for an undecodable payload, the error with its offset) is the snapshot."""
    path = GOLDEN / "payloads" / f"{name}.bin"
    status = main(["inspect", "--max-items", "16", str(path)])
    captured = capsys.readouterr()
    expected = (GOLDEN / "inspect" / f"{name}.txt").read_text(encoding="utf-8")
    expected = expected.replace("tests/golden/nrbf/payloads/", f"{GOLDEN}/payloads/")
    assert (expected, 1 if name == "simple_typeswhenneeded" else 0) == (
        captured.out + captured.err, status)


def _records(root: Any) -> dict[int, Any]:
    """Every record reachable from ``root``, by id (walked without recursion)."""
    found: dict[int, Any] = {}
    stack = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, ClassRecord | ArrayRecord) and value.object_id not in found:
            found[value.object_id] = value
            if not isinstance(value.values, bytes | bytearray):
                stack.extend(value.values)
    return found


def _json_objects(doc: Any) -> tuple[dict[int, Any], list[int]]:
    """The ``$id`` objects of a ``--json`` document, by id, and every ``$ref`` target."""
    ids: dict[int, Any] = {}
    refs: list[int] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            if "$id" in node:
                assert node["$id"] not in ids, f"#{node['$id']} written twice"
                ids[node["$id"]] = node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return ids, refs


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@pytest.mark.parametrize("name", [n for n in NAMES if n != "simple_typeswhenneeded"])
def test_inspect_json_of_every_payload(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--json is strict JSON whose root, objects and references are the payload's."""
    path = GOLDEN / "payloads" / f"{name}.bin"
    assert main(["inspect", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out, parse_constant=_no_constant)
    root = decode(path.read_bytes())
    if isinstance(root, str):
        assert doc == root
        return
    assert (doc["$id"], doc["$type"]) == (root.object_id, root.type_name)
    records = _records(root)
    ids, refs = _json_objects(doc)
    assert set(ids) == set(records)
    assert set(refs) <= set(ids)
    for object_id, node in ids.items():
        record = records[object_id]
        assert node["$type"] == record.type_name
        if isinstance(record, ClassRecord):
            assert list(node["members"]) == list(record.member_names)
            assert node.get("$library") == record.library_name
        else:
            assert node["lengths"] == list(record.lengths)
            count = len(node["base64"]) if "base64" in node else len(node["items"])
            assert count == (len(record.values) if "items" in node else
                             len(base64.b64encode(record.values)))
