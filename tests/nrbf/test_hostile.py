"""Hostile and malformed MS-NRBF input: serialkit must refuse it safely.

SPEC.md, Safety: "no hostile input may raise anything but SerializationError, hang, or use
memory out of proportion to its size". Each test below is one row of notes/nrbf.md §4.2, or one
of the System.Formats.Nrbf AttackTests/InvalidInputTests cases listed in notes §3 ("Hostile-input
tests"), rebuilt with the test-only record builder (tests/nrbf/builder.py).

Conventions:
- ``assert_rejected(data, *words)`` decodes ``data`` (as bytes and as a stream) with
  ``serialkit.nrbf.decode`` and expects a ``SerializationError`` whose message matches one of
  ``words`` (case-insensitive; the words are deliberately loose), with a sane ``.offset``; then
  it checks that ``BinaryFormatter().loads`` refuses the same bytes with a SerializationError.
- Memory cases run inside ``small_memory()``: the traced Python peak must stay under 10 MB
  (and the address space is capped meanwhile, so a decoder that does pre-allocate fails with a
  MemoryError instead of taking the machine down).
- "No hang" is mostly not asserted with timers: the tests just have to finish. The cases whose
  risk is quadratic work rather than a loop (long names repeated, long selector chains) run
  inside ``quickly()``, a generous CPU-time bound.
"""

from __future__ import annotations

import contextlib
import gc
import io
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import serialkit
from serialkit import (
    BinaryFormatter,
    LimitExceededError,
    NrbfFormatError,
    ReaderLimits,
    SerializationError,
    TypeNotAllowedError,
)
from serialkit.runtime import StreamingContext, TypeRegistry
from serialkit.surrogates import SurrogateSelector
from serialkit.surrogates.selector import MAX_CHAIN_LENGTH

try:  # tests/nrbf as a package, or as a plain rootdir-relative directory
    from . import builder as b
except ImportError:
    import builder as b  # type: ignore[no-redef]

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"
GOLDEN_NAMES = sorted(p.name for p in GOLDEN.glob("*.bin"))

HDR = b.header()  # root=1, header=-1, version 1.0: what BinaryFormatter writes
END = b.end()
INT32_MAX = 2**31 - 1
ARRAY_MAX_LENGTH = 0x7FFFFFC7  # .NET's Array.MaxLength, used by the NrbfDecoder attack tests
MAX_TICKS = 3_155_378_975_999_999_999  # DateTime.MaxValue.Ticks
LIB = "Lib, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
PEAK_LIMIT = 10 * 2**20  # bytes: "memory out of proportion" for inputs of a few dozen bytes


def decode(data: bytes | Any, limits: ReaderLimits | None = None) -> Any:
    if limits is None:
        return serialkit.nrbf.decode(data)
    return serialkit.nrbf.decode(data, limits=limits)


def golden(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


class Unseekable(io.RawIOBase):
    """A read-only, non-seekable stream (a socket or a pipe): no len(), no seek()."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def check_error_location(err: SerializationError, data: bytes) -> None:
    """The error says where: ``.offset`` is a byte offset inside the input (or None), and
    ``.path`` a graph path from the root (``$``) or from a record (``#id``), or None."""
    assert err.path is None or err.path.startswith(("$", "#")), err.path
    offset = err.offset
    if offset is not None:
        assert isinstance(offset, int)
        assert not isinstance(offset, bool)
        assert 0 <= offset <= len(data), f"offset {offset} outside the {len(data)}-byte input"
        assert f"at byte {offset}" in str(err)


def assert_rejected(
    data: bytes,
    *words: str,
    limits: ReaderLimits | None = None,
    stream: bool = True,
    loads: bool = True,
) -> SerializationError:
    """``data`` must be refused with a SerializationError whose message matches a word.

    stream=False skips the stream variants (for conditions that only hold for a whole buffer,
    such as trailing bytes); loads=False skips BinaryFormatter (for limits it is not given).
    Returns the error ``decode(data)`` raised.
    """
    pattern = "(?i)" + "|".join(words) if words else ""
    with pytest.raises(SerializationError, match=pattern) as info:
        decode(data, limits)
    err = info.value
    check_error_location(err, data)
    if stream:
        for wrapped in (io.BytesIO(data), Unseekable(data)):
            with pytest.raises(SerializationError, match=pattern) as info2:
                decode(wrapped, limits)
            check_error_location(info2.value, data)
    if loads:
        with pytest.raises(SerializationError) as info3:
            BinaryFormatter().loads(data)
        check_error_location(info3.value, data)
    return err


def decoded_or_rejected(data: bytes, limits: ReaderLimits | None = None) -> Any:
    """Either outcome is fine, as long as a failure is a well-formed SerializationError."""
    try:
        return decode(data, limits)
    except SerializationError as err:
        check_error_location(err, data)
        return None


def loaded_or_rejected(data: bytes) -> Any:
    try:
        return BinaryFormatter().loads(data)
    except SerializationError as err:
        check_error_location(err, data)
        return None


@contextlib.contextmanager
def small_memory(limit: int = PEAK_LIMIT) -> Iterator[None]:
    """Assert the traced peak of the block stays under ``limit`` bytes.

    Meanwhile RLIMIT_AS is capped at the current address space + 1 GiB, so a decoder that
    allocates from a hostile length raises MemoryError (a test failure) instead of swapping.
    """
    was_tracing = tracemalloc.is_tracing()
    if was_tracing:
        tracemalloc.reset_peak()
    else:
        tracemalloc.start()
    with _address_space_cap():
        try:
            yield
        finally:
            _, peak = tracemalloc.get_traced_memory()
            if not was_tracing:
                tracemalloc.stop()
    assert peak < limit, f"peak traced memory {peak:,} bytes >= {limit:,}"


@contextlib.contextmanager
def _address_space_cap() -> Iterator[None]:
    try:
        import resource

        with open("/proc/self/status") as f:
            vm_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
    except (ImportError, OSError, StopIteration, ValueError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = vm_kb * 1024 + 2**30
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def nested_arrays(depth: int) -> bytes:
    """``depth`` ArraySingleObject records, each the single inline element of the previous.

    The innermost array holds one null, so every one of the ``depth`` arrays is an open
    container while the next is read (no question of whether an empty array counts).
    """
    inner = b"".join(b.array_single_object(i, 1) for i in range(1, depth + 1))
    return HDR + inner + b.null() + END


def object_array(*elements: bytes, length: int | None = None) -> bytes:
    """A root object[] (id 1) holding the given element records."""
    n = len(elements) if length is None else length
    return HDR + b.array_single_object(1, n) + b"".join(elements) + END


def holder_class(members: list[tuple[str, b.MemberType]], values: bytes) -> bytes:
    """A root SystemClassWithMembersAndTypes (id 1) with the given members and raw values."""
    return HDR + b.system_class_with_members_and_types(1, "Holder", members, values) + END


# A few valid baselines, used for truncation and mutation.
SIMPLE_BUILT = (
    HDR
    + b.binary_library(2, LIB)
    + b.class_with_members_and_types(
        1,
        "Acme.Point",
        [("x", b.prim(b.Prim.Int32)), ("name", b.STRING), ("tags", b.STRING_ARRAY)],
        2,
        b.i32(7) + b.object_string(3, "p") + b.member_reference(4),
    )
    + b.array_single_string(4, 3)
    + b.object_string(5, "a")
    + b.null()
    + b.member_reference(3)
    + END
)
BUILT_BASELINES = {
    "simple_built": SIMPLE_BUILT,
    "obj_array_built": object_array(
        b.member_primitive_typed(b.Prim.Int32, b.i32(1)),
        b.member_primitive_typed(b.Prim.Decimal, b.lps("1.5")),
        b.member_primitive_typed(b.Prim.DateTime, b.datetime_bits(630822816000000000, 1)),
        b.null_multiple_256(2),
        b.object_string(2, "x"),
        b.member_reference(2),
        b.array_single_primitive(3, 2, b.Prim.Double, b.f64(1.0) + b.f64(2.0)),
    ),
}


# ---------------------------------------------------------------------------------------------
# Baselines: the valid payloads the other tests start from really are valid.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILT_BASELINES))
def test_built_baseline_decodes(name: str) -> None:
    assert decode(BUILT_BASELINES[name]) is not None


def test_golden_baselines_decode() -> None:
    # TypesWhenNeeded payloads cannot be decoded without the classes (notes §1 row 20).
    for name in GOLDEN_NAMES:
        if name != "simple_typeswhenneeded.bin":
            assert decode(golden(name)) is not None, name


# ---------------------------------------------------------------------------------------------
# Framing: empty input, header, record types, MessageEnd.
# ---------------------------------------------------------------------------------------------


def test_empty_input() -> None:
    # Zero bytes: .NET says "Attempting to deserialize an empty stream."
    assert_rejected(b"", "empty|end|header|truncat|eof")


@pytest.mark.parametrize(("major", "minor"), [(0, 0), (1, 1), (2, 0), (-1, 0), (0x10001, 0)])
def test_header_version_must_be_1_0(major: int, minor: int) -> None:
    # SerializedStreamHeader MajorVersion/MinorVersion other than 1.0 (notes §4.2; NrbfDecoder
    # ThrowsOnInvalidHeaderVersion).
    data = b.header(major=major, minor=minor) + b.object_string(1, "x") + END
    assert_rejected(data, "version|header")


def test_first_record_must_be_the_header() -> None:
    # A stream that starts with a BinaryObjectString instead of SerializedStreamHeader.
    assert_rejected(b.object_string(1, "x") + END, "header")


@pytest.mark.parametrize("tag", [0x12, 0x13, 0x14, 0x17, 0x40, 0x7F, 0xFF])
def test_unknown_record_type(tag: int) -> None:
    # 18-20 are referencesource's CrossAppDomain* records (not in the spec), 23 and up do not
    # exist (notes §2.2, §4.2; NrbfDecoder InvalidSerializationRecordType).
    data = HDR + b.record(tag) + END
    err = assert_rejected(data, "record|type|unknown|support")
    # The error points at the offending tag (offset 17) or just past it.
    assert err.offset in (None, 17, 18)


def string_with_code(text: str) -> bytes:
    """StringValueWithCode: PrimitiveType String (18) and the text."""
    return b.u8(18) + b.lps(text)


# notes §2.3: the remoting messages BinaryFormatter writes for a call Add(1, "two") on
# "Calc, CalcAsm" and for its return value 3. Both have a header with root id 0.
METHOD_CALL = (b.header(root=0, header_id=0) + b.record(0x15, b.i32(0x12), string_with_code(
    "Add"), string_with_code("Calc, CalcAsm"), b.i32(2), b.u8(8), b.i32(1),
    string_with_code("two")) + END)
METHOD_RETURN = (b.header(root=0, header_id=0) + b.record(0x16, b.i32(0x811), b.u8(8),
                                                          b.i32(3)) + END)


@pytest.mark.parametrize("data", [METHOD_CALL, METHOD_RETURN, b.header(root=0) +
                                  b.object_string(1, "x") + END],
                         ids=["method-call", "method-return", "root-0-string"])
def test_root_id_0_is_refused_as_a_remoting_message(data: bytes) -> None:
    err = assert_rejected(data, "root id 0")
    assert isinstance(err, serialkit.NrbfFormatError)
    assert (err.message, err.offset) == (
        "the header names no root object (root id 0 is used by remoting method calls, which "
        "serialkit does not read)", 1)


@pytest.mark.parametrize(("tag", "name"), [(0x15, "Method Call"), (0x16, "Method Return")])
def test_method_call_and_return_records_are_refused(tag: int, name: str) -> None:
    # Behind an ordinary header (root 1), at the top level and as an array element.
    body = METHOD_CALL[17:-1] if tag == 0x15 else METHOD_RETURN[17:-1]
    what = (f"a remoting {name} record (serialkit reads object graphs, not remoting "
            "messages) cannot appear")
    err = assert_rejected(HDR + body + END, "remoting")
    assert (err.message, err.offset) == (what + " at the top level", 17)
    err = assert_rejected(object_array(body), "remoting")
    assert (err.message, err.offset) == (what + " here", 26)


def test_unknown_record_type_inside_array() -> None:
    # The same, as an element of an object[]: the element grammar is checked too.
    data = object_array(b.record(0x14, b.i32(1)))
    assert_rejected(data, "record|type|unknown|support")


def test_missing_message_end() -> None:
    # The last record is complete, but no MessageEnd follows (BinaryFormatter: EOS).
    assert_rejected(HDR + b.object_string(1, "x"), "end|truncat|eof|messageend|incomplete")


@pytest.mark.parametrize("extra", [b"\x00", b"\x0b", b"garbage", HDR + b.object_string(1, "x")])
def test_trailing_bytes_after_message_end(extra: bytes) -> None:
    # Strict by default: bytes after MessageEnd in a bytes input are an error (notes §4.2,
    # §4.3 strict_trailing=True). Streams may legitimately continue, so bytes input only.
    valid = HDR + b.object_string(1, "x") + END
    err = assert_rejected(valid + extra, "trailing|after|end|extra", stream=False)
    assert err.offset in (None, len(valid) - 1, len(valid))


def test_unseekable_stream_is_read_in_bounded_chunks() -> None:
    # A 24-byte payload from a pipe or socket: the reader cannot know how much remains, so it
    # must not ask the stream for a limit-sized read (RawIOBase.read(n) allocates n bytes).
    data = HDR + b.object_string(1, "x") + END
    with small_memory():
        assert decode(Unseekable(data)) is not None


# ---------------------------------------------------------------------------------------------
# LengthPrefixedString: varints, lengths, UTF-8.
# ---------------------------------------------------------------------------------------------


def test_huge_string_length_with_few_bytes() -> None:
    # Declared length 2**31-1, 3 bytes of data (notes §4.2: nrbf silently truncates).
    data = HDR + b.object_string(1, b"abc", length=INT32_MAX) + END
    with small_memory():
        assert_rejected(data, "length|remaining|exceeds|end|truncat|eof|limit")


def test_string_length_just_past_the_end() -> None:
    # Declared length 5, 3 bytes of data then MessageEnd: must not swallow MessageEnd.
    data = HDR + b.object_string(1, b"abc", length=5) + END
    assert_rejected(data, "length|remaining|exceeds|end|truncat|eof")


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(b"\x80\x80\x80\x80\x80\x00", id="six-bytes"),
        pytest.param(b"\x83\x80\x80\x80\x80\x01", id="six-bytes-nonzero"),
        pytest.param(b"\xff\xff\xff\xff\xff", id="fifth-byte-continues"),  # NrbfDecoder case
        pytest.param(b"\x80\x80\x80\x80\x08", id="fifth-byte-bit3"),  # 2**31
        pytest.param(b"\xff\xff\xff\xff\x0f", id="fifth-byte-0x0f"),  # 2**32-1, -1 as int32
        pytest.param(b"\x80\x80\x80\x80\x70", id="fifth-byte-0x70"),
    ],
)
def test_invalid_7bit_length(prefix: bytes) -> None:
    # A 7-bit encoded Int32 is at most 5 bytes and the top 5 bits of the 5th byte are zero
    # (notes §2.1). BinaryFormatter: "Too many bytes in what should have been a 7 bit encoded
    # Int32". The string data that follows is plentiful, so only the prefix is at fault.
    data = HDR + b.object_string(1, b"theString" * 4, prefix=prefix) + END
    assert_rejected(data, "varint|7.?bit|length|encod|int32|invalid|too")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"ab\xc0xy", id="bad-lead-byte"),  # NrbfDecoder ThrowsOnInvalidUtf8Input
        pytest.param(b"\xff\xfe", id="ff-fe"),
        pytest.param(b"\xc0\xaf", id="overlong"),
        pytest.param(b"\xed\xa0\x80", id="encoded-lone-surrogate"),
        pytest.param(b"abc\xe2\x82", id="truncated-sequence"),
        pytest.param(b"\x80", id="lone-continuation"),
        pytest.param(b"\xf4\x90\x80\x80", id="above-u10ffff"),
    ],
)
def test_invalid_utf8_string(raw: bytes) -> None:
    # Strings are strict UTF-8 (notes §4.2: DecoderFallbackException in .NET).
    assert_rejected(HDR + b.object_string(1, raw) + END, "utf|decod|invalid|encod")


@pytest.mark.parametrize("where", ["type name", "member name", "library name"])
def test_invalid_utf8_in_names(where: str) -> None:
    # Names are LengthPrefixedStrings too: same strictness.
    bad = b"Bad\xc0Name"
    type_name: str | bytes = bad if where == "type name" else "Acme.T"
    member: str | bytes = bad if where == "member name" else "m"
    lib: str | bytes = bad if where == "library name" else LIB
    data = (
        HDR
        + b.binary_library(2, lib)
        + b.class_with_members_and_types(
            1, type_name, [(member, b.prim(b.Prim.Int32))], 2, b.i32(1)
        )
        + END
    )
    assert_rejected(data, "utf|decod|invalid|encod")


@pytest.mark.parametrize("where", ["record", "member type", "library"])
def test_type_name_of_one_megabyte(where: str) -> None:
    # Type-name DoS (notes §4.2, §4.3 max_type_name_len): a 1 MB name is refused by default.
    huge = "A" * 2**20
    if where == "record":
        body = b.binary_library(2, LIB) + b.class_with_members_and_types(1, huge, [], 2)
    elif where == "member type":
        body = b.system_class_with_members_and_types(
            1, "Holder", [("m", b.system_class(huge))], b.null()
        )
    else:
        body = b.binary_library(2, huge) + b.class_with_members_and_types(1, "Acme.T", [], 2)
    assert_rejected(HDR + body + END, "name|length|long|limit|exceeds")


# A generic name whose 100 arguments each name a 560-character assembly: 57 KB, under the
# default max_type_name_length (notes §4.2 "long assembly names repeated across many generic
# args"; dotnet/runtime PR #103713 warns of quadratic FullName building).
_LONG_LIB = "Evil" + "x" * 500 + ", Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
_MANY_ARGS = "System.Tuple`100[" + ",".join(f"[System.Int32, {_LONG_LIB}]"
                                            for _ in range(100)) + "]"


@contextlib.contextmanager
def quickly(seconds: float = 10.0) -> Iterator[None]:
    """Assert the block takes under ``seconds`` of CPU time (generous: quadratic work on the
    inputs below would take minutes)."""
    start = time.process_time()
    yield
    spent = time.process_time() - start
    assert spent < seconds, f"{spent:.1f} s of CPU time"


def test_long_assembly_names_repeated_across_generic_args() -> None:
    data = HDR + b.system_class_with_members_and_types(1, _MANY_ARGS, []) + END
    with quickly(), small_memory():
        assert decode(data).type_name == _MANY_ARGS  # records bind nothing
        with pytest.raises(TypeNotAllowedError, match="is not allowed") as info:
            BinaryFormatter().loads(data)
    assert info.value.offset is not None
    assert_rejected(data, "max_type_name_length=50000",
                    limits=ReaderLimits(max_type_name_length=50_000), loads=False)


def test_a_long_generic_name_repeated_by_many_records() -> None:
    # 200 records each spelling the 57 KB name out again (11.5 MB): linear work, memory in
    # proportion, refused by loads (binding starts once every record is read).
    n = 200
    data = HDR + b.array_single_object(1, n) + b"".join(
        b.system_class_with_members_and_types(i + 2, _MANY_ARGS, []) for i in range(n)) + END
    with quickly(), small_memory(2 * len(data) + PEAK_LIMIT):
        assert len(decode(data).values) == n
        with pytest.raises(TypeNotAllowedError) as info:
            BinaryFormatter().loads(data)
    record = len(b.system_class_with_members_and_types(2, _MANY_ARGS, []))
    assert info.value.offset is not None and (info.value.offset - len(HDR) - 9) % record == 0


def test_many_binary_library_records() -> None:
    # 20,000 BinaryLibrary records of 560-character names (11 MB), never used: each is a
    # record, so max_objects bounds them as it bounds objects; within it, memory in proportion.
    libraries = b"".join(b.binary_library(i + 2, _LONG_LIB) for i in range(20_000))
    data = HDR + libraries + b.object_string(1, "x") + END
    with quickly(), small_memory(2 * len(data) + PEAK_LIMIT):
        assert decode(data) == "x"
        assert BinaryFormatter().loads(data) == "x"
    err = assert_rejected(data, "more than max_objects=1000 records",
                          limits=ReaderLimits(max_objects=1000), loads=False)
    assert err.offset == len(HDR) + 1000 * len(b.binary_library(2, _LONG_LIB))
    assert isinstance(err, LimitExceededError)


def test_deeply_nested_generic_type_name() -> None:
    # List`1[[List`1[[... System.Int32 ...]]]] nested 10,000 deep (notes §4.2: cap generic
    # nesting; dotnet/runtime PR #103713). decode may keep names as strings, but whatever
    # parses them (the binder, the denylist) must fail with SerializationError, not recurse.
    depth = 10_000
    name = (
        "System.Collections.Generic.List`1[[" * depth
        + "System.Int32, mscorlib"
        + "]], mscorlib" * (depth - 1)
        + "]]"
    )
    data = HDR + b.system_class_with_members_and_types(1, name, []) + END
    decoded_or_rejected(data)
    with pytest.raises(SerializationError):
        BinaryFormatter().loads(data)


@pytest.mark.parametrize("name", ["TypeName, Hacked.dll", "InvalidTypeName[]]", "Esc\\[aped"])
def test_malformed_type_names_are_refused_by_the_binder(name: str) -> None:
    # NrbfDecoder ThrowsWhenTypeNameIsInvalid: an assembly part smuggled into a type name, and
    # unbalanced brackets. The binder must never resolve them.
    data = HDR + b.system_class_with_members_and_types(1, name, []) + END
    decoded_or_rejected(data)
    with pytest.raises(SerializationError):
        BinaryFormatter().loads(data)


# ---------------------------------------------------------------------------------------------
# Array lengths and null runs: never pre-allocate from a length the stream cannot back.
# ---------------------------------------------------------------------------------------------


def test_huge_object_array_length_with_one_null_run() -> None:
    # notes §4.2 huge_obj_array_len: object[0x7FFFFFF0] + ObjectNullMultiple(0x7FFFFFF0), 32
    # bytes. Mono returns a 16 GB Object[]; serialkit rejects it with the default limits.
    data = HDR + b.array_single_object(1, 0x7FFFFFF0) + b.null_multiple(0x7FFFFFF0) + END
    assert len(data) == 32
    with small_memory():
        assert_rejected(data, "length|exceeds|limit|array|too")


def test_huge_string_array_length_with_one_null_run() -> None:
    # NrbfDecoder ArraysOfStringsAreNotBeingPreAllocated: string[Array.MaxLength] + nulls.
    data = HDR + b.array_single_string(1, ARRAY_MAX_LENGTH) + b.null_multiple(ARRAY_MAX_LENGTH)
    with small_memory():
        assert_rejected(data + END, "length|exceeds|limit|array|too")


@pytest.mark.parametrize("array", ["object", "string"])
def test_huge_null_run_is_not_materialized_even_when_allowed(array: str) -> None:
    # With the array limit raised to the maximum, the 32-byte payload may be accepted (as
    # NrbfDecoder does, lazily) or refused by another limit; it must never cost gigabytes.
    start = b.array_single_object if array == "object" else b.array_single_string
    data = HDR + start(1, ARRAY_MAX_LENGTH) + b.null_multiple(ARRAY_MAX_LENGTH) + END
    with small_memory():
        decoded_or_rejected(data, ReaderLimits(max_array_length=INT32_MAX))


NULL_SLOTS = ReaderLimits().max_null_slots


def rectangular_object_array(oid: int, side: int) -> bytes:
    return b.binary_array(oid, b.ArrayType.Rectangular, [side, side], b.OBJECT)


@pytest.mark.parametrize(
    "data",
    [
        # object[16777216] (max_array_length itself) and one ObjectNullMultiple: 32 bytes,
        # once 268 MB of None slots.
        pytest.param(HDR + b.array_single_object(1, 1 << 24) + b.null_multiple(1 << 24) + END,
                     id="object-16M-32-bytes"),
        # object[4096,4096] and one run: 42 bytes, once 411 MB through loads.
        pytest.param(HDR + rectangular_object_array(1, 4096) + b.null_multiple(1 << 24) + END,
                     id="rect-4096x4096-42-bytes"),
        # An object[3] holding three of them: each within max_array_length, the three within
        # max_total_elements; once 537 MB, accepted.
        pytest.param(HDR + b.array_single_object(1, 3) + b"".join(
            rectangular_object_array(i, 4096) + b.null_multiple(1 << 24) for i in (2, 3, 4))
                     + END, id="three-rect-99-bytes"),
    ],
)
def test_null_runs_within_every_array_limit_are_bounded_by_payload_size(data: bytes) -> None:
    assert len(data) < 100
    with small_memory():
        err = assert_rejected(data, "null runs fill more than")
    assert isinstance(err, serialkit.LimitExceededError)
    budget = NULL_SLOTS + 8 * len(data)
    assert err.message == (f"null runs fill more than {budget} array slots (the limit for a "
                           f"{len(data)}-byte payload: max_null_slots={NULL_SLOTS} plus 8 per "
                           "byte)")
    assert err.offset == data.index(b.null_multiple(1 << 24))


def test_null_slot_budget_grows_with_the_payload() -> None:
    # With max_null_slots=0 a payload may fill 8 slots per byte with null runs, not one more.
    def payload(length: int) -> bytes:
        return HDR + b.array_single_object(1, length) + b.null_multiple(length) + END

    size = len(payload(1))
    limits = ReaderLimits(max_null_slots=0)
    assert decode(payload(8 * size), limits).values == [None] * (8 * size)
    with pytest.raises(serialkit.LimitExceededError, match="null runs fill more than"):
        decode(payload(8 * size + 1), limits)
    # Runs add up over the payload: two arrays of 300 nulls each fit one at a time (a
    # 55-byte payload may fill 440 slots), not both.
    two = (HDR + b.array_single_object(1, 2) + b.array_single_object(2, 300) +
           b.null_multiple(300) + b.array_single_object(3, 300) + b.null_multiple(300) + END)
    assert len(two) == 55
    with pytest.raises(serialkit.LimitExceededError, match="more than 440 array") as info:
        decode(two, limits)
    assert info.value.offset == len(two) - 1 - 5
    assert decode(two, ReaderLimits(max_null_slots=160)).values[1].values == [None] * 300


def test_null_runs_up_to_the_default_budget_are_read_in_bounded_memory() -> None:
    # A List<string> made with a capacity of a million and never filled writes such a run.
    data = HDR + b.array_single_string(1, NULL_SLOTS) + b.null_multiple(NULL_SLOTS) + END
    with small_memory(3 * 8 * NULL_SLOTS):
        root = decode(data)
        assert len(root.values) == NULL_SLOTS and root.values[-1] is None
        del root
        assert BinaryFormatter().loads(data) == [None] * NULL_SLOTS


def test_null_runs_of_golden_payloads_are_read() -> None:
    # nulls300.bin: one ObjectNullMultiple for 300 nulls, written by Mono.
    root = decode(golden("nulls300.bin"))
    assert root.values.count(None) >= 300


@pytest.mark.parametrize(
    ("ptype", "length", "data_bytes"),
    [
        pytest.param(b.Prim.Int32, INT32_MAX, 16, id="int32-2G-16-bytes"),  # notes §4.2, 44 B
        pytest.param(b.Prim.Byte, ARRAY_MAX_LENGTH, 0, id="byte-maxlength-no-data"),  # Nrbf
        pytest.param(b.Prim.Double, 2**28, 8, id="double-256M"),
        pytest.param(b.Prim.Decimal, INT32_MAX, 0, id="decimal-2G"),
        pytest.param(b.Prim.Char, INT32_MAX, 3, id="char-2G"),
    ],
)
def test_primitive_array_longer_than_remaining_bytes(
    ptype: int, length: int, data_bytes: int
) -> None:
    # ArraySinglePrimitive whose length * element size exceeds what remains: check before
    # allocating (referencesource allocates first, binaryparser.cs ~L1019).
    data = HDR + b.array_single_primitive(1, length, ptype, b"\x01" * data_bytes) + END
    if ptype == b.Prim.Int32:
        assert len(data) == 44
    with small_memory():
        assert_rejected(data, "length|remaining|exceeds|end|truncat|eof|limit|too")


def test_primitive_array_one_element_short() -> None:
    # int[5] with 4 elements of data: the MessageEnd byte must not be read as data.
    data = HDR + b.array_single_primitive(1, 5, b.Prim.Int32, b.i32(1) * 4) + END
    assert_rejected(data, "length|remaining|end|truncat|eof")


@pytest.mark.parametrize("length", [-1, -(2**31)])
@pytest.mark.parametrize("kind", ["object", "string", "primitive"])
def test_negative_single_array_length(kind: str, length: int) -> None:
    # NrbfDecoder ThrowsForNegativeSingleArrayLength; notes §4.2 (nrbf returns []).
    if kind == "object":
        rec = b.array_single_object(1, length)
    elif kind == "string":
        rec = b.array_single_string(1, length)
    else:
        rec = b.array_single_primitive(1, length, b.Prim.Int32)
    assert_rejected(HDR + rec + END, "length|negative|invalid")


@pytest.mark.parametrize(
    "array_type", [b.ArrayType.Single, b.ArrayType.Jagged, b.ArrayType.Rectangular]
)
def test_negative_binary_array_length(array_type: int) -> None:
    # NrbfDecoder ThrowsForNegativeArrayLength.
    element = b.OBJECT_ARRAY if array_type == b.ArrayType.Jagged else b.OBJECT
    data = HDR + b.binary_array(1, array_type, [-1], element) + END
    assert_rejected(data, "length|negative|invalid")


def test_negative_rectangular_length_in_second_dimension() -> None:
    data = HDR + b.binary_array(1, b.ArrayType.Rectangular, [2, -2], b.OBJECT) + END
    assert_rejected(data, "length|negative|invalid")


@pytest.mark.parametrize("rank", [0, -1])
@pytest.mark.parametrize(
    "array_type", [b.ArrayType.Single, b.ArrayType.Jagged, b.ArrayType.Rectangular]
)
def test_binary_array_rank_not_positive(array_type: int, rank: int) -> None:
    # NrbfDecoder ThrowsForInvalidArrayRank: rank <= 0.
    element = b.OBJECT_ARRAY if array_type == b.ArrayType.Jagged else b.OBJECT
    data = HDR + b.binary_array(1, array_type, [1], element, rank=rank) + END
    assert_rejected(data, "rank|dimension|invalid")


@pytest.mark.parametrize("array_type", [b.ArrayType.Single, b.ArrayType.Jagged])
def test_rank_two_for_single_or_jagged(array_type: int) -> None:
    # NrbfDecoder ThrowsForInvalidPositiveArrayRank: Single and Jagged arrays have rank 1.
    element = b.OBJECT_ARRAY if array_type == b.ArrayType.Jagged else b.OBJECT
    data = HDR + b.binary_array(1, array_type, [1, 1], element) + b.nulls(1) + END
    assert_rejected(data, "rank|dimension|invalid")


@pytest.mark.parametrize("rank", [33, 100])
def test_rank_above_32(rank: int) -> None:
    # .NET's maximum array rank is 32 (notes §4.2 / §4.3 max_rank=32). All lengths are 1, so
    # only the rank is at fault.
    data = HDR + b.binary_array(1, b.ArrayType.Rectangular, [1] * rank, b.OBJECT) + b.null() + END
    assert_rejected(data, "rank|dimension|limit|exceeds")


def test_huge_rank_is_not_preallocated() -> None:
    # rank = 2**31-1 with three lengths present: the lengths list must not be pre-sized.
    data = HDR + b.binary_array(1, b.ArrayType.Rectangular, [1, 1, 1], b.OBJECT, rank=INT32_MAX)
    with small_memory():
        assert_rejected(data + END, "rank|dimension|limit|exceeds|remaining|end|truncat")


@pytest.mark.parametrize(
    ("lengths", "element", "tail"),
    [
        pytest.param([65536, 65536], b.prim(b.Prim.Int32), b"", id="int32-65536x65536"),
        pytest.param([65536, 65536], b.OBJECT, b.null_multiple(INT32_MAX), id="obj-65536x65536"),
        pytest.param([2048, 2048, 2048], b.STRING, b.null_multiple(INT32_MAX), id="str-2048^3"),
        pytest.param([INT32_MAX, 2], b.prim(b.Prim.Byte), b"\x00" * 8, id="byte-2Gx2"),
        pytest.param([46341, 46341], b.OBJECT, b.null_multiple(INT32_MAX), id="obj-just-over-2G"),
    ],
)
def test_huge_rectangular_product(lengths: list[int], element: b.MemberType, tail: bytes) -> None:
    # Rectangular 65536x65536 (notes §4.2: Mono OutOfMemory): the element count is the
    # overflow-checked product of the lengths; check it against limits and remaining bytes.
    data = HDR + b.binary_array(1, b.ArrayType.Rectangular, lengths, element) + tail + END
    with small_memory():
        assert_rejected(data, "length|exceeds|limit|overflow|remaining|size|too|end|truncat")


def test_jagged_array_of_primitives() -> None:
    # NrbfDecoder ThrowsForInvalidPrimitiveTypeForBinaryArrayRecords: a jagged array's elements
    # are arrays, so BinaryType Primitive is invalid for it (int[][] is PrimitiveArray).
    data = HDR + b.binary_array(1, b.ArrayType.Jagged, [1], b.prim(b.Prim.Int32)) + b.i32(5) + END
    assert_rejected(data, "jagged|primitive|element|type|invalid")


@pytest.mark.parametrize(
    ("start", "run"),
    [
        pytest.param(b.array_single_object(1, 2), b.null_multiple_256(5), id="object-256-form"),
        pytest.param(b.array_single_object(1, 2), b.null_multiple(5), id="object-int-form"),
        pytest.param(b.array_single_string(1, 9), b.null_multiple_256(10), id="string-256-form"),
        pytest.param(b.array_single_string(1, 255), b.null_multiple(256), id="string-int-form"),
        pytest.param(b.array_single_object(1, 255), b.null_multiple(256), id="object-by-one"),
        pytest.param(
            b.binary_array(1, b.ArrayType.Single, [2], b.OBJECT),
            b.null_multiple_256(3),
            id="binary-array",
        ),
        pytest.param(
            b.binary_array(1, b.ArrayType.Rectangular, [2, 2], b.STRING),
            b.null_multiple(5),
            id="rect",
        ),
    ],
)
def test_null_run_overflows_the_array(start: bytes, run: bytes) -> None:
    # ObjectNullMultiple(256) counting past the array's end (notes §4.2: nrbf accepts, len 5;
    # NrbfDecoder ThrowsWhenNumberOfNullsIsLargerThanArraySize).
    assert_rejected(HDR + start + run + END, "null|exceeds|length|overflow|more|too|past")


def test_null_run_overflows_after_elements() -> None:
    # Two real elements then a run of 2 nulls into an object[3].
    data = object_array(b.object_string(2, "a"), b.null(), b.null_multiple_256(2), length=3)
    assert_rejected(data, "null|exceeds|length|overflow|more|too|past")


@pytest.mark.parametrize(
    "run",
    [
        pytest.param(b.null_multiple_256(0), id="256-form-0"),
        pytest.param(b.null_multiple(0), id="int-form-0"),
        pytest.param(b.null_multiple(-1), id="int-form-minus-1"),
        pytest.param(b.null_multiple(-(2**31)), id="int-form-min"),
    ],
)
def test_invalid_null_count(run: bytes) -> None:
    # NrbfDecoder ThrowsWhenNumberOfNullsIsInvalid: a null run counts 1 or more.
    data = HDR + b.array_single_string(1, 1) + run + END
    assert_rejected(data, "null|count|invalid|negative|zero")


# ---------------------------------------------------------------------------------------------
# Class records: member counts, member types, metadata.
# ---------------------------------------------------------------------------------------------


def test_negative_member_count() -> None:
    data = HDR + b.system_class_with_members_and_types(1, "Holder", [], member_count=-1) + END
    assert_rejected(data, "count|negative|member|invalid")


def test_huge_member_count_is_not_preallocated() -> None:
    # ClassInfo.MemberCount = 2**31-1 with one member name present.
    data = HDR + b.system_class_with_members_and_types(
        1, "Holder", [("m", b.prim(b.Prim.Int32))], b.i32(1), member_count=INT32_MAX
    )
    with small_memory():
        assert_rejected(data + END, "count|member|length|remaining|end|truncat|limit|exceeds")


@pytest.mark.parametrize("record", ["class", "system class"])
def test_duplicate_member_names(record: str) -> None:
    # NrbfDecoder ThrowsForDuplicateMemberNames.
    members = [("MemberName", b.STRING), ("MemberName", b.STRING)]
    values = b.object_string(2, "a") + b.object_string(3, "b")
    if record == "class":
        body = b.binary_library(10, LIB) + b.class_with_members_and_types(
            1, "Acme.T", members, 10, values
        )
    else:
        body = b.system_class_with_members_and_types(1, "Acme.T", members, values)
    assert_rejected(HDR + body + END, "duplicate|member|twice|already")


@pytest.mark.parametrize("bad", [8, 9, 0x80, 0xFF])
def test_invalid_binary_type_in_member_type_info(bad: int) -> None:
    # NrbfDecoder ThrowsForInvalidBinaryType: BinaryTypeEnumeration stops at 7.
    data = holder_class([("m", (bad, b""))], b.null())
    assert_rejected(data, "binary.?type|type|invalid")


@pytest.mark.parametrize("bad", [8, 0xFF])
def test_invalid_binary_type_in_binary_array(bad: int) -> None:
    data = HDR + b.binary_array(1, b.ArrayType.Single, [1], (bad, b"")) + b.null() + END
    assert_rejected(data, "binary.?type|type|invalid")


@pytest.mark.parametrize("bad", [6, 7, 0xFF])
def test_invalid_binary_array_type(bad: int) -> None:
    # NrbfDecoder ThrowsOnInvalidArrayType: BinaryArrayTypeEnumeration stops at 5.
    data = HDR + b.binary_array(1, bad, [1], b.OBJECT) + b.null() + END
    assert_rejected(data, "array.?type|type|invalid")


def test_class_with_id_to_unknown_metadata() -> None:
    # notes §4.2: BinaryFormatter "No map for object '42'", nrbf KeyError.
    data = HDR + b.class_with_id(1, 42) + END
    assert_rejected(data, "metadata|class|42|unknown|not found|undefined|missing")


def test_class_with_id_to_a_non_class_record() -> None:
    # The metadata id names a string record, which has no ClassInfo to reuse.
    data = object_array(b.object_string(2, "s"), b.class_with_id(3, 2))
    assert_rejected(data, "metadata|class|invalid|not a class|expected")


@pytest.mark.parametrize("code", [0, 4, 17, 18, 19, 0x80, 0xFF])
@pytest.mark.parametrize("record", ["class", "system class"])
@pytest.mark.parametrize("member_kind", ["primitive", "primitive array"])
def test_invalid_primitive_code_in_member_type_info(
    code: int, record: str, member_kind: str
) -> None:
    # NrbfDecoder ThrowsForInvalidPrimitiveType: 0 and 4 are unused; Null (17) and String (18)
    # are not valid as Primitive/PrimitiveArray additional info; 19+ does not exist.
    member = b.prim(code) if member_kind == "primitive" else b.prim_array(code)
    values = b"\x00" * 8
    if record == "class":
        body = b.binary_library(2, LIB) + b.class_with_members_and_types(
            1, "Acme.T", [("m", member)], 2, values
        )
    else:
        body = b.system_class_with_members_and_types(1, "Acme.T", [("m", member)], values)
    assert_rejected(HDR + body + END, "primitive|type|code|invalid")


# ---------------------------------------------------------------------------------------------
# Primitive values: type codes, Decimal, DateTime, Char.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [0, 4, 17, 18, 19, 0xFF])
def test_member_primitive_typed_invalid_code(code: int) -> None:
    # MemberPrimitiveTyped with 0/4 (unused), 17 (Null), 18 (String), 19+ (notes §2.1: Mono
    # "Invalid type code in stream"). Eight value bytes follow, so it is not a truncation.
    data = object_array(b.member_primitive_typed(code, b"\x00" * 8))
    assert_rejected(data, "primitive|type|code|invalid")


@pytest.mark.parametrize("code", [0, 4, 17, 18, 19, 0xFF])
def test_array_single_primitive_invalid_code(code: int) -> None:
    data = HDR + b.array_single_primitive(1, 1, code, b"\x00" * 8) + END
    assert_rejected(data, "primitive|type|code|invalid")


INVALID_DECIMALS = [
    "12abc",  # notes §4.2
    "79228162514264337593543950336",  # decimal.MaxValue + 1 (NrbfDecoder InvalidDecimal)
    "-79228162514264337593543950336",  # decimal.MinValue - 1
    "1" * 49,  # NrbfDecoder InvalidDecimal: overflow
    "NaN",
    "Infinity",
    "",
    " ",
    "1.2.3",
]


def _decimal_holders(text: str) -> dict[str, bytes]:
    return {
        "member-primitive-typed": object_array(
            b.member_primitive_typed(b.Prim.Decimal, b.lps(text))
        ),
        "class-member": holder_class([("d", b.prim(b.Prim.Decimal))], b.lps(text)),
        "array": HDR + b.array_single_primitive(1, 1, b.Prim.Decimal, b.lps(text)) + END,
    }


@pytest.mark.parametrize("where", ["member-primitive-typed", "class-member", "array"])
@pytest.mark.parametrize("text", INVALID_DECIMALS)
def test_invalid_decimal(text: str, where: str) -> None:
    # Decimal primitives are invariant-culture strings; validate them against the .NET decimal
    # range (notes §4.2: nrbf accepts them as strings).
    assert_rejected(_decimal_holders(text)[where], "decimal|invalid|range|format|overflow")


@pytest.mark.parametrize(
    "text",
    [
        "79228162514264337593543950335",  # decimal.MaxValue
        "-79228162514264337593543950335",  # decimal.MinValue
        "0.0000000000000000000000000001",  # scale 28
        "1.5",
        "0",
    ],
)
def test_decimal_extremes_are_accepted(text: str) -> None:
    for where, data in _decimal_holders(text).items():
        assert decode(data) is not None, where


def _datetime_holders(raw: bytes) -> dict[str, bytes]:
    return {
        "member-primitive-typed": object_array(b.member_primitive_typed(b.Prim.DateTime, raw)),
        "class-member": holder_class([("t", b.prim(b.Prim.DateTime))], raw),
        "array": HDR + b.array_single_primitive(1, 1, b.Prim.DateTime, raw) + END,
    }


@pytest.mark.parametrize("where", ["member-primitive-typed", "class-member", "array"])
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b.datetime_bits(MAX_TICKS + 1, kind=0), id="ticks-above-max"),
        pytest.param(b.datetime_bits((1 << 62) - 1, kind=1), id="ticks-all-ones"),
        pytest.param(b.datetime_bits((1 << 62) - 1, kind=3), id="kind3-ticks-all-ones"),
    ],
)
def test_invalid_datetime(raw: bytes, where: str) -> None:
    # Ticks above DateTime.MaxValue.Ticks are out of range (DateTime.FromBinaryRaw throws).
    assert_rejected(_datetime_holders(raw)[where], "kind|datetime|invalid|range|ticks")


def test_datetime_extremes_are_accepted() -> None:
    # Kind 3 is LocalAmbiguousDst, which .NET writes for a Local time in the repeated hour
    # (tests/interop: root_datetime_ambiguous*); it reads as Local.
    for kind in (0, 1, 2, 3):
        for ticks in (0, MAX_TICKS):
            for where, data in _datetime_holders(b.datetime_bits(ticks, kind)).items():
                assert decode(data) is not None, (kind, ticks, where)


def _char_holders(raw: bytes) -> dict[str, bytes]:
    return {
        "member-primitive-typed": object_array(b.member_primitive_typed(b.Prim.Char, raw)),
        "class-member": holder_class([("c", b.prim(b.Prim.Char))], raw),
        "array": HDR + b.array_single_primitive(1, 1, b.Prim.Char, raw) + END,
    }


@pytest.mark.parametrize("where", ["member-primitive-typed", "class-member", "array"])
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"\xed\xa0\x80", id="lone-high-surrogate-utf8"),
        pytest.param(b"\xed\xbf\xbf", id="lone-low-surrogate-utf8"),
        pytest.param(b"\xc0", id="c0"),  # NrbfDecoder SurrogateCharacters writes this byte
        pytest.param(b"\x80", id="continuation"),
        pytest.param(b"\xff", id="ff"),
        pytest.param(b"\xc3", id="truncated-2-byte"),  # then MessageEnd: 0x0B is no continuation
    ],
)
def test_invalid_char(raw: bytes, where: str) -> None:
    # A Char is one UTF-8 encoded UTF-16 code unit; a lone surrogate cannot be encoded in
    # UTF-8 and a malformed sequence is not a character (notes §2.1, §1 row 27).
    assert_rejected(_char_holders(raw)[where], "char|utf|invalid|surrogate|decod|encod")


@pytest.mark.parametrize("where", ["member-primitive-typed", "class-member", "array"])
def test_char_outside_the_bmp(where: str) -> None:
    # U+1F600 needs a surrogate pair: not one .NET char, but one Python character. The notes
    # allow either reading; whichever is chosen, it is not a crash.
    decoded_or_rejected(_char_holders("\N{GRINNING FACE}".encode())[where])


# ---------------------------------------------------------------------------------------------
# Object ids and references.
# ---------------------------------------------------------------------------------------------


def test_reference_to_undefined_id() -> None:
    # notes §4.2: Mono "The object with ID 77 was referenced in a fixup but does not exist".
    data = object_array(b.member_reference(77))
    assert_rejected(data, "reference|undefined|77|not found|missing|unresolved|does not exist")


def test_pending_forward_references_cost_memory_in_proportion() -> None:
    # notes §4.2 "cap the number of pending forward references": each costs a 5-byte
    # MemberReference on the wire, so max_bytes caps their number; what one costs in memory
    # until the end of the payload (a fixup entry of about 40 bytes, plus its slot) is
    # bounded per byte. 50,000 references to an id never defined: 250 KB, refused at the
    # first one's offset once every record is read.
    n = 50_000
    data = object_array(*[b.member_reference(999_999)] * n)
    for read in (decode, BinaryFormatter().loads):
        with small_memory(12 * len(data)), pytest.raises(
                NrbfFormatError, match="object id 999999, which the payload never defines") as info:
            read(data)
        assert (info.value.offset, info.value.path) == (26, "$[0]")


_STRINGS = b"".join(b.object_string(i + 2, f"s{i}") for i in range(20_000))
_EVIL = b.system_class_with_members_and_types(30_000, "Evil.Type", [("A", b.prim(b.Prim.Int32))],
                                              b.i32(1))


@pytest.mark.parametrize(
    ("data", "stage"),
    [
        pytest.param(b.header() + b.array_single_object(1, 20_001) + _STRINGS +
                     b.record(0x40) + b.end(), "loop", id="bad-record"),
        pytest.param(b.header() + b.array_single_object(1, 20_001) + _STRINGS +
                     b.member_reference(999_999) + b.end(), "resolve", id="undefined-reference"),
        pytest.param(b.header() + b.array_single_object(1, 20_000) + _STRINGS + b.end() +
                     b"\x00", "trailing", id="trailing-byte"),
        pytest.param(b.header() + b.array_single_object(1, 20_001) + _STRINGS + _EVIL +
                     b.end(), "binding", id="unregistered-class"),
    ],
)
def test_a_kept_error_does_not_keep_what_was_read(data: bytes, stage: str) -> None:
    # An error's traceback holds the decoder's (and the binding's) frames: they must not hold
    # the 20,000 strings read before it while the caller keeps the error.
    for read in (decode, BinaryFormatter().loads):
        if stage == "binding" and read is decode:
            continue  # decode binds nothing: the payload is fine for it
        gc.collect()
        tracemalloc.start()
        try:
            with pytest.raises(SerializationError) as info:
                read(data)
            gc.collect()
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert info.value.offset is not None
        assert peak > 1_000_000, "the payload's records were not all read"
        assert held < 50_000, f"{held:,} bytes still held with the error ({stage})"


def test_class_member_reference_to_undefined_id() -> None:
    data = holder_class([("next", b.OBJECT)], b.member_reference(77))
    assert_rejected(data, "reference|undefined|77|not found|missing|unresolved|does not exist")


def test_root_never_defined() -> None:
    # Header names root 5; only record 1 exists (notes §4.2: "No top object"; NrbfDecoder
    # MissingRootRecord).
    data = b.header(root=5) + b.object_string(1, "x") + END
    assert_rejected(data, "root|top|missing|undefined|not found")


def test_root_never_defined_with_no_records() -> None:
    assert_rejected(HDR + END, "root|top|missing|undefined|not found|no record|empty")


def test_duplicate_positive_id_in_an_array() -> None:
    # Two elements both id 2 (notes §4.2: Mono accepts silently; NrbfDecoder
    # Serialization_DuplicateSerializationRecordId).
    data = object_array(b.object_string(2, "a"), b.object_string(2, "b"))
    assert_rejected(data, "duplicate|twice|already|defined")


def test_duplicate_id_of_the_root() -> None:
    # An element reusing the root's id 1 (Mono: "An object cannot be registered twice").
    data = object_array(b.object_string(1, "x"))
    assert_rejected(data, "duplicate|twice|already|defined")


def test_duplicate_root_records() -> None:
    # Two top-level records with the root's id.
    data = HDR + b.object_string(1, "a") + b.object_string(1, "b") + END
    assert_rejected(data, "duplicate|twice|already|defined")


def test_object_id_reusing_a_library_id() -> None:
    # Library ids and object ids share BinaryFormatter's counter (notes §2.4 item 2), and
    # NrbfDecoder keeps both in one RecordMap (BinaryLibraryRecord.Id), so an object reusing a
    # library's id is a duplicate too.
    data = (
        HDR
        + b.binary_library(2, LIB)
        + b.class_with_members_and_types(1, "Acme.T", [("s", b.STRING)], 2, b.object_string(2, "x"))
        + END
    )
    assert_rejected(data, "duplicate|twice|already|defined")


def test_duplicate_negative_ids_are_allowed() -> None:
    # Inline value types get negative ids, and duplicates of those are legal (notes §2.4 item
    # 2; NrbfDecoder RecordMap tolerates them).
    pt_members = [("x", b.prim(b.Prim.Int32))]
    data = (
        HDR
        + b.binary_library(2, LIB)
        + b.class_with_members_and_types(
            1,
            "Acme.Holder",
            [("a", b.klass("Acme.Pt", 2)), ("b", b.klass("Acme.Pt", 2))],
            2,
            b.class_with_members_and_types(-3, "Acme.Pt", pt_members, 2, b.i32(1))
            + b.class_with_members_and_types(-3, "Acme.Pt", pt_members, 2, b.i32(2)),
        )
        + END
    )
    assert decode(data) is not None


@pytest.mark.parametrize(
    "elements",
    [
        pytest.param(b.member_reference(2), id="ref-to-library"),  # NrbfDecoder's case
        pytest.param(b.member_reference(3) + b.array_single_object(3, 0), id="ref-to-object-array"),
        pytest.param(b.member_primitive_typed(b.Prim.Int32, b.i32(1)), id="inline-int"),
        pytest.param(b.array_single_object(3, 0), id="inline-object-array"),
        pytest.param(b.class_with_members_and_types(3, "Acme.T", [], 2), id="inline-class"),
    ],
)
def test_string_array_holding_a_non_string(elements: bytes) -> None:
    # ArraySingleString elements are strings, nulls or references to strings
    # (NrbfDecoder ThrowWhenArrayOfStringsContainsReferenceToNonString).
    data = HDR + b.binary_library(2, LIB) + b.array_single_string(1, 1) + elements + END
    # (Library ids share the object-id space: NrbfDecoder's RecordMap holds both.)
    assert_rejected(data, "string|type|expected|invalid|library|record|reference|defin")


# ---------------------------------------------------------------------------------------------
# Cycles are legal; deep nesting is bounded; chains are iterative.
# ---------------------------------------------------------------------------------------------


def test_self_containing_object_array_decodes() -> None:
    # object[] whose only element is itself (notes §4.2: nrbf RecursionError). Not an error.
    data = object_array(b.member_reference(1))
    root = decode(data)
    assert root is not None
    assert isinstance(repr(root), str)  # records print readably, cycles included


def test_self_containing_object_array_loads_as_a_list_containing_itself() -> None:
    data = object_array(b.object_string(2, "not an array"), b.member_reference(1))
    result = BinaryFormatter().loads(data)
    assert isinstance(result, list)
    assert len(result) == 2
    assert result[0] == "not an array"
    assert result[1] is result


def test_class_cycle_decodes() -> None:
    # Mono's cycle.bin: Node a -> Node b -> a, a.Self = a.
    root = decode(golden("cycle.bin"))
    assert root is not None
    assert isinstance(repr(root), str)


def test_reference_chain_of_100k_arrays() -> None:
    # object[] -> object[] -> ... 100,000 long, by MemberReference (breadth-first, the way
    # BinaryFormatter writes a linked list): legal, and must not recurse.
    n = 100_000
    chain = b"".join(
        b.array_single_object(i, 1) + (b.member_reference(i + 1) if i < n else b.null())
        for i in range(1, n + 1)
    )
    data = HDR + chain + END
    assert decode(data) is not None
    result = BinaryFormatter().loads(data)
    for _ in range(n - 1):
        assert isinstance(result, list)
        assert len(result) == 1
        result = result[0]
    assert result == [None]


def _nested_classes(depth: int) -> bytes:
    """``depth`` SystemClass records, each the inline value of the previous one's member."""
    parts = [
        b.system_class_with_members_and_types(i, "C", [("m", b.system_class("C"))])
        for i in range(1, depth)
    ]
    return HDR + b"".join(parts) + b.system_class_with_members_and_types(depth, "C", []) + END


@pytest.mark.parametrize("shape", ["arrays", "classes"])
def test_100k_deep_inline_nesting_hits_the_depth_limit(shape: str) -> None:
    # 100,000 ArraySingleObject records nested inline (900 KB; notes §4.2: nrbf RecursionError)
    # and the same with class records (NrbfDecoder UnboundedRecursion_NestedClasses). The
    # default max_depth (1000) stops it with a SerializationError, never a RecursionError.
    data = nested_arrays(100_000) if shape == "arrays" else _nested_classes(100_000)
    recursion_limit = sys.getrecursionlimit()
    with small_memory(2 * len(data) + PEAK_LIMIT):  # the payload read from a stream, and a bit
        assert_rejected(data, "depth|nest|deep|limit")
    assert sys.getrecursionlimit() == recursion_limit


def test_max_depth_limit() -> None:
    limits = ReaderLimits(max_depth=10)
    assert_rejected(nested_arrays(11), "depth|nest|deep|limit", limits=limits, loads=False)
    assert decode(nested_arrays(9), limits) is not None
    assert decode(nested_arrays(200)) is not None  # well inside the default of 1000


# ---------------------------------------------------------------------------------------------
# The other ReaderLimits.
# ---------------------------------------------------------------------------------------------


def _strings_array(count: int) -> bytes:
    return object_array(*(b.object_string(i + 2, "s") for i in range(count)))


def test_max_objects_limit() -> None:
    limits = ReaderLimits(max_objects=100)
    assert_rejected(
        _strings_array(200), "object|record|limit|exceeds|too many", limits=limits, loads=False
    )
    assert decode(_strings_array(50), limits) is not None


def test_max_objects_limit_with_200k_small_strings() -> None:
    # notes §4.2: 200,000 small strings (1.4 MB). The record count is capped whatever the size
    # of each record.
    limits = ReaderLimits(max_objects=1000)
    data = _strings_array(200_000)
    with small_memory(2 * len(data) + PEAK_LIMIT):
        assert_rejected(data, "object|record|limit|exceeds|too many", limits=limits, loads=False)


def test_max_bytes_limit() -> None:
    small = HDR + b.object_string(1, "x" * 10) + END  # 34 bytes
    big = HDR + b.object_string(1, "x" * 200) + END
    limits = ReaderLimits(max_bytes=100)
    assert_rejected(big, "bytes|size|limit|exceeds|too", limits=limits, loads=False)
    assert decode(small, limits) is not None


def test_max_array_length_limit() -> None:
    limits = ReaderLimits(max_array_length=10)
    for make in (b.array_single_object, b.array_single_string):
        assert_rejected(
            HDR + make(1, 11) + b.nulls(11) + END,
            "length|array|limit|exceeds",
            limits=limits,
            loads=False,
        )
        assert decode(HDR + make(1, 10) + b.nulls(10) + END, limits) is not None
    over = HDR + b.array_single_primitive(1, 11, b.Prim.Int32, b.i32(0) * 11) + END
    assert_rejected(over, "length|array|limit|exceeds", limits=limits, loads=False)
    ok = HDR + b.array_single_primitive(1, 10, b.Prim.Int32, b.i32(0) * 10) + END
    assert decode(ok, limits) is not None


def test_max_string_bytes_limit() -> None:
    limits = ReaderLimits(max_string_bytes=10)
    over = HDR + b.object_string(1, "x" * 11) + END
    assert_rejected(over, "string|length|limit|exceeds|long", limits=limits, loads=False)
    assert decode(HDR + b.object_string(1, "x" * 10) + END, limits) is not None


# ---------------------------------------------------------------------------------------------
# The binder refuses what it was not told about.
# ---------------------------------------------------------------------------------------------


def test_unregistered_class_is_refused_by_loads() -> None:
    # Mono's simple.bin names class Simple of assembly "gen"; an empty registry knows nothing
    # (other test modules register a Simple in the global one).
    with pytest.raises(SerializationError, match=r"(?i)type|class|allow|regist|bind|Simple"):
        BinaryFormatter(registry=TypeRegistry()).loads(golden("simple.bin"))


@pytest.mark.parametrize(
    "type_name",
    [
        "System.DelegateSerializationHolder",
        "System.Reflection.MemberInfoSerializationHolder",
        "System.UnitySerializationHolder",
        "System.Windows.Data.ObjectDataProvider",
    ],
)
def test_gadget_type_names_are_refused(type_name: str) -> None:
    # Inert, memberless stand-ins for the ysoserial.net gadget roots (notes §4.1): never bound.
    data = HDR + b.system_class_with_members_and_types(1, type_name, []) + END
    with pytest.raises(SerializationError):
        BinaryFormatter().loads(data)


@pytest.mark.parametrize(
    "date_data",
    [
        pytest.param(b.object_string(2, "x"), id="string"),
        pytest.param(b.null(), id="null"),
        pytest.param(b.member_primitive_typed(b.Prim.Double, b.f64(1.0)), id="double"),
    ],
)
def test_system_datetime_with_a_non_primitive_date_data(date_data: bytes) -> None:
    # NrbfDecoder fuzzer regression: a System.DateTime class record whose dateData member is a
    # SystemClass instead of a UInt64 primitive (.NET: InvalidCastException). The built-in
    # DateTime support must raise SerializationError, not TypeError.
    members = [("ticks", b.prim(b.Prim.Int64)), ("dateData", b.system_class("System.UInt64"))]
    data = (
        HDR
        + b.system_class_with_members_and_types(1, "System.DateTime", members, b.i64(0) + date_data)
        + END
    )
    decoded_or_rejected(data)
    with pytest.raises(SerializationError):
        BinaryFormatter().loads(data)


# ---------------------------------------------------------------------------------------------
# Truncation at every byte offset.
# ---------------------------------------------------------------------------------------------

TRUNCATION_CASES = {**{n: golden(n) for n in GOLDEN_NAMES}, **BUILT_BASELINES}


@pytest.mark.parametrize("name", sorted(TRUNCATION_CASES))
def test_every_prefix_is_rejected(name: str) -> None:
    # Every strict prefix of a valid payload (the empty one included) lacks its MessageEnd at
    # least, so decode must raise SerializationError, and nothing else, for each.
    data = TRUNCATION_CASES[name]
    for cut in range(len(data)):
        prefix = data[:cut]
        with pytest.raises(SerializationError) as info:
            decode(prefix)
        check_error_location(info.value, prefix)


@pytest.mark.parametrize(
    "name", ["int_array_root.bin", "obj_array_root.bin", "string_2d.bin", "obj_array_built"]
)
def test_every_prefix_is_rejected_by_loads(name: str) -> None:
    data = TRUNCATION_CASES[name]
    for cut in range(len(data)):
        with pytest.raises(SerializationError):
            BinaryFormatter().loads(data[:cut])


# ---------------------------------------------------------------------------------------------
# Property tests: random bytes and single-byte mutations yield a result or SerializationError.
# ---------------------------------------------------------------------------------------------

MUTATION_BASES = sorted(TRUNCATION_CASES)


@given(st.binary(max_size=512))
def test_random_bytes(data: bytes) -> None:
    decoded_or_rejected(data)
    loaded_or_rejected(data)


@given(st.binary(max_size=512))
def test_random_bytes_after_a_valid_header(tail: bytes) -> None:
    data = HDR + tail
    decoded_or_rejected(data)
    loaded_or_rejected(data)


@given(st.sampled_from(MUTATION_BASES), st.data())
def test_single_byte_mutation(name: str, draw: st.DataObject) -> None:
    base = TRUNCATION_CASES[name]
    index = draw.draw(st.integers(0, len(base) - 1), label="index")
    value = draw.draw(st.integers(0, 255).filter(lambda v: v != base[index]), label="byte")
    data = base[:index] + bytes([value]) + base[index + 1 :]
    decoded_or_rejected(data)
    loaded_or_rejected(data)


@given(st.sampled_from(MUTATION_BASES), st.data())
def test_single_byte_insertion_or_deletion(name: str, draw: st.DataObject) -> None:
    base = TRUNCATION_CASES[name]
    index = draw.draw(st.integers(0, len(base) - 1), label="index")
    if draw.draw(st.booleans(), label="insert"):
        data = base[:index] + bytes([draw.draw(st.integers(0, 255), label="byte")]) + base[index:]
    else:
        data = base[:index] + base[index + 1 :]
    decoded_or_rejected(data)
    loaded_or_rejected(data)


# ---------------------------------------------------------------------------------------------
# Surrogate selector chains (notes §4.2 "IObjectReference / surrogate chains"): every lookup
# walks the chain, so its length is bounded, and a cycle made behind chain_selector's back is
# an error, not an endless loop.
# ---------------------------------------------------------------------------------------------


class _Opaque:
    """A class that is not serializable: only a surrogate can write or read it."""

    def __init__(self, x: int = 0) -> None:
        self.x = x


class _OpaqueSurrogate:
    def get_object_data(self, obj: Any, info: Any, context: Any) -> None:
        info.add_value("X", obj.x)

    def set_object_data(self, obj: Any, info: Any, context: Any, selector: Any) -> Any:
        obj.x = info.get_value("X")
        return None


def _chain(length: int) -> list[SurrogateSelector]:
    selectors = [SurrogateSelector() for _ in range(length)]
    for before, after in zip(reversed(selectors[:-1]), reversed(selectors[1:]), strict=True):
        before.chain_selector(after)
    return selectors


def test_a_chain_of_max_length_works_and_one_more_is_refused() -> None:
    with quickly():
        selectors = _chain(MAX_CHAIN_LENGTH)
        selectors[-1].add_surrogate(_Opaque, StreamingContext(), _OpaqueSurrogate())
        head = selectors[0]
        bf = BinaryFormatter(surrogate_selector=head)
        assert bf.loads(bf.dumps([_Opaque(i) for i in range(500)]))[499].x == 499
        assert head.types() == [_Opaque]
        with pytest.raises(SerializationError, match=f"chain of {MAX_CHAIN_LENGTH + 1} "
                           f"surrogate selectors, more than MAX_CHAIN_LENGTH"):
            head.chain_selector(SurrogateSelector())
        with pytest.raises(SerializationError, match="more than MAX_CHAIN_LENGTH"):
            SurrogateSelector().chain_selector(head)
    assert selectors[-1].get_next_selector() is None


def test_a_cycle_assigned_behind_chain_selector_is_reported() -> None:
    first, second = SurrogateSelector(), SurrogateSelector()
    first.chain_selector(second)
    second._next = first  # what chain_selector refuses to do
    message = "the surrogate selector chain has a cycle or more than MAX_CHAIN_LENGTH=1000"
    working = SurrogateSelector()
    working.add_surrogate(_Opaque, StreamingContext(), _OpaqueSurrogate())
    payload = BinaryFormatter(surrogate_selector=working).dumps(_Opaque(1))
    with quickly():
        with pytest.raises(SerializationError, match=message):
            first.get_surrogate(_Opaque, StreamingContext())
        with pytest.raises(SerializationError, match=message):
            first.types()
        with pytest.raises(SerializationError, match=message):
            first.chain_selector(SurrogateSelector())
        with pytest.raises(SerializationError, match=message):
            BinaryFormatter(surrogate_selector=first).dumps(_Opaque(1))
        with pytest.raises(SerializationError, match=message):
            BinaryFormatter(surrogate_selector=first).loads(payload)
