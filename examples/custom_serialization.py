"""Custom serialization: get_object_data / set_object_data, SerializationInfo, callbacks.

.NET's ISerializable is a class that writes its own name/value pairs in ``GetObjectData`` and
reads them back in a special constructor ``(SerializationInfo, StreamingContext)``. In
serialkit the class defines ``get_object_data(self, info, context)`` and
``set_object_data(self, info, context)``; the latter runs on an instance made with
``cls.__new__(cls)`` (no ``__init__``, as .NET runs no ordinary constructor).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import serialkit
from serialkit import (
    BinaryFormatter,
    Int64,
    SerializationInfo,
    StreamingContext,
    StreamingContextStates,
    on_deserialized,
    on_deserializing,
    on_serialized,
    on_serializing,
    serializable,
)

events: list[str] = []


@serializable(type_name="Bank.Money", assembly_name="Bank")
class Money:
    def __init__(self, amount: Decimal, currency: str) -> None:
        self.amount, self.currency = amount, currency

    # ISerializable.GetObjectData: choose the member names, values and (optionally) types.
    def get_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        events.append(f"get_object_data (context {context.state.name})")
        info.add_value("cents", int(self.amount * 100), Annotated[int, Int64])  # a .NET long
        info.add_value("currency", self.currency)                      # type from the value
        info.add_value("memo", None, str)                              # a null String member

    # The deserialization constructor.
    def set_object_data(self, info: SerializationInfo, context: StreamingContext) -> None:
        events.append(f"set_object_data ({info.member_count} members)")
        self.amount = Decimal(info.get_value("cents", int)) / 100
        self.currency = info.get_value("currency", str)
        self.rate = info.get("rate", Decimal(1))          # absent in old payloads: a default

    # The four callbacks ([OnSerializing] ...): methods taking the StreamingContext.
    @on_serializing
    def _before_write(self, context: StreamingContext) -> None:
        events.append("on_serializing")

    @on_serialized
    def _after_write(self, context: StreamingContext) -> None:
        events.append("on_serialized")

    @on_deserializing
    def _before_read(self, context: StreamingContext) -> None:
        events.append("on_deserializing")

    @on_deserialized
    def _after_read(self, context: StreamingContext) -> None:
        events.append("on_deserialized")

    # IDeserializationCallback.OnDeserialization: once the whole graph is read.
    def on_deserialization(self, sender: object) -> None:
        events.append("on_deserialization")


# The context travels to every hook: here, "this stream goes to a file".
context = StreamingContext(StreamingContextStates.FILE)
formatter = BinaryFormatter(context=context)

data = formatter.dumps(Money(Decimal("12.34"), "EUR"))
record = serialkit.nrbf.decode(data)
print("on the wire:", record.type_name)
for (name, value), member_type in zip(record.items(), record.member_types or (), strict=True):
    print(f"  {name}: {member_type.describe()} = {value!r}")
assert [t.describe() for t in record.member_types or ()] == ["Int64", "String", "String"]

money = formatter.loads(data)
print(f"read back: {money.amount} {money.currency}, rate {money.rate}")
assert (money.amount, money.currency, money.rate) == (Decimal("12.34"), "EUR", 1)

print("hook order:", " -> ".join(events))
assert events == ["on_serializing", "get_object_data (context FILE)", "on_serialized",
                  "on_deserializing", "set_object_data (3 members)", "on_deserialized",
                  "on_deserialization"]

# SerializationInfo on its own: the name/value bag both hooks share.
info = SerializationInfo("Bank.Money", "Bank")
info.add_value("cents", 1234)
print("info:", info, "| 'cents' in info:", "cents" in info,
      "| as str:", repr(info.get_value("cents", str)))
try:
    info.get_value("missing")
    raise AssertionError("a missing member should raise")
except serialkit.MemberNotFoundError as exc:
    print("missing member:", exc)
