"""The exceptions serialkit raises.

Every failure while writing or reading a payload is a :class:`SerializationError`. Its
subclasses say which stage failed and carry the structured facts (byte offset, path in the
object graph, the .NET type name) so that callers can react without parsing messages.
"""

from __future__ import annotations

__all__ = [
    "LimitExceededError",
    "MemberNotFoundError",
    "NotSerializableError",
    "NrbfFormatError",
    "SerializationError",
    "TypeNotAllowedError",
]


class SerializationError(Exception):
    """Root of every error serialkit raises for a payload or an object graph.

    Attributes:
        message: what went wrong and why, without the location.
        offset: byte offset in the payload where the problem was found, when known.
        path: where in the object graph (``$.orders[3].customer``), when known.
        type_name: the .NET or Python type name involved, when there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        offset: int | None = None,
        path: object | None = None,
        type_name: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.path: str | None = None if path is None else str(path)
        self.type_name = type_name

    def __str__(self) -> str:
        text = self.message
        if self.offset is not None:
            text += f" (at byte {self.offset})"
        if self.path:
            text += f" - at `{self.path}`"
        return text


class NrbfFormatError(SerializationError):
    """The bytes are not a well-formed MS-NRBF payload (truncated, corrupt or hostile)."""


class LimitExceededError(SerializationError):
    """A payload asked for more than the reader's limits allow (depth, objects, bytes...)."""


class TypeNotAllowedError(SerializationError):
    """A payload names a type that is neither registered, bound, built in nor surrogated."""


class NotSerializableError(SerializationError):
    """An object in the graph has a type that cannot be serialized."""


class MemberNotFoundError(SerializationError):
    """A ``SerializationInfo`` has no entry of the requested name."""
