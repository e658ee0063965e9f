"""`serialkit inspect` on Mono's SoapFormatter documents prints the reviewed snapshot, and
SoapFormatter reads the system-typed ones back to values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

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
