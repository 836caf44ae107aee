"""The theme map's automatic layouts (plain functions, no Qt): whatever the codebook, no two
nodes or labels overlap, a parent sits level with its children, and the result is
deterministic; the grid finds exactly the overlaps that comparing every pair finds."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.map_layout import Box, force_directed, overlapping, remove_overlaps, tidy_tree
from workbench.core.map_layout.boxes import overlapping_pairs

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from map_layout import r_codebook

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


@settings(max_examples=40, deadline=None)
@given(forests, st.integers(0, 2**32), st.booleans())
def test_force_directed_never_overlaps_and_repeats_itself(spec, seed: int, from_tree) -> None:
    roots, children, boxes = build(spec)
    nodes = list(boxes)
    edges = [(p, c) for p, kids in children.items() for c in kids]
    rng = random.Random(seed)
    weak = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(len(nodes) // 5 + 1)]
    start = tidy_tree(roots, children, boxes) if from_tree else None
    first = force_directed(nodes, edges, boxes, weak=weak, initial=start, seed=seed)
    assert set(first) == set(nodes)
    assert overlapping(first, boxes) == []
    assert force_directed(nodes, edges, boxes, weak=weak, initial=start, seed=seed) == first


def test_force_directed_lays_out_an_r_sized_codebook_without_overlaps() -> None:
    roots, children, boxes, related = r_codebook(relations=40)
    assert len(boxes) == 540
    edges = [(p, c) for p, kids in children.items() for c in kids]
    start = tidy_tree(roots, children, boxes)
    placed = force_directed(list(boxes), edges, boxes, weak=related, initial=start)
    assert overlapping(placed, boxes) == []


rectangles = st.lists(
    st.tuples(st.floats(-500, 500), st.floats(-500, 500), st.floats(0, 300), st.floats(0, 300)),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(rectangles, st.floats(5, 400))
def test_grid_finds_exactly_the_overlapping_pairs(raw, cell: float) -> None:
    rects = [(x, y, x + w, y + h) for x, y, w, h in raw]
    brute = {
        (i, j)
        for i, a in enumerate(rects)
        for j, b in enumerate(rects)
        if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    }
    found = list(overlapping_pairs(rects, cell))
    assert len(found) == len(set(found))  # each pair once
    assert set(found) == brute


def test_remove_overlaps_separates_a_pile() -> None:
    boxes = {f"n{i}": Box(10, 10, 60, 10) for i in range(30)}
    piled = {name: (0.0, 0.0) for name in boxes}
    assert len(overlapping(piled, boxes)) == 30 * 29 // 2
    assert overlapping(remove_overlaps(piled, boxes), boxes) == []


def test_remove_overlaps_settles_what_its_rounds_leave() -> None:
    boxes = {f"n{i}": Box(10 + i, 10, 60, 10 + i % 3) for i in range(40)}
    piled = {name: (float(i % 4), 0.0) for i, name in enumerate(boxes)}
    assert overlapping(remove_overlaps(piled, boxes, rounds=0), boxes) == []
    assert overlapping(remove_overlaps(piled, boxes, rounds=3), boxes) == []
