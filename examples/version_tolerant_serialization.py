"""The .NET "Version Tolerant Serialization" sample: v1 data read by v2 code, and back.

Version 1 of ``People.Person`` had a name and an age. Version 2 adds ``email`` and
``nickname``, marked OptionalField as .NET's best practice says, and sets their defaults in an
``@on_deserializing`` method. In real life v1 and v2 are two releases of one program; here both
classes live in one script, so the v1 payload is embedded as the bytes version 1 wrote.
"""

from __future__ import annotations

from typing import Annotated

import serialkit
from serialkit import (
    BinaryFormatter,
    FormatterAssemblyStyle,
    OptionalField,
    SerializationBinder,
    SerializationError,
    StreamingContext,
    TypeNotAllowedError,
    on_deserialized,
    on_deserializing,
    serializable,
)

V1 = "People, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"
V2 = "People, Version=2.0.0.0, Culture=neutral, PublicKeyToken=null"


# What version 1 saved. Version 1 declared only this class:
#
#     @serializable(type_name="People.Person", assembly_name=V1)
#     class Person:
#         name: str
#         age: int
#
# and wrote Person("Ada", 36). These are its bytes (what .NET would write too):
v1_payload = bytes.fromhex(
    "0001000000ffffffff01000000000000000c020000003d50656f706c652c2056657273696f6e3d312e302e30"
    "2e302c2043756c747572653d6e65757472616c2c205075626c69634b6579546f6b656e3d6e756c6c05010000"
    "000d50656f706c652e506572736f6e02000000046e616d650361676501000802000000060300000003416461"
    "240000000b")
print("v1 payload:", serialkit.nrbf.decode(v1_payload).library_name)


@serializable(type_name="People.Person", assembly_name=V2)
class PersonV2:
    name: str
    age: int
    email: Annotated[str, OptionalField(version_added=2)]
    nickname: Annotated[str, OptionalField(version_added=2)]

    def __init__(self, name: str, age: int, email: str, nickname: str) -> None:
        self.name, self.age, self.email, self.nickname = name, age, email, nickname

    @on_deserializing          # before any member is set: the place for defaults, as in .NET
    def set_defaults(self, context: StreamingContext) -> None:
        self.email = "unknown@example.com"
        self.nickname = ""

    @on_deserialized           # after the members: derive what the old version lacked
    def fix_up(self, context: StreamingContext) -> None:
        if not self.nickname:
            self.nickname = self.name.lower()


# 1. SIMPLE (the default) matches the assembly by simple name ("People") and ignores the
#    version: v2 reads v1's payload; the missing optional members keep their defaults.
person = BinaryFormatter().loads(v1_payload)
print(f"v2 read v1 data: {type(person).__name__}(name={person.name!r}, age={person.age}, "
      f"email={person.email!r}, nickname={person.nickname!r})")
assert isinstance(person, PersonV2)
assert (person.email, person.nickname) == ("unknown@example.com", "ada")

# 2. FULL compares the whole assembly name, version included, as .NET does: Version=1.0.0.0
#    is not Version=2.0.0.0, so the type is refused.
full = BinaryFormatter(assembly_format=FormatterAssemblyStyle.FULL)
try:
    full.loads(v1_payload)
    raise AssertionError("FULL should refuse another assembly version")
except TypeNotAllowedError as exc:
    print("FULL without a binder:", exc.message.split(":")[0])


# A binder maps old names to today's classes (.NET's SerializationBinder.BindToType).
class VersionBinder(SerializationBinder):
    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        if type_name == "People.Person" and assembly_name.startswith("People,"):
            return PersonV2
        return None                 # anything else: the normal lookup


person = BinaryFormatter(binder=VersionBinder(),
                         assembly_format=FormatterAssemblyStyle.FULL).loads(v1_payload)
print("FULL with a binder:", person.name, person.email)
assert isinstance(person, PersonV2) and person.email == "unknown@example.com"


# 3. Under FULL every member that is not OptionalField must be in the payload. A v2 class
#    that forgot the attribute fails on v1 data (under SIMPLE it would keep its default).
@serializable(type_name="People.PersonDraft", assembly_name=V2)
class PersonDraft:
    name: str
    age: int
    email: str = ""            # new in v2, but not marked OptionalField


class DraftBinder(SerializationBinder):
    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return PersonDraft if type_name == "People.Person" else None


try:
    BinaryFormatter(binder=DraftBinder(), assembly_format=FormatterAssemblyStyle.FULL
                    ).loads(v1_payload)
    raise AssertionError("FULL should require the non-optional member")
except SerializationError as exc:
    print("FULL, member not OptionalField:", exc.message)
draft = BinaryFormatter(binder=DraftBinder()).loads(v1_payload)
assert draft.email == ""
print("SIMPLE, same class: tolerated, email =", repr(draft.email))


# 4. Extraneous data is ignored: v1 code reads v2's payload and drops the members it lacks.
#    (A binder picks the old class here, because both versions share this one process.)
@serializable(type_name="People.Person", assembly_name=V1)
class PersonV1:
    name: str
    age: int


class OldBinder(SerializationBinder):
    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return PersonV1 if type_name == "People.Person" else None


v2_payload = BinaryFormatter().dumps(PersonV2("Grace", 45, "grace@example.com", "amazing"))
old = BinaryFormatter(binder=OldBinder()).loads(v2_payload)
print(f"v1 read v2 data: {type(old).__name__}(name={old.name!r}, age={old.age}); "
      f"has email: {hasattr(old, 'email')}")
assert isinstance(old, PersonV1) and not hasattr(old, "email")
