"""Hostile SOAP documents: whatever the bytes, SoapFormatter raises SerializationError or
returns; it never crashes with another exception."""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serialkit import Array, LimitExceededError, ReaderLimits, SerializationError
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
                                                'SOAP-ENC:position="[99]"',
                                                'SOAP-ENC:position="[0,1]"',
                                                'SOAP-ENC:offset="[1]"',
                                                'SOAP-ENC:arrayType="xsd:int[9999999]"']),
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


# ---- memory in proportion to the document ---------------------------------------------------

_HEAD = ('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
         'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
         'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SOAP-ENV:Body>')
_TAIL = "</SOAP-ENV:Body></SOAP-ENV:Envelope>"


def _document(body: str) -> bytes:
    return (_HEAD + body + _TAIL).encode("utf-8")


def _peak(read: Callable[[], object]) -> tuple[BaseException | None, int]:
    """What ``read`` raised, and the peak of the Python heap while it ran."""
    tracemalloc.start()
    try:
        read()
    except SerializationError as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return None, peak


EMPTY_ARRAYS = _document(
    '<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:anyType[4]">'
    + "".join(f'<item href="#ref-{i}" />' for i in range(2, 6)) + "</SOAP-ENC:Array>"
    + "".join(f'<SOAP-ENC:Array id="ref-{i}" SOAP-ENC:arrayType="xsd:int[16000000]" />'
              for i in range(2, 6)))


@pytest.mark.parametrize(
    "document",
    [
        EMPTY_ARRAYS,
        # one item far down a sparse array, and a rank-2 array that declares 16 M slots
        _document('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:anyType[16000000]">'
                  '<item SOAP-ENC:position="[15999999]">x</item></SOAP-ENC:Array>'),
        _document('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:string[4000,4000]" '
                  'SOAP-ENC:offset="[3999,0]"><item>x</item></SOAP-ENC:Array>'),
    ],
    ids=["four-empty-int-arrays", "sparse-position", "rank-2-offset"],
)
def test_declared_lengths_the_document_does_not_fill_are_refused(document: bytes) -> None:
    """Array slots that no element fills (a declared length past the items, a position or
    offset jump) are bounded by ReaderLimits.max_null_slots plus 8 per byte of document,
    the binary reader's rule for null runs: a few hundred bytes declaring 16 M to 64 M
    elements are refused, in both readers, with the heap's peak under 2 MB (it was 1 GB)."""
    assert len(document) < 800
    for read in (SoapFormatter().loads, decode):
        error, peak = _peak(lambda read=read: read(document))  # type: ignore[misc]
        assert isinstance(error, LimitExceededError)
        assert (f"does not hold (the limit for a {len(document)}-byte document: "
                "max_null_slots=1048576 plus 8 per byte)") in str(error)
        assert peak < 2_000_000


def test_absent_elements_within_the_budget_read() -> None:
    """Within the budget, absent elements are nulls (zeros in a primitive array, as .NET),
    a position or offset places items, and the budget counts every array of a document."""
    doc = _document(
        '<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:anyType[3]">'
        '<item href="#ref-2" /><item href="#ref-3" /><item href="#ref-4" /></SOAP-ENC:Array>'
        '<SOAP-ENC:Array id="ref-2" SOAP-ENC:arrayType="xsd:int[5]"><item>7</item>'
        '<item SOAP-ENC:position="[3]">9</item></SOAP-ENC:Array>'
        '<SOAP-ENC:Array id="ref-3" SOAP-ENC:arrayType="xsd:string[4]" SOAP-ENC:offset="[2]">'
        "<item>a</item><item>b</item></SOAP-ENC:Array>"
        '<SOAP-ENC:Array id="ref-4" SOAP-ENC:arrayType="xsd:boolean[2,2]">'
        '<item SOAP-ENC:position="[1,0]">true</item></SOAP-ENC:Array>')
    assert [[7, 0, 0, 9, 0], [None, None, "a", "b"], [[False, False], [True, False]]] == (
        SoapFormatter().loads(doc))
    # 8 absent slots in all: refused when the budget is less
    budget = ReaderLimits(max_null_slots=7 - 8 * len(doc))
    with pytest.raises(LimitExceededError, match="more than 7 elements"):
        SoapFormatter(limits=budget).loads(doc)
    assert 3 == len(SoapFormatter(limits=ReaderLimits(max_null_slots=8 - 8 * len(doc))).loads(
        doc))


def test_writer_output_with_trailing_nulls_reads() -> None:
    """The writer leaves out an object array's trailing nulls; a large one reads back."""
    graph = ["x", *([None] * 100_000)]
    soap = SoapFormatter()
    doc = soap.dumps(graph, root_type=Annotated[list[Any], Array])
    assert len(doc) < 1000
    assert graph == soap.loads(doc)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[2,2]">'
         '<item SOAP-ENC:position="[1]">1</item></SOAP-ENC:Array>', "for an array of rank 2"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[2,2]">'
         '<item SOAP-ENC:position="[0,2]">1</item></SOAP-ENC:Array>', "outside the array's"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[2]" SOAP-ENC:offset="[x]">'
         "</SOAP-ENC:Array>", "invalid SOAP-ENC:offset"),
        ('<SOAP-ENC:Array id="ref-1" SOAP-ENC:arrayType="xsd:int[2]" SOAP-ENC:offset="[1]">'
         "<item>1</item><item>2</item></SOAP-ENC:Array>", "beyond the array's 2 elements"),
    ],
)
def test_bad_positions_and_offsets(body: str, words: str) -> None:
    """A position or offset of the wrong rank, outside the lengths or malformed is refused."""
    with pytest.raises(SerializationError, match=words):
        SoapFormatter().loads(_document(body))
