"""serialkit: the .NET Framework serialization system for Python.

Annotate classes with :func:`serializable` (and the markers for .NET widths and shapes), then
read and write object graphs in MS-NRBF with :class:`BinaryFormatter`. Everything here is the
public API; names under ``_`` are private.
"""

from serialkit import nrbf
from serialkit.attributes import (
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
    nonserialized,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    optional_field,
    serializable,
)
from serialkit.binary import BinaryFormatter, FormatterAssemblyStyle
from serialkit.dotnet import DotNetException, Uri
from serialkit.errors import (
    LimitExceededError,
    MemberNotFoundError,
    NotSerializableError,
    NrbfFormatError,
    SerializationError,
    TypeNotAllowedError,
)
from serialkit.limits import ReaderLimits
from serialkit.nrbf.values import LOCAL, LocalTimezone
from serialkit.runtime import (
    ObjectIDGenerator,
    SerializationBinder,
    SerializationEntry,
    SerializationInfo,
    StreamingContext,
    StreamingContextStates,
)
from serialkit.surrogates import SerializationSurrogate, SurrogateSelector

__version__ = "0.1.0"

__all__ = [
    "LOCAL",
    "Array",
    "BinaryFormatter",
    "Char",
    "DotNetException",
    "FieldName",
    "Float32",
    "FormatterAssemblyStyle",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "LimitExceededError",
    "LocalTimezone",
    "MemberNotFoundError",
    "NonSerialized",
    "NotSerializableError",
    "NrbfFormatError",
    "ObjectIDGenerator",
    "OptionalField",
    "ReaderLimits",
    "SerializationBinder",
    "SerializationEntry",
    "SerializationError",
    "SerializationInfo",
    "SerializationSurrogate",
    "Single",
    "StreamingContext",
    "StreamingContextStates",
    "SurrogateSelector",
    "TypeNotAllowedError",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Uri",
    "nonserialized",
    "nrbf",
    "on_deserialized",
    "on_deserializing",
    "on_serialized",
    "on_serializing",
    "optional_field",
    "serializable",
]
