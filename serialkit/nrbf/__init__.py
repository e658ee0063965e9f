"""The MS-NRBF record layer: a safe decoder to records and an encoder.

``decode(data)`` reads any BinaryFormatter payload into records without binding a single
type, in the manner of .NET's ``System.Formats.Nrbf``; :mod:`serialkit.nrbf.encoder` writes
records as BinaryFormatter writes them.
"""

from serialkit.nrbf.decoder import Payload, decode, decode_payload
from serialkit.nrbf.dump import format_tree
from serialkit.nrbf.encoder import NrbfWriter
from serialkit.nrbf.enums import BinaryArrayType, BinaryType, PrimitiveType, RecordType
from serialkit.nrbf.records import ArrayRecord, ClassLayout, ClassRecord, MemberType

__all__ = [
    "ArrayRecord",
    "BinaryArrayType",
    "BinaryType",
    "ClassLayout",
    "ClassRecord",
    "MemberType",
    "NrbfWriter",
    "Payload",
    "PrimitiveType",
    "RecordType",
    "decode",
    "decode_payload",
    "format_tree",
]
