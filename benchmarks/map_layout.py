"""The theme map's automatic layouts on an R-shaped codebook, without Qt: 5 themes, 30
categories, 505 codes (540 nodes) and some relations drawn between codes. Target: the force
layout of 540 nodes in ≤ 300 ms with no two nodes overlapping.

    python benchmarks/map_layout.py [--relations 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.core.map_layout import (
    Box,
    Point,
    force_directed,
    overlapping,
    tidy_tree,
)


def r_codebook(
    relations: int, seed: int = 7
) -> tuple[list[str], dict[str, list[str]], dict[str, Box], list[tuple[str, str]]]:
    """Roots, children, boxes (as the map draws them: a parent's label above its circle, a
    leaf's to its right) and relations of an R-shaped codebook."""
    rng = random.Random(seed)
    themes = [f"theme{t}" for t in range(5)]
    categories = [f"category{c}" for c in range(30)]
    codes = [f"code{c}" for c in range(505)]
    children: dict[str, list[str]] = {name: [] for name in themes + categories + codes}
    for c, category in enumerate(categories):
        children[themes[c % 5]].append(category)
    for code in codes:
        children[rng.choice(categories)].append(code)
    boxes = {}
    for name, kids in children.items():
        radius = rng.uniform(7, 26)
        width = rng.uniform(40, 220)
        if kids:
            boxes[name] = Box(max(radius, width / 2), radius + 20, max(radius, width / 2), radius)
        else:
            boxes[name] = Box(radius, max(radius, 9), radius + 5 + width, max(radius, 9))
    related = [(a, b) for a, b in (rng.sample(codes, 2) for _ in range(relations))]
    return themes, children, boxes, related


def best_of(repeat: int, action: Callable[[], dict[str, Point]]) -> tuple[float, float, dict]:
    """The fastest of ``repeat`` runs: wall-clock and CPU seconds, and the result."""
    wall = cpu = float("inf")
    result: dict[str, Point] = {}
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--relations", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    roots, children, boxes, related = r_codebook(args.relations)
    nodes = list(boxes)
    edges = [(parent, kid) for parent, kids in children.items() for kid in kids]
    tidy = tidy_tree(roots, children, boxes, aspect=1.6)
    runs = {
        "tidy tree": lambda: tidy_tree(roots, children, boxes, aspect=1.6),
        "force layout from the tidy tree (as the map does)": lambda: force_directed(
            nodes, edges, boxes, weak=related, initial=tidy
        ),
        "force layout from random positions": lambda: force_directed(
            nodes, edges, boxes, weak=related
        ),
    }
    print(f"{len(nodes)} nodes, {len(edges)} edges, {len(related)} relations;", end=" ")
    print(f"best of {args.repeat}")
    for name, action in runs.items():
        wall, cpu, result = best_of(args.repeat, action)
        clashes = len(overlapping(result, boxes))
        print(f"{name:<52} {wall * 1000:7.1f} ms (CPU {cpu * 1000:6.1f} ms)  {clashes} overlaps"
              "  target ≤ 300 ms, 0 overlaps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
