"""Override encoded SOAP XML serialization (the .NET how-to).

A class you cannot change is reshaped in SOAP-encoded XML at run time: ``SoapAttributes``
carry the replacement ``SoapElement``, ``SoapAttribute``, ``SoapType``, ``SoapEnum`` or
``SoapIgnore`` of one class or member, ``SoapAttributeOverrides`` collects them, and the
``SoapReflectionImporter`` built with them maps the class as if it had been declared so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from serialkit import (
    SoapAttribute,
    SoapAttributeOverrides,
    SoapAttributes,
    SoapElement,
    SoapEnum,
    SoapReflectionImporter,
    SoapType,
    XmlSerializer,
)


class Priority(enum.Enum):
    Low = 0
    High = 1


@dataclass
class Group:
    """A class from a library: no SOAP attributes at all."""

    GroupName: str = "Cosmic"
    Code: int = 42
    Urgency: Priority = Priority.High
    Things: str = "internal"


def overrides() -> SoapAttributeOverrides:
    ov = SoapAttributeOverrides()
    ov.add(Group, SoapAttributes(soap_type=SoapType("Team", namespace="urn:teams")))
    ov.add(Group, "GroupName", SoapAttributes(soap_element=SoapElement("TeamName")))
    ov.add(Group, "Code", SoapAttributes(soap_attribute=SoapAttribute("code")))
    ov.add(Group, "Things", SoapAttributes(soap_ignore=True))
    ov.add(Priority, "High", SoapAttributes(soap_enum=SoapEnum("urgent")))
    return ov


def main() -> None:
    plain = XmlSerializer(SoapReflectionImporter().import_type_mapping(Group))
    print(plain.dumps(Group()).decode())

    overridden = XmlSerializer(SoapReflectionImporter(overrides()).import_type_mapping(Group))
    data = overridden.dumps(Group())
    print(data.decode())
    assert b"<TeamName" in data and b'q1:code="42"' in data and b">urgent<" in data
    assert b"Things" not in data
    back = overridden.loads(data)
    assert back == Group()  # Things keeps its default: it was never written
    print("overridden: GroupName -> TeamName, Code -> @code, High -> urgent, Things ignored")


if __name__ == "__main__":
    main()
