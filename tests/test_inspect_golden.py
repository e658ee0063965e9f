"""`serialkit inspect` on every golden payload prints exactly the reviewed snapshot.

The snapshots (tests/golden/nrbf/inspect/*.txt) were written by `serialkit inspect
--max-items 16` and read against gen.cs/gen2.cs; a change in the output must be reviewed and
the snapshot rewritten on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from serialkit.cli import main

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
