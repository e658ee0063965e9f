"""Truncated type names (notes/nrbf.md §2.6): .NET Framework's ResXSerializationBinder could
split a generic type's name across the class record's TypeName and its BinaryLibrary's name,
e.g. ``List`1[[System.String`` + ``mscorlib, ...]]``. ``undo_truncated_type_names=True`` (the
equivalent of System.Formats.Nrbf's ``PayloadOptions.UndoTruncatedTypeNames``) joins them;
without it the names are read as they are.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from serialkit import BinaryFormatter, NrbfFormatError, TypeNotAllowedError, serializable
from serialkit.nrbf import BinaryType, decode, format_tree
from serialkit.runtime import TypeRegistry

try:
    from . import builder as b
except ImportError:
    import builder as b  # type: ignore[no-redef]

HDR = b.header()
END = b.end()
CORE = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
ACME = "Acme, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
LIST_CUT = "System.Collections.Generic.List`1[[System.String"
LIST = f"System.Collections.Generic.List`1[[System.String, {CORE}]]"
BOX_CUT = "Acme.Box`1[[Acme.Item"
BOX = f"Acme.Box`1[[Acme.Item, {ACME}]]"
BOX_LIBRARY = f"{ACME}]], {ACME}"  # what is left of Box's name after the cut
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "nrbf" / "payloads"


def string_list() -> bytes:
    """A List<string> {"a", "b"} whose name was cut at its first comma."""
    members = [("_items", b.STRING_ARRAY), ("_size", b.prim(b.Prim.Int32)),
               ("_version", b.prim(b.Prim.Int32))]
    return (HDR + b.binary_library(2, f"{CORE}]]") +
            b.class_with_members_and_types(1, LIST_CUT, members, 2, b.member_reference(3) +
                                           b.i32(2) + b.i32(2)) +
            b.array_single_string(3, 4) + b.object_string(4, "a") + b.object_string(5, "b") +
            b.null_multiple_256(2) + END)


def box(oid: int = 1, count: int = 5) -> bytes:
    return b.class_with_members_and_types(oid, BOX_CUT, [("Count", b.prim(b.Prim.Int32))], 2,
                                          b.i32(count))


@serializable(type_name="TruncatedTests.Box", assembly_name="TruncatedTests")
@attrs.define
class Box:
    Count: int = 0


REGISTRY = TypeRegistry()
REGISTRY.register(Box, BOX, ACME)


def test_a_cut_system_generic_is_joined_with_mscorlib() -> None:
    raw = decode(string_list())
    assert (raw.type_name, raw.library_name) == (LIST_CUT, f"{CORE}]]")
    joined = decode(string_list(), undo_truncated_type_names=True)
    assert (joined.type_name, joined.library_name) == (LIST, CORE)
    assert BinaryFormatter(undo_truncated_type_names=True).loads(string_list()) == ["a", "b"]


def test_a_cut_user_generic_binds_only_when_joined() -> None:
    data = HDR + b.binary_library(2, BOX_LIBRARY) + box() + END
    record = decode(data, undo_truncated_type_names=True)
    assert (record.type_name, record.library_name) == (BOX, ACME)
    assert BinaryFormatter(registry=REGISTRY, undo_truncated_type_names=True).loads(
        data) == Box(5)
    with pytest.raises(TypeNotAllowedError, match="undo_truncated_type_names=True") as info:
        BinaryFormatter(registry=REGISTRY).loads(data)
    assert info.value.type_name == BOX_CUT


def test_member_and_element_types_are_joined() -> None:
    # A Holder whose member Box is typed Class(Box, library 2), the library defined only
    # after the class record (a member type may refer to a later library); and a Box[].
    holder = b.class_with_members_and_types(
        1, "Acme.Holder", [("Box", b.klass(BOX_CUT, 2)), ("Boxes", b.OBJECT)], 3,
        b.binary_library(2, BOX_LIBRARY) + box(4) +
        b.binary_array(5, b.ArrayType.Single, [1], b.klass(BOX_CUT, 2)) + b.class_with_id(6, 4) +
        b.i32(7))
    data = HDR + b.binary_library(3, ACME) + holder + END
    raw = decode(data)
    assert raw.member_types[0].info == (BOX_CUT, BOX_LIBRARY)
    root = decode(data, undo_truncated_type_names=True)
    assert root.member_types[0] == (BinaryType.CLASS, (BOX, ACME))
    assert root["Boxes"].element_type == (BinaryType.CLASS, (BOX, ACME))
    assert (root["Box"]["Count"], root["Boxes"].values[0]["Count"]) == (5, 7)


@pytest.mark.parametrize(
    ("type_name", "library"),
    [
        pytest.param("Acme.Box`1[[Acme.Item", ACME, id="never-closed"),
        pytest.param("Acme.Box`1[[Acme.Item", f"{ACME}]]]], {ACME}", id="closed-twice"),
        pytest.param("Acme.Box`1[[Acme.Item", f"{ACME}]], Acme[x]", id="bracket-in-assembly"),
    ],
)
def test_pieces_that_do_not_join_are_refused(type_name: str, library: str) -> None:
    data = (HDR + b.binary_library(2, library) + b.class_with_members_and_types(
        1, type_name, [], 2) + END)
    assert decode(data).type_name == type_name  # as they are, without the option
    with pytest.raises(NrbfFormatError, match="do not join into one type name") as info:
        decode(data, undo_truncated_type_names=True)
    assert info.value.offset == 17 + len(b.binary_library(2, library))


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.bin")
                                         if p.stem != "simple_typeswhenneeded"))
def test_whole_names_are_left_alone(name: str) -> None:
    # Mono's payloads (generic types with user arguments among them) read the same with it.
    data = (GOLDEN / name).read_bytes()
    assert format_tree(decode(data, undo_truncated_type_names=True)) == format_tree(decode(data))
