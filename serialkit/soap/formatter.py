"""SoapFormatter: the same object graphs as BinaryFormatter, as SOAP 1.1 encoded XML."""

from __future__ import annotations

from typing import Any, BinaryIO

from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.formatter import Formatter, FormatterAssemblyStyle
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
        manager = self._manager()
        lookup = self._class
        if self.binder is not None:
            # The reader types members by the class a name binds to, and binding asks again:
            # one answer per type and document, so the binder is asked once, as in .NET.
            once = manager.binder = _BindOnce(self.binder)

            def lookup(type_name: str, library: str | None) -> type | None:
                cls = once.bind_to_type(library or "mscorlib", type_name)
                return cls or self.registry.lookup(
                    type_name, library or "mscorlib",
                    full=self.assembly_format is FormatterAssemblyStyle.FULL)

        reader = SoapReader(self.limits, lookup)
        root = reader.run(data.encode("utf-8") if isinstance(data, str) else data)
        return manager.run(root, tuple(reader.layouts.values()))

    def deserialize(self, stream: BinaryIO) -> Any:
        """Read one SOAP document from a binary stream (to its end)."""
        return self.loads(stream.read())


class _BindOnce(SerializationBinder):
    """A binder's ``bind_to_type`` answers, kept for one document (errors are not kept)."""

    def __init__(self, binder: SerializationBinder) -> None:
        self.binder = binder
        self.answers: dict[tuple[str, str], type | None] = {}

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        key = (assembly_name, type_name)
        if key not in self.answers:
            self.answers[key] = self.binder.bind_to_type(assembly_name, type_name)
        return self.answers[key]

    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        return self.binder.bind_to_name(cls)
