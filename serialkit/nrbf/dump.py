"""A readable, indented rendering of a record graph (what ``print`` of a payload shows)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from serialkit.nrbf.boxed import BoxedChar, BoxedInt, BoxedSingle
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.nrbf.values import LocalTimezone

__all__ = ["format_tree", "short_type_name"]

_QUALIFIERS = re.compile(r",\s*(?:Version|Culture|PublicKeyToken)=[^,\]]*")


def short_type_name(name: str) -> str:
    """A type name without the Version/Culture/PublicKeyToken parts of its generic arguments."""
    return _QUALIFIERS.sub("", name)


def format_tree(root: Any, *, max_items: int | None = None) -> str:
    """Render a decoded record graph as an indented tree, one member or element per line.

    A record met a second time (a shared reference or a cycle) is shown as ``-> #id``.
    ``max_items`` caps the elements shown per array. Iterative: any depth is fine.
    """
    lines: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[int, str, Any]] = [(0, "", root)]
    while stack:
        depth, label, value = stack.pop()
        indent = "  " * depth
        if not isinstance(value, ClassRecord | ArrayRecord):
            lines.append(f"{indent}{label}{_scalar(value)}")
            continue
        if id(value) in seen:
            lines.append(f"{indent}{label}-> #{value.object_id} "
                         f"{short_type_name(value.type_name)}")
            continue
        seen.add(id(value))
        children: list[tuple[int, str, Any]] = []
        if isinstance(value, ClassRecord):
            lib = f" [{value.library_name.split(',', 1)[0]}]" if value.library_name else ""
            lines.append(f"{indent}{label}{short_type_name(value.type_name)}{lib} "
                         f"#{value.object_id}")
            children = [(depth + 1, f"{name}: ", v) for name, v in value.items()]
        else:
            bounds = (f", lower bounds {list(value.lower_bounds)}"
                      if any(value.lower_bounds) else "")
            lines.append(f"{indent}{label}{short_type_name(value.type_name)} #{value.object_id} "
                         f"(length {list(value.lengths) if value.rank > 1 else len(value)}"
                         f"{bounds})")
            if isinstance(value.values, bytes | bytearray):
                lines.append(f"{indent}  {bytes(value.values[:64]).hex(' ')}"
                             + (" ..." if len(value.values) > 64 else ""))
            else:
                shown = value.values if max_items is None else value.values[:max_items]
                children = [(depth + 1, f"[{_index(i, value.lengths, value.lower_bounds)}]: ", v)
                            for i, v in enumerate(shown)]
                if len(shown) < len(value.values):
                    children.append((depth + 1, "", _More(len(value.values) - len(shown))))
        stack.extend(reversed(children))
    return "\n".join(lines)


def _index(flat: int, lengths: tuple[int, ...], lower: tuple[int, ...]) -> str:
    """Row-major position ``flat`` as .NET indices (``1,2``), lower bounds applied."""
    parts = []
    for n, lb in zip(reversed(lengths), reversed(lower), strict=True):
        flat, i = divmod(flat, n) if n else (flat, 0)
        parts.append(str(i + lb))
    return ",".join(reversed(parts))


class _More:
    def __init__(self, count: int) -> None:
        self.count = count

    def __repr__(self) -> str:
        return f"... {self.count} more"


def _scalar(value: Any) -> str:
    if isinstance(value, BoxedInt | BoxedSingle | BoxedChar):
        # A boxed primitive whose .NET type a plain value would not tell (nrbf.boxed).
        plain = (int(value) if isinstance(value, int) else float(value)
                 if isinstance(value, float) else str(value))
        return f"{_scalar(plain)} ({value.code.net_name.removeprefix('System.')})"
    if isinstance(value, str):
        text = value if len(value) <= 200 else value[:200] + "..."
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, Decimal):
        return f"{value:f} (Decimal)"
    if isinstance(value, datetime):
        offset = value.utcoffset()
        kind = ("Local" if isinstance(value.tzinfo, LocalTimezone) else "Unspecified"
                if offset is None else "Utc" if not offset else "Local")
        return f"{value.replace(tzinfo=None).isoformat()} (DateTime, {kind})"
    if isinstance(value, timedelta):
        return f"{value} (TimeSpan)"
    return repr(value)
