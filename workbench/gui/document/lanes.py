"""Greedy lane assignment for coding stripes: overlapping stripes never share a lane."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def assign_lanes(items: Iterable[tuple[K, int, int]]) -> tuple[dict[K, int], int]:
    """Lanes for half-open ranges ``(key, start, end)``: ``({key: lane}, lane count)``.

    Ranges are taken by start (longer first on a tie, so an enclosing stripe sits nearer the
    text) and each gets the lowest lane free at its start. That uses as many lanes as the deepest
    overlap, and a stripe's lane is always below the overlap depth at its own start, so lanes stay
    local: a dense passage elsewhere does not push stripes outwards here.
    """
    ordered = sorted(items, key=lambda item: (item[1], -(item[2] - item[1])))
    lanes: dict[K, int] = {}
    busy: list[tuple[int, int]] = []  # (end, lane) of the stripes still open
    free: list[int] = []
    count = 0
    for key, start, end in ordered:
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane = count
            count += 1
        lanes[key] = lane
        heapq.heappush(busy, (max(end, start + 1), lane))
    return lanes, count
