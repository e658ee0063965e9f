"""The Mono peer of the interop tests: the C# program in csharp/, built once per session.

The ``mono`` fixture compiles csharp/Model.cs + csharp/Program.cs with ``mcs`` and runs the
program's ``batch`` mode once, which writes every case's payload; ``MonoPeer.write`` then only
reads those files. Checking serialkit's payloads goes through ``MonoPeer.check_many`` (one
``mono`` run for any number of payloads) or ``MonoPeer.check`` (one run per payload).

Without ``mcs``/``mono`` the interop tests are skipped, except under ``CI=true``, where a missing
Mono is a failure. This file needs nothing from serialkit, so the harness's own tests
(test_csharp_peer.py) run even while serialkit cannot be imported.

Never hand the peer a payload the tests did not build: BinaryFormatter is unsafe on hostile input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import pytest

CSHARP = Path(__file__).resolve().parent / "csharp"
SOURCES = ("Model.cs", "Program.cs", "ShapesModel.cs", "ShapesCases.cs")
EXE_NAME = "SerialkitInterop.exe"
TIMEOUT = 300  # seconds for one mcs or mono run; a normal batch takes well under one


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
        proc = subprocess.run(
            [self.mono, str(self.exe), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, "TZ": "America/New_York"},  # a zone with DST: Kind 3 DateTimes
        )
        if proc.returncode not in ok_codes:
            pytest.fail(
                f"mono {self.exe.name} {' '.join(args)} exited {proc.returncode}\n"
                f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}",
                pytrace=False,
            )
        return proc.stdout

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


def _mono_missing(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (a missing Mono fails CI: CI=true)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def mono(tmp_path_factory: pytest.TempPathFactory) -> MonoPeer:
    """The C# BinaryFormatter peer, compiled once per session, every case already written."""
    mcs, mono_exe = shutil.which("mcs"), shutil.which("mono")
    if mcs is None or mono_exe is None:
        _mono_missing("Mono is not installed (need mcs and mono; .ci/run installs them)")
    build = tmp_path_factory.mktemp("interop-csharp")
    exe = build / EXE_NAME
    proc = subprocess.run(
        [
            mcs,
            "-r:System.Numerics.dll",
            f"-out:{exe}",
            *(str(CSHARP / s) for s in SOURCES),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if proc.returncode != 0 or not exe.exists():
        pytest.fail(f"mcs failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return MonoPeer(mono_exe, exe, tmp_path_factory.mktemp("interop-mono"))
