"""The theme map's tidy tree: one left-to-right tree per theme, whose subtrees never overlap,
the trees packed into columns."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from workbench.core.map_layout.boxes import Box, Point

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
