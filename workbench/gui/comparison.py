"""Comparing coders in the transcript: each chosen coder's stripes in a column of their own, side
by side, and the passages where they disagree outlined in the text and marked in the margin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.core.teamwork.agreement_units import merge_ranges
from workbench.core.values import CodingInfo

Span = tuple[int, int]


@dataclass(frozen=True)
class Comparison:
    """Which coders to compare, and where they disagree.

    ``spans`` holds, per source uuid, the disagreements' ranges (code points); ``current`` is
    the one being looked at, as ``(source uuid, start, end)``."""

    coders: tuple[str, ...]
    spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    current: tuple[str, int, int] | None = None

    @classmethod
    def of(
        cls,
        coders: Iterable[str],
        disagreements: Iterable[tuple[str, int, int]],
        current: tuple[str, int, int] | None = None,
    ) -> Comparison:
        """From ``(source uuid, start, end)`` triples; overlapping ranges are joined."""
        by_source: dict[str, list[Span]] = {}
        for source, start, end in disagreements:
            by_source.setdefault(source, []).append((start, end))
        return cls(
            tuple(dict.fromkeys(coders)),
            {source: tuple(merge_ranges(spans)) for source, spans in by_source.items()},
            current,
        )

    def keeps(self, coding: CodingInfo) -> bool:
        return coding.coder in self.coders

    def spans_in(self, source: str) -> tuple[Span, ...]:
        return tuple(self.spans.get(source, ()))

    def current_in(self, source: str) -> Span | None:
        if self.current is None or self.current[0] != source:
            return None
        return self.current[1], self.current[2]


@dataclass(frozen=True, slots=True)
class Column:
    """One coder's lanes in the margin: ``first`` to ``first + count - 1``."""

    coder: str
    first: int
    count: int

    @property
    def end(self) -> int:
        return self.first + self.count
