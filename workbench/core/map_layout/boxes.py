"""Node boxes on the theme map and the guarantee that no two of them overlap.

Overlaps are found with a uniform grid (each box is filed under every cell it covers), so a
round over n nodes costs about O(n) instead of comparing all n² pairs."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Box:
    """How far a node (circle and label) reaches from its centre in each direction."""

    left: float
    top: float
    right: float
    bottom: float


def overlapping_pairs(rects: Sequence[Rect], cell: float) -> Iterator[tuple[int, int]]:
    """Each pair of indexes whose rectangles overlap (a positive area in common), once.

    A pair is reported only in the cell holding the top-left corner of its intersection, which
    both rectangles cover: so no pair comes twice and none is missed."""
    grid: dict[tuple[int, int], list[int]] = {}
    for i, rect in enumerate(rects):
        for key in _cells(rect, cell):
            grid.setdefault(key, []).append(i)
    for (gx, gy), members in grid.items():
        for at, i in enumerate(members):
            ax0, ay0, ax1, ay1 = rects[i]
            for j in members[at + 1 :]:
                bx0, by0, bx1, by1 = rects[j]
                if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                    corner_x = ax0 if ax0 > bx0 else bx0
                    corner_y = ay0 if ay0 > by0 else by0
                    if math.floor(corner_x / cell) == gx and math.floor(corner_y / cell) == gy:
                        yield i, j


def remove_overlaps(
    positions: Mapping[str, Point],
    boxes: Mapping[str, Box],
    *,
    gap: float = 12.0,
    rounds: int = 400,
) -> dict[str, Point]:
    """Push overlapping boxes (grown by ``gap``) apart along the axis where they overlap least,
    each pair at once by their whole overlap, round after round until none overlap; should
    ``rounds`` not suffice, settle the rest one by one."""
    nodes = list(positions)
    if len(nodes) < 2:
        return dict(positions)
    half = gap / 2
    reach = [
        (boxes[n].left + half, boxes[n].top + half, boxes[n].right + half, boxes[n].bottom + half)
        for n in nodes
    ]
    xs = [positions[n][0] for n in nodes]
    ys = [positions[n][1] for n in nodes]
    cell = _cell_size(reach)
    for _ in range(rounds):
        moved = False
        for i, j in overlapping_pairs(_rects(xs, ys, reach), cell):
            a = _rect(xs[i], ys[i], reach[i])  # where earlier pushes of this round left them
            b = _rect(xs[j], ys[j], reach[j])
            ox = min(a[2], b[2]) - max(a[0], b[0])
            oy = min(a[3], b[3]) - max(a[1], b[1])
            if ox <= 0 or oy <= 0:
                continue
            moved = True
            if ox < oy:
                push = _away(a[0] + a[2], b[0] + b[2], i, j) * (ox / 2 + 0.5)
                xs[i] += push
                xs[j] -= push
            else:
                push = _away(a[1] + a[3], b[1] + b[3], i, j) * (oy / 2 + 0.5)
                ys[i] += push
                ys[j] -= push
        if not moved:
            break
    else:
        _settle(xs, ys, reach, cell)
    return {n: (xs[i], ys[i]) for i, n in enumerate(nodes)}


def _away(centre_i: float, centre_j: float, i: int, j: int) -> float:
    """Which way ``i`` moves from ``j``: away from its centre, or by index on a tie."""
    if centre_i != centre_j:
        return 1.0 if centre_i > centre_j else -1.0
    return 1.0 if i > j else -1.0


def _settle(xs: list[float], ys: list[float], reach: Sequence[Rect], cell: float) -> None:
    """Place the boxes one by one (top to bottom), moving each down below whatever it still
    overlaps: slower and less tidy than the rounds, but it always ends without overlaps."""
    grid: dict[tuple[int, int], list[int]] = {}
    for i in sorted(range(len(xs)), key=lambda k: (ys[k], xs[k])):
        while True:
            x0, y0, x1, y1 = mine = _rect(xs[i], ys[i], reach[i])
            lowest = None
            for key in _cells(mine, cell):
                for j in grid.get(key, ()):
                    ox0, oy0, ox1, oy1 = _rect(xs[j], ys[j], reach[j])
                    if x0 < ox1 and ox0 < x1 and y0 < oy1 and oy0 < y1:
                        lowest = oy1 if lowest is None else max(lowest, oy1)
            if lowest is None:
                break
            ys[i] += lowest - y0 + 1e-6
        for key in _cells(_rect(xs[i], ys[i], reach[i]), cell):
            grid.setdefault(key, []).append(i)


def _cells(rect: Rect, cell: float) -> Iterator[tuple[int, int]]:
    for gx in range(math.floor(rect[0] / cell), math.floor(rect[2] / cell) + 1):
        for gy in range(math.floor(rect[1] / cell), math.floor(rect[3] / cell) + 1):
            yield gx, gy


def _cell_size(reach: Sequence[Rect]) -> float:
    """About twice a typical box: few cells per box, few boxes per cell."""
    spans = sorted(max(left + right, top + bottom) for left, top, right, bottom in reach)
    return max(2.0 * spans[len(spans) // 2], 1.0)


def _rect(x: float, y: float, reach: Rect) -> Rect:
    return x - reach[0], y - reach[1], x + reach[2], y + reach[3]


def _rects(xs: Sequence[float], ys: Sequence[float], reach: Sequence[Rect]) -> list[Rect]:
    return [_rect(x, y, r) for x, y, r in zip(xs, ys, reach, strict=True)]


def overlapping(positions: Mapping[str, Point], boxes: Mapping[str, Box]) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes overlap, by comparing every pair: the plain reference check
    for tests and benchmarks (the layouts themselves use the grid)."""
    rects = {
        n: (x - boxes[n].left, y - boxes[n].top, x + boxes[n].right, y + boxes[n].bottom)
        for n, (x, y) in positions.items()
    }
    names = sorted(rects)
    out = []
    for i, a in enumerate(names):
        ax0, ay0, ax1, ay1 = rects[a]
        for b in names[i + 1 :]:
            bx0, by0, bx1, by1 = rects[b]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                out.append((a, b))
    return out
