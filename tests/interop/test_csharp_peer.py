"""The C# peer checks what it claims to check (needs Mono, not serialkit).

A passing ``test_binary_interop.py`` is only worth something if ``SerialkitInterop.exe check``
really fails on a wrong graph. These tests feed it Mono's own payloads (must pass), payloads of
other cases (must fail) and Mono's payloads with one value or one shared reference changed
(must fail, naming the changed path), all in one ``mono`` run, plus one run of the single
``check`` mode.
"""


from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import MonoPeer

pytestmark = pytest.mark.interop

# Program.cs's cases; the peer's `cases` listing must agree (test_peer_lists_the_documented_cases).
CASES = (
    "prims",
    "cycle",
    "collections",
    "custom",
    "versioning",
    "versioning_v1",
    "callbacks",
    "nonserialized",
    "inheritance",
    "inheritance_same",
    "struct_enum",
    "linked_list",
    "exception_data",
    # ShapesCases.cs (test_shapes_interop.py)
    "shapes_prims",
    "shapes_local",
    "shapes_arrays",
    "shapes_boxed",
    "shapes_boxed_py",
    "shapes_collections",
    "shapes_kvp",
    "shapes_nullable",
    "shapes_enums",
    "shapes_misc",
    "shapes_structs",
    "root_level3",
    "root_rect",
    "root_rect_str",
    "root_jagged",
    "root_list_parts",
    "root_list_vec",
    "root_vec_array",
    "root_dict_parts",
    "root_tuple7",
    "root_str_set",
    "root_enum_ulong",
    "root_seg",
    "root_guid",
    "root_bigint_neg",
    "root_decimal_min",
    "root_single_negzero",
    "root_datetime_max",
    "root_timespan_min",
    "shapes_offsets",
    "root_datetimeoffset",
    "root_datetime_ambiguous",
    "root_datetime_ambiguous_array",
)

# (case, bytes in Mono's payload, replacement, the FAIL line the check must print)
VALUE_MUTATIONS = [
    ("prims", b"\x07123.456", b"\x07123.457", "FAIL $.Dec: expected 123.456m, got 123.457m"),
    ("collections", b"\x05gamma", b"\x05gammo", 'FAIL $.Names[2]: expected "gamma", got "gammo"'),
    ("custom", b"\x03EUR", b"\x03EUX", 'FAIL $.Main.Currency: expected "EUR", got "EUX"'),
    ("versioning", b"added-in-v2", b"added-in-v3", 'FAIL $.B: expected "added-in-v2"'),
    (
        "callbacks",
        b"stamped:inner",
        b"stamped:INNER",
        'FAIL $.Peer.Stamp: expected "stamped:inner"',
    ),
    ("nonserialized", b"\x2a\x00\x00\x00\x0b", b"\x2b\x00\x00\x00\x0b", "FAIL $.Keep: expected 42"),
    # Shapes.Boxed: MemberPrimitiveTyped(Int32, 42)
    ("struct_enum", b"\x08\x08\x2a\x00\x00\x00", b"\x08\x08\x2b\x00\x00\x00", "FAIL $.Boxed"),
    ("linked_list", b"\x05n5000", b"\x05n5OOO", 'FAIL n5000.Name: expected "n5000", got "n5OOO"'),
]

# Graph.Items is ArraySingleObject #4 of 6 elements: ref a, "shared-text", ref b, ref a,
# ref "shared-text", null.
ITEMS_HEADER = b"\x10" + struct.pack("<ii", 4, 6)


def _cycle_items_ref_swapped(payload: bytes) -> bytes:
    """Items[3] refers to b instead of a: equal-looking graph, wrong identity."""
    start = payload.index(ITEMS_HEADER) + len(ITEMS_HEADER)
    ref_a = b"\x09" + struct.pack("<i", 3)
    second = payload.index(ref_a, payload.index(ref_a, start) + 1)
    return payload[:second] + b"\x09" + struct.pack("<i", 6) + payload[second + 5 :]


def _cycle_string_unshared(payload: bytes) -> bytes:
    """Items[4] is an equal but distinct "shared-text" string instead of a reference to it."""
    start = payload.index(ITEMS_HEADER) + len(ITEMS_HEADER)
    string_at = payload.index(b"\x0bshared-text", start) - 5  # BinaryObjectString(id, ...)
    assert payload[string_at] == 0x06
    string_id = payload[string_at + 1 : string_at + 5]
    ref = payload.index(b"\x09" + string_id, string_at)
    fresh = b"\x06" + struct.pack("<i", 99) + b"\x0bshared-text"
    return payload[:ref] + fresh + payload[ref + 5 :]


IDENTITY_MUTATIONS = [
    ("cycle", _cycle_items_ref_swapped, "FAIL $.Items[3]: expected the same instance as $.Head"),
    ("cycle", _cycle_string_unshared, "FAIL $.Items[4]: expected the same instance as $.Items[1]"),
]


@pytest.fixture(scope="module")
def peer_results(mono: MonoPeer) -> dict[str, tuple[bool, str]]:
    payloads: dict[str, bytes] = {}
    for i, case in enumerate(CASES):
        payloads[f"{case}.own"] = mono.write(case)
        payloads[f"{case}.other"] = mono.write(CASES[(i + 1) % len(CASES)])
    for i, (case, old, new, _) in enumerate(VALUE_MUTATIONS):
        original = mono.write(case)
        assert original.count(old) == 1, f"{case}: {old!r} is not unique in Mono's payload"
        payloads[f"{case}.value{i}"] = original.replace(old, new)
    for i, (case, mutate, _) in enumerate(IDENTITY_MUTATIONS):
        payloads[f"{case}.identity{i}"] = mutate(mono.write(case))
    return mono.check_many(payloads)


def test_peer_lists_the_documented_cases(mono: MonoPeer) -> None:
    """Program.cs defines exactly the cases that cases.md and these tests know."""
    assert CASES == mono.cases


@pytest.mark.parametrize("case", CASES)
def test_peer_accepts_its_own_payload(peer_results: dict[str, tuple[bool, str]], case: str) -> None:
    """`check <case>` passes on what `write <case>` wrote (the checks match the built graph)."""
    assert (True, "OK") == peer_results[f"{case}.own"]


@pytest.mark.parametrize("case", CASES)
def test_peer_rejects_another_cases_payload(
    peer_results: dict[str, tuple[bool, str]], case: str
) -> None:
    """`check <case>` fails, with FAIL lines, on the payload of the next case in the list."""
    ok, out = peer_results[f"{case}.other"]
    assert (False, True) == (ok, out.startswith("FAIL "))


@pytest.mark.parametrize(
    ("label", "expected_line"),
    [(f"{case}.value{i}", line) for i, (case, _, _, line) in enumerate(VALUE_MUTATIONS)]
    + [(f"{case}.identity{i}", line) for i, (case, _, line) in enumerate(IDENTITY_MUTATIONS)],
)
def test_peer_names_the_changed_value(
    peer_results: dict[str, tuple[bool, str]], label: str, expected_line: str
) -> None:
    """A payload with one value or one shared reference changed fails, first on that path."""
    ok, out = peer_results[label]
    assert (False, expected_line) == (ok, out.splitlines()[0][: len(expected_line)])


def test_single_check_mode_reports_failures(mono: MonoPeer) -> None:
    """`check` (one mono run per payload) returns (False, FAIL lines) on a wrong payload."""
    ok, out = mono.check("versioning", mono.write("versioning_v1"))
    expected = (
        'FAIL $.A: expected 7 (Int32), got 5 (Int32)\nFAIL $.B: expected "added-in-v2", got null'
    )
    assert (False, expected) == (ok, out)
