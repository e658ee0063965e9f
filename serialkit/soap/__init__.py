"""SoapFormatter: object graphs as SOAP 1.1 encoded XML, as .NET's SoapFormatter writes them.

``decode(document)`` reads a SoapFormatter document into records without binding a single
type (members whose type the document does not say stay text), for inspection.
"""

from typing import Any

from serialkit.limits import ReaderLimits
from serialkit.soap.formatter import SoapFormatter
from serialkit.soap.reader import SoapReader

__all__ = ["SoapFormatter", "decode"]


def decode(document: bytes | str, *, limits: ReaderLimits | None = None) -> Any:
    """The root record of a SoapFormatter document, nothing instantiated."""
    data = document.encode("utf-8") if isinstance(document, str) else document
    return SoapReader(limits or ReaderLimits(), None, lenient=True).run(data)
