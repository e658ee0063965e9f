"""The Mono peer of the interop tests: the C# program in csharp/, built once per session.

The ``mono`` fixture compiles csharp/Model.cs + csharp/Program.cs with ``mcs`` and runs the
program's ``batch`` mode once, which writes every case's payload; ``MonoPeer.write`` then only
reads those files. Checking serialkit's payloads goes through ``MonoPeer.check_many`` (one
``mono`` run for any number of payloads) or ``MonoPeer.check`` (one run per payload).

Mono is found, compiled against and run through _mono.py (without ``mcs``/``mono`` the tests
skip, except under ``CI=true``, where a missing Mono is a failure). The peer runs in New York's
time zone, so that its Local DateTimes (root_datetime_ambiguous*) are the same on every
machine. This file needs nothing from serialkit, so the harness's own tests
(test_csharp_peer.py) run even while serialkit cannot be imported.

Never hand the peer a payload the tests did not build: BinaryFormatter is unsafe on hostile input.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from _mono import NEW_YORK, compile_peer, run_peer

CSHARP = Path(__file__).resolve().parent / "csharp"
SOURCES = ("Model.cs", "Program.cs", "ShapesModel.cs", "ShapesCases.cs")
EXE_NAME = "SerialkitInterop.exe"


class MonoPeer:
    """Runs SerialkitInterop.exe (see the usage comment at the top of csharp/Program.cs)."""

    def __init__(self, mono: str, exe: Path, workdir: Path) -> None:
        self.mono = mono
        self.exe = exe
        self.workdir = workdir
        self._runs = 0
        out = self._run("cases")
        self.cases: tuple[str, ...] = tuple(out.split())
        self._written = workdir / "written"
        self._written.mkdir()
        self._run("batch", str(self._written))

    def _run(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> str:
        self._runs += 1
        return run_peer(self.mono, self.exe, *args, ok_codes=ok_codes, tz=NEW_YORK).stdout

    @property
    def runs(self) -> int:
        """How many times this peer has started mono (to keep an eye on the cost)."""
        return self._runs

    def write(self, case: str) -> bytes:
        """The payload Mono's BinaryFormatter writes for ``case``."""
        if case not in self.cases:
            raise KeyError(f"no interop case {case!r}; Program.cs has {', '.join(self.cases)}")
        return (self._written / f"{case}.mono.bin").read_bytes()

    def check(self, case: str, payload: bytes) -> tuple[bool, str]:
        """Mono reads ``payload`` and checks it against ``case``: (passed, "OK" or FAIL lines)."""
        path = self.workdir / f"single-{self._runs}.bin"
        path.write_bytes(payload)
        out = self._run("check", case, str(path), ok_codes=(0, 1))
        return out.strip() == "OK", out.strip()

    def check_many(self, payloads: Mapping[str, bytes]) -> dict[str, tuple[bool, str]]:
        """Like ``check`` for many payloads in one mono run.

        Keys are labels: the case name, optionally followed by ``.anything`` to check several
        payloads against one case (``"prims.mutated"`` is checked as ``prims``).
        """
        batch = self.workdir / f"batch-{self._runs}"
        batch.mkdir()
        for label, payload in payloads.items():
            if "/" in label or label.split(".")[0] not in self.cases:
                raise KeyError(f"bad label {label!r}: it must start with a case name")
            (batch / f"{label}.check.bin").write_bytes(payload)
        self._run("batch", str(batch))
        results = {}
        for label in payloads:
            out = (batch / f"{label}.result.txt").read_text(encoding="utf-8").strip()
            results[label] = (out == "OK", out)
        return results


@pytest.fixture(scope="session")
def mono(tmp_path_factory: pytest.TempPathFactory) -> MonoPeer:
    """The C# BinaryFormatter peer, compiled once per session, every case already written."""
    mono_exe, exe = compile_peer(tmp_path_factory, EXE_NAME, [CSHARP / s for s in SOURCES],
                                 ["System.Numerics.dll"])
    return MonoPeer(mono_exe, exe, tmp_path_factory.mktemp("interop-mono"))
