"""Control serialization of derived classes (the .NET how-to).

A member typed as a base class may hold a derived instance when the derived class is
registered, with ``@xml_include`` on the base (``[XmlInclude]``) or ``extra_types=`` on the
serializer; it is written with ``xsi:type``. Several ``XmlElement(name, type)`` on a list give
each derived class its own element name instead. Unregistered classes are refused: nothing is
ever instantiated from a name found in a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from serialkit import XmlElement, XmlFormatError, XmlSerializer, xml_include


@dataclass
class Instrument:
    Name: str = ""


@dataclass
class Brass(Instrument):
    IsValved: bool = False


@dataclass
class Trumpet(Brass):
    Modulation: str = ""


@xml_include(Brass, Trumpet)
@dataclass
class Orchestra:
    Soloist: Instrument | None = None
    Section: list[Instrument] = field(default_factory=list)
    Named: Annotated[list[Instrument], XmlElement("brass", Brass),
                     XmlElement("trumpet", Trumpet)] = field(default_factory=list)


def main() -> None:
    """Write an orchestra with derived instruments and read it back."""
    band = Orchestra(Trumpet("Bach", True, "B flat"), [Instrument("Drum"), Brass("Tuba", True)],
                     [Brass("Horn", True), Trumpet("Cornet", True, "E flat")])
    serializer = XmlSerializer(Orchestra)
    text = serializer.dumps(band).decode()
    print(text)
    assert '<Soloist xsi:type="Trumpet">' in text and "<trumpet>" in text
    assert band == serializer.loads(text)

    @dataclass
    class Unregistered(Instrument):
        pass

    try:
        serializer.dumps(Orchestra(Unregistered("x")))
    except XmlFormatError as exc:
        print("refused:", exc.message.split(". ")[0].split(": ")[-1])
    else:
        raise AssertionError("an unregistered derived class was written")


if __name__ == "__main__":
    main()
