"""Every engine on the 'orders' workload, side by side: ``python benchmarks/run.py``.

For each size N (1,000, 10,000 and 100,000 orders by default) the runner writes serialkit's
payload once, then runs every engine RUNS times, each run a fresh process, the engines
interleaved (one run of each, then the next round, in rotating order), and reports the median
of each figure. It prints one table (times, bytes, peak Python heap, and serialkit's time as a
fraction of each peer's) headed by the machine and the versions, and saves it with the raw
figures under ``benchmarks/results/``.

Peers: pickle in C and in pure Python; the PyPI NRBF readers ``nrbf``, ``dnbflib`` and
``netfleece`` reading serialkit's payload (installed on demand into ``benchmarks/.venv``; one
that fails to install or import is skipped with a note); and Mono's BinaryFormatter, compiled
from ``benchmarks/mono/Bench.cs`` with ``mcs`` and timed in-process after a warm-up. XML
engines will join as further rows of the same table (see ``ENGINES``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
BUILD = HERE / ".build"
RESULTS = HERE / "results"
PYPI_READERS = ("nrbf", "dnbflib", "netfleece")
LARGE = 100_000  # sizes from here on take --large-runs runs

#: engine -> (format, what it does); the table lists them in this order.
ENGINES: dict[str, tuple[str, str]] = {
    "serialkit": ("nrbf", "serialkit BinaryFormatter"),
    "mono": ("nrbf", "Mono BinaryFormatter (in-process, warmed up)"),
    "pickle-c": ("pickle", "pickle, C (_pickle)"),
    "pickle-py": ("pickle", "pickle, pure Python"),
    "nrbf": ("nrbf", "PyPI nrbf (reader only)"),
    "dnbflib": ("nrbf", "PyPI dnbflib (reader only)"),
    "netfleece": ("nrbf", "PyPI netfleece (reader only)"),
}


def note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr, flush=True)


# -- setting up the peers ------------------------------------------------------------------------
def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup_pypi_readers(wanted: list[str], install: bool) -> list[str]:
    """The PyPI readers that import in ``benchmarks/.venv``, installing them if asked."""
    wanted = [e for e in wanted if e in PYPI_READERS]
    if not wanted:
        return []
    if not venv_python().exists():
        if not install:
            note("no benchmarks/.venv and --no-install: skipping the PyPI NRBF readers")
            return []
        venv.EnvBuilder(with_pip=True).create(VENV)
    ready = []
    for name in wanted:
        if install:
            proc = subprocess.run([str(venv_python()), "-m", "pip", "install", "-q", name],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["?"])[-1]
                note(f"skipping {name}: pip install failed ({last})")
                continue
        module = {"dnbflib": "dnbflib.document"}.get(name, name)
        proc = subprocess.run([str(venv_python()), "-c", f"import {module}"],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            note(f"skipping {name}: installed but does not import on this Python ({last})")
            continue
        ready.append(name)
    return ready


def setup_mono() -> Path | None:
    """Bench.exe compiled with mcs (cached in benchmarks/.build), or None without Mono."""
    mcs, mono = shutil.which("mcs"), shutil.which("mono")
    if mcs is None or mono is None:
        note("skipping Mono: mcs and mono are not installed")
        return None
    source = HERE / "mono" / "Bench.cs"
    exe = BUILD / "Bench.exe"
    if not exe.exists() or exe.stat().st_mtime < source.stat().st_mtime:
        BUILD.mkdir(exist_ok=True)
        proc = subprocess.run([mcs, "-optimize+", f"-out:{exe}", str(source)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            note(f"skipping Mono: mcs failed\n{proc.stdout}{proc.stderr}")
            return None
    return exe


# -- running -------------------------------------------------------------------------------------
def run_once(engine: str, n: int, payload: Path, mono_exe: Path | None,
             peak: bool) -> dict[str, Any]:
    if engine == "mono":
        assert mono_exe is not None
        cmd = ["mono", str(mono_exe), str(payload), "1"]
    else:
        python = str(venv_python()) if engine in PYPI_READERS else sys.executable
        cmd = [python, str(HERE / "engines.py"), engine, str(n), str(payload),
               *(["--peak"] if peak else [])]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} at N={n} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def write_payloads(sizes: list[int], where: Path) -> dict[int, Path]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from workload import build

    from serialkit import BinaryFormatter

    bf = BinaryFormatter()
    (where / "warm-up.bin").write_bytes(bf.dumps(build(200)))
    paths = {}
    for n in sizes:
        paths[n] = where / f"orders-{n}.bin"
        paths[n].write_bytes(bf.dumps(build(n)))
    return paths


def median(runs: list[dict[str, Any]], key: str) -> Any:
    values = [r[key] for r in runs if r.get(key) is not None]
    if not values:
        return None
    if isinstance(values[0], bool):
        return all(values)
    return statistics.median_low(values)  # an actual run, even for an even count


# -- reporting -----------------------------------------------------------------------------------
def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts = [f"machine: {platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
             f"{os.cpu_count()} CPUs",
             f"python: {platform.python_implementation()} {platform.python_version()}"]
    versions = [f"serialkit {_git_revision()}"]
    for dist in ("attrs", "lxml"):
        versions.append(f"{dist} {_version(dist)}")
    if venv_python().exists():
        for name in PYPI_READERS:
            proc = subprocess.run(
                [str(venv_python()), "-c",
                 f"import importlib.metadata as m; print(m.version({name!r}))"],
                capture_output=True, text=True, check=False)
            if proc.returncode == 0:
                versions.append(f"{name} {proc.stdout.strip()}")
    if shutil.which("mono"):
        out = subprocess.run(["mono", "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()
        versions.append(out[0].replace("Mono JIT compiler version ", "mono ") if out else "mono ?")
    facts.append("versions: " + ", ".join(versions))
    return facts


def _version(dist: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _git_revision() -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "?"


def _seconds(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _mib(x: float | None) -> str:
    return "—" if x is None else f"{x / 2**20:.1f}"


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "—" if ours is None or theirs is None or theirs == 0 else f"{ours / theirs:.2f}"


def table(figures: dict[int, dict[str, dict[str, Any]]], runs: int,
          large_runs: int) -> list[str]:
    head = ("| N | engine | dumps s | loads s | bytes | peak dumps MiB | peak loads MiB "
            "| sk/peer dumps | sk/peer loads | same bytes |")
    lines = [head, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, by_engine in figures.items():
        ours = by_engine.get("serialkit", {})
        for engine in ENGINES:
            f = by_engine.get(engine)
            if f is None:
                continue
            same = f.get("same_bytes")
            lines.append(
                f"| {n:,} | {engine} | {_seconds(f['dumps'])} | {_seconds(f['loads'])} "
                f"| {f['bytes']:,} | {_mib(f.get('peak_dumps'))} | {_mib(f.get('peak_loads'))} "
                f"| {'' if engine == 'serialkit' else _ratio(ours.get('dumps'), f['dumps'])} "
                f"| {'' if engine == 'serialkit' else _ratio(ours.get('loads'), f['loads'])} "
                f"| {'' if same is None else ('yes' if same else 'NO')} |")
    lines.append("")
    lines.append(f"Median of {runs} runs ({large_runs} at N >= {LARGE:,}), each a fresh "
                 "process; engines interleaved. "
                 "sk/peer: serialkit's time over the peer's (below 1: serialkit is faster). "
                 "Peak: the Python heap (tracemalloc) above the graph or payload already "
                 "held, measured in the first run; not measured for Mono. "
                 "Readers read serialkit's payload; "
                 "same bytes: Mono wrote exactly serialkit's payload.")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of orders (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5,
                        help="runs per engine and size; the median is reported (default 5)")
    parser.add_argument("--large-runs", type=int, default=3,
                        help=f"runs at N >= {LARGE:,} (default 3; they take minutes)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="comma-separated subset of: " + ", ".join(ENGINES))
    parser.add_argument("--no-install", action="store_true",
                        help="use benchmarks/.venv as it is (no pip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(wanted) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")

    readers = setup_pypi_readers(wanted, install=not args.no_install)
    mono_exe = setup_mono() if "mono" in wanted else None
    engines = [e for e in wanted if e not in PYPI_READERS or e in readers]
    if "mono" in engines and mono_exe is None:
        engines.remove("mono")

    figures: dict[int, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="serialkit-bench-") as tmp:
        payloads = write_payloads(sizes, Path(tmp))
        for n in sizes:
            samples: dict[str, list[dict[str, Any]]] = {e: [] for e in engines}
            runs = args.runs if n < LARGE or args.large_runs is None else args.large_runs
            for r in range(runs):
                order = engines[r % len(engines):] + engines[:r % len(engines)]
                for engine in order:
                    try:
                        samples[engine].append(run_once(engine, n, payloads[n], mono_exe,
                                                        peak=r == 0))
                    except RuntimeError as exc:
                        note(str(exc))
                print(f"N={n:,}: round {r + 1}/{runs} done", file=sys.stderr, flush=True)
            figures[n] = {e: {k: median(runs, k) for k in {k for run in runs for k in run}}
                          for e, runs in samples.items() if runs}
    lines = ["# serialkit benchmark: the 'orders' workload", "",
             f"run: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
             *machine(), "", *table(figures, args.runs, args.large_runs)]
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.md").write_text("\n".join(lines) + "\n")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
