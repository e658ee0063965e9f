"""Decorators and ``Annotated`` markers that declare how classes serialize."""

from serialkit.attributes.decorators import (
    nonserialized,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    optional_field,
    serializable,
)
from serialkit.attributes.markers import (
    Array,
    Char,
    FieldName,
    Float32,
    Int8,
    Int16,
    Int32,
    Int64,
    NonSerialized,
    OptionalField,
    Single,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Width,
)

__all__ = [
    "Array", "Char", "FieldName", "Float32", "Int8", "Int16", "Int32", "Int64", "NonSerialized",
    "OptionalField", "Single", "UInt8", "UInt16", "UInt32", "UInt64", "Width",
    "nonserialized", "on_deserialized", "on_deserializing", "on_serialized", "on_serializing",
    "optional_field", "serializable",
]
