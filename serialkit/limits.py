"""Reader limits: how much work a payload may ask of serialkit."""

from __future__ import annotations

import attrs

__all__ = ["ReaderLimits"]


@attrs.frozen
class ReaderLimits:
    """Bounds a reader enforces on every payload, checked before any allocation they guard.

    The defaults admit what real applications write (a million-object graph, a 16 M element
    array; runs of nulls up to a million slots, more in a larger payload) while keeping a
    hostile payload's cost in proportion to its size.

    Attributes:
        max_bytes: largest payload read, in bytes.
        max_depth: deepest nesting of inline records (arrays in arrays, structs in structs).
        max_objects: most records (objects, strings, arrays, libraries) in one payload.
        max_array_length: most elements in one array, null runs included.
        max_total_elements: most array elements over the whole payload, as declared.
        max_string_bytes: longest single string, in UTF-8 bytes.
        max_type_name_length: longest type, assembly or member name, in characters.
        max_generic_nesting: deepest nesting of generic arguments in a type name.
        max_reference_chain: most ``get_real_object`` hops (IObjectReference chains).
        max_null_slots: most array slots that null runs (ObjectNullMultiple records) may fill
            beyond 8 per byte of payload. A run of any length costs five bytes on the wire
            but a slot per null in memory, so this keeps a small payload small.
    """

    max_bytes: int = 1 << 31
    max_depth: int = 1000
    max_objects: int = 10_000_000
    max_array_length: int = 1 << 24
    max_total_elements: int = 1 << 26
    max_string_bytes: int = 1 << 28
    max_type_name_length: int = 1 << 16
    max_generic_nesting: int = 32
    max_reference_chain: int = 100
    max_null_slots: int = 1 << 20
