"""Every common .NET shape, both directions (tests/interop/cases.md, "shapes_*" and "root_*").

The C# side is csharp/ShapesModel.cs (types and values) and csharp/ShapesCases.cs (a reflective
deep check); the Python side is shape_models.py. For each case:

(a) Mono writes, serialkit reads: the graph equals the expected one value by value (floats bit
    for bit, Decimal scale, DateTime kind, sharing both ways);
(b) serialkit writes the expected graph (``root_type`` for the root_* cases), Mono's deep check
    verifies every value (one ``mono`` run for all);
(c) serialkit's bytes equal Mono's, except where a test below says why not.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from zones import local_zone

from serialkit import BinaryFormatter

try:  # tests/interop as a package, or as a plain rootdir-relative directory
    from . import shape_models as sm
except ImportError:
    import shape_models as sm  # type: ignore[no-redef]

if TYPE_CHECKING:
    from conftest import MonoPeer

pytestmark = pytest.mark.interop

NS = sm.define(sm.INTEROP_ASM)
ALL = tuple(NS.cases)

NEW_YORK = "America/New_York"  # the zone the Mono peer runs in (_mono.NEW_YORK)

# Local times in the hour New York repeats: serialkit reads and writes them in Mono's zone,
# where fold 0 is .NET's Kind 3 (LocalAmbiguousDst) and fold 1 its Kind 2
# (test_ambiguous_local_time_keeps_its_fold).
AMBIGUOUS = ("root_datetime_ambiguous", "root_datetime_ambiguous_array")

# (b): Mono's deep check passes on serialkit's payload.
WRITE_OK = ALL

# (c): byte for byte.
BYTES_EQUAL = WRITE_OK


@contextlib.contextmanager
def mono_zone(case: str) -> Iterator[None]:
    """For an AMBIGUOUS case, run the block in the peer's zone (TZ, tzset), as Mono runs."""
    if case not in AMBIGUOUS:
        yield
        return
    with local_zone(NEW_YORK):
        yield


def dumps(case: str) -> bytes:
    build, root_type = NS.cases[case]
    with mono_zone(case):
        return BinaryFormatter().dumps(build(), root_type=root_type)


@pytest.mark.parametrize("case", ALL)
def test_reads_shape(mono: MonoPeer, case: str) -> None:
    """serialkit reads Mono's payload into exactly the expected Python graph."""
    build, _ = NS.cases[case]
    with mono_zone(case):
        sm.assert_same(build(), BinaryFormatter().loads(mono.write(case)), local_by_instant=True)


def test_reads_identity_and_special_values(mono: MonoPeer) -> None:
    """Spot checks the generic comparison also covers: sharing, NaN sign, -0.0, Local kind."""
    arrays = BinaryFormatter().loads(mono.write("shapes_arrays"))
    assert arrays.Parts[0] is arrays.Parts[2]
    assert arrays.Strings[0] is arrays.Strings[4]  # one string record, referenced again
    coll = BinaryFormatter().loads(mono.write("shapes_collections"))
    assert coll.Parts[0] is coll.ById[1] is coll.Mixed[4]
    prims = BinaryFormatter().loads(mono.write("shapes_prims"))
    # C#'s float.NaN / double.NaN have the sign bit set; serialkit keeps the bits.
    assert (b"\x00\x00\xc0\xff", b"\x00" * 6 + b"\xf8\xff") == (
        struct.pack("<f", prims.FNaN), struct.pack("<d", prims.DNaN))
    assert "-0.0" == repr(prims.FNegZero) == repr(prims.DNegZero)
    local = BinaryFormatter().loads(mono.write("shapes_local"))
    assert sm.LOCAL is local.When.tzinfo


def test_ambiguous_local_time_keeps_its_fold(mono: MonoPeer) -> None:
    """.NET writes a Local time in the repeated hour at the end of DST with Kind bits 3
    (LocalAmbiguousDst) when it is the first, daylight occurrence, and 2 for the second: in
    that zone serialkit reads them as fold=0 and fold=1 (two instants an hour apart) and
    writes them back so."""
    root = mono.write("root_datetime_ambiguous")
    assert root[-2] >> 6 == 3  # dateData, the last member before MessageEnd: Kind 3
    array = mono.write("root_datetime_ambiguous_array")
    assert [array[-10] >> 6, array[-2] >> 6] == [3, 2]  # the daylight and the standard 01:30
    with mono_zone("root_datetime_ambiguous"):
        when = BinaryFormatter().loads(root)
        assert (when, when.fold, when.tzinfo) == (sm.AMBIGUOUS_WHEN, 0, sm.LOCAL)
        first, second = BinaryFormatter().loads(array)
        assert [(first.fold, first.astimezone(UTC)), (second.fold, second.astimezone(UTC))] == [
            (0, datetime(2021, 11, 7, 5, 30, tzinfo=UTC)),
            (1, datetime(2021, 11, 7, 6, 30, tzinfo=UTC))]
        assert BinaryFormatter().dumps([first, second], root_type=NS.cases[
            "root_datetime_ambiguous_array"][1]) == array


@pytest.fixture(scope="module")
def verdicts(mono: MonoPeer) -> dict[str, tuple[bool, str]]:
    """Mono's deep check of serialkit's payload of every WRITE_OK case (one mono run)."""
    return mono.check_many({case: dumps(case) for case in WRITE_OK})


@pytest.mark.parametrize("case", WRITE_OK)
def test_mono_reads_serialkit_shape(verdicts: dict[str, tuple[bool, str]], case: str) -> None:
    """Mono reads serialkit's payload with every value, type and identity as C# built them."""
    assert (True, "OK") == verdicts[case]


@pytest.mark.parametrize("case", BYTES_EQUAL)
def test_shape_bytes_equal_mono(mono: MonoPeer, case: str) -> None:
    """serialkit writes exactly Mono's bytes for the same graph."""
    assert mono.write(case).hex() == dumps(case).hex()


def test_boxed_widths_survive_a_round_trip_through_python(mono: MonoPeer) -> None:
    """A boxed Byte, SByte, Int16, UInt16, UInt32, UInt64, Single or Char that Mono wrote reads
    as a boxed value (``UInt8(200)``...) and is written back as the same .NET type: reading
    Mono's payload and writing it again gives Mono's bytes."""
    data = mono.write("shapes_boxed")
    graph = BinaryFormatter().loads(data)
    assert ["bool", "BoxedByte", "BoxedSByte", "BoxedChar", "BoxedInt16", "BoxedUInt16",
            "int", "BoxedUInt32", "int", "BoxedUInt64", "BoxedSingle", "float"] == [
        type(v).__name__ for v in graph.Values[:12]]
    assert data.hex() == BinaryFormatter().dumps(graph).hex()


def test_datetimeoffset_round_trip() -> None:
    """An aware datetime is written as a DateTimeOffset where the type says so, and reads back
    as a DateTimeOffset with the same wall time and offset; a bad offset is refused."""
    from datetime import UTC, timedelta

    from serialkit import DateTimeOffset, SerializationError

    when = sm.dto(2020, 1, 2, 3, 4, 5, 6, offset=timedelta(hours=-3, minutes=-30))
    back = BinaryFormatter().loads(BinaryFormatter().dumps(when))
    assert (DateTimeOffset, when, when.utcoffset()) == (type(back), back, back.utcoffset())
    assert DateTimeOffset.of(when.astimezone(UTC)).utcoffset() == timedelta(0)
    for bad in (sm.dto(2020, 1, 1, offset=timedelta(seconds=30)),
                sm.dto(2020, 1, 1, offset=timedelta(hours=15))):
        with pytest.raises(SerializationError, match="whole minutes within"):
            BinaryFormatter().dumps(bad)


def test_every_case_is_a_peer_case(mono: MonoPeer) -> None:
    """shape_models.py builds exactly the shape cases of ShapesCases.cs, in order."""
    assert ALL == tuple(c for c in mono.cases if c.startswith(("shapes_", "root_")))



def test_list_of_struct_pads_with_zero_structs() -> None:
    """List<Vec> with 1 item: _items is Vec[4] holding 3 zeroed Vec structs (as .NET writes)."""
    from serialkit.nrbf import decode

    root = decode(dumps("root_list_vec"))
    assert [0, 0, 0] == [v["X"] for v in root["_items"].values[1:]]
