"""Where map nodes go when the project has not placed them, which nodes a theme filter shows,
and where a dropped node lands beside its new parent. Plain functions over code nodes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from workbench.core.map_layout import Box, Point, tidy_tree
from workbench.core.values import CodeNode, RelationInfo

ASPECT = 1.6  # the shape automatic layouts aim for (a typical dock or window)


def tidy_positions(
    nodes: Mapping[str, CodeNode], boxes: Mapping[str, Box], aspect: float = ASPECT
) -> dict[str, Point]:
    """The tidy-tree layout of every code."""
    roots = [uuid for uuid, node in nodes.items() if node.parent_uuid is None]
    children = {uuid: [c.uuid for c in node.children] for uuid, node in nodes.items()}
    return tidy_tree(roots, children, boxes, aspect=aspect)


def resolve_positions(
    nodes: Mapping[str, CodeNode],
    stored: Mapping[str, Point],
    boxes: Mapping[str, Box],
) -> dict[str, Point]:
    """Every code's position: the saved one, else a deterministic default. A map nobody has
    arranged yet is a tidy tree; a code added later sits to the right of its parent, below
    its placed siblings, and a new theme below everything (the layout buttons tidy up)."""
    if not any(uuid in nodes for uuid in stored):
        return tidy_positions(nodes, boxes)
    out = {uuid: stored[uuid] for uuid in nodes if uuid in stored}
    bottom = max((y + boxes[u].bottom for u, (_, y) in out.items()), default=0.0)
    left = min((x - boxes[u].left for u, (x, _) in out.items()), default=0.0)
    new_themes = 0
    for uuid, node in nodes.items():  # tree order: a parent before its children
        if uuid in out:
            continue
        if node.parent_uuid is None or node.parent_uuid not in out:
            out[uuid] = (left + boxes[uuid].left, bottom + 90 + 110 * new_themes)
            new_themes += 1
            continue
        px, py = out[node.parent_uuid]
        siblings = [out[c.uuid] for c in nodes[node.parent_uuid].children if c.uuid in out]
        x = px + boxes[node.parent_uuid].right + 60 + boxes[uuid].left
        y = max((sy for _, sy in siblings), default=py - 36) + 36
        out[uuid] = (x, y)
    return out


def visible_codes(
    nodes: Mapping[str, CodeNode], relations: Iterable[RelationInfo], theme: str | None
) -> set[str]:
    """The codes a filter to ``theme`` shows: its subtree and every code related to it (a code
    may belong to several candidate themes through relations). None shows everything."""
    if theme is None or theme not in nodes:
        return set(nodes)
    inside = {node.uuid for node in nodes[theme].walk()}
    related = set()
    for rel in relations:
        if rel.from_uuid in inside:
            related.add(rel.to_uuid)
        if rel.to_uuid in inside:
            related.add(rel.from_uuid)
    return inside | (related & set(nodes))


def is_within(nodes: Mapping[str, CodeNode], code: str, ancestor: str) -> bool:
    """True when ``code`` is ``ancestor`` or lies in its subtree."""
    current: str | None = code
    while current is not None:
        if current == ancestor:
            return True
        node = nodes.get(current)
        current = node.parent_uuid if node else None
    return False


def can_adopt(nodes: Mapping[str, CodeNode], target: str, dragged: Iterable[str]) -> bool:
    """A theme or category (a code with sub-codes) can take the dragged codes, unless one of
    them is the target or above it, or all of them are already its children."""
    node = nodes.get(target)
    if node is None or (node.parent_uuid is not None and not node.children):
        return False
    dragged = list(dragged)
    if any(is_within(nodes, target, code) for code in dragged):
        return False
    return any(nodes[code].parent_uuid != target for code in dragged if code in nodes)


def beside(
    target: Point, target_radius: float, point: Point, radius: float, gap: float = 34.0
) -> Point:
    """``point`` pushed out of the target's circle along the line from its centre (a dropped
    node lands next to its new parent, not on top of it)."""
    dx, dy = point[0] - target[0], point[1] - target[1]
    distance = math.hypot(dx, dy)
    reach = target_radius + radius + gap
    if distance >= reach:
        return point
    if distance < 1e-6:
        dx, dy, distance = 1.0, 0.35, math.hypot(1.0, 0.35)
    return (target[0] + dx / distance * reach, target[1] + dy / distance * reach)


def free_spot(
    at: Point, box: Box, positions: Mapping[str, Point], boxes: Mapping[str, Box]
) -> Point:
    """The point nearest ``at`` (searching outwards in rings) where a node with ``box`` touches
    no other node: a new theme appears where asked, but never on top of a code."""

    def clear(x: float, y: float) -> bool:
        for code, (ox, oy) in positions.items():
            other = boxes[code]
            if (
                x - box.left < ox + other.right + 12
                and ox - other.left < x + box.right + 12
                and y - box.top < oy + other.bottom + 12
                and oy - other.top < y + box.bottom + 12
            ):
                return False
        return True

    for ring in range(60):
        steps = max(1, ring * 8)
        for i in range(steps):
            angle = 2 * math.pi * i / steps
            x, y = at[0] + ring * 40 * math.cos(angle), at[1] + ring * 40 * math.sin(angle)
            if clear(x, y):
                return (x, y)
    return at


def parallel_bends(relations: Iterable[RelationInfo]) -> dict[str, float]:
    """A bend per relation so several relations between the same two codes fan out (the bow
    side follows the direction, so A → B and B → A already part ways)."""
    groups: dict[tuple[str, str], int] = {}
    out: dict[str, float] = {}
    for rel in relations:
        key = (min(rel.from_uuid, rel.to_uuid), max(rel.from_uuid, rel.to_uuid))
        i = groups.get(key, 0)
        groups[key] = i + 1
        out[rel.uuid] = 1.0 + 0.9 * i
    return out
