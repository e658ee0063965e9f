"""SoapFormatter: the same object graph as BinaryFormatter, as SOAP 1.1 encoded XML.

.NET's SoapFormatter writes a SOAP-ENV envelope in which every object is a top-level element
with an ``id``, and every reference an ``href`` to it, so shared objects and cycles survive;
types are named by CLR namespaces. serialkit writes and reads the same documents, with the
same allow-list as BinaryFormatter: only registered classes are ever built.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated

import attrs

import serialkit
from serialkit import Array, serializable
from serialkit.soap import SoapFormatter

ASM = "Shop, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"


@serializable(type_name="Shop.Status", assembly_name=ASM)
class Status(enum.IntEnum):
    Open = 0
    Shipped = 1


@serializable(type_name="Shop.Customer", assembly_name=ASM)
@attrs.define(eq=False)
class Customer:
    Name: str


@serializable(type_name="Shop.Order", assembly_name=ASM)
@attrs.define(eq=False)
class Order:
    Number: int
    Buyer: Customer                          # a reference: written once, shared by href
    Total: Decimal
    State: Status                            # an enum: written by name
    Lines: Annotated[list[str], Array]       # string[]: SOAP-ENC:Array (generics are refused)
    Notes: list                              # a bare list is an ArrayList  # type: ignore[type-arg]


ada = Customer("Ada")
orders = [Order(1, ada, Decimal("19.99"), Status.Shipped, ["apple", "fig"], ["gift"]),
          Order(2, ada, Decimal("5.00"), Status.Open, [], [])]

formatter = SoapFormatter()
document = formatter.dumps(orders, root_type=Annotated[list[Order], Array])
text = document.decode("utf-8")
print(text[:1200], "...", sep="\n")
assert 'href="#ref-' in text and "<State>Shipped</State>" in text

back = formatter.loads(document)
print("orders read back:", [(o.Number, o.Buyer.Name, o.Total, o.State.name) for o in back])
assert back[0].Buyer is back[1].Buyer, "the shared customer is one object again"
assert back[0].Lines == ["apple", "fig"] and back[0].Notes == ["gift"]

# A generic List<T> has no SOAP form in .NET Framework, and none here:
try:
    formatter.dumps([1, 2], root_type=list[int])
except serialkit.SerializationError as exc:
    print("refused:", exc)
else:
    raise AssertionError("a List<int> must be refused")
print("SOAP round trip: OK")
