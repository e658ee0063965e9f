"""SerializationInfo: the name/value bag that custom serialization reads and writes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from serialkit.errors import MemberNotFoundError, SerializationError

__all__ = ["SerializationEntry", "SerializationInfo"]

_MISSING: Any = object()


class SerializationEntry(NamedTuple):
    """One entry: the member name, its value, and the type it is written as (or None)."""

    name: str
    value: Any
    type: Any


class SerializationInfo:
    """The members an object writes, or the members a payload held for it.

    ``get_object_data`` fills it with :meth:`add_value`; ``set_object_data`` reads it with
    :meth:`get_value` / :meth:`get`. ``full_type_name`` and ``assembly_name`` say which .NET
    type the payload names; changing them (or :meth:`set_type`) makes the reader build a
    different type, the basis of the singleton / IObjectReference pattern.
    """

    __slots__ = ("_entries", "assembly_name", "full_type_name", "object_type")

    def __init__(self, full_type_name: str = "", assembly_name: str = "",
                 object_type: type | None = None) -> None:
        self.full_type_name = full_type_name
        self.assembly_name = assembly_name
        self.object_type = object_type
        self._entries: dict[str, SerializationEntry] = {}

    def add_value(self, name: str, value: Any, type: Any = None) -> None:
        """Add member ``name``; ``type`` fixes its wire type (``object``, ``Int16``, a class).

        Raises SerializationError if the name was added already.
        """
        if name in self._entries:
            raise SerializationError(f"cannot add member {name!r} twice to the "
                                     f"SerializationInfo of {self.full_type_name}")
        self._entries[name] = SerializationEntry(name, value, type)

    def get_value(self, name: str, type: Any = None) -> Any:
        """The value of member ``name``, converted to ``type`` when one is given.

        Raises MemberNotFoundError naming the member when there is none, and
        SerializationError when the value cannot convert.
        """
        entry = self._entries.get(name)
        if entry is None:
            raise MemberNotFoundError(f"member {name!r} was not found in the "
                                      f"SerializationInfo of {self.full_type_name}")
        return _convert(entry.value, type, name) if type is not None else entry.value

    def get(self, name: str, default: Any = None) -> Any:
        """The value of member ``name``, or ``default`` when there is none."""
        entry = self._entries.get(name)
        return default if entry is None else entry.value

    def set_type(self, cls: type) -> None:
        """Write this object as ``cls`` (its .NET type and assembly names)."""
        from serialkit import metadata

        meta = metadata.of(cls)
        self.full_type_name = meta.type_name
        self.assembly_name = meta.assembly_name
        self.object_type = cls

    @property
    def member_count(self) -> int:
        """How many members the info holds."""
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[SerializationEntry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        names = ", ".join(self._entries)
        return f"<SerializationInfo {self.full_type_name} [{names}]>"


def _convert(value: Any, target: Any, name: str) -> Any:
    if target is int and isinstance(value, bool):
        return int(value)
    if target is object or isinstance(value, target if isinstance(target, type) else ()):
        return value
    try:
        if target is str and isinstance(value, int | float | Decimal | bool):
            return str(value)
        if target is int and isinstance(value, int | str | bool | Decimal):
            return int(value)
        if target is float and isinstance(value, int | float | str | Decimal):
            return float(value)
        if target is Decimal and isinstance(value, int | str | float):
            return Decimal(value)
        if target is bool and isinstance(value, int):
            return bool(value)
    except (ValueError, ArithmeticError) as exc:
        raise SerializationError(f"member {name!r} holds {value!r}, which does not convert "
                                 f"to {target.__name__}") from exc
    raise SerializationError(f"member {name!r} holds a {type(value).__name__}, which does not "
                             f"convert to {getattr(target, '__name__', target)}")
