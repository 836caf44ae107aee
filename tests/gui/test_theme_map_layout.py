"""The theme map's automatic layouts (plain functions): whatever the codebook, no two nodes or
labels overlap, a parent sits level with its children, and the result is deterministic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.gui.map.layout import Box, force_directed, overlapping, remove_overlaps, tidy_tree

# A forest as parent indexes (-1: a theme) and label widths, one per node.
forests = st.integers(1, 70).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-1, n), min_size=n, max_size=n),
        st.lists(st.integers(10, 260), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)


def build(
    spec: tuple[list[int], list[int], list[bool]],
) -> tuple[list[str], dict[str, list[str]], dict[str, Box]]:
    parents, widths, above = spec
    names = [f"n{i}" for i in range(len(parents))]
    roots: list[str] = []
    children: dict[str, list[str]] = {name: [] for name in names}
    for i, parent in enumerate(parents):
        if parent < 0 or parent >= i:  # only earlier nodes can be parents: no cycles
            roots.append(names[i])
        else:
            children[names[parent]].append(names[i])
    boxes = {}
    for i, name in enumerate(names):
        r = 7 + i % 20
        if above[i]:  # a label centred above the circle
            boxes[name] = Box(max(r, widths[i] / 2), r + 20, max(r, widths[i] / 2), r)
        else:  # a label to the right
            boxes[name] = Box(r, max(r, 9), r + 5 + widths[i], max(r, 9))
    return roots, children, boxes


@settings(max_examples=80, deadline=None)
@given(forests, st.floats(0.5, 3.0))
def test_tidy_tree_never_overlaps(spec, aspect: float) -> None:
    roots, children, boxes = build(spec)
    positions = tidy_tree(roots, children, boxes, aspect=aspect)
    assert set(positions) == set(boxes)
    assert overlapping(positions, boxes) == []
    for parent, kids in children.items():
        if kids:
            ys = [positions[k][1] for k in kids]
            assert min(ys) - 1e-6 <= positions[parent][1] <= max(ys) + 1e-6
            assert all(positions[k][0] > positions[parent][0] for k in kids)  # left to right


@settings(max_examples=12, deadline=None)
@given(forests)
def test_force_directed_never_overlaps_and_repeats_itself(spec) -> None:
    _, children, boxes = build(spec)
    nodes = list(boxes)
    edges = [(p, c) for p, kids in children.items() for c in kids]
    first = force_directed(nodes, edges, boxes, weak=[(nodes[0], nodes[-1])], iterations=40)
    assert overlapping(first, boxes) == []
    again = force_directed(nodes, edges, boxes, weak=[(nodes[0], nodes[-1])], iterations=40)
    assert again == first


def test_remove_overlaps_separates_a_pile() -> None:
    boxes = {f"n{i}": Box(10, 10, 60, 10) for i in range(30)}
    piled = {name: (0.0, 0.0) for name in boxes}
    assert len(overlapping(piled, boxes)) == 30 * 29 // 2
    assert overlapping(remove_overlaps(piled, boxes), boxes) == []
