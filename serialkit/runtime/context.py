"""StreamingContext: where a serialization is going, handed to every hook."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["StreamingContext", "StreamingContextStates"]


class StreamingContextStates(enum.Flag):
    """The source or destination of a stream (.NET's ``StreamingContextStates``)."""

    CROSS_PROCESS = 0x01
    CROSS_MACHINE = 0x02
    FILE = 0x04
    PERSISTENCE = 0x08
    REMOTING = 0x10
    OTHER = 0x20
    CLONE = 0x40
    CROSS_APP_DOMAIN = 0x80
    ALL = 0xFF


@attrs.frozen
class StreamingContext:
    """The state (a :class:`StreamingContextStates`) plus any object the caller attaches."""

    state: StreamingContextStates = StreamingContextStates.ALL
    context: Any = None
