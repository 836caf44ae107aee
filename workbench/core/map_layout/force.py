"""The theme map's force-directed layout, in plain Python.

Fruchterman and Reingold's grid variant: nodes repel only within ``2 × edge_length`` of each
other, found through a grid of cells that size, so an iteration costs about O(n), not O(n²)."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from workbench.core.map_layout.boxes import Box, Point, remove_overlaps

GAP = 12.0  # between two nodes' boxes
DENSITY = 0.25  # the share of the layout's extent its (gap-grown) boxes may fill
_FORWARD = ((1, -1), (1, 0), (1, 1), (0, 1))  # with its own cell: each neighbouring pair once


def force_directed(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    boxes: Mapping[str, Box],
    *,
    weak: Sequence[tuple[str, str]] = (),
    edge_length: float = 150.0,
    iterations: int = 60,
    gravity: float = 0.05,
    seed: int = 7,
    initial: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Near nodes repel, edges attract (``weak`` edges such as drawn relations at a third of the
    pull), a slight pull to the centre keeps separate themes together; then overlaps are
    removed. It starts from ``initial`` (e.g. the tidy tree, so themes begin apart and few
    edges cross) or from seeded random positions."""
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    links = [(a, b, 1.0) for a, b in edges] + [(a, b, 0.35) for a, b in weak]
    springs = [
        (index[a], index[b], w / edge_length)
        for a, b, w in links
        if a in index and b in index and a != b
    ]
    rng = random.Random(seed)
    spread = edge_length * math.sqrt(n) * 0.5
    xs = [rng.uniform(-spread, spread) for _ in range(n)]
    ys = [rng.uniform(-spread, spread) for _ in range(n)]
    temperature = spread / 3
    if initial is not None and all(node in initial for node in nodes):
        mx = sum(initial[node][0] for node in nodes) / n
        my = sum(initial[node][1] for node in nodes) / n
        far = max(max(abs(initial[v][0] - mx), abs(initial[v][1] - my)) for v in nodes)
        scale = spread / max(far, 1.0)
        # a little of the random noise breaks ties (nodes the tree put level)
        xs = [(initial[v][0] - mx) * scale + x * 0.02 for v, x in zip(nodes, xs, strict=True)]
        ys = [(initial[v][1] - my) * scale + y * 0.02 for v, y in zip(nodes, ys, strict=True)]
        temperature = spread / 8
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        fx = [-gravity * x for x in xs]
        fy = [-gravity * y for y in ys]
        _repel(xs, ys, fx, fy, edge_length)
        for i, j, pull in springs:
            ex, ey = xs[i] - xs[j], ys[i] - ys[j]
            stretch = math.sqrt(ex * ex + ey * ey) * pull
            fx[i] -= ex * stretch
            fy[i] -= ey * stretch
            fx[j] += ex * stretch
            fy[j] += ey * stretch
        for i in range(n):
            size = math.sqrt(fx[i] * fx[i] + fy[i] * fy[i])
            if size > temperature:
                step = temperature / size
                xs[i] += fx[i] * step
                ys[i] += fy[i] * step
            else:
                xs[i] += fx[i]
                ys[i] += fy[i]
        temperature = max(temperature - cooling, 2.0)
    placed = _make_room({node: (xs[i], ys[i]) for i, node in enumerate(nodes)}, boxes)
    return remove_overlaps(placed, boxes, gap=GAP)


def _make_room(positions: dict[str, Point], boxes: Mapping[str, Box]) -> dict[str, Point]:
    """Spread the layout evenly about its centre until its boxes fill at most ``DENSITY`` of its
    extent: springs pull long labels closer than they fit, and pushing dense crowds apart
    pair by pair takes hundreds of rounds, while after this a few rounds remove what is left."""
    grown = {n: (b.left + b.right + GAP, b.top + b.bottom + GAP) for n, b in boxes.items()}
    filled = sum(w * h for n, (w, h) in grown.items() if n in positions)
    left = min(x - boxes[n].left for n, (x, _) in positions.items())
    top = min(y - boxes[n].top for n, (_, y) in positions.items())
    right = max(x + boxes[n].right for n, (x, _) in positions.items())
    bottom = max(y + boxes[n].bottom for n, (_, y) in positions.items())
    scale = math.sqrt(filled / DENSITY / max((right - left) * (bottom - top), 1.0))
    if scale <= 1.0:
        return positions
    mx = sum(x for x, _ in positions.values()) / len(positions)
    my = sum(y for _, y in positions.values()) / len(positions)
    return {n: (mx + (x - mx) * scale, my + (y - my) * scale) for n, (x, y) in positions.items()}


def _repel(
    xs: Sequence[float], ys: Sequence[float], fx: list[float], fy: list[float], k: float
) -> None:
    """Add k²/d of repulsion between every two nodes closer than 2k to ``fx``/``fy``."""
    reach = 2.0 * k
    reach2 = reach * reach
    k2 = k * k
    grid: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid.setdefault((math.floor(x / reach), math.floor(y / reach)), []).append(i)
    for (gx, gy), members in grid.items():
        pool = list(members)
        for ox, oy in _FORWARD:
            pool.extend(grid.get((gx + ox, gy + oy), ()))
        for at, i in enumerate(members):
            xi, yi = xs[i], ys[i]
            pxi = pyi = 0.0
            for j in pool[at + 1 :]:
                dx = xi - xs[j]
                dy = yi - ys[j]
                d2 = dx * dx + dy * dy
                if d2 < reach2:
                    push = k2 / d2 if d2 > 1.0 else k2
                    pxi += dx * push
                    pyi += dy * push
                    fx[j] -= dx * push
                    fy[j] -= dy * push
            fx[i] += pxi
            fy[i] += pyi
