"""_mono.py, the Mono plumbing every interop peer shares (no Mono needed: a shell script
stands in for mcs and mono)."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import _mono
import pytest


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_missing_mono_skips_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Mono is not installed"):
        _mono.find_mono()


def test_missing_mono_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under CI=true a missing Mono is a failure, never a skip."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="a missing Mono fails CI"):
        _mono.find_mono()


def test_a_peer_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    """compile_peer runs mcs once per (exe, sources, references) and passes the references."""
    log = tmp_path / "mcs.log"
    # The fake mcs logs its arguments and creates the -out: file.
    mcs = _script(tmp_path / "mcs", f'echo "$*" >> {log}\n'
                  'for a; do case "$a" in -out:*) : > "${a#-out:}";; esac; done\n')
    monkeypatch.setattr(_mono, "find_mono", lambda: (mcs, "mono-path"))
    monkeypatch.setattr(_mono, "_BUILT", {})
    source = tmp_path / "Peer.cs"
    first = _mono.compile_peer(tmp_path_factory, "Peer.exe", [source], ["System.Xml.dll"])
    second = _mono.compile_peer(tmp_path_factory, "Peer.exe", [source], ["System.Xml.dll"])
    assert first == second and first[0] == "mono-path" and first[1].name == "Peer.exe"
    assert [f"-r:System.Xml.dll -out:{first[1]} {source}"] == log.read_text().splitlines()


def test_a_failed_compilation_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    mcs = _script(tmp_path / "mcs", "echo 'Peer.cs(1,1): error CS1525'; exit 1\n")
    monkeypatch.setattr(_mono, "find_mono", lambda: (mcs, "mono-path"))
    monkeypatch.setattr(_mono, "_BUILT", {})
    with pytest.raises(pytest.fail.Exception, match=r"mcs failed \(1\):\nPeer.cs\(1,1\)"):
        _mono.compile_peer(tmp_path_factory, "Peer.exe", [tmp_path / "Peer.cs"])


def test_run_peer_checks_the_exit_code_and_sets_the_zone(tmp_path: Path) -> None:
    """An exit code outside ok_codes fails the test with the output; tz sets TZ."""
    sh = shutil.which("sh")
    assert sh is not None
    exe = tmp_path / "peer.sh"
    exe.write_text('echo "tz=$TZ args=$*"; exit "$1"\n', encoding="utf-8")
    ok = _mono.run_peer(sh, exe, "0", tz=_mono.NEW_YORK)
    assert "tz=America/New_York args=0" == ok.stdout.strip()
    assert 1 == _mono.run_peer(sh, exe, "1", ok_codes=(0, 1)).returncode
    assert 3 == _mono.run_peer(sh, exe, "3", ok_codes=None).returncode
    with pytest.raises(pytest.fail.Exception, match=r"peer.sh 2 exited 2\nstdout:\ntz="):
        _mono.run_peer(sh, exe, "2")
