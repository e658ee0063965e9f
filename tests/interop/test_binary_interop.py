"""BinaryFormatter interop with Mono, case by case (tests/interop/cases.md).

Three directions per case:

(a) Mono writes, serialkit reads: ``test_reads_<case>`` compares the graph field by field with
    the expected one from models.py, and shared references / cycles with ``is``;
(b) serialkit writes, Mono reads: ``test_mono_reads_serialkit_payload`` has Program.cs check
    every value and identity of serialkit's payload (all cases in one ``mono`` run);
(c) serialkit's bytes equal Mono's bytes for the same graph: ``test_bytes_equal_mono``.
    BinaryFormatter's writer is deterministic (notes/nrbf.md §2.4), so every case that serialkit
    can express is expected byte-identical; cases.md lists the wire details that takes.
"""


from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest

if TYPE_CHECKING:
    from conftest import MonoPeer

# While serialkit's API is incomplete, fail each test here rather than the collection (which
# would stop every other test of the session from running).
IMPORT_ERROR: ImportError | None = None
try:
    from serialkit import BinaryFormatter

    try:  # tests/interop as a package, or as a plain rootdir-relative directory
        from . import models as m
    except ImportError:
        import models as m  # type: ignore[no-redef]
except ImportError as exc:
    IMPORT_ERROR = exc

pytestmark = pytest.mark.interop

# models.BUILDERS: every case of Program.cs.
WRITE_CASES = (
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
)


@pytest.fixture(scope="module", autouse=True)
def serialkit_api() -> None:
    """serialkit exports everything models.py uses."""
    if IMPORT_ERROR is not None:
        pytest.fail(f"serialkit's API is not there yet: {IMPORT_ERROR}", pytrace=False)


_LEAF_TYPES = (type(None), bool, int, float, str, bytes, Decimal, datetime, timedelta)


GraphPath = tuple[Any, str] | None  # (parent path, segment), rendered only on failure


def render(path: GraphPath) -> str:
    """``$.Head.Next.Next.Name``, with runs of a repeated segment shortened (``.Next*9000``)."""
    segments: list[str] = []
    while path is not None:
        path, segment = path
        segments.append(segment)
    runs: list[list[Any]] = []
    for segment in reversed(segments):
        if runs and runs[-1][0] == segment:
            runs[-1][1] += 1
        else:
            runs.append([segment, 1])
    return "$" + "".join(seg if n < 3 else f"{seg}*{n}" for seg, n in runs)


def assert_same_graph(
    expected: Any, actual: Any, *, skip: frozenset[tuple[type, str]] = frozenset()
) -> None:
    """Walk both graphs in step (iteratively: cycles and 10,000-long chains are fine).

    Leaves must have the same exact type and value (a Decimal also its exponent, a datetime
    also its UTC offset). Lists, dicts and attrs objects must have the same type, and the
    sharing must match both ways: an object met again in ``expected`` must be the very object
    met there in ``actual``, and two distinct expected objects must not be one actual object.
    ``skip`` names (class, field) pairs to leave out (NonSerialized state checked separately).
    """
    partner: dict[int, Any] = {}  # id(expected object) -> actual object
    back: dict[int, Any] = {}  # id(actual object) -> expected object
    keep_alive: list[Any] = []
    todo: list[tuple[GraphPath, Any, Any]] = [(None, expected, actual)]
    while todo:
        path, exp, act = todo.pop()
        if isinstance(exp, (*_LEAF_TYPES, enum.Enum)):
            assert (type(exp), exp) == (type(act), act), f"at {render(path)}"
            if isinstance(exp, Decimal):
                assert exp.as_tuple() == act.as_tuple(), f"at {render(path)} (scale)"
            elif isinstance(exp, datetime):
                assert exp.utcoffset() == act.utcoffset(), f"at {render(path)} (kind)"
            continue
        if id(exp) in partner:
            assert partner[id(exp)] is act, f"at {render(path)}: expected the object met earlier"
            continue
        assert id(act) not in back, (
            f"at {render(path)}: expected a distinct object, got a shared one"
        )
        partner[id(exp)] = act
        back[id(act)] = exp
        keep_alive += (exp, act)
        assert type(exp) is type(act), f"at {render(path)}"
        if isinstance(exp, list):
            assert len(exp) == len(act), f"at {render(path)} (length)"
            todo.extend(
                ((path, f"[{i}]"), e, a) for i, (e, a) in enumerate(zip(exp, act, strict=True))
            )
        elif isinstance(exp, dict):
            assert list(exp) == list(act), f"at {render(path)} (keys, in order)"
            todo.extend(((path, f"[{k!r}]"), exp[k], act[k]) for k in exp)
        elif attrs.has(type(exp)):
            for field in attrs.fields(type(exp)):
                if (type(exp), field.name) not in skip:
                    name = field.name
                    todo.append(((path, f".{name}"), getattr(exp, name), getattr(act, name)))
        else:
            raise AssertionError(f"at {render(path)}: no comparison for {type(exp).__name__}")


def assert_same_bytes(expected: bytes, actual: bytes) -> None:
    """Byte equality, failing with the first differing offset and the bytes around it."""
    at = next(
        (i for i, (x, y) in enumerate(zip(expected, actual, strict=False)) if x != y),
        min(len(expected), len(actual)),
    )
    lo = max(0, at - 16)
    message = (
        f"payloads differ first at byte {at} (Mono: {len(expected)} bytes, "
        f"serialkit: {len(actual)})\n"
        f"  Mono      @{lo}: {expected[lo : at + 32].hex(' ')}\n"
        f"  serialkit @{lo}: {actual[lo : at + 32].hex(' ')}"
    )
    assert expected == actual, message


def load(mono: MonoPeer, case: str) -> Any:
    return BinaryFormatter().loads(mono.write(case))


# ---- (a) Mono writes, serialkit reads -------------------------------------------------------


def test_reads_prims(mono: MonoPeer) -> None:
    """Every .NET primitive member (widths, Char, Single, Decimal scale, DateTime kinds, TimeSpan,
    UTF-8 text, "" vs null) reads back exactly."""
    actual = load(mono, "prims")
    assert_same_graph(m.build_prims(), actual)
    assert (UTC, None) == (actual.WhenUtc.tzinfo, actual.WhenUnspecified.tzinfo)


def test_reads_cycle(mono: MonoPeer) -> None:
    """A two-node cycle, a self-reference and an object[] sharing nodes and one string instance
    read back with the same sharing."""
    actual = load(mono, "cycle")
    assert_same_graph(m.build_cycle(), actual)
    a, items = actual.Head, actual.Items
    assert a.Self is a
    assert a.Next.Next is a
    assert items[0] is a
    assert items[2] is a.Next
    assert items[3] is a
    assert items[1] is items[4]  # one BinaryObjectString, referenced twice


def test_reads_collections(mono: MonoPeer) -> None:
    """List<int>, List<string> with nulls, Dictionary<string,int> and List<user class> read as
    lists and a dict, in order, without the capacity padding of List._items."""
    assert_same_graph(m.build_collections(), load(mono, "collections"))


def test_reads_custom(mono: MonoPeer) -> None:
    """ISerializable classes are rebuilt through set_object_data, with a Decimal, a Double and
    an Object member (boxed Int32, or null), the second instance from a ClassWithId record."""
    assert_same_graph(m.build_custom(), load(mono, "custom"))


def test_reads_versioning(mono: MonoPeer) -> None:
    """A class with an [OptionalField] present in the stream reads both fields."""
    assert_same_graph(m.Versioned(A=7, B="added-in-v2"), load(mono, "versioning"))


def test_reads_versioning_v1(mono: MonoPeer) -> None:
    """A version-1 payload without the optional field reads into the version-2 class, B None."""
    assert_same_graph(m.Versioned(A=5, B=None), load(mono, "versioning_v1"))


def test_reads_callbacks(mono: MonoPeer) -> None:
    """on_deserializing sees no members yet, on_deserialized sees them all, every
    on_deserialized runs before any on_deserialization, and the writer's stamp was written."""
    m.EVENTS.clear()
    actual = load(mono, "callbacks")
    assert_same_graph(
        m.build_callbacks(), actual, skip=frozenset({(m.Tracked, "Stamp"), (m.Tracked, "Log")})
    )
    inner = actual.Peer
    assert ("stamped:outer", "stamped:inner") == (actual.Stamp, inner.Stamp)
    assert (m.expected_read_log("outer"), m.expected_read_log("inner")) == (actual.Log, inner.Log)
    kinds = [event.split()[0] for event in m.EVENTS]
    assert ["deserializing"] * 2 + ["deserialized"] * 2 + ["deserialization"] * 2 == kinds
    last_deserialized = max(i for i, k in enumerate(kinds) if k == "deserialized")
    first_callback = min(i for i, k in enumerate(kinds) if k == "deserialization")
    assert last_deserialized < first_callback, m.EVENTS


def test_reads_nonserialized(mono: MonoPeer) -> None:
    """A [NonSerialized] field is absent from the stream and reads as its zero default."""
    actual = load(mono, "nonserialized")
    assert_same_graph(
        m.build_nonserialized(), actual, skip=frozenset({(m.WithTransient, "Transient")})
    )
    assert 0 == actual.Transient


def test_reads_inheritance(mono: MonoPeer) -> None:
    """Members D, _secret, B, BaseRec+_secret bind to the class chain; the derived class's own
    _secret (22, under FieldName) and the base's private one (11) stay apart."""
    assert_same_graph(m.build_inheritance(), load(mono, "inheritance"))


def test_reads_inheritance_same(mono: MonoPeer) -> None:
    """A derived class with a private field of the same name as its base's reads back."""
    assert_same_graph(m.build_inheritance_same(), load(mono, "inheritance_same"))


def test_reads_struct_enum(mono: MonoPeer) -> None:
    """Inline structs (alone and in a Pt[]), an Int16 enum, an Int32 [Flags] enum and a boxed
    Int32 in an object field read back with their Python types."""
    actual = load(mono, "struct_enum")
    assert_same_graph(m.build_struct_enum(), actual)
    assert m.Color.Blue is actual.C


def test_reads_linked_list(mono: MonoPeer) -> None:
    """A 10,000-node linked list reads without recursion."""
    assert_same_graph(m.build_linked_list(), load(mono, "linked_list"))


# ---- (b) serialkit writes, Mono reads -------------------------------------------------------


@pytest.fixture(scope="module")
def serialkit_payloads() -> dict[str, bytes | Exception]:
    """serialkit's payload of each case (or the exception dumping it raised)."""
    payloads: dict[str, bytes | Exception] = {}
    for case in m.BUILDERS:
        try:
            payloads[case] = m.dumps(case)
        except Exception as exc:  # reported by each test of the case
            payloads[case] = exc
    return payloads


@pytest.fixture(scope="module")
def mono_verdicts(
    mono: MonoPeer, serialkit_payloads: dict[str, bytes | Exception]
) -> dict[str, tuple[bool, str]]:
    """Program.cs's check of every payload serialkit wrote, in one mono run."""
    written = {case: p for case, p in serialkit_payloads.items() if isinstance(p, bytes)}
    return mono.check_many(written) if written else {}


def payload_of(serialkit_payloads: dict[str, bytes | Exception], case: str) -> bytes:
    payload = serialkit_payloads[case]
    if isinstance(payload, Exception):
        raise payload
    return payload


@pytest.mark.parametrize("case", WRITE_CASES)
def test_mono_reads_serialkit_payload(
    serialkit_payloads: dict[str, bytes | Exception],
    mono_verdicts: dict[str, tuple[bool, str]],
    case: str,
) -> None:
    """Mono's BinaryFormatter reads serialkit's payload with every value and identity intact."""
    payload_of(serialkit_payloads, case)
    assert (True, "OK") == mono_verdicts[case]


def test_write_cases_are_the_models_cases() -> None:
    """The parametrized write cases are exactly the cases models.py builds."""
    assert WRITE_CASES == tuple(m.BUILDERS)


def test_writer_hooks_run_around_dumps() -> None:
    """on_serializing runs on every object before it is written, on_serialized after."""
    outer = m.build_callbacks()
    BinaryFormatter().dumps(outer)
    inner = outer.Peer
    assert ("stamped:outer", "stamped:inner") == (outer.Stamp, inner.Stamp)
    assert (["serializing", "serialized"],) * 2 == (outer.Log, inner.Log)


# ---- an exception with Data, all three directions ------------------------------------------


def build_exception_data() -> Any:
    """Program.cs's exception_data: Data in insertion order (keys z..a after the first three,
    which a Hashtable's hash order would shuffle), an inner ArgumentException."""
    from serialkit import DotNetException, Int64

    keys: list[Any] = ["order", "customer", Int64(7), *(chr(c) for c in range(ord("z"), 96, -1))]
    values: list[Any] = [42, "Ann", None, *range(3, len(keys))]
    inner = DotNetException("quantity is negative", type_name="System.ArgumentException",
                            hresult=-2147024809, extra={"ParamName": "qty"})
    return DotNetException("order 42 failed", type_name="System.InvalidOperationException",
                           hresult=-2146233079, inner_exception=inner,
                           data=dict(zip(keys, values, strict=True)))


def test_reads_exception_data(mono: MonoPeer) -> None:
    """Mono's Data (a ListDictionaryInternal) reads as a dict in insertion order."""
    expected = build_exception_data()
    got = BinaryFormatter().loads(mono.write("exception_data"))
    assert list(expected.data.items()) == list(got.data.items())
    assert [type(k) for k in expected.data] == [type(k) for k in got.data]
    assert (got.type_name, got.message, got.hresult, got.stack_trace, got.source) == (
        "System.InvalidOperationException", "order 42 failed", -2146233079, None, None)
    inner = got.inner_exception
    assert (inner.type_name, inner.message, inner.extra, inner.data) == (
        "System.ArgumentException", "quantity is negative", {"ParamName": "qty"}, None)


def test_mono_reads_serialkit_exception_data(mono: MonoPeer) -> None:
    """Mono reads serialkit's exception with its Data as a ListDictionaryInternal, in order."""
    payload = BinaryFormatter().dumps(build_exception_data())
    assert (True, "OK") == mono.check_many({"exception_data": payload})["exception_data"]


def test_exception_data_bytes_equal_mono(mono: MonoPeer) -> None:
    """serialkit writes Mono's bytes for the exception, and Mono's payload read and written
    back is unchanged."""
    data = mono.write("exception_data")
    assert_same_bytes(data, BinaryFormatter().dumps(build_exception_data()))
    assert_same_bytes(data, BinaryFormatter().dumps(BinaryFormatter().loads(data)))


# ---- (c) the same bytes as Mono -------------------------------------------------------------


@pytest.mark.parametrize("case", WRITE_CASES)
def test_bytes_equal_mono(
    mono: MonoPeer, serialkit_payloads: dict[str, bytes | Exception], case: str
) -> None:
    """serialkit writes exactly Mono's bytes for the same graph (ids, record choice, order,
    library placement, ClassWithId reuse, null runs)."""
    # "collections" also pins the bookkeeping of a collection built by Add, which is on the
    # wire: List._items capacity 4 for 2-3 items (padding zeros/nulls) and List._version = number
    # of Adds; Dictionary Version 2, HashSize 3 (cases.md).
    assert_same_bytes(mono.write(case), payload_of(serialkit_payloads, case))
