"""Every engine on the 'orders' workload, side by side: ``python benchmarks/run.py``.

For each size N (1,000, 10,000 and 100,000 orders by default) the runner writes serialkit's
binary payload (and, for Mono's XmlSerializer to compare with, its XML) once, then runs every
engine RUNS times, each run a fresh process, the engines interleaved (one run of each, then the
next round, in rotating order), and reports the median of each figure. It prints one table
(times, bytes, peak Python heap, and serialkit's time as a fraction of each peer's, against
serialkit's engine of the peer's format) headed by the machine and the versions, and saves it
with the raw figures under ``benchmarks/results/``.

Three formats, each with serialkit's engine and its peers (see ``ENGINES``). Binary: pickle in
C and in pure Python; the PyPI NRBF readers ``nrbf``, ``dnbflib`` and ``netfleece`` reading
serialkit's payload; Mono's BinaryFormatter. XML: hand-written lxml code (the floor), xsdata,
pydantic-xml, Mono's XmlSerializer. SOAP: serialkit's SoapFormatter alone (Mono's mishandles
DateTime, which the workload has). The PyPI peers are installed on demand into a venv under
``benchmarks/`` (one that fails to install or import is skipped with a note); the Mono peers
are compiled from ``benchmarks/mono/Bench.cs`` with ``mcs`` and timed in-process after a
warm-up.
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
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / ".build"
RESULTS = HERE / "results"
LARGE = 100_000  # sizes from here on take --large-runs runs

#: venv (under benchmarks/) -> whether it sees this interpreter's packages. The NRBF readers
#: need nothing else and stay isolated; the XML peers build the workload's attrs graph with
#: this checkout's serialkit before converting it, and share the machine's lxml with
#: serialkit's own XML row, so that every XML row runs on the same lxml.
VENVS: dict[str, bool] = {".venv": False, ".venv-xml": True}


class Engine(NamedTuple):
    """One row of the table."""

    format: str  # binary, soap or xml
    what: str
    reference: str | None  # serialkit's engine its sk/peer ratio divides; None: it is serialkit's
    venv: str | None = None  # a PyPI peer: pip-installed (its own name) into this venv on demand
    module: str | None = None  # what the venv must import for the peer to run


#: The table lists the engines in this order.
ENGINES: dict[str, Engine] = {
    "sk-binary": Engine("binary", "serialkit BinaryFormatter", None),
    "mono-binary": Engine("binary", "Mono BinaryFormatter (in-process, warmed up)", "sk-binary"),
    "pickle-c": Engine("binary", "pickle, C (_pickle)", "sk-binary"),
    "pickle-py": Engine("binary", "pickle, pure Python", "sk-binary"),
    "nrbf": Engine("binary", "PyPI nrbf (reader only)", "sk-binary", ".venv", "nrbf"),
    "dnbflib": Engine("binary", "PyPI dnbflib (reader only)", "sk-binary", ".venv",
                      "dnbflib.document"),
    "netfleece": Engine("binary", "PyPI netfleece (reader only)", "sk-binary", ".venv",
                        "netfleece"),
    "sk-soap": Engine("soap", "serialkit SoapFormatter (arrays model)", None),
    "sk-xml": Engine("xml", "serialkit XmlSerializer", None),
    "mono-xml": Engine("xml", "Mono XmlSerializer (in-process, warmed up)", "sk-xml"),
    "lxml": Engine("xml", "hand-written lxml (the floor)", "sk-xml"),
    "xsdata": Engine("xml", "PyPI xsdata", "sk-xml", ".venv-xml", "xsdata"),
    "pydantic-xml": Engine("xml", "PyPI pydantic-xml", "sk-xml", ".venv-xml", "pydantic_xml"),
}
#: The names of the first version, still accepted by --engines.
ALIASES = {"serialkit": "sk-binary", "mono": "mono-binary"}
MONO = ("mono-binary", "mono-xml")


def note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr, flush=True)


# -- setting up the peers ------------------------------------------------------------------------
def venv_python(name: str) -> Path:
    """The interpreter of the venv ``benchmarks/<name>``."""
    return HERE / name / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup_pypi_peers(wanted: list[str], install: bool) -> list[str]:
    """The PyPI peers among ``wanted`` that import in their venv, installing them if asked."""
    ready = []
    for name in wanted:
        engine = ENGINES[name]
        if engine.venv is None:
            continue
        python = venv_python(engine.venv)
        if not python.exists():
            if not install:
                note(f"no benchmarks/{engine.venv} and --no-install: skipping {name}")
                continue
            venv.EnvBuilder(with_pip=True,
                            system_site_packages=VENVS[engine.venv]).create(HERE / engine.venv)
        if install:
            proc = subprocess.run([str(python), "-m", "pip", "install", "-q", name],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["?"])[-1]
                note(f"skipping {name}: pip install failed ({last})")
                continue
        proc = subprocess.run([str(python), "-c", f"import {engine.module}"],
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
        proc = subprocess.run([mcs, "-optimize+", "-r:System.Xml.dll", f"-out:{exe}",
                               str(source)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            note(f"skipping Mono: mcs failed\n{proc.stdout}{proc.stderr}")
            return None
    return exe


# -- running -------------------------------------------------------------------------------------
def run_once(engine: str, n: int, payload: Path, mono_exe: Path | None,
             peak: bool) -> dict[str, Any]:
    if engine == "mono-binary":
        assert mono_exe is not None
        cmd = ["mono", str(mono_exe), "binary", str(payload), "1"]
    elif engine == "mono-xml":
        assert mono_exe is not None
        cmd = ["mono", str(mono_exe), "xml", str(payload), "1", str(payload.with_suffix(".xml"))]
    else:
        venv_name = ENGINES[engine].venv
        python = sys.executable if venv_name is None else str(venv_python(venv_name))
        cmd = [python, str(HERE / "engines.py"), engine, str(n), str(payload),
               *(["--peak"] if peak else [])]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} at N={n} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def write_payloads(sizes: list[int], where: Path, xml: bool) -> dict[int, Path]:
    """serialkit's binary payload for each size, and with ``xml`` its XML beside it (.xml)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from workload import Ledger, build

    from serialkit import BinaryFormatter
    from serialkit.xml import XmlSerializer

    bf = BinaryFormatter()
    (where / "warm-up.bin").write_bytes(bf.dumps(build(200)))
    paths = {}
    for n in sizes:
        graph = build(n)
        paths[n] = where / f"orders-{n}.bin"
        paths[n].write_bytes(bf.dumps(graph))
        if xml:
            paths[n].with_suffix(".xml").write_bytes(XmlSerializer(Ledger).dumps(graph))
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
    for name, engine in ENGINES.items():
        if engine.venv is None or not venv_python(engine.venv).exists():
            continue
        # pydantic-xml's pydantic is the venv's own (pydantic-xml may need a newer one).
        for dist in (name, "pydantic") if name == "pydantic-xml" else (name,):
            proc = subprocess.run(
                [str(venv_python(engine.venv)), "-c",
                 f"import importlib.metadata as m; print(m.version({dist!r}))"],
                capture_output=True, text=True, check=False)
            if proc.returncode == 0:
                versions.append(f"{dist} {proc.stdout.strip()}")
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
    head = ("| N | format | engine | dumps s | loads s | bytes | peak dumps MiB "
            "| peak loads MiB | sk/peer dumps | sk/peer loads | same bytes |")
    lines = [head, "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, by_engine in figures.items():
        for engine, spec in ENGINES.items():
            f = by_engine.get(engine)
            if f is None:
                continue
            ours = by_engine.get(spec.reference or engine, {})
            same = f.get("same_bytes")
            ratio_dumps = "" if spec.reference is None else _ratio(ours.get("dumps"), f["dumps"])
            ratio_loads = "" if spec.reference is None else _ratio(ours.get("loads"), f["loads"])
            lines.append(
                f"| {n:,} | {spec.format} | {engine} | {_seconds(f['dumps'])} "
                f"| {_seconds(f['loads'])} | {f['bytes']:,} | {_mib(f.get('peak_dumps'))} "
                f"| {_mib(f.get('peak_loads'))} | {ratio_dumps} | {ratio_loads} "
                f"| {'' if same is None else ('yes' if same else 'NO')} |")
    lines.append("")
    lines.append(f"Median of {runs} runs ({large_runs} at N >= {LARGE:,}), each a fresh "
                 "process; engines interleaved. "
                 "sk/peer: the time of serialkit's engine of the row's format (sk-binary, "
                 "sk-xml) over the peer's (below 1: serialkit is faster). "
                 "Peak: the Python heap (tracemalloc) above the graph or payload already "
                 "held, measured in the first run; not measured for Mono, and lxml's own "
                 "trees (libxml2's malloc) are not in it. "
                 "The NRBF readers read serialkit's payload; the SOAP row serializes the same "
                 "data with arrays for lists; XML documents carry a copy of the customer in "
                 "each order. Same bytes: Mono wrote exactly serialkit's bytes (for XML, once "
                 "its xmlns:xsd/xmlns:xsi order is swapped back, as SPEC.md says).")
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
                        help="use the venvs under benchmarks/ as they are (no pip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    wanted = [ALIASES.get(e.strip(), e.strip()) for e in args.engines.split(",") if e.strip()]
    unknown = set(wanted) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")

    pypi = setup_pypi_peers(wanted, install=not args.no_install)
    mono_exe = setup_mono() if set(MONO) & set(wanted) else None
    engines = [e for e in wanted
               if (ENGINES[e].venv is None or e in pypi) and (e not in MONO or mono_exe)]

    figures: dict[int, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="serialkit-bench-") as tmp:
        payloads = write_payloads(sizes, Path(tmp), xml="mono-xml" in engines)
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
