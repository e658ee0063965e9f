"""What every formatter shares: its options (IFormatter's), and binding through them."""

from __future__ import annotations

import enum

from serialkit.limits import ReaderLimits
from serialkit.runtime.binder import SerializationBinder
from serialkit.runtime.context import StreamingContext
from serialkit.runtime.manager import ObjectManager
from serialkit.runtime.registry import TypeRegistry, default_registry
from serialkit.surrogates.selector import SurrogateSelector

__all__ = ["Formatter", "FormatterAssemblyStyle"]


class FormatterAssemblyStyle(enum.Enum):
    """How assembly names are matched when reading (.NET's FormatterAssemblyStyle)."""

    SIMPLE = 0
    FULL = 1


class Formatter:
    """The options of an IFormatter, shared by BinaryFormatter and SoapFormatter.

    Args:
        surrogate_selector: surrogates for types the application does not own.
        binder: maps wire names to classes and back; the gate for every type read.
        context: handed to every callback, surrogate and ``get_object_data``.
        assembly_format: SIMPLE matches assemblies by simple name and tolerates missing
            members; FULL compares full assembly names and requires every member that is
            not optional, as .NET does.
        limits: bounds on the work a payload may ask for when reading.
        registry: where ``@serializable`` classes are looked up (the global one by default).
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

    def _manager(self) -> ObjectManager:
        """An object manager for one payload, with this formatter's options."""
        return ObjectManager(registry=self.registry, binder=self.binder,
                             surrogate_selector=self.surrogate_selector, context=self.context,
                             full_assembly_match=self.assembly_format
                             is FormatterAssemblyStyle.FULL, limits=self.limits)

    def _class(self, type_name: str, library: str | None) -> type | None:
        """The class a wire name binds to: the binder's answer, else the registry's."""
        assembly = library or "mscorlib"
        cls = self.binder.bind_to_type(assembly, type_name) if self.binder else None
        return cls or self.registry.lookup(
            type_name, assembly, full=self.assembly_format is FormatterAssemblyStyle.FULL)
