"""SoapFormatter: object graphs as SOAP 1.1 encoded XML, as .NET's SoapFormatter writes them."""

from serialkit.soap.formatter import SoapFormatter

__all__ = ["SoapFormatter"]
