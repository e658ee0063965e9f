"""The registry of ``@serializable`` classes, keyed by the .NET names they are written as."""

from __future__ import annotations

import threading
from typing import Any

from serialkit.attributes.decorators import declared_names

__all__ = ["TypeRegistry", "default_registry", "simple_assembly_name"]


def simple_assembly_name(name: str) -> str:
    """``"Acme, Version=1.0.0.0, ..."`` -> ``"Acme"``."""
    return name.split(",", 1)[0].strip()


class TypeRegistry:
    """Which Python class a (type name, assembly) pair binds to when reading.

    ``@serializable`` registers every class it marks. A class marked below ``@attrs.define``
    (slots) or replaced by another decorator is found again through its declarations, so the
    class the module finally binds is the one built.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[dict[str, Any]] = []
        self._by_name: dict[tuple[str, str], type] = {}
        self._by_simple: dict[tuple[str, str], type] = {}

    def register_declaration(self, decl: dict[str, Any]) -> None:
        """Queue a class's declarations; its names are computed at first lookup."""
        with self._lock:
            self._pending.append(decl)

    def register(self, cls: type, type_name: str, assembly_name: str) -> None:
        """Bind ``type_name`` in ``assembly_name`` to ``cls`` (the latest registration wins)."""
        with self._lock:
            self._by_name[(type_name, assembly_name)] = cls
            self._by_simple[(type_name, simple_assembly_name(assembly_name))] = cls

    def _flush(self) -> None:
        # Names come from the declarations alone: a class whose annotations cannot be
        # resolved must not stop others from registering (its own use reports the problem).
        with self._lock:
            pending, self._pending = self._pending, []
        for decl in pending:
            cls = final_class(decl)
            self.register(cls, *declared_names(cls, decl))

    def lookup(self, type_name: str, assembly_name: str, *, full: bool = False) -> type | None:
        """The class registered for the names; ``full`` compares whole assembly names."""
        if self._pending:
            self._flush()
        if full:
            return self._by_name.get((type_name, assembly_name))
        return self._by_simple.get((type_name, simple_assembly_name(assembly_name)))


def final_class(decl: dict[str, Any]) -> type:
    """The class that now owns ``decl``: attrs' slotted rebuild copies the dict to a new class."""
    owner: type = decl["owner"]
    if not owner.__bases__:
        return owner
    latest = owner
    sub: type
    for sub in owner.__bases__[0].__subclasses__():
        if sub.__dict__.get("__serialkit_decl__") is decl:
            latest = sub
    decl["owner"] = latest
    return latest


default_registry = TypeRegistry()
