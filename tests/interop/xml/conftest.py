"""The Mono XmlSerializer peer: csharp/XmlPeer.cs, built once per session and run in batches.

``xml_peer.documents`` holds what Mono's XmlSerializer wrote for every case;
``xml_peer.check(docs)`` hands serialkit's documents to Mono in one run, which reads each one,
serializes the object again and compares with its own document. Mono runs with
``TZ=America/New_York`` so that Local DateTimes are written with ``-05:00`` in January.
Without mcs/mono the tests skip, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from _mono import NEW_YORK, compile_peer, run_peer

from serialkit.xml import serializer

CSHARP = Path(__file__).resolve().parent / "csharp"


class XmlPeer:
    """Runs XmlPeer.exe (see the usage comment at the top of csharp/XmlPeer.cs)."""

    def __init__(self, mono: str, exe: Path, workdir: Path) -> None:
        self.mono, self.exe, self.workdir = mono, exe, workdir
        self.runs = 0
        self.cases: tuple[str, ...] = tuple(self._run("cases").split())
        own = workdir / "own"
        own.mkdir()
        self._run("batch", str(own))
        self.documents = {c: (own / f"{c}.net.xml").read_bytes() for c in self.cases}

    def _run(self, *args: str) -> str:
        self.runs += 1
        return run_peer(self.mono, self.exe, *args, tz=NEW_YORK).stdout

    def check(self, documents: Mapping[str, bytes]) -> dict[str, str]:
        """Mono's verdict ("OK" or "FAIL ...") on each of serialkit's documents."""
        batch = self.workdir / f"check-{self.runs}"
        batch.mkdir()
        for case, doc in documents.items():
            if case not in self.cases:
                raise KeyError(f"no XML interop case {case!r}")
            (batch / f"{case}.py.xml").write_bytes(doc)
        self._run("batch", str(batch))
        return {c: (batch / f"{c}.result.txt").read_text(encoding="utf-8").strip()
                for c in documents}


@pytest.fixture(autouse=True, params=["generated", "interpreted"])
def xml_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every interop test runs on the generated code and on the interpreter."""
    saved = serializer.GENERATED
    serializer.GENERATED = request.param == "generated"
    try:
        yield str(request.param)
    finally:
        serializer.GENERATED = saved


@pytest.fixture(scope="session")
def xml_peer(tmp_path_factory: pytest.TempPathFactory) -> XmlPeer:
    """The C# XmlSerializer peer, compiled once per session, every case already written."""
    mono, exe = compile_peer(tmp_path_factory, "XmlPeer.exe", [CSHARP / "XmlPeer.cs"],
                             ["System.Xml.dll"])
    return XmlPeer(mono, exe, tmp_path_factory.mktemp("xml-mono"))
