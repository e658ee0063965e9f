"""SoapFormatter: the same object graphs as BinaryFormatter, as SOAP 1.1 encoded XML."""

from __future__ import annotations

from typing import Any, BinaryIO

from serialkit.runtime.formatter import Formatter
from serialkit.soap.reader import SoapReader
from serialkit.soap.writer import SoapWriter
from serialkit.typespec import TypeSpec, parse

__all__ = ["SoapFormatter"]


class SoapFormatter(Formatter):
    """Serializes object graphs as .NET's SoapFormatter does (SOAP-ENV envelope, id/href).

    The options (:class:`~serialkit.runtime.formatter.Formatter`'s) and methods are
    BinaryFormatter's; so are the hooks (surrogates, ``get_object_data``, callbacks,
    IObjectReference) and the safety rules: only registered, bound, surrogated or built-in
    types are built. As in .NET Framework, generic types (``List<T>``, ``Dictionary<K,V>``...)
    cannot be written: use a bare ``list`` (ArrayList), a bare ``dict`` (Hashtable) or an array.
    """

    def dumps(self, graph: Any, *, root_type: Any = None) -> bytes:
        """The SOAP document of ``graph`` (UTF-8 bytes, no XML declaration, as .NET)."""
        spec: TypeSpec | None = None if root_type is None else parse(root_type)
        return SoapWriter(self).run(graph, spec)

    def serialize(self, stream: BinaryIO, graph: Any, *, root_type: Any = None) -> None:
        """Write the SOAP document of ``graph`` to a binary stream."""
        stream.write(self.dumps(graph, root_type=root_type))

    def loads(self, data: bytes | str) -> Any:
        """Read a SOAP document back into objects."""
        reader = SoapReader(self.limits, self._class)
        root = reader.run(data.encode("utf-8") if isinstance(data, str) else data)
        return self._manager().run(root, tuple(reader.layouts.values()))

    def deserialize(self, stream: BinaryIO) -> Any:
        """Read one SOAP document from a binary stream (to its end)."""
        return self.loads(stream.read())
