"""Formatter-independent machinery: info, context, binder, registry, object manager."""

from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext, StreamingContextStates
from serialkit.runtime.ids import ObjectIDGenerator
from serialkit.runtime.info import SerializationEntry, SerializationInfo
from serialkit.runtime.registry import TypeRegistry, default_registry

__all__ = [
    "ObjectIDGenerator", "SerializationBinder", "SerializationEntry", "SerializationInfo",
    "StreamingContext", "StreamingContextStates", "TypeRegistry", "default_registry",
]
