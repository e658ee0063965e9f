"""Floating-point numbers as .NET's XmlConvert writes and reads them, checked against Mono.

.NET Framework writes a double in the "R" form (15 significant digits when its own parser
reads them back as the same double, else 17) and reads with a parser that is not correctly
rounded; serialkit copies both (serialkit/xml/netnumber.py). Thousands of seeded values of
every magnitude go to Mono in one run, through csharp/NumberPeer.cs, and serialkit's
XmlSerializer must write Mono's text for each and read each text to Mono's bits.
"""

from __future__ import annotations

import math
import random
import struct
from pathlib import Path
from typing import Annotated

import pytest
from _mono import compile_peer, run_peer
from lxml import etree

from serialkit.attributes import Single
from serialkit.xml import XmlSerializer

CSHARP = Path(__file__).resolve().parent / "csharp"


def _double_bits(value: float) -> int:
    return int(struct.unpack("<q", struct.pack("<d", value))[0])


def _single_bits(value: float) -> int:
    return int(struct.unpack("<i", struct.pack("<f", value))[0])


def _doubles(rnd: random.Random, count: int) -> list[float]:
    """Finite non-zero doubles: any bit pattern, prices, wide magnitudes, subnormals, and
    short decimals (which hit exact ties)."""
    out: list[float] = []
    while len(out) < count:
        kind = len(out) % 5
        if kind == 0:
            value = struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(64)))[0]
        elif kind == 1:
            value = rnd.uniform(0, 100)
        elif kind == 2:
            value = rnd.uniform(-1e6, 1e6) * 10.0 ** rnd.randint(-30, 30)
        elif kind == 3:
            value = struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(52)))[0]
        else:
            value = round(rnd.uniform(0, 1e6), rnd.randint(0, 6)) + 0.5 * rnd.randint(0, 1)
        if value and math.isfinite(value):
            out.append(value)
    return out


def _singles(rnd: random.Random, count: int) -> list[float]:
    out: list[float] = []
    while len(out) < count:
        value = rnd.uniform(-1e4, 1e4) * 10.0 ** rnd.randint(-30, 30)
        single = struct.unpack("<f", struct.pack("<f", value))[0] if abs(value) < 3e38 else 0.0
        if single and math.isfinite(single):
            out.append(single)
    return out


def _texts(rnd: random.Random, count: int) -> list[str]:
    """Decimal texts of 1 to 17 significant digits over the whole range of a double."""
    out = []
    for i in range(count):
        size = 1 + i % 17
        digits = str(rnd.randint(10 ** (size - 1), 10**size - 1))
        exponent = rnd.randint(-330, 300)
        sign = "-" if i % 7 == 0 else ""
        out.append(f"{sign}{digits[0]}.{digits[1:]}E{exponent}" if i % 2 else
                   f"{sign}{digits}E{exponent:+d}")
    return out


RND = random.Random(20261125)
DOUBLES = _doubles(RND, 20_000)
SINGLES = _singles(RND, 5_000)
TEXTS = _texts(RND, 10_000)


@pytest.fixture(scope="module")
def mono_numbers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Mono's answers: its text for DOUBLES and SINGLES, its bits for TEXTS (as double and
    as float)."""
    mono, exe = compile_peer(tmp_path_factory, "NumberPeer.exe", [CSHARP / "NumberPeer.cs"],
                             ["System.Xml"])
    work = tmp_path_factory.mktemp("numbers")
    requests = ([f"d {_double_bits(v)}" for v in DOUBLES]
                + [f"f {_single_bits(v)}" for v in SINGLES]
                + [f"p {t}" for t in TEXTS] + [f"q {t}" for t in TEXTS])
    (work / "in.txt").write_text("\n".join(requests) + "\n", encoding="utf-8")
    run_peer(mono, exe, str(work / "in.txt"), str(work / "out.txt"))
    answers = (work / "out.txt").read_text(encoding="utf-8").splitlines()
    assert len(requests) == len(answers)
    cuts = [0, len(DOUBLES), len(SINGLES), len(TEXTS), len(TEXTS)]
    ends = [sum(cuts[:i + 1]) for i in range(1, 5)]
    starts = [0, *ends[:3]]
    return dict(zip(("d", "f", "p", "q"),
                    (answers[a:b] for a, b in zip(starts, ends, strict=True)), strict=True))


def _item_texts(document: bytes) -> list[str]:
    return [str(el.text) for el in etree.fromstring(document)]


def _differences(ours: list[str], theirs: list[str], inputs: list[object]) -> list[str]:
    return [f"{v!r}: serialkit {a}, Mono {b}"
            for v, a, b in zip(inputs, ours, theirs, strict=True) if a != b][:5]


def test_doubles_written_as_mono_writes_them(mono_numbers: dict[str, list[str]]) -> None:
    """Every one of 20,000 doubles: serialkit's XmlSerializer writes Mono's text."""
    ours = _item_texts(XmlSerializer(list[float]).dumps(DOUBLES))
    assert [] == _differences(ours, mono_numbers["d"], list(DOUBLES))


def test_singles_written_as_mono_writes_them(mono_numbers: dict[str, list[str]]) -> None:
    ours = _item_texts(XmlSerializer(list[Annotated[float, Single]]).dumps(SINGLES))
    assert [] == _differences(ours, mono_numbers["f"], list(SINGLES))


def _document(root: str, item: str, texts: list[str]) -> bytes:
    return (f"<{root}>" + "".join(f"<{item}>{t}</{item}>" for t in texts) + f"</{root}>").encode()


def _significant(text: str) -> int:
    return len(text.lstrip("-").split("E")[0].replace(".", "").strip("0"))


def test_doubles_read_as_mono_reads_them(mono_numbers: dict[str, list[str]]) -> None:
    """Texts of up to 15 digits (all that .NET writes short) read to Mono's bits; longer ones
    to the nearest double, which Mono's parser misses now and then; those Mono finds too
    large are refused (.NET's OverflowException), one at a time."""
    answers = [a if _significant(t) <= 15 or a[0] == "E" else str(_double_bits(float(t)))
               for t, a in zip(TEXTS, mono_numbers["p"], strict=True)]
    assert sum(a != b for a, b in zip(answers, mono_numbers["p"], strict=True)) > 10
    readable = [(t, a) for t, a in zip(TEXTS, answers, strict=True) if a[0] != "E"]
    too_large = [t for t, a in zip(TEXTS, answers, strict=True) if a[0] == "E"]
    assert too_large and all(a == "ERR OverflowException" for a in mono_numbers["p"] if a[0] == "E")
    serializer = XmlSerializer(list[float])
    values = serializer.loads(_document("ArrayOfDouble", "double", [t for t, _ in readable]))
    ours = [str(_double_bits(v)) for v in values]
    assert [] == _differences(ours, [a for _, a in readable], [t for t, _ in readable])
    for text in too_large[:20]:
        with pytest.raises(Exception, match="too large"):
            serializer.loads(_document("ArrayOfDouble", "double", [text]))


def test_singles_read_as_mono_reads_them(mono_numbers: dict[str, list[str]]) -> None:
    """Up to 15 digits as Mono reads them, then narrowed to a float, as .NET does."""
    readable = [(t, a) for t, a in zip(TEXTS, mono_numbers["q"], strict=True)
                if a[0] != "E" and _significant(t) <= 15]
    serializer = XmlSerializer(list[Annotated[float, Single]])
    values = serializer.loads(_document("ArrayOfFloat", "float", [t for t, _ in readable]))
    ours = [str(_single_bits(v)) for v in values]
    assert [] == _differences(ours, [a for _, a in readable], [t for t, _ in readable])
