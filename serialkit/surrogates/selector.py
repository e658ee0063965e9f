"""Surrogates: serialization for types the application does not own."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from serialkit.errors import SerializationError
from serialkit.runtime.context import StreamingContext, StreamingContextStates
from serialkit.runtime.info import SerializationInfo

__all__ = ["SerializationSurrogate", "SurrogateSelector"]


@runtime_checkable
class SerializationSurrogate(Protocol):
    """Writes and reads objects of a type on its behalf (.NET's ISerializationSurrogate)."""

    def get_object_data(self, obj: Any, info: SerializationInfo,
                        context: StreamingContext) -> None:
        """Add the members that represent ``obj`` to ``info``."""

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Any:
        """Fill ``obj`` (an uninitialised instance) from ``info``; return a replacement or None."""


class SurrogateSelector:
    """Picks the surrogate for a type and streaming context; selectors chain.

    A surrogate added for a context state only serves lookups whose state it covers: one
    registered for ``REMOTING`` is not used when the formatter's context is ``FILE``.
    """

    def __init__(self) -> None:
        self._surrogates: dict[type, list[tuple[StreamingContextStates, Any]]] = {}
        self._next: SurrogateSelector | None = None

    def add_surrogate(self, cls: type, context: StreamingContext, surrogate: Any) -> None:
        """Use ``surrogate`` for objects of exactly ``cls`` in ``context``'s states."""
        if not (callable(getattr(surrogate, "get_object_data", None))
                and callable(getattr(surrogate, "set_object_data", None))):
            raise TypeError("a surrogate needs get_object_data and set_object_data methods")
        entries = self._surrogates.setdefault(cls, [])
        if any(state == context.state for state, _ in entries):
            raise ValueError(f"a surrogate for {cls.__qualname__} in {context.state} exists")
        entries.append((context.state, surrogate))

    def remove_surrogate(self, cls: type, context: StreamingContext) -> None:
        """Remove the surrogate added for ``cls`` and ``context``'s state."""
        entries = self._surrogates.get(cls, [])
        self._surrogates[cls] = [e for e in entries if e[0] != context.state]

    def get_surrogate(self, cls: type, context: StreamingContext
                      ) -> tuple[Any, SurrogateSelector] | None:
        """The (surrogate, selector that holds it) for ``cls``, searching the chain, or None."""
        selector: SurrogateSelector | None = self
        while selector is not None:
            for state, surrogate in selector._surrogates.get(cls, ()):
                if context.state & state == context.state:
                    return surrogate, selector
            selector = selector._next
        return None

    def chain_selector(self, selector: SurrogateSelector) -> None:
        """Consult ``selector`` after this one (and after those already chained)."""
        probe: SurrogateSelector | None = selector
        while probe is not None:
            if probe is self:
                raise SerializationError("chaining this selector would make a cycle")
            probe = probe._next
        last = self
        while last._next is not None:
            last = last._next
        last._next = selector

    def get_next_selector(self) -> SurrogateSelector | None:
        """The selector consulted after this one, if any."""
        return self._next

    def types(self) -> list[type]:
        """Every type some selector in the chain has a surrogate for."""
        found: list[type] = []
        selector: SurrogateSelector | None = self
        while selector is not None:
            found.extend(t for t, entries in selector._surrogates.items() if entries)
            selector = selector._next
        return found
