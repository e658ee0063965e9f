"""Hostile SOAP documents: whatever the bytes, SoapFormatter raises SerializationError or
returns; it never crashes with another exception."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from serialkit import SerializationError
from serialkit.soap import SoapFormatter, decode

GOLDEN = Path(__file__).parent.parent / "golden" / "soap"
SEEDS = [(GOLDEN / f"{name}.xml").read_bytes() for name in ("person", "arr", "h", "custom")]


def survive(data: bytes) -> None:
    for read in (SoapFormatter().loads, decode):
        with contextlib.suppress(SerializationError):
            read(data)


@settings(max_examples=150)
@given(st.sampled_from(SEEDS), st.integers(0, 10**6), st.binary(min_size=1, max_size=4))
def test_mutated_documents_raise_only_serialization_errors(seed: bytes, at: int,
                                                            junk: bytes) -> None:
    """A valid document with a few bytes replaced is read or refused with SerializationError."""
    i = at % len(seed)
    survive(seed[:i] + junk + seed[i + len(junk):])


@settings(max_examples=150)
@given(st.sampled_from(SEEDS), st.integers(0, 10**6))
def test_truncated_documents_raise_only_serialization_errors(seed: bytes, at: int) -> None:
    """Every prefix of a valid document is refused with SerializationError."""
    survive(seed[:at % len(seed)])


@settings(max_examples=100)
@given(st.sampled_from(SEEDS), st.sampled_from(['href="#ref-99"', 'id="ref-1"', 'xsi:null="1"',
                                                'SOAP-ENC:arrayType="xsd:int[-1]"',
                                                'xsi:type="xsd:int"', 'xsi:type="a9:Nope"',
                                                'SOAP-ENC:position="[99]"']),
       st.integers(0, 10**6))
def test_injected_attributes_raise_only_serialization_errors(seed: bytes, attribute: str,
                                                              at: int) -> None:
    """An attribute dropped into any start tag is handled: read, or SerializationError."""
    text = seed.decode("utf-8")
    starts = [i for i, ch in enumerate(text) if ch == "<" and text[i + 1:i + 2] not in "/?!"]
    i = starts[at % len(starts)]
    end = text.index(">", i)
    if text[end - 1] == "/":
        end -= 1
    survive((text[:end] + " " + attribute + text[end:]).encode("utf-8"))
