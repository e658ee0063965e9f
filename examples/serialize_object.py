"""How to: serialize an object to a file (.NET's ``formatter.Serialize(stream, graph)``).

Writes ``orders.bin`` in the current directory; ``deserialize_object.py`` reads it back.

    FileStream fs = new FileStream("orders.bin", FileMode.Create);
    new BinaryFormatter().Serialize(fs, order);

becomes ``BinaryFormatter().serialize(stream, graph)`` on a file opened with ``"wb"``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Annotated

from serialkit import BinaryFormatter, NonSerialized, serializable


# A dataclass works as well as an attrs class or a plain annotated class.
@serializable(type_name="Samples.PurchaseOrder", assembly_name="Samples")
@dataclasses.dataclass
class PurchaseOrder:
    order_id: int
    ship_to: str
    order_date: dt.datetime
    items: list[str]
    total: Decimal
    # [NonSerialized]: never written (a cache, a lock, an open file...).
    cached_summary: Annotated[str | None, NonSerialized] = None


order = PurchaseOrder(1001, "Ada Lovelace, 12 St James's Square", dt.datetime(2024, 3, 1, 10, 0),
                      ["notebook", "pen"], Decimal("12.50"), cached_summary="2 items")

with open("orders.bin", "wb") as stream:
    BinaryFormatter().serialize(stream, order)

with open("orders.bin", "rb") as stream:
    data = stream.read()
print(f"wrote orders.bin: {len(data)} bytes, starting {data[:17].hex(' ')}")
assert data.startswith(b"\x00\x01\x00\x00\x00\xff\xff\xff\xff\x01\x00\x00\x00\x00\x00\x00\x00")
assert data.endswith(b"\x0b")                 # MessageEnd
assert b"cached_summary" not in data           # the NonSerialized field is not on the wire
print("serialized PurchaseOrder 1001 to orders.bin")
