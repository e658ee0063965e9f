"""serialkit: the .NET Framework serialization system for Python."""
from serialkit import nrbf
from serialkit.errors import SerializationError
from serialkit.limits import ReaderLimits
