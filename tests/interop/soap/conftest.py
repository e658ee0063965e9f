"""The Mono SoapFormatter peer: csharp/SoapPeer.cs, compiled once per session.

``soap_peer.write(case)`` is the document Mono's SoapFormatter writes for a case;
``soap_peer.check(case, document)`` has Mono read serialkit's document and check every value.
Without mcs/mono the tests skip, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CSHARP = Path(__file__).resolve().parent / "csharp"
TIMEOUT = 300


class SoapPeer:
    """Runs SoapPeer.exe (see the usage comment at the top of csharp/SoapPeer.cs)."""

    def __init__(self, mono: str, exe: Path, workdir: Path) -> None:
        self.mono, self.exe, self.workdir = mono, exe, workdir
        self.written: dict[str, bytes] = {}

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.mono, str(self.exe), *args], capture_output=True,
                              text=True, timeout=TIMEOUT, check=False)

    def write(self, case: str) -> bytes:
        """The document Mono's SoapFormatter writes for ``case`` (cached)."""
        if case not in self.written:
            path = self.workdir / f"{case}.mono.xml"
            proc = self._run("write", case, str(path))
            if proc.returncode != 0:
                pytest.fail(f"mono write {case} failed:\n{proc.stdout}{proc.stderr}",
                            pytrace=False)
            self.written[case] = path.read_bytes()
        return self.written[case]

    def check(self, case: str, document: bytes) -> str:
        """Mono's verdict on serialkit's document: "OK" or the FAIL lines."""
        path = self.workdir / f"{case}.serialkit.xml"
        path.write_bytes(document)
        proc = self._run("check", case, str(path))
        return (proc.stdout + proc.stderr).strip()


@pytest.fixture(scope="session")
def soap_peer(tmp_path_factory: pytest.TempPathFactory) -> SoapPeer:
    """The C# SoapFormatter peer, compiled once per session."""
    mcs, mono = shutil.which("mcs"), shutil.which("mono")
    if mcs is None or mono is None:
        message = "Mono is not installed (need mcs and mono; .ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (a missing Mono fails CI: CI=true)", pytrace=False)
        pytest.skip(message)
    build = tmp_path_factory.mktemp("soap-csharp")
    exe = build / "SoapPeer.exe"
    proc = subprocess.run(
        [mcs, "-r:System.Runtime.Serialization.Formatters.Soap.dll", f"-out:{exe}",
         str(CSHARP / "SoapPeer.cs")], capture_output=True, text=True, timeout=TIMEOUT,
        check=False)
    if proc.returncode != 0 or not exe.exists():
        pytest.fail(f"mcs failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    return SoapPeer(mono, exe, tmp_path_factory.mktemp("soap-mono"))
