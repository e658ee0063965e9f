"""Surrogates: serialization for types the application does not own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from serialkit.errors import SerializationError
from serialkit.runtime.context import StreamingContext, StreamingContextStates
from serialkit.runtime.info import SerializationInfo

__all__ = ["MAX_CHAIN_LENGTH", "SerializationSurrogate", "SurrogateSelector"]

#: The most selectors one chain may hold. .NET sets none, but every lookup walks the chain,
#: so a bound keeps each one short, and a chain made circular behind chain_selector's back
#: (an assigned ``_next``) is reported instead of looping for ever.
MAX_CHAIN_LENGTH = 1000


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
        state = context.state
        selector = self
        for _ in range(MAX_CHAIN_LENGTH):  # _chain, inlined: the writer asks for each object
            for covered, surrogate in selector._surrogates.get(cls, ()):
                if state & covered == state:
                    return surrogate, selector
            if selector._next is None:
                return None
            selector = selector._next
        raise _chain_error()

    def chain_selector(self, selector: SurrogateSelector) -> None:
        """Consult ``selector`` after this one (and after those already chained)."""
        added = list(selector._chain())
        if any(probe is self for probe in added):
            raise SerializationError("chaining this selector would make a cycle")
        mine = list(self._chain())
        if len(mine) + len(added) > MAX_CHAIN_LENGTH:
            raise SerializationError(
                f"chaining would make a chain of {len(mine) + len(added)} surrogate "
                f"selectors, more than MAX_CHAIN_LENGTH={MAX_CHAIN_LENGTH}")
        mine[-1]._next = selector

    def _chain(self) -> Iterator[SurrogateSelector]:
        """This selector and those after it, at most MAX_CHAIN_LENGTH of them."""
        selector: SurrogateSelector | None = self
        for _ in range(MAX_CHAIN_LENGTH):
            if selector is None:
                return
            yield selector
            selector = selector._next
        if selector is not None:
            raise _chain_error()

    def get_next_selector(self) -> SurrogateSelector | None:
        """The selector consulted after this one, if any."""
        return self._next

    def types(self) -> list[type]:
        """Every type some selector in the chain has a surrogate for."""
        return [t for selector in self._chain()
                for t, entries in selector._surrogates.items() if entries]


def _chain_error() -> SerializationError:
    return SerializationError(f"the surrogate selector chain has a cycle or more than "
                              f"MAX_CHAIN_LENGTH={MAX_CHAIN_LENGTH} selectors")
