"""One engine, one workload size, one process: ``python engines.py ENGINE N PAYLOAD [--peak]``.

Prints one JSON line: ``dumps`` and ``loads`` in seconds (None for a reader-only engine),
``bytes`` written, and with ``--peak`` the peak of the Python heap (tracemalloc) during each,
in bytes. The timing pass runs without tracemalloc; a second pass measures the peaks. Every
engine is warmed up first on a small graph, as the Mono peers are, so one-off costs (imports,
generated code, caches) are not timed; so is building the engine's input graph (the workload's
attrs graph, or its conversion to a peer's own classes). Only the standard library is imported
at the top: the PyPI NRBF readers run in their own venv, where serialkit and attrs are not
installed.
"""

from __future__ import annotations

import gc
import io
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 200  # orders in the warm-up graph


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _peak(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result
    return peak


# -- writers and readers --------------------------------------------------------------------------
class Codec(NamedTuple):
    """An engine that writes: its input graph for N orders, and its ``dumps`` and ``loads``."""

    graph: Callable[[int], Any]
    dumps: Callable[[Any], bytes]
    loads: Callable[[bytes], Any]


def _build(n: int) -> Any:
    from workload import build

    return build(n)


def _sk_binary() -> Codec:
    from serialkit import BinaryFormatter

    bf = BinaryFormatter()
    return Codec(_build, bf.dumps, bf.loads)


def _sk_soap() -> Codec:
    from workload import build

    from serialkit import SoapFormatter

    sf = SoapFormatter()
    return Codec(lambda n: build(n, arrays=True), sf.dumps, sf.loads)


def _sk_xml() -> Codec:
    from workload import Ledger

    from serialkit.xml import XmlSerializer

    xs = XmlSerializer(Ledger)
    return Codec(_build, xs.dumps, xs.loads)


def _pickle_c() -> Codec:
    import pickle

    return Codec(_build, lambda g: pickle.dumps(g, pickle.HIGHEST_PROTOCOL), pickle.loads)


def _pickle_py() -> Codec:
    import pickle

    def dumps(graph: Any) -> bytes:
        out = io.BytesIO()
        pickle._Pickler(out, pickle.HIGHEST_PROTOCOL).dump(graph)
        return out.getvalue()

    def loads(data: bytes) -> Any:
        return pickle._Unpickler(io.BytesIO(data)).load()

    return Codec(_build, dumps, loads)


def _lxml() -> Codec:
    from peers import lxml_hand

    return Codec(_build, lxml_hand.dumps, lxml_hand.loads)


def _xsdata() -> Codec:
    from peers import xsdata_model

    return Codec(lambda n: xsdata_model.convert(_build(n)), *xsdata_model.codec())


def _pydantic_xml() -> Codec:
    from peers import pydantic_xml_model

    return Codec(lambda n: pydantic_xml_model.convert(_build(n)), *pydantic_xml_model.codec())


def _nrbf() -> Callable[[bytes], Any]:
    import nrbf  # type: ignore[import-not-found]

    return nrbf.loads  # type: ignore[no-any-return]


def _dnbflib() -> Callable[[bytes], Any]:
    from dnbflib.document import DNBFDocument  # type: ignore[import-not-found]
    from dnbflib.scanner import scan_records  # type: ignore[import-not-found]

    return lambda data: DNBFDocument(data, scan_records(data))


def _netfleece() -> Callable[[bytes], Any]:
    import netfleece  # type: ignore[import-not-found]

    return lambda data: netfleece.parse(io.BytesIO(data), crunch=True)


WRITERS: dict[str, Callable[[], Codec]] = {
    "sk-binary": _sk_binary, "sk-soap": _sk_soap, "sk-xml": _sk_xml,
    "pickle-c": _pickle_c, "pickle-py": _pickle_py,
    "lxml": _lxml, "xsdata": _xsdata, "pydantic-xml": _pydantic_xml,
}
READERS = {"nrbf": _nrbf, "dnbflib": _dnbflib, "netfleece": _netfleece}


def run(engine: str, n: int, payload: Path, peak: bool) -> dict[str, Any]:
    """Measure one engine on the workload of ``n`` orders (``payload`` is serialkit's)."""
    if engine in READERS:
        read = READERS[engine]()
        data = payload.read_bytes()
        small = payload.with_name("warm-up.bin").read_bytes()
        read(small)
        seconds, _ = _timed(lambda: read(data))
        return {"dumps": None, "loads": seconds, "bytes": len(data), "peak_dumps": None,
                "peak_loads": _peak(lambda: read(data)) if peak else None}
    # This checkout's serialkit, not whichever one is installed (workload imports it).
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    make, dumps, loads = WRITERS[engine]()
    loads(dumps(make(WARM_UP)))
    graph = make(n)
    t_dumps, data = _timed(lambda: dumps(graph))
    t_loads, _ = _timed(lambda: loads(data))
    if not peak:
        return {"dumps": t_dumps, "loads": t_loads, "bytes": len(data)}
    return {"dumps": t_dumps, "loads": t_loads, "bytes": len(data),
            "peak_dumps": _peak(lambda: dumps(graph)), "peak_loads": _peak(lambda: loads(data))}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]),
                         peak="--peak" in sys.argv[4:])))
