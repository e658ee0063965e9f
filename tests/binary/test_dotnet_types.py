"""DotNetException and Uri: .NET types with no Python counterpart, read and written."""

from __future__ import annotations

import pytest

from serialkit import BinaryFormatter, DotNetException, SerializationError, Uri
from serialkit.nrbf import decode


def test_exception_chain_round_trips() -> None:
    """Type name, message, HResult, source, data and the inner exception survive."""
    inner = DotNetException("disk full", type_name="System.IO.IOException", hresult=-2146232800)
    outer = DotNetException("save failed", type_name="System.ApplicationException",
                            inner_exception=inner, source="App", data={"file": "a.txt"},
                            stack_trace="   at App.Save()")
    back = BinaryFormatter().loads(BinaryFormatter().dumps(outer))
    assert ("System.ApplicationException", "save failed", "App", {"file": "a.txt"},
            "   at App.Save()") == (back.type_name, back.message, back.source, back.data,
                                    back.stack_trace)
    assert ("System.IO.IOException", "disk full", -2146232800) == (
        back.inner_exception.type_name, back.inner_exception.message,
        back.inner_exception.hresult)


def test_exception_is_written_with_dotnet_member_order_and_types() -> None:
    """The record has .NET's 11 exception members, typed as Exception.GetObjectData types."""
    record = decode(BinaryFormatter().dumps(DotNetException("x")))
    assert ("ClassName", "Message", "Data", "InnerException", "HelpURL", "StackTraceString",
            "RemoteStackTraceString", "RemoteStackIndex", "ExceptionMethod", "HResult",
            "Source") == record.member_names
    assert ["String", "String", "SystemClass System.Collections.IDictionary",
            "SystemClass System.Exception", "String", "String", "String", "Int32", "Object",
            "Int32", "String"] == [t.describe() for t in record.member_types]


def test_extra_members_of_derived_exceptions_are_kept() -> None:
    """Members a derived exception adds (ArgumentException.ParamName) round-trip in extra."""
    exc = DotNetException("bad", type_name="System.ArgumentException",
                          extra={"ParamName": "count"})
    back = BinaryFormatter().loads(BinaryFormatter().dumps(exc))
    assert {"ParamName": "count"} == back.extra


def test_exception_that_is_its_own_inner_exception() -> None:
    """A cycle through InnerException (a hostile classic) reads without recursion."""
    exc = DotNetException("loop")
    exc.inner_exception = exc
    back = BinaryFormatter().loads(BinaryFormatter().dumps(exc))
    assert back.inner_exception is back


def test_inner_exception_must_be_an_exception() -> None:
    """An InnerException that is not an exception record is refused clearly."""
    exc = DotNetException("x")
    exc.inner_exception = Uri("http://a/")  # type: ignore[assignment]
    data = BinaryFormatter().dumps(exc)
    with pytest.raises(SerializationError, match="InnerException is not an exception"):
        BinaryFormatter().loads(data)


def test_uri_round_trips_as_uri_in_the_system_assembly() -> None:
    """A Uri is a str, written as System.Uri of assembly System, read back as Uri."""
    data = BinaryFormatter().dumps([Uri("https://example.org/x"), "https://example.org/x"])
    back = BinaryFormatter().loads(data)
    assert [Uri, str] == [type(v) for v in back]
    record = decode(BinaryFormatter().dumps(Uri("https://example.org/x")))
    assert ("System.Uri", "System") == (record.type_name, record.library_name.split(",")[0])
