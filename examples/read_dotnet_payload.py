"""Reading a payload that .NET wrote.

Mono's BinaryFormatter (the .NET Framework code) wrote these bytes for this C#:

    [Serializable] public class Simple {
        public int A = 42; public string S = "hi";
        [NonSerialized] public int Skip = 7; private double d = 1.5;
    }
    formatter.Serialize(stream, new Simple());                        // SIMPLE
    formatter.Serialize(stream, new List<Simple> { new Simple() });   // LIST_OF_SIMPLE

First we look at them with serialkit.nrbf.decode, which needs no classes and instantiates
nothing; then we bind them to a Python class that declares the .NET names.
"""

from __future__ import annotations

from typing import Annotated

import serialkit
from serialkit import BinaryFormatter, NonSerialized, TypeNotAllowedError, serializable

SIMPLE = bytes.fromhex(
    "0001000000ffffffff01000000000000000c020000003a67656e2c2056657273696f6e3d302e302e302e302c"
    "2043756c747572653d6e65757472616c2c205075626c69634b6579546f6b656e3d6e756c6c05010000000653"
    "696d706c65030000000141015301640001000806020000002a0000000603000000026869000000000000f83f"
    "0b")
LIST_OF_SIMPLE = bytes.fromhex(
    "0001000000ffffffff01000000000000000c020000003a67656e2c2056657273696f6e3d302e302e302e302c"
    "2043756c747572653d6e65757472616c2c205075626c69634b6579546f6b656e3d6e756c6c04010000006753"
    "797374656d2e436f6c6c656374696f6e732e47656e657269632e4c69737460315b5b53696d706c652c206765"
    "6e2c2056657273696f6e3d302e302e302e302c2043756c747572653d6e65757472616c2c205075626c69634b"
    "6579546f6b656e3d6e756c6c5d5d03000000065f6974656d73055f73697a65085f76657273696f6e04000008"
    "53696d706c655b5d020000000808090300000001000000010000000703000000000100000004000000040653"
    "696d706c650200000009040000000d0305040000000653696d706c6503000000014101530164000100080602"
    "0000002a0000000605000000026869000000000000f83f0b")

# 1. Records only: type names, member names, wire types and values.
record = serialkit.nrbf.decode(SIMPLE)
print(f"{record.type_name} from assembly {record.library_name!r}")
for (name, value), member_type in zip(record.items(), record.member_types or (), strict=True):
    print(f"  {name}: {member_type.describe()} = {value!r}")
assert dict(record.items()) == {"A": 42, "S": "hi", "d": 1.5}    # Skip was never written

lst = serialkit.nrbf.decode(LIST_OF_SIMPLE)
items = lst["_items"]                   # List<T> keeps its backing array and its size
print(f"{lst.type_name.split('[')[0]}: _size={lst['_size']}, _items={items!r}")
print("  first element:", dict(items.values[0].items()), "| capacity padding:", items.values[1:])
assert lst["_size"] == 1 and items.values[0]["A"] == 42

# Without a class for "Simple", BinaryFormatter refuses to build anything.
try:
    BinaryFormatter().loads(SIMPLE)
    raise AssertionError("an unregistered type should be refused")
except TypeNotAllowedError as exc:
    print("unbound:", exc.message.split(":")[0])


# 2. Bound to a class. The Python attribute names are the .NET field names; the assembly
#    matches by simple name ("gen") unless the formatter asks for FULL.
@serializable(type_name="Simple",
              assembly_name="gen, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null")
class Simple:
    A: int                                          # int    -> Int32
    S: str                                          # string -> String
    Skip: Annotated[int, NonSerialized] = 7         # [NonSerialized]: not on the wire
    d: float                                        # private double d

    def __init__(self) -> None:
        self.A, self.S, self.Skip, self.d = 42, "hi", 7, 1.5


obj = BinaryFormatter().loads(SIMPLE)
print(f"bound: Simple(A={obj.A}, S={obj.S!r}, d={obj.d}, Skip={obj.Skip})")
assert (obj.A, obj.S, obj.d) == (42, "hi", 1.5)
# .NET would leave Skip at 0 (no initializer runs); serialkit gives it the declared default.
assert obj.Skip == 7

objs = BinaryFormatter().loads(LIST_OF_SIMPLE)
print("bound list:", [(o.A, o.S, o.d) for o in objs])
assert len(objs) == 1 and objs[0].A == 42

# Writing it back gives the very bytes .NET wrote.
same = BinaryFormatter().dumps(obj) == SIMPLE
print("serialkit writes it back byte for byte as .NET did:", same)
assert same
