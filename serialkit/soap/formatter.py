"""SoapFormatter: the same object graphs as BinaryFormatter, as SOAP 1.1 encoded XML."""

from __future__ import annotations

from typing import Any, BinaryIO

from serialkit.binary import FormatterAssemblyStyle
from serialkit.limits import ReaderLimits
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.manager import ObjectManager
from serialkit.runtime.registry import TypeRegistry, default_registry
from serialkit.soap.reader import SoapReader
from serialkit.soap.writer import SoapWriter
from serialkit.surrogates.selector import SurrogateSelector
from serialkit.typespec import TypeSpec, parse

__all__ = ["SoapFormatter"]


class SoapFormatter:
    """Serializes object graphs as .NET's SoapFormatter does (SOAP-ENV envelope, id/href).

    The constructor and methods are BinaryFormatter's; so are the hooks (surrogates,
    ``get_object_data``, callbacks, IObjectReference) and the safety rules: only registered,
    bound, surrogated or built-in types are built. As in .NET Framework, generic types
    (``List<T>``, ``Dictionary<K,V>``...) cannot be written: use a bare ``list`` (ArrayList), a
    bare ``dict`` (Hashtable) or an array.
    """

    def __init__(
        self,
        *,
        surrogate_selector: SurrogateSelector | None = None,
        binder: SerializationBinder | None = None,
        context: StreamingContext | None = None,
        assembly_format: FormatterAssemblyStyle = FormatterAssemblyStyle.SIMPLE,
        limits: ReaderLimits | None = None,
        registry: TypeRegistry | None = None,
    ) -> None:
        self.surrogate_selector = surrogate_selector
        self.binder = binder
        self.context = context if context is not None else StreamingContext()
        self.assembly_format = assembly_format
        self.limits = limits or ReaderLimits()
        self.registry = registry or default_registry

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
        return ObjectManager(
            registry=self.registry, binder=self.binder,
            surrogate_selector=self.surrogate_selector, context=self.context,
            full_assembly_match=self.assembly_format is FormatterAssemblyStyle.FULL,
            limits=self.limits).run(root)

    def deserialize(self, stream: BinaryIO) -> Any:
        """Read one SOAP document from a binary stream (to its end)."""
        return self.loads(stream.read())

    def _class(self, type_name: str, library: str | None) -> type | None:
        assembly = library or "mscorlib"
        cls = self.binder.bind_to_type(assembly, type_name) if self.binder else None
        return cls or self.registry.lookup(
            type_name, assembly, full=self.assembly_format is FormatterAssemblyStyle.FULL)
