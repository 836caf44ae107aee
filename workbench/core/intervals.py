"""A static index of half-open intervals for "which items overlap [a, b)?" queries.

Built once in O(n log n); a query costs O(log n + k) for k answers.  A query splits its answers
into two disjoint groups:

* items that *start* inside ``[a, b)``: a contiguous run of the items sorted by start, found by
  bisection (every such item overlaps, since it is not empty);
* items that start before ``a`` and still cover ``a``: a stabbing query at ``a`` on a centred
  interval tree, whose nodes keep their intervals sorted by start and by end so that each node
  visited costs O(1) plus the answers it reports.

Empty items (``start == end``) cover no position and are never reported.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["IntervalIndex"]

K = TypeVar("K", bound=Hashable)


@dataclass(slots=True)
class _Node:
    center: int
    by_start: list[int]  # item numbers, start ascending
    by_end: list[int]  # the same items, end descending
    left: _Node | None
    right: _Node | None


class IntervalIndex(Generic[K]):
    """Items ``(key, start, end)`` meaning the half-open range ``[start, end)``."""

    __slots__ = ("_ends", "_keys", "_node_of", "_nodes", "_root", "_starts")

    def __init__(self, items: Iterable[tuple[K, int, int]]) -> None:
        """Index ``items``; raises ValueError for an item whose end is before its start."""
        rows: list[tuple[int, int, K]] = []
        for key, start, end in items:
            if end < start:
                raise ValueError(f"interval {key!r} ends ({end}) before it starts ({start})")
            if end > start:
                rows.append((start, end, key))
        rows.sort(key=lambda row: (row[0], row[1]))
        self._starts = [row[0] for row in rows]
        self._ends = [row[1] for row in rows]
        self._keys = [row[2] for row in rows]
        self._nodes: list[_Node] = []
        self._node_of = [0] * len(rows)
        self._root = self._build(list(range(len(rows))))
        # Each item lives in one node: one pass in end order fills every node's by_end list.
        nodes, node_of = self._nodes, self._node_of
        for n in sorted(range(len(rows)), key=self._ends.__getitem__, reverse=True):
            nodes[node_of[n]].by_end.append(n)
        del self._nodes, self._node_of

    def _build(self, by_start: list[int]) -> _Node | None:
        """A centred tree over item numbers given in start order (kept in every part)."""
        if not by_start:
            return None
        starts, ends = self._starts, self._ends
        center = starts[by_start[len(by_start) // 2]]
        left: list[int] = []
        right: list[int] = []
        here: list[int] = []
        for n in by_start:
            if ends[n] <= center:
                left.append(n)
            elif starts[n] > center:
                right.append(n)
            else:
                here.append(n)
        node = _Node(center, here, [], None, None)
        number = len(self._nodes)
        self._nodes.append(node)
        for n in here:
            self._node_of[n] = number
        node.left = self._build(left)
        node.right = self._build(right)
        return node

    def __len__(self) -> int:
        """The number of (non-empty) items."""
        return len(self._keys)

    def overlapping(self, start: int, end: int) -> list[K]:
        """Keys of the items overlapping ``[start, end)``, ordered by (start, end)."""
        if end <= start:
            return []
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end, lo=first)
        before = [n for n in self._stab(start) if self._starts[n] < start]
        before.sort()
        keys = self._keys
        return [keys[n] for n in before] + keys[first:last]

    def containing(self, position: int) -> list[K]:
        """Keys of the items with ``start <= position < end``, ordered by (start, end)."""
        found = self._stab(position)
        found.sort()
        return [self._keys[n] for n in found]

    def _stab(self, point: int) -> list[int]:
        """Item numbers covering ``point`` (unordered)."""
        found: list[int] = []
        starts, ends = self._starts, self._ends
        node = self._root
        while node is not None:
            if point < node.center:
                for n in node.by_start:  # all end after the centre, so after the point
                    if starts[n] > point:
                        break
                    found.append(n)
                node = node.left
            else:
                for n in node.by_end:  # all start at or before the centre
                    if ends[n] <= point:
                        break
                    found.append(n)
                node = node.right
        return found

    def items(self) -> list[tuple[K, int, int]]:
        """Every item as ``(key, start, end)``, ordered by (start, end)."""
        return list(zip(self._keys, self._starts, self._ends, strict=True))
