"""The XML engine's errors: all are :class:`~serialkit.errors.SerializationError`."""

from __future__ import annotations

from serialkit.errors import SerializationError

__all__ = ["UnsafeXmlError", "XmlFormatError", "XmlMappingError"]


class XmlMappingError(SerializationError):
    """A class model XmlSerializer cannot map (raised when the serializer is built).

    .NET's "There was an error reflecting type 'X'": the message names the class and member.
    """


class XmlFormatError(SerializationError):
    """A document that is malformed, or that does not fit the mapping (with its line)."""

    def __init__(self, message: str, *, line: int | None = None, path: object | None = None,
                 type_name: str | None = None) -> None:
        super().__init__(message, path=path, type_name=type_name)
        self.line = line

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} (line {self.line})" if self.line is not None else text


class UnsafeXmlError(XmlFormatError):
    """A document that declares a DTD or entities: refused, whatever they contain."""
