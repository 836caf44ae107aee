"""Automatic layouts of the theme map: a tidy tree (one left-to-right tree per theme, packed
into columns) and a force-directed layout, both followed by the guarantee that no two nodes
(with their labels) overlap.

Plain Python and numpy, no Qt: a node is a uuid with a ``Box`` (its extent around its centre)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """How far a node (circle and label) reaches from its centre in each direction."""

    left: float
    top: float
    right: float
    bottom: float


# -- tidy tree ----------------------------------------------------------------------------------
Contour = dict[int, tuple[float, float]]  # depth → (top, bottom) relative to the subtree root


def tidy_tree(
    roots: Sequence[str],
    children: Mapping[str, Sequence[str]],
    boxes: Mapping[str, Box],
    *,
    aspect: float = 1.6,
    level_gap: float = 56.0,
    leaf_gap: float = 6.0,
    group_gap: float = 22.0,
    tree_gap: float = 70.0,
) -> dict[str, Point]:
    """Each root's subtree as a left-to-right tree whose subtrees never overlap (their contours
    are stacked level by level), the trees packed into columns to approach ``aspect`` (w/h)."""
    trees = [_one_tree(root, children, boxes, level_gap, leaf_gap, group_gap) for root in roots]
    return _pack(trees, boxes, aspect, tree_gap)


def _one_tree(
    root: str,
    children: Mapping[str, Sequence[str]],
    boxes: Mapping[str, Box],
    level_gap: float,
    leaf_gap: float,
    group_gap: float,
) -> dict[str, Point]:
    depth_of: dict[str, int] = {}
    parent_of: dict[str, str] = {}
    order: list[str] = []
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        depth_of[node] = depth
        order.append(node)
        for child in reversed(children.get(node, ())):
            parent_of[child] = node
            stack.append((child, depth + 1))
    levels = max(depth_of.values()) + 1
    left = [0.0] * levels
    right = [0.0] * levels
    for node, depth in depth_of.items():
        left[depth] = max(left[depth], boxes[node].left)
        right[depth] = max(right[depth], boxes[node].right)
    xs = [0.0]
    for depth in range(1, levels):
        xs.append(xs[-1] + right[depth - 1] + level_gap + left[depth])

    offset: dict[str, float] = {}  # a child's y relative to its parent
    contours: dict[str, Contour] = {}
    for node in reversed(order):  # children before parents
        depth = depth_of[node]
        own = (-boxes[node].top, boxes[node].bottom)
        kids = list(children.get(node, ()))
        if not kids:
            contours[node] = {depth: own}
            continue
        merged: Contour = {}
        previous_leaf = True
        for i, kid in enumerate(kids):
            contour = contours.pop(kid)
            leaf = len(contour) == 1
            gap = leaf_gap if (leaf and previous_leaf) else group_gap
            shift = 0.0
            if i:
                shift = max(
                    merged[d][1] - top + gap for d, (top, _) in contour.items() if d in merged
                )
            offset[kid] = shift
            for d, (top, bottom) in contour.items():
                if d in merged:
                    merged[d] = (min(merged[d][0], top + shift), max(merged[d][1], bottom + shift))
                else:
                    merged[d] = (top + shift, bottom + shift)
            previous_leaf = leaf
        middle = (offset[kids[0]] + offset[kids[-1]]) / 2
        for kid in kids:
            offset[kid] -= middle
        contours[node] = {d: (t - middle, b - middle) for d, (t, b) in merged.items()}
        contours[node][depth] = own

    out: dict[str, Point] = {root: (xs[0], 0.0)}
    for node in order[1:]:
        out[node] = (xs[depth_of[node]], out[parent_of[node]][1] + offset[node])
    return out


def _pack(
    trees: list[dict[str, Point]], boxes: Mapping[str, Box], aspect: float, gap: float
) -> dict[str, Point]:
    """Place whole trees in columns (codebook order runs down, then right), choosing the number
    of columns whose overall shape comes closest to ``aspect``."""
    if not trees:
        return {}
    extents = [_extent(tree, boxes) for tree in trees]
    total = sum(e[3] - e[1] for e in extents) + gap * (len(trees) - 1)
    best: tuple[float, list[list[int]]] | None = None
    for columns in range(1, len(trees) + 1):
        target = total / columns
        split: list[list[int]] = [[]]
        height = 0.0
        for i, (_, top, _, bottom) in enumerate(extents):
            h = bottom - top
            if split[-1] and height + h / 2 > target and len(split) < columns:
                split.append([])
                height = 0.0
            split[-1].append(i)
            height += h + gap
        width = sum(max(extents[i][2] - extents[i][0] for i in col) for col in split)
        width += gap * (len(split) - 1)
        tall = max(sum(extents[i][3] - extents[i][1] + gap for i in col) - gap for col in split)
        score = abs(math.log(max(width, 1.0) / max(tall, 1.0) / aspect))
        if best is None or score < best[0] - 1e-9:
            best = (score, split)
    assert best is not None
    out: dict[str, Point] = {}
    x = 0.0
    for col in best[1]:
        y = 0.0
        width = max(extents[i][2] - extents[i][0] for i in col)
        for i in col:
            x0, y0, _, y1 = extents[i]
            for node, (nx, ny) in trees[i].items():
                out[node] = (nx - x0 + x, ny - y0 + y)
            y += y1 - y0 + gap
        x += width + gap
    return out


def _extent(tree: Mapping[str, Point], boxes: Mapping[str, Box]) -> tuple[float, ...]:
    return (
        min(x - boxes[n].left for n, (x, _) in tree.items()),
        min(y - boxes[n].top for n, (_, y) in tree.items()),
        max(x + boxes[n].right for n, (x, _) in tree.items()),
        max(y + boxes[n].bottom for n, (_, y) in tree.items()),
    )


# -- force-directed ------------------------------------------------------------------------------
def force_directed(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    boxes: Mapping[str, Box],
    *,
    weak: Sequence[tuple[str, str]] = (),
    edge_length: float = 150.0,
    iterations: int = 120,
    gravity: float = 2.0,
    seed: int = 7,
    initial: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Fruchterman–Reingold (all pairs repel, edges attract — ``weak`` edges such as drawn
    relations at a third of the pull —, a pull to the centre keeps separate themes together),
    then overlaps removed. It starts from ``initial`` (e.g. the
    tidy tree, so themes begin apart and few edges cross) or from seeded random positions."""
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    links = [(a, b, 1.0) for a, b in edges] + [(a, b, 0.35) for a, b in weak]
    kept = [(index[a], index[b], w) for a, b, w in links if a in index and b in index and a != b]
    pairs = np.array([(i, j) for i, j, _ in kept], dtype=np.int64).reshape(-1, 2)
    weights = np.array([w for _, _, w in kept], dtype=np.float32)
    rng = np.random.default_rng(seed)
    spread = edge_length * math.sqrt(n) * 0.5
    x = rng.uniform(-spread, spread, n).astype(np.float32)
    y = rng.uniform(-spread, spread, n).astype(np.float32)
    temperature = spread / 3
    if initial is not None and all(node in initial for node in nodes):
        start = np.array([initial[node] for node in nodes], dtype=np.float32)
        start -= start.mean(axis=0)
        start *= spread / max(float(np.abs(start).max()), 1.0)
        x, y = start[:, 0] + x * 0.02, start[:, 1] + y * 0.02  # a little noise breaks ties
        temperature = spread / 8
    k2 = edge_length * edge_length
    cooling = temperature / (iterations + 1)
    a, b = pairs[:, 0], pairs[:, 1]
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        force = k2 / np.maximum(dx * dx + dy * dy, 1.0)
        fx = (dx * force).sum(axis=1) - gravity * x
        fy = (dy * force).sum(axis=1) - gravity * y
        if len(pairs):
            ex, ey = x[a] - x[b], y[a] - y[b]
            length = np.sqrt(ex * ex + ey * ey) / edge_length * weights
            fx += np.bincount(b, ex * length, n) - np.bincount(a, ex * length, n)
            fy += np.bincount(b, ey * length, n) - np.bincount(a, ey * length, n)
        size = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(size, temperature) / size
        x += fx * step
        y += fy * step
        temperature = max(temperature - cooling, 2.0)
    pos = np.column_stack((x, y))
    placed = {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}
    return remove_overlaps(placed, boxes)


def remove_overlaps(
    positions: Mapping[str, Point], boxes: Mapping[str, Box], *, gap: float = 12.0
) -> dict[str, Point]:
    """Push overlapping node boxes apart along the axis where they overlap least, until none
    do (or a generous number of rounds has passed)."""
    nodes = list(positions)
    if len(nodes) < 2:
        return dict(positions)
    pos = np.array([positions[n] for n in nodes], dtype=np.float32)
    ext = np.array(
        [(boxes[n].left, boxes[n].top, boxes[n].right, boxes[n].bottom) for n in nodes],
        dtype=np.float32,
    ) + np.float32(gap / 2)
    order = np.arange(len(nodes))
    tie = np.sign(order[:, None] - order[None, :]).astype(np.float32)  # who yields on a tie
    for _ in range(400):
        left, top = pos[:, 0] - ext[:, 0], pos[:, 1] - ext[:, 1]
        right, bottom = pos[:, 0] + ext[:, 2], pos[:, 1] + ext[:, 3]
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        overlap = (ox > 0) & (oy > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        sx = np.sign((left + right)[:, None] - (left + right)[None, :])
        sy = np.sign((top + bottom)[:, None] - (top + bottom)[None, :])
        sx = np.where(sx == 0, tie, sx)
        sy = np.where(sy == 0, tie, sy)
        horizontal = overlap & (ox < oy)
        vertical = overlap & ~horizontal
        pos[:, 0] += np.where(horizontal, sx * (ox / 2 + 0.5), 0.0).sum(axis=1) * 0.55
        pos[:, 1] += np.where(vertical, sy * (oy / 2 + 0.5), 0.0).sum(axis=1) * 0.55
    return {n: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(nodes)}


def overlapping(positions: Mapping[str, Point], boxes: Mapping[str, Box]) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes overlap (for tests and for checking a layout)."""
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
