"""Surrogates and binders: serializing a type you do not own, and gating the types you read.

A surrogate (.NET's ISerializationSurrogate) writes and reads objects of a type on its behalf:
here ``ipaddress.IPv4Address``, which we cannot mark ``@serializable``. A SurrogateSelector maps
the type (and a StreamingContext) to its surrogate. A SerializationBinder is the gate every
type name in a payload passes: an allow-list on reading, a rename on writing.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import serialkit
from serialkit import (
    BinaryFormatter,
    NotSerializableError,
    SerializationBinder,
    SerializationInfo,
    StreamingContext,
    SurrogateSelector,
    TypeNotAllowedError,
    serializable,
)


class IPv4Surrogate:
    """Writes an IPv4Address as its dotted text; reads it back."""

    def get_object_data(self, obj: ipaddress.IPv4Address, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.full_type_name = "Net.IPv4"        # the wire name (default: the Python name)
        info.assembly_name = "Net"
        info.add_value("address", str(obj))

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> ipaddress.IPv4Address:
        # obj is an uninitialised IPv4Address; an immutable type is easier to build anew. The
        # returned object replaces obj in the graph (return None to keep obj).
        return ipaddress.IPv4Address(info.get_value("address", str))


# Reading meets the wire name "Net.IPv4": a binder says which class it is, and the selector
# then supplies that class's surrogate.
class NetBinder(SerializationBinder):
    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return ipaddress.IPv4Address if type_name == "Net.IPv4" else None


@serializable(type_name="Recipes.Recipe", assembly_name="Recipes")
class Recipe:
    name: str
    amounts: dict[str, object]      # Dictionary<string, object>: values keep their runtime type

    def __init__(self, name: str, amounts: dict[str, object]) -> None:
        self.name, self.amounts = name, amounts


@serializable(type_name="Ops.Inventory", assembly_name="Ops")
class Inventory:
    hosts: dict[str, object]         # Dictionary<string, object>

    def __init__(self, hosts: dict[str, object]) -> None:
        self.hosts = hosts


gateway = ipaddress.IPv4Address("10.0.0.1")
inventory = Inventory({"gw": gateway, "dns": ipaddress.IPv4Address("10.0.0.53"),
                       "gw-alias": gateway})

# Without a surrogate, IPv4Address is refused, and the error says where it is in the graph.
try:
    BinaryFormatter().dumps(inventory)
    raise AssertionError("IPv4Address needs a surrogate")
except NotSerializableError as exc:
    print("no surrogate:", exc)

selector = SurrogateSelector()
selector.add_surrogate(ipaddress.IPv4Address, StreamingContext(), IPv4Surrogate())
formatter = BinaryFormatter(surrogate_selector=selector, binder=NetBinder())
data = formatter.dumps(inventory)
back = formatter.loads(data)
print("with a surrogate:", back.hosts)
assert back.hosts == inventory.hosts
assert back.hosts["gw"] is back.hosts["gw-alias"]          # shared once, read back shared

# On the wire an address is a class record with the name the surrogate chose.
pairs = serialkit.nrbf.decode(data)["hosts"]["KeyValuePairs"].values
print("wire record:", pairs[0]["value"].type_name, dict(pairs[0]["value"].items()))

# Reading the same bytes without the surrogate refuses the type: nothing is built.
try:
    BinaryFormatter().loads(data)
    raise AssertionError("Net.IPv4 should be refused")
except TypeNotAllowedError as exc:
    print("read without the surrogate:", exc.message.split(":")[0])


# A binder as an allow-list. Every @serializable class in the process is readable by default;
# this binder narrows that to the types one payload format may hold.
@serializable(type_name="Admin.Command", assembly_name="Admin")
class Command:
    text: str

    def __init__(self, text: str) -> None:
        self.text = text


class RecipesOnly(SerializationBinder):
    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        if type_name.startswith("System.") or type_name == "Recipes.Recipe":
            return None                       # allowed: resolve as usual
        raise TypeNotAllowedError(f"{type_name} is not a recipe type", type_name=type_name)


guarded = BinaryFormatter(binder=RecipesOnly())
assert guarded.loads(BinaryFormatter().dumps(Recipe("tea", {"bags": 1}))).name == "tea"
try:
    guarded.loads(BinaryFormatter().dumps(Command("rm -rf /")))
    raise AssertionError("the binder should refuse Admin.Command")
except TypeNotAllowedError as exc:
    print("allow-list:", exc)


# A binder as a rename: write Recipe under the name an older .NET program knows, and map that
# name back when reading.
class LegacyNames(SerializationBinder):
    def bind_to_name(self, cls: type) -> tuple[str | None, str | None]:
        if cls is Recipe:
            return "Kitchen, Version=1.0.0.0", "Kitchen.RecipeCard"
        return None, None

    def bind_to_type(self, assembly_name: str, type_name: str) -> type | None:
        return Recipe if type_name == "Kitchen.RecipeCard" else None


legacy = BinaryFormatter(binder=LegacyNames())
data = legacy.dumps(Recipe("soup", {"salt (tsp)": 1}))
root = serialkit.nrbf.decode(data)
print("renamed on the wire:", root.type_name, "in", root.library_name)
assert (root.type_name, root.library_name) == ("Kitchen.RecipeCard", "Kitchen, Version=1.0.0.0")
assert legacy.loads(data).name == "soup"
