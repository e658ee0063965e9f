"""Reading and writing rules checked against Mono's XmlSerializer (csharp/RwPeer.cs).

A nullable flat list writes ``xsi:nil`` items; ``DefaultValue(5)`` omits a double 5.0;
``xsi:nil`` on a string that is not nillable reads its text; unmapped ``xsi:*`` and ``xml:*``
attributes are reported to the events; digits of other scripts are refused; linked lists a
thousand deep and 2,048 levels deep (the default ``max_depth``) go both ways. Each runs on
both engines (conftest.py's ``xml_engine``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import pytest
from _mono import compile_peer, run_peer

from serialkit import DefaultValue, XmlElement, XmlSerializer
from serialkit.xml.errors import XmlFormatError

CSHARP = Path(__file__).resolve().parent / "csharp"


@dataclasses.dataclass
class RwFlatNil:
    F: Annotated[list[str | None], XmlElement(is_nullable=True)] = dataclasses.field(
        default_factory=list)


@dataclasses.dataclass
class RwDefaults:
    D: Annotated[float, DefaultValue(5)] = 0.0
    M: Annotated[Decimal, DefaultValue(5)] = Decimal(0)
    I: Annotated[int, DefaultValue(5.0)] = 0  # noqa: E741 (the C# member's name)


@dataclasses.dataclass
class RwNode:
    Value: int = 0
    Next: RwNode | None = None


@dataclasses.dataclass
class RwNilStr:
    S: str = "init"
    N: int | None = 1
    T: str | None = None
    R: Annotated[str | None, XmlElement(is_nullable=True)] = "r"
    C: RwInner | None = None


@dataclasses.dataclass
class RwInner:
    V: str | None = None


@dataclasses.dataclass
class RwOuter:
    I: RwInner | None = None  # noqa: E741
    S: str | None = None


@dataclasses.dataclass
class RwNums:
    I: int = 0  # noqa: E741
    D: float = 0.0
    M: Decimal = Decimal(0)


def _chain(length: int) -> RwNode:
    head: RwNode | None = None
    for value in range(length):
        head = RwNode(value, head)
    assert head is not None
    return head


def _length(node: RwNode | None) -> tuple[int, int]:
    count, first = 0, -1
    while node is not None:
        if count == 0:
            first = node.Value
        count += 1
        node = node.Next
    return count, first


#: case -> (serialkit's type, the object Mono writes for it)
CASES: dict[str, tuple[type, object]] = {
    "flatnil": (RwFlatNil, RwFlatNil(["a", None, "b"])),
    "defaults_omitted": (RwDefaults, RwDefaults(5.0, Decimal("5.00"), 5)),
    "defaults_written": (RwDefaults, RwDefaults(5.5, Decimal("5.1"), 6)),
    "deep": (RwNode, _chain(1000)),
    "deep_max": (RwNode, _chain(2047)),  # 2048 levels: the most max_depth allows by default
}

NIL_DOC = ('<RwNilStr xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><S xsi:nil="true" />'
           '<N xsi:nil="true" /><T xsi:nil="true">x</T><R xsi:nil="true" />'
           '<C xsi:nil="true"><V>c</V></C></RwNilStr>')

EVENTS_DOC = ('<RwOuter xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="urn:a a.xsd" xsi:noNamespaceSchemaLocation="b.xsd" '
              'xsi:type="RwOuter" xml:lang="en">\n<I xsi:nil="false" '
              'xsi:schemaLocation="urn:c c.xsd"><V>v</V></I>'
              '<S xsi:schemaLocation="urn:d d.xsd">s</S></RwOuter>')

#: Texts for RwNums: digits of other scripts, and ASCII ones for contrast.
NUMBER_DOCS = ["<RwNums><I>\u0665</I></RwNums>", "<RwNums><I>\uff11\uff12</I></RwNums>",
               "<RwNums><D>\u0661.\u0665</D></RwNums>", "<RwNums><D>1e\u0665</D></RwNums>",
               "<RwNums><M>\u0665</M></RwNums>", "<RwNums><I>12</I><D>1.5</D><M>2.50</M></RwNums>"]


@dataclasses.dataclass
class Mono:
    """What Mono wrote and read, once for the module (the engines share it)."""

    run: Callable[..., str]
    documents: dict[str, bytes]
    workdir: Path


@pytest.fixture(scope="module")
def mono(tmp_path_factory: pytest.TempPathFactory) -> Mono:
    runner, exe = compile_peer(tmp_path_factory, "RwPeer.exe", [CSHARP / "RwPeer.cs"],
                               ["System.Xml.dll"])
    work = tmp_path_factory.mktemp("rw-mono")
    own = work / "own"
    own.mkdir()

    def run(*args: str) -> str:
        return run_peer(runner, exe, *args).stdout

    run("write", str(own))
    documents = {case: (own / f"{case}.net.xml").read_bytes() for case in CASES}
    return Mono(run, documents, work)


@pytest.mark.parametrize("case", sorted(CASES))
def test_serialkit_writes_monos_bytes(mono: Mono, case: str) -> None:
    cls, obj = CASES[case]
    assert XmlSerializer(cls).dumps(obj) == mono.documents[case].replace(
        b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/'
        b'XMLSchema-instance"', b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xmlns:xsd="http://www.w3.org/2001/XMLSchema"')


@pytest.mark.parametrize("case", sorted(CASES))
def test_serialkit_reads_monos_documents(mono: Mono, case: str) -> None:
    cls, obj = CASES[case]
    back = XmlSerializer(cls).loads(mono.documents[case])
    if cls is RwNode:
        size = _length(obj)[0]  # type: ignore[arg-type]
        assert _length(back) == (size, size - 1)
    elif case == "defaults_omitted":
        assert back == RwDefaults()  # nothing was written: the members keep their values
    else:
        assert back == obj


def test_mono_reads_serialkit_documents(mono: Mono, xml_engine: str) -> None:
    batch = mono.workdir / f"py-{xml_engine}"
    batch.mkdir()
    for case, (cls, obj) in CASES.items():
        (batch / f"{case}.py.xml").write_bytes(XmlSerializer(cls).dumps(obj))
    (batch / "nilstr.py.xml").write_text(NIL_DOC, encoding="utf-8")
    lines = mono.run("read", str(batch)).splitlines()
    assert lines == ["flatnil: a|<null>|b", "defaults_omitted: 0 0 0",
                     "defaults_written: 5.5 5.1 6", "deep: 1000 nodes from 999",
                     "deep_max: 2047 nodes from 2046",
                     "nilstr: S='' N=<null> T='x' R=<null> C=V='c'"]
    assert XmlSerializer(RwNilStr).loads(NIL_DOC) == RwNilStr("", None, "x", None,
                                                              RwInner("c"))


def test_unknown_attribute_events_as_mono_reports_them(mono: Mono) -> None:
    path = mono.workdir / "events.xml"
    path.write_text(EVENTS_DOC, encoding="utf-8")
    expected = mono.run("events", str(path)).splitlines()
    seen: list[str] = []
    s = XmlSerializer(RwOuter)
    s.unknown_node = lambda e: seen.append(f"node {e.node_type} {e.name} {e.namespace_uri} "
                                           f"{e.text} {type(e.obj).__name__}")
    s.unknown_attribute = lambda e: seen.append(f"attr {e.name} {e.value} {e.line_number} "
                                                f"{type(e.obj).__name__}")
    o = s.loads(EVENTS_DOC)
    seen.append(f"read '{o.I.V}' '{o.S}'")
    assert len(expected) == 13  # six attributes, two events each, and the values
    assert seen == expected


def test_digits_of_other_scripts_as_mono(mono: Mono) -> None:
    paths = []
    for index, doc in enumerate(NUMBER_DOCS):
        path = mono.workdir / f"number{index}.xml"
        path.write_text(doc, encoding="utf-8")
        paths.append(str(path))
    verdicts = mono.run("number", *paths).splitlines()
    assert verdicts == ["ERR FormatException"] * 5 + ["12 1.5 2.50"]
    for doc in NUMBER_DOCS[:5]:
        with pytest.raises(XmlFormatError, match="is not a valid"):
            XmlSerializer(RwNums).loads(doc)
    assert XmlSerializer(RwNums).loads(NUMBER_DOCS[5]) == RwNums(12, 1.5, Decimal("2.50"))
