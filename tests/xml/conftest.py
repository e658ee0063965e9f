"""Every XML test runs twice: on the generated (sgen-like) code and on the interpreter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from serialkit.xml import serializer


@pytest.fixture(autouse=True, params=["generated", "interpreted"])
def xml_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Selects XmlSerializer's engine for the test (``serializer.GENERATED``)."""
    saved = serializer.GENERATED
    serializer.GENERATED = request.param == "generated"
    try:
        yield str(request.param)
    finally:
        serializer.GENERATED = saved
