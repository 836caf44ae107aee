"""The interval index answers exactly what a brute-force scan answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.intervals import IntervalIndex

spans = st.tuples(st.integers(0, 60), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1]))
item_lists = st.lists(spans, max_size=60)


def brute_overlapping(items: list[tuple[int, int, int]], a: int, b: int) -> list[int]:
    if b <= a:
        return []
    hits = [(s, e, k) for k, s, e in items if s < b and e > a and s < e]
    return [k for _, _, k in sorted(hits)]


@settings(max_examples=300)
@given(item_lists, st.integers(-5, 110), st.integers(0, 50))
def test_overlapping_matches_brute_force(raw: list[tuple[int, int]], a: int, width: int) -> None:
    items = [(k, s, e) for k, (s, e) in enumerate(raw)]
    index = IntervalIndex(items)
    assert index.overlapping(a, a + width) == brute_overlapping(items, a, a + width)


@settings(max_examples=300)
@given(item_lists, st.integers(-5, 110))
def test_containing_matches_brute_force(raw: list[tuple[int, int]], point: int) -> None:
    items = [(k, s, e) for k, (s, e) in enumerate(raw)]
    index = IntervalIndex(items)
    assert index.containing(point) == brute_overlapping(items, point, point + 1)


@given(item_lists)
def test_items_are_sorted_and_empty_ones_dropped(raw: list[tuple[int, int]]) -> None:
    items = [(k, s, e) for k, (s, e) in enumerate(raw)]
    index = IntervalIndex(items)
    kept = sorted((s, e, k) for k, s, e in items if e > s)
    assert index.items() == [(k, s, e) for s, e, k in kept]
    assert len(index) == len(kept)


def test_empty_and_reversed_queries() -> None:
    index = IntervalIndex([("a", 0, 10), ("b", 5, 6)])
    assert index.overlapping(5, 5) == []
    assert index.overlapping(7, 3) == []
    assert index.overlapping(5, 6) == ["a", "b"]
    assert index.containing(10) == []
    assert IntervalIndex[str]([]).overlapping(0, 100) == []


def test_rejects_an_interval_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        IntervalIndex([("x", 5, 4)])


def test_many_nested_intervals_stay_fast() -> None:
    items = [(i, i, 200_000 - i) for i in range(5_000)] + [
        (10_000 + i, i * 40, i * 40 + 30) for i in range(5_000)
    ]
    index = IntervalIndex(items)
    assert len(index.overlapping(100_000, 100_001)) == 5_001  # the nested ones + 2500
    assert index.overlapping(250_000, 260_000) == []
