"""Mono for the interop tests: the one place that finds mcs and mono, compiles a C# peer and
runs it (tests/interop/conftest.py, soap/conftest.py, xml/conftest.py and
xml/test_soap_encoded_interop.py build their peers on it).

Without ``mcs``/``mono`` a peer's tests are skipped, except under ``CI=true``, where a missing
Mono is a failure, never a skip. Each peer is compiled once per session (``compile_peer``
keeps what it built). This file needs nothing from serialkit, so the harness's own tests run
even while serialkit cannot be imported.

Never hand a peer a payload the tests did not build: BinaryFormatter is unsafe on hostile input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pytest

TIMEOUT = 300  # seconds for one mcs or mono run; a normal batch takes well under one
#: A zone with DST, for peers whose Local DateTimes must not depend on the machine's zone.
NEW_YORK = "America/New_York"

_BUILT: dict[tuple[str, tuple[Path, ...], tuple[str, ...]], Path] = {}


def mono_missing(message: str) -> NoReturn:
    """Skip, or fail under CI=true (where .ci/run must have installed Mono)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (a missing Mono fails CI: CI=true)", pytrace=False)
    pytest.skip(message)


def find_mono() -> tuple[str, str]:
    """The paths of ``mcs`` and ``mono`` (or the test skips / fails: :func:`mono_missing`)."""
    mcs, mono = shutil.which("mcs"), shutil.which("mono")
    if mcs is None or mono is None:
        mono_missing("Mono is not installed (need mcs and mono; .ci/run installs them)")
    return mcs, mono


def compile_peer(tmp_path_factory: pytest.TempPathFactory, exe_name: str,
                 sources: Sequence[Path], references: Sequence[str] = ()) -> tuple[str, Path]:
    """``(mono, exe)``: ``sources`` compiled by mcs with ``-r:`` ``references``, once a session."""
    mcs, mono = find_mono()
    key = (exe_name, tuple(sources), tuple(references))
    exe = _BUILT.get(key)
    if exe is None or not exe.exists():
        exe = tmp_path_factory.mktemp(Path(exe_name).stem) / exe_name
        proc = subprocess.run(
            [mcs, *(f"-r:{r}" for r in references), f"-out:{exe}", *map(str, sources)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if proc.returncode != 0 or not exe.exists():
            pytest.fail(f"mcs failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                        pytrace=False)
        _BUILT[key] = exe
    return mono, exe


def run_peer(mono: str, exe: Path, *args: str, ok_codes: tuple[int, ...] | None = (0,),
             tz: str | None = None) -> subprocess.CompletedProcess[str]:
    """``mono exe args``; the test fails on an exit code not in ``ok_codes`` (None: any).

    ``tz`` sets the peer's time zone (TZ), where its Local DateTimes must not depend on the
    machine's.
    """
    env = None if tz is None else {**os.environ, "TZ": tz}
    proc = subprocess.run([mono, str(exe), *args], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, env=env)
    if ok_codes is not None and proc.returncode not in ok_codes:
        pytest.fail(f"mono {exe.name} {' '.join(args)} exited {proc.returncode}\n"
                    f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}", pytrace=False)
    return proc
