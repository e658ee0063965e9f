"""Generated per-class code, as cattrs and attrs make it: compiled once, cached by the caller.

The source is registered in :mod:`linecache` under a unique file name, so a traceback through
generated code shows the generated line rather than nothing.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["compile_function"]

_counter = itertools.count(1)


def compile_function(name: str, source: str, namespace: dict[str, Any],
                     what: str) -> Callable[..., Any]:
    """Compile ``source`` (which defines function ``name``) with ``namespace`` as globals.

    ``what`` names the generated code in its file name (``<serialkit bind Acme.Order #3>``);
    characters that are not printable (a hostile payload's names) become ``?``.
    """
    what = "".join(ch if ch.isprintable() else "?" for ch in what)
    filename = f"<serialkit {what} #{next(_counter)}>"
    code = compile(source, filename, "exec")
    scope = dict(namespace)
    exec(code, scope)  # our own generated source, every name in it repr()-quoted
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    function: Callable[..., Any] = scope[name]
    return function
