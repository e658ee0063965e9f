"""The .NET "Basic Serialization Technology Sample", in Python.

The sample fills a linked list (a type it defines), serializes it to a file stream with
BinaryFormatter, deserializes it and displays it. .NET ran it as ``Serialize.exe -sb Test.bin
10`` then ``-db Test.bin``; this script does both steps. Pass a node count to change the size:
``python basic_binary_serialization.py 5000``.
"""

from __future__ import annotations

import sys

from serialkit import BinaryFormatter, serializable


# A nested .NET class is named Outer+Inner; any name works as long as writer and reader agree.
@serializable(type_name="LinkedList+Node", assembly_name="Serialization")
class Node:
    data: int
    text: str
    next: Node | None        # a reference (or null): written once, later by id

    def __init__(self, data: int, next: Node | None = None) -> None:
        self.data, self.text, self.next = data, f"node {data}", next


@serializable(type_name="LinkedList", assembly_name="Serialization")
class LinkedList:
    head: Node | None
    count: int

    def __init__(self, count: int) -> None:
        self.head, self.count = None, count
        for i in reversed(range(count)):
            self.head = Node(i, self.head)

    def values(self) -> list[int]:
        out, node = [], self.head
        while node is not None:        # iterate: a list may be longer than the stack is deep
            out.append(node.data)
            node = node.next
        return out


count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
formatter = BinaryFormatter()

with open("Test.bin", "wb") as stream:                     # -sb Test.bin <count>
    formatter.serialize(stream, LinkedList(count))
print(f"serialized a linked list of {count} nodes to Test.bin")

with open("Test.bin", "rb") as stream:                     # -db Test.bin
    linked = formatter.deserialize(stream)
values = linked.values()
print("deserialized:", values if count <= 20 else f"{values[:5]} ... {values[-3:]}")
assert linked.count == count and values == list(range(count))

# Writing and reading never recurse: a list deeper than Python's recursion limit is fine.
deep = formatter.loads(formatter.dumps(LinkedList(3000)))
assert deep.values() == list(range(3000))
print(f"a 3000-node list round-trips too (recursion limit is {sys.getrecursionlimit()})")
