"""Serialize an object as a SOAP-encoded XML stream (the .NET how-to).

.NET builds a SOAP-encoded XmlSerializer from a SoapReflectionImporter mapping; serialkit does
the same, ``XmlSerializer(SoapReflectionImporter().import_type_mapping(Group))``, and writes
the bytes .NET writes: ``xsi:type`` on every value, unqualified member elements, each object
written once (``id``) and referenced everywhere else (``href``), collections as SOAP-ENC
arrays. The document sits in a SOAP 1.1 Envelope/Body, as a Web service would send it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from serialkit import (
    Array,
    SoapAttribute,
    SoapElement,
    SoapIgnore,
    SoapReflectionImporter,
    XmlSerializer,
    soap_enum,
    soap_type,
)


@soap_enum("High", "Top")
class GroupType(enum.Enum):
    Low = 0
    High = 1


@dataclass(eq=False)
class Member:
    Name: str = ""
    Manager: Member | None = None


@soap_type("Team", namespace="http://www.cpandl.com")
@dataclass(eq=False)
class Group:
    GroupName: Annotated[str, SoapAttribute(namespace="http://www.cpandl.com")] = ""
    Kind: Annotated[GroupType, SoapElement("GroupKind")] = GroupType.Low
    Founded: Annotated[str | None, SoapElement(is_nullable=True)] = None
    Members: Annotated[list[Member] | None, Array] = None
    Notes: Annotated[str, SoapIgnore] = "never written"


def main() -> None:
    boss = Member("Ann")
    group = Group("Cosmic", GroupType.High, None, [boss, Member("Bob", boss)])

    serializer = XmlSerializer(SoapReflectionImporter().import_type_mapping(Group))
    data = serializer.dumps(group)
    print(data.decode())

    unreferenced: list[str] = []
    serializer.unreferenced_object = lambda e: unreferenced.append(e.unreferenced_id)
    back = serializer.loads(data)
    assert back.Members is not None
    ann, bob = back.Members
    ok = (back.GroupName, back.Kind, bob.Manager is ann, back.Notes) == (
        "Cosmic", GroupType.High, True, "never written") and not unreferenced
    print("SOAP-encoded round trip:", "OK (shared references kept)" if ok else "FAILED")


if __name__ == "__main__":
    main()
