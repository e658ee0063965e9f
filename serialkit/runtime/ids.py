"""ObjectIDGenerator: ids by object identity, as .NET's formatters number objects."""

from __future__ import annotations

from typing import Any

__all__ = ["ObjectIDGenerator"]


class ObjectIDGenerator:
    """Gives each distinct object (by identity, not equality) an id: 1, 2, 3...

    It keeps a reference to every object it has numbered, so an id is never reused while the
    generator lives (``id()`` alone could be, once an object is freed).
    """

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self._keep: list[Any] = []

    def get_id(self, obj: Any) -> tuple[int, bool]:
        """``(id, first_time)``: the object's id, numbering it now if it is new."""
        if obj is None:
            raise ValueError("None has no object id")
        oid = self._ids.get(id(obj))
        if oid is not None:
            return oid, False
        oid = self._ids[id(obj)] = len(self._keep) + 1
        self._keep.append(obj)
        return oid, True

    def has_id(self, obj: Any) -> tuple[int, bool]:
        """``(id, False)`` for a numbered object, ``(0, True)`` for one never seen."""
        if obj is None:
            raise ValueError("None has no object id")
        oid = self._ids.get(id(obj))
        return (0, True) if oid is None else (oid, False)
