"""``XmlSerializerNamespaces``: the prefixes declared on the document element."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["XSD_NS", "XSI_NS", "XmlSerializerNamespaces"]

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"


class XmlSerializerNamespaces:
    """Prefix -> namespace pairs, in the order added (.NET enumerates a Hashtable).

    ``add("", "")`` suppresses the default ``xmlns:xsi``/``xmlns:xsd`` declarations;
    ``add("", "urn:x")`` asks for ``urn:x`` as the default namespace.
    """

    def __init__(self, pairs: dict[str, str] | list[tuple[str, str]] | None = None) -> None:
        self._pairs: dict[str, str] = {}
        items = pairs.items() if isinstance(pairs, dict) else (pairs or [])
        for prefix, ns in items:
            self.add(prefix, ns)

    def add(self, prefix: str, ns: str) -> None:
        """Declare ``prefix`` for ``ns`` (a later add of the same prefix replaces it)."""
        if prefix and not _is_ncname(prefix):
            raise ValueError(f"{prefix!r} is not a valid XML prefix")
        self._pairs[prefix or ""] = ns or ""

    @property
    def count(self) -> int:
        """The number of declarations."""
        return len(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def to_list(self) -> list[tuple[str, str]]:
        """The (prefix, namespace) pairs, in order (.NET's ``ToArray``)."""
        return list(self._pairs.items())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self._pairs.items()))

    def lookup_prefix(self, ns: str) -> str | None:
        """The last prefix declared for ``ns`` with a non-empty name, or None."""
        found = None
        for prefix, value in self._pairs.items():
            if value == ns and prefix:
                found = prefix
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, XmlSerializerNamespaces):
            return NotImplemented
        return self._pairs == other._pairs

    def __hash__(self) -> int:
        return hash(tuple(self._pairs.items()))

    def __repr__(self) -> str:
        return f"XmlSerializerNamespaces({self._pairs!r})"


def default_namespaces() -> XmlSerializerNamespaces:
    """What .NET declares when no namespaces are given: xsi, then xsd."""
    return XmlSerializerNamespaces([("xsi", XSI_NS), ("xsd", XSD_NS)])


def _is_ncname(name: str) -> bool:
    return bool(name) and ":" not in name and (name[0].isalpha() or name[0] == "_") and all(
        c.isalnum() or c in "._-" for c in name)
