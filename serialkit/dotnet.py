"""Python stand-ins for .NET types that have no Python counterpart.

They are what :class:`~serialkit.BinaryFormatter` builds when a payload holds a .NET exception,
a ``System.Uri`` or a ``System.DateTimeOffset``, and what it writes back as those types.
Nothing here runs .NET code: a ``DotNetException`` is data (the class name, message, stack
trace text...), never a raised .NET error.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["DateTimeOffset", "DotNetException", "Uri"]

#: COR_E_EXCEPTION, the HResult of a plain System.Exception.
_COR_E_EXCEPTION = -2146233088


class DotNetException(Exception):
    """A .NET exception as its ISerializable members describe it.

    Attributes:
        type_name: the .NET type written on the wire (``System.InvalidOperationException``).
        class_name: the ``ClassName`` member (normally the same as ``type_name``).
        message, inner_exception, help_url, stack_trace, remote_stack_trace,
        remote_stack_index, exception_method, hresult, source, data: the members .NET's
            ``Exception.GetObjectData`` writes, in Python names.
        extra: members a derived exception type adds (``ParamName`` of an
            ArgumentException...), by their .NET names.
        assembly: the assembly of ``type_name``; None for mscorlib.
    """

    def __init__(self, message: str | None = None, *,
                 type_name: str = "System.Exception",
                 class_name: str | None = None,
                 inner_exception: DotNetException | None = None,
                 help_url: str | None = None,
                 stack_trace: str | None = None,
                 remote_stack_trace: str | None = None,
                 remote_stack_index: int = 0,
                 exception_method: Any = None,
                 hresult: int = _COR_E_EXCEPTION,
                 source: str | None = None,
                 data: dict[Any, Any] | None = None,
                 extra: dict[str, Any] | None = None,
                 assembly: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.type_name = type_name
        self.class_name = class_name or type_name
        self.inner_exception = inner_exception
        self.help_url = help_url
        self.stack_trace = stack_trace
        self.remote_stack_trace = remote_stack_trace
        self.remote_stack_index = remote_stack_index
        self.exception_method = exception_method
        self.hresult = hresult
        self.source = source
        self.data = data
        self.extra = dict(extra or {})
        self.assembly = assembly

    def __str__(self) -> str:
        return f"{self.class_name}: {self.message}" if self.message else self.class_name

    def __repr__(self) -> str:
        return f"DotNetException({self.message!r}, type_name={self.type_name!r})"


class Uri(str):
    """A ``System.Uri``: a ``str`` holding the absolute URI, written as a Uri record."""

    __slots__ = ()


class DateTimeOffset(_dt.datetime):
    """A ``System.DateTimeOffset``: an aware ``datetime`` with a fixed UTC offset.

    Written as a DateTimeOffset struct (its UTC time and ``OffsetMinutes``), where a plain
    aware ``datetime`` is a Local ``DateTime``; what reading a DateTimeOffset gives. The offset
    must be whole minutes within ±14 hours, as .NET requires.
    """

    __slots__ = ()

    @classmethod
    def of(cls, value: _dt.datetime) -> DateTimeOffset:
        """The DateTimeOffset of an aware ``datetime``: the same wall time and offset."""
        offset = value.utcoffset()
        if offset is None:
            raise ValueError(f"{value!r} is naive: a DateTimeOffset needs a UTC offset")
        return cls(value.year, value.month, value.day, value.hour, value.minute,
                   value.second, value.microsecond, tzinfo=_dt.timezone(offset))
