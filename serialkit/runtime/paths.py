"""Paths in an object graph (``$.orders[3].customer``), built lazily.

A path is a parent link plus one segment, so a million-node chain costs a million small
objects rather than a million ever-longer strings; the text is made only for an error.
"""

from __future__ import annotations

__all__ = ["ROOT", "GraphPath"]

_SHOWN_HEAD, _SHOWN_TAIL = 4, 12


class GraphPath:
    """One step of a path: ``parent`` plus a member name (``.name``) or an index (``[i]``);
    the root's step is its text (``$``)."""

    __slots__ = ("parent", "segment")

    def __init__(self, parent: GraphPath | None, segment: str | int) -> None:
        self.parent = parent
        #: A member name or an element index, formatted only when the path is shown: a
        #: writer makes a path for every element it queues.
        self.segment = segment

    def child(self, name: str) -> GraphPath:
        """The path of member ``name`` below this one."""
        return GraphPath(self, name)

    def item(self, index: int) -> GraphPath:
        """The path of element ``index`` below this one."""
        return GraphPath(self, index)

    def __str__(self) -> str:
        segments: list[str] = []
        node: GraphPath | None = self
        while node is not None:
            segment = node.segment
            segments.append(segment if node.parent is None and isinstance(segment, str) else
                            f"[{segment}]" if isinstance(segment, int) else "." + segment)
            node = node.parent
        segments.reverse()
        if len(segments) > _SHOWN_HEAD + _SHOWN_TAIL:
            hidden = len(segments) - _SHOWN_HEAD - _SHOWN_TAIL
            segments = [*segments[:_SHOWN_HEAD], f"...({hidden} more)...",
                        *segments[-_SHOWN_TAIL:]]
        return "".join(segments)

    def __repr__(self) -> str:
        return f"GraphPath({str(self)!r})"


ROOT = GraphPath(None, "$")
