"""The class and method decorators; they only record declarations on the class.

Declarations live in one dict under ``__serialkit_decl__`` in the class's own ``__dict__``
(never inherited, as .NET's ``[Serializable]`` is not). :mod:`serialkit.metadata` turns them
into one frozen metadata object per class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from serialkit.attributes.markers import OptionalField, Width

__all__ = [
    "CALLBACK_ATTR",
    "DECL_ATTR",
    "nonserialized",
    "on_deserialized",
    "on_deserializing",
    "on_serialized",
    "on_serializing",
    "optional_field",
    "serializable",
]

T = TypeVar("T", bound=type)
F = TypeVar("F", bound=Callable[..., Any])

DECL_ATTR = "__serialkit_decl__"
CALLBACK_ATTR = "__serialkit_callback__"


def declared_names(cls: type, decl: dict[str, Any]) -> tuple[str, str]:
    """The (.NET type name, assembly name) a class is written as: declared, or the defaults
    ``module.QualName`` and the top-level package name."""
    return (decl.get("type_name") or f"{cls.__module__}.{cls.__qualname__}",
            decl.get("assembly_name") or cls.__module__.split(".", 1)[0])


def declarations(cls: type) -> dict[str, Any]:
    """The class's own declaration dict, created on first use (never a base class's)."""
    decl = cls.__dict__.get(DECL_ATTR)
    if decl is None:
        decl = {"nonserialized": set(), "optional": {}, "owner": cls}
        setattr(cls, DECL_ATTR, decl)
    return decl


@overload
def serializable(cls: T, /) -> T: ...
@overload
def serializable(
    *, type_name: str | None = ..., assembly_name: str | None = ..., value_type: bool = ...,
    underlying_type: Width | None = ...,
) -> Callable[[T], T]: ...


def serializable(
    cls: Any = None,
    /,
    *,
    type_name: str | None = None,
    assembly_name: str | None = None,
    value_type: bool = False,
    underlying_type: Width | None = None,
) -> Any:
    """Mark a class as serializable, as .NET's ``[Serializable]`` does.

    Args:
        type_name: the .NET full type name written for the class (default
            ``module.QualName``).
        assembly_name: the assembly written for it (default: the top-level package name).
        value_type: the class stands for a .NET struct: written inline, never shared.
        underlying_type: for an ``Enum``, the width its value is written with when nothing
            else says (a boxed or root enum); ``Int32`` by default.

    Works on plain annotated classes, attrs classes and dataclasses, above or below
    ``@attrs.define`` / ``@dataclass``. The mark is not inherited: a subclass needs its own.
    """

    def mark(target: T) -> T:
        if not isinstance(target, type):
            raise TypeError(f"@serializable applies to classes, not {target!r}")
        decl = declarations(target)
        decl.update(serializable=True, type_name=type_name, assembly_name=assembly_name,
                    value_type=value_type, underlying_type=underlying_type)
        from serialkit.runtime.registry import default_registry

        default_registry.register_declaration(decl)
        return target

    if cls is not None:
        return mark(cls)
    return mark


def nonserialized(*names: str) -> Callable[[T], T]:
    """Class decorator: the named members are never written and are not read.

    The same as ``Annotated[T, NonSerialized]`` or ``metadata={"serialkit": NonSerialized}``.
    """

    def mark(target: T) -> T:
        declarations(target)["nonserialized"].update(names)
        return target

    return mark


def optional_field(*names: str, version_added: int = 1) -> Callable[[T], T]:
    """Class decorator: the named members may be missing from a payload being read."""

    def mark(target: T) -> T:
        for name in names:
            declarations(target)["optional"][name] = OptionalField(version_added)
        return target

    return mark


def _callback(kind: str) -> Callable[[F], F]:
    def mark(func: F) -> F:
        setattr(func, CALLBACK_ATTR, kind)
        return func

    mark.__name__ = kind
    mark.__doc__ = (f"Method decorator: call ``method(self, context)`` {kind.replace('_', ' ')} "
                    "(.NET's [" + "".join(p.title() for p in kind.split("_")) + "]).")
    return mark


on_serializing = _callback("on_serializing")
on_serialized = _callback("on_serialized")
on_deserializing = _callback("on_deserializing")
on_deserialized = _callback("on_deserialized")
