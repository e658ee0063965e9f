"""Surrogates and binders: serializing a type you do not own, and gating the types you read.

A surrogate (.NET's ISerializationSurrogate) writes and reads objects of a type on its behalf:
here ``fractions.Fraction``, which we cannot mark ``@serializable``. A SurrogateSelector maps
the type (and a StreamingContext) to its surrogate. A SerializationBinder is the gate every
type name in a payload passes: an allow-list on reading, a rename on writing.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

import serialkit
from serialkit import (
    BinaryFormatter,
    Int64,
    NotSerializableError,
    SerializationBinder,
    SerializationInfo,
    StreamingContext,
    SurrogateSelector,
    TypeNotAllowedError,
    serializable,
)


class FractionSurrogate:
    """Writes a Fraction as two Int64 members; reads it back."""

    def get_object_data(self, obj: Fraction, info: SerializationInfo,
                        context: StreamingContext) -> None:
        info.add_value("numerator", obj.numerator, Annotated[int, Int64])
        info.add_value("denominator", obj.denominator, Annotated[int, Int64])

    def set_object_data(self, obj: Any, info: SerializationInfo, context: StreamingContext,
                        selector: SurrogateSelector | None) -> Fraction:
        # obj is an uninitialised Fraction; an immutable type is easier to build anew. The
        # returned object replaces obj in the graph (return None to keep obj).
        return Fraction(info.get_value("numerator", int), info.get_value("denominator", int))


@serializable(type_name="Recipes.Recipe", assembly_name="Recipes")
class Recipe:
    name: str
    amounts: dict[str, object]      # Dictionary<string, object>: values keep their runtime type

    def __init__(self, name: str, amounts: dict[str, object]) -> None:
        self.name, self.amounts = name, amounts


half = Fraction(1, 2)
recipe = Recipe("pancakes", {"flour (cups)": Fraction(3, 2), "milk (cups)": half, "eggs": 2})

# Without a surrogate, Fraction is refused, and the error says where it is in the graph.
try:
    BinaryFormatter().dumps(recipe)
except NotSerializableError as exc:
    print("no surrogate:", exc)

selector = SurrogateSelector()
selector.add_surrogate(Fraction, StreamingContext(), FractionSurrogate())
formatter = BinaryFormatter(surrogate_selector=selector)
data = formatter.dumps(recipe)
back = formatter.loads(data)
print("with a surrogate:", back.name, back.amounts)
assert back.amounts == {"flour (cups)": Fraction(3, 2), "milk (cups)": Fraction(1, 2), "eggs": 2}

# On the wire a Fraction is a class record named after the Python type.
pairs = serialkit.nrbf.decode(data)["amounts"]["KeyValuePairs"].values
print("wire record:", pairs[0]["value"].type_name, dict(pairs[0]["value"].items()))

# Reading the same bytes without the surrogate refuses the type: nothing is built.
try:
    BinaryFormatter().loads(data)
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
