"""How to: deserialize an object from a file (.NET's ``formatter.Deserialize(stream)``).

Reads ``orders.bin`` as written by ``serialize_object.py`` (run that first; if the file is
missing this script runs it for you). The class is declared again here, as it would be in
another program: reading binds by the .NET names (type and assembly), not by Python module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from typing import Annotated

from serialkit import BinaryFormatter, NonSerialized, serializable


@serializable(type_name="Samples.PurchaseOrder", assembly_name="Samples")
@dataclasses.dataclass
class PurchaseOrder:
    order_id: int
    ship_to: str
    order_date: dt.datetime
    items: list[str]
    total: Decimal
    cached_summary: Annotated[str | None, NonSerialized] = None


if not os.path.exists("orders.bin"):
    writer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serialize_object.py")
    subprocess.run([sys.executable, writer], check=True, stdout=subprocess.DEVNULL)

with open("orders.bin", "rb") as stream:
    # As in .NET, the result is typed `object`; check what you got.
    order = BinaryFormatter().deserialize(stream)

assert isinstance(order, PurchaseOrder)
print(f"read {type(order).__name__} {order.order_id}: ship to {order.ship_to!r}")
print(f"  ordered {order.order_date:%Y-%m-%d %H:%M}, items {order.items}, total {order.total}")
# No constructor ran: the NonSerialized field took its declared default.
print(f"  cached_summary = {order.cached_summary!r}")
assert order == PurchaseOrder(1001, "Ada Lovelace, 12 St James's Square",
                              dt.datetime(2024, 3, 1, 10, 0), ["notebook", "pen"],
                              Decimal("12.50"))
print("deserialized PurchaseOrder 1001 from orders.bin")
