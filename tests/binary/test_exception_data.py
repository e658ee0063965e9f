"""A .NET exception as an application throws it: Data entries, an inner exception, a stack
trace. Mono keeps ``Exception.Data`` in a ``System.Collections.ListDictionaryInternal`` (a
linked list of DictionaryNode records), which serialkit reads as a dict.

``exception_data.bin`` was written by tests/golden/nrbf/gen4.cs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from serialkit import BinaryFormatter, DotNetException, SerializationError
from serialkit.nrbf import ClassRecord, decode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "nrbf"))
import builder as b

PAYLOADS = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"
LDI = "System.Collections.ListDictionaryInternal"
NODE = LDI + "+DictionaryNode"


def test_thrown_exception_with_data_and_inner_exception_loads() -> None:
    exc = BinaryFormatter().loads((PAYLOADS / "exception_data.bin").read_bytes())
    assert isinstance(exc, DotNetException)
    assert (exc.type_name, exc.class_name, exc.message, exc.hresult, exc.source) == (
        "System.InvalidOperationException", "System.InvalidOperationException",
        "order 42 failed", -2146233079, "gen4")
    # Insertion order, as ListDictionaryInternal keeps it; a long key stays an int.
    assert list(exc.data.items()) == [("order", 42), ("customer", "Ann"), (7, None)]
    assert exc.stack_trace.startswith("  at G4.Order () [0x00057] in <")
    assert "  at G4.Main () " in exc.stack_trace
    assert (exc.help_url, exc.remote_stack_trace, exc.remote_stack_index,
            exc.exception_method, exc.extra) == (None, None, 0, None, {})
    inner = exc.inner_exception
    assert isinstance(inner, DotNetException)
    assert (inner.type_name, inner.message, inner.hresult, inner.data, inner.extra,
            inner.inner_exception) == (
        "System.ArgumentException", "quantity is negative", -2147024809, None,
        {"ParamName": "qty"}, None)
    assert inner.stack_trace.startswith("  at G4.Check (System.Int32 qty) ")
    assert str(exc) == "System.InvalidOperationException: order 42 failed"


def test_the_record_layer_shows_the_linked_list() -> None:
    data = decode((PAYLOADS / "exception_data.bin").read_bytes())["Data"]
    assert isinstance(data, ClassRecord)
    assert (data.type_name, data["count"], data["head"].type_name) == (LDI, 3, NODE)
    assert data["head"]["next"]["next"]["next"] is None


def test_written_back_the_payload_is_byte_identical() -> None:
    # Data is written as a ListDictionaryInternal (insertion order, not a Hashtable's hash
    # order), and Data and InnerException are declared as the types they hold, as Mono does.
    data = (PAYLOADS / "exception_data.bin").read_bytes()
    exc = BinaryFormatter().loads(data)
    again = BinaryFormatter().dumps(exc)
    assert again == data
    back = BinaryFormatter().loads(again)
    assert list(back.data.items()) == [("order", 42), ("customer", "Ann"), (7, None)]
    assert back.inner_exception.extra == {"ParamName": "qty"}


def test_data_is_written_in_insertion_order_as_a_linked_list() -> None:
    keys = [f"k{i}" for i in range(40, 0, -1)]
    exc = DotNetException("boom", data={k: i for i, k in enumerate(keys)})
    payload = BinaryFormatter().dumps(exc)
    record = decode(payload)
    data = record["Data"]
    assert (data.type_name, data["count"], data["version"]) == (LDI, 40, 40)
    assert record.member_types[2].info == LDI
    assert list(BinaryFormatter().loads(payload).data) == keys


def test_null_and_empty_data() -> None:
    record = decode(BinaryFormatter().dumps(DotNetException("boom")))
    assert record["Data"] is None and record.member_types[2].info == (
        "System.Collections.IDictionary")
    empty = decode(BinaryFormatter().dumps(DotNetException("boom", data={})))["Data"]
    assert (empty.type_name, empty["head"], empty["count"]) == (LDI, None, 0)
    assert BinaryFormatter().loads(BinaryFormatter().dumps(
        DotNetException("boom", data={}))).data == {}


def test_a_data_dict_shared_with_another_member_keeps_its_identity() -> None:
    shared = {"a": 1}
    exc = DotNetException("boom", data=shared, extra={"Same": shared})
    back = BinaryFormatter().loads(BinaryFormatter().dumps(exc))
    assert back.data == {"a": 1} and back.extra["Same"] is back.data


def test_data_that_is_not_a_dict_is_refused() -> None:
    # .NET casts Data to IDictionary on reading: a list there would break the payload.
    with pytest.raises(SerializationError, match=re.escape(
            "declared as System.Collections.ListDictionaryInternal but holds a value of type "
            "list")):
        BinaryFormatter().dumps(DotNetException("boom", data=[1, 2]))  # type: ignore[arg-type]


def test_a_long_data_is_written_without_recursion() -> None:
    exc = DotNetException("boom", data={i: i for i in range(20000)})
    back = BinaryFormatter().loads(BinaryFormatter().dumps(exc))
    assert list(back.data) == list(range(20000))


# -- ListDictionaryInternal records built by hand --------------------------------------------

NODE_MEMBERS = [("key", b.OBJECT), ("value", b.OBJECT), ("next", b.system_class(NODE))]


def ldi(head: bytes, count: int, *nodes: bytes) -> bytes:
    """A root ListDictionaryInternal (id 1) whose ``head`` member is ``head``; the node
    records follow it, as BinaryFormatter writes referenced objects."""
    members = [("head", b.system_class(NODE)), ("version", b.prim(b.Prim.Int32)),
               ("count", b.prim(b.Prim.Int32))]
    return (b.header() + b.system_class_with_members_and_types(
        1, LDI, members, head + b.i32(count) + b.i32(count)) + b"".join(nodes) + b.end())


def node(oid: int, key: str, value: int, after: int | None) -> bytes:
    """DictionaryNode ``oid`` (the first one, id 2, defines the layout), ``next`` a reference
    to node ``after`` or null."""
    body = (b.object_string(-oid, key) + b.member_primitive_typed(b.Prim.Int32, b.i32(value)) +
            (b.null() if after is None else b.member_reference(after)))
    if oid == 2:
        return b.system_class_with_members_and_types(oid, NODE, NODE_MEMBERS, body)
    return b.class_with_id(oid, 2, body)


REF2 = b.member_reference(2)


def test_a_built_list_dictionary_reads_in_order() -> None:
    data = ldi(REF2, 2, node(2, "a", 1, 3), node(3, "b", 2, None))
    assert list(BinaryFormatter().loads(data).items()) == [("a", 1), ("b", 2)]
    assert BinaryFormatter().loads(ldi(b.null(), 0)) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(ldi(REF2, 2, node(2, "a", 1, 3), node(3, "b", 2, 2)),
                     "entries form a cycle", id="cycle"),
        pytest.param(ldi(REF2, 1, node(2, "a", 1, 2)), "entries form a cycle", id="self"),
        pytest.param(ldi(REF2, 2, node(2, "a", 1, None)), "counts 2 entries but holds 1",
                     id="count"),
        pytest.param(ldi(REF2, 1, b.system_class_with_members_and_types(
            2, "System.Collections.Hashtable+Other", NODE_MEMBERS,
            b.null() + b.null() + b.null())), "entry is not a " + NODE.replace("+", r"\+"),
            id="not-a-node"),
    ],
)
def test_malformed_list_dictionaries_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(SerializationError, match=message) as info:
        BinaryFormatter().loads(data)
    assert info.value.offset is not None and 0 < info.value.offset < len(data)


def test_a_long_list_dictionary_is_walked_without_recursion() -> None:
    n = 5000
    nodes = [node(i, f"k{i}", i, i + 1 if i < n + 1 else None) for i in range(2, n + 2)]
    got = BinaryFormatter().loads(ldi(REF2, n, *nodes))
    assert len(got) == n and got["k2"] == 2 and got[f"k{n + 1}"] == n + 1


def test_soap_writes_and_reads_the_data_in_order() -> None:
    # SoapFormatter writes the same ListDictionaryInternal, its version and count untyped.
    from serialkit.soap import SoapFormatter

    exc = DotNetException("boom", data={"z": 1, "a": "x", 3: None})
    text = SoapFormatter().dumps(exc)
    assert b"ListDictionaryInternal" in text
    assert list(SoapFormatter().loads(text).data.items()) == [("z", 1), ("a", "x"), (3, None)]
