"""SoapFormatter's writer errors below a built-in type name the member they sit in."""

from __future__ import annotations

from typing import Any

import pytest

from serialkit import DotNetException, SerializationError
from serialkit.soap import SoapFormatter


class _Opaque:
    """No @serializable, no surrogate: the writer must refuse it."""


@pytest.mark.parametrize(("graph", "path"), [
    (DotNetException("m", data={"k": 1, "j": _Opaque()}), "$.Data[1].value"),
    (DotNetException("m", data={"k": 1, _Opaque(): 2}), "$.Data[1].key"),
    (DotNetException("m", inner_exception=DotNetException(
        "i", data={"k": _Opaque()})), "$.InnerException.Data[0].value"),
    (DotNetException("m", extra={"ParamName": _Opaque()}), "$.ParamName"),
    ({"a": 1, "b": _Opaque()}, "$.Values[1]"),
    ({"a": 1, _Opaque(): 2}, "$.Keys[1]"),
    ([1, [2, _Opaque()]], "$[1][1]"),  # an ArrayList's _items is left out
])
def test_a_bad_value_inside_a_built_in_type_names_the_member(graph: Any, path: str) -> None:
    with pytest.raises(SerializationError) as info:
        SoapFormatter().dumps(graph)
    assert (path, True) == (info.value.path, info.value.message.startswith(
        "type `test_soap_writer_paths._Opaque` is not serializable"))


def test_a_non_exception_inner_exception_is_refused_at_its_member() -> None:
    with pytest.raises(SerializationError) as info:
        SoapFormatter().dumps(DotNetException(
            "m", inner_exception=ValueError("x")))  # type: ignore[arg-type]
    assert ("$.InnerException", True) == (info.value.path, info.value.message.startswith(
        "type `builtins.ValueError` is not serializable"))
