"""The Mono SoapFormatter peer: csharp/SoapPeer.cs, compiled once per session.

``soap_peer.write(case)`` is the document Mono's SoapFormatter writes for a case;
``soap_peer.check(case, document)`` has Mono read serialkit's document and check every value.
Without mcs/mono the tests skip, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from _mono import compile_peer, run_peer

CSHARP = Path(__file__).resolve().parent / "csharp"


class SoapPeer:
    """Runs SoapPeer.exe (see the usage comment at the top of csharp/SoapPeer.cs)."""

    def __init__(self, mono: str, exe: Path, workdir: Path) -> None:
        self.mono, self.exe, self.workdir = mono, exe, workdir
        self.written: dict[str, bytes] = {}

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_peer(self.mono, self.exe, *args, ok_codes=None)

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
    mono, exe = compile_peer(tmp_path_factory, "SoapPeer.exe", [CSHARP / "SoapPeer.cs"],
                             ["System.Runtime.Serialization.Formatters.Soap.dll"])
    return SoapPeer(mono, exe, tmp_path_factory.mktemp("soap-mono"))
