"""Quick start: a small domain graph through BinaryFormatter and back.

Run it with ``pip install -e . && python examples/quickstart.py``.

A customer places two orders; each order points back at the customer (a cycle), so the
customer is shared. BinaryFormatter writes the graph as MS-NRBF, the bytes .NET's
``BinaryFormatter`` writes; serialkit.nrbf.decode shows the records without building a single
class; BinaryFormatter reads the graph back with its shared references intact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

import serialkit
from serialkit import BinaryFormatter, serializable


# @serializable is .NET's [Serializable]. type_name / assembly_name are the .NET names the
# class is written as; reading binds those names back to this class (and to nothing else).
@serializable(type_name="Shop.Customer", assembly_name="Shop")
@attrs.define(eq=False)  # eq=False: compare by identity, as .NET reference types do
class Customer:
    name: str
    orders: list[Order] = attrs.Factory(list)  # List<Order>


@serializable(type_name="Shop.Order", assembly_name="Shop")
@attrs.define(eq=False)
class Order:
    number: int                  # Int32
    customer: Customer           # a reference: written once, shared
    total: Decimal               # System.Decimal
    placed: dt.datetime          # System.DateTime (naive = Kind Unspecified)
    lines: dict[str, int]        # Dictionary<string, int>


ada = Customer("Ada")
ada.orders.append(Order(1, ada, Decimal("19.99"), dt.datetime(2024, 5, 1, 12, 0), {"apple": 3}))
ada.orders.append(Order(2, ada, Decimal("5.00"), dt.datetime(2024, 5, 2, 9, 30), {"fig": 2}))

formatter = BinaryFormatter()
data = formatter.dumps(ada)
print(f"payload: {len(data)} bytes")
print("first 32 bytes:", data[:32].hex(" "))
# 00 = SerializedStreamHeader (root id 1), then 0c = BinaryLibrary "Shop", 05 = a class record.
assert data[0] == 0x00 and data[17] == 0x0C

# The record layer: what the payload says, without instantiating anything.
root = serialkit.nrbf.decode(data)
print(f"root record: {root.type_name} (assembly {root.library_name})")
for name, value in root.items():
    print(f"  {name} = {value!r}")
print("the record tree (what `serialkit inspect` prints):")
print(serialkit.nrbf.format_tree(root, max_items=2))
orders_list = root["orders"]                          # a List`1 record: _items, _size, ...
first = orders_list["_items"].values[0]               # the first Order's record
print(f"  orders[0]: {first.type_name}, members {list(first.member_names)}")
assert root.type_name == "Shop.Customer"
assert first["customer"] is root                      # the cycle is a cycle of records too

# Back to objects: one Customer, shared by both orders.
back = formatter.loads(data)
print("read back:", back.name, [(o.number, o.total, o.placed.isoformat()) for o in back.orders])
print("orders[0].customer is back:", back.orders[0].customer is back)
print("orders[1].customer is back:", back.orders[1].customer is back)
assert back.orders[0].customer is back and back.orders[1].customer is back
assert back.orders[1].lines == {"fig": 2} and back.orders[0].total == Decimal("19.99")
print("identity preserved: OK")
