"""SerializationBinder: the one gate every type name in a payload passes through."""

from __future__ import annotations

__all__ = ["SerializationBinder"]


class SerializationBinder:
    """Maps wire names to Python types on reading, and types to wire names on writing.

    Subclass it and override either method. Returning None falls back to serialkit's own
    resolution: classes registered with ``@serializable``, then the built-in surrogates.
    Raising :class:`~serialkit.errors.SerializationError` refuses the type, and the read
    stops. The binder is consulted for every class record in a payload.
    """

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        """The Python class to build for ``type_name`` in ``assembly_name``, or None."""
        return None

    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        """The (assembly name, type name) to write for ``cls``; None keeps the default."""
        return None, None
