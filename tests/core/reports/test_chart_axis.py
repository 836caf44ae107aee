"""Chart axes: round steps, and whole steps for counts (no axis of 0.2 of a passage)."""

from __future__ import annotations

import pytest

from workbench.core.reports.charts import all_whole, nice_step


@pytest.mark.parametrize(
    ("top", "whole", "step"),
    [
        (1, True, 1.0),
        (3, True, 1.0),
        (9, True, 2.0),
        (12, True, 5.0),
        (40, True, 10.0),
        (1, False, 0.2),
        (12, False, 2.5),
        (0, True, 1.0),
        (0.9, False, 0.2),
    ],
)
def test_nice_step(top: float, whole: bool, step: float) -> None:
    assert nice_step(top, whole=whole) == pytest.approx(step)


def test_counts_are_whole() -> None:
    assert all_whole([1, 2.0, 7]) and not all_whole([1, 2.5])
