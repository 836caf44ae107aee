"""Choosing representative quotes: agreed on by most coders, of quotable length, from different
sources, chosen the same way every time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.reports.dataset import CodingRecord, ReportData

if TYPE_CHECKING:
    from workbench.core.project import Project

IDEAL_MIN, IDEAL_MAX, HARD_MAX = 50, 400, 700


@dataclass(frozen=True)
class Quote:
    text: str
    source: str
    cases: tuple[str, ...]
    case_attributes: tuple[str, ...]
    coders: tuple[str, ...]
    codings: tuple[str, ...]

    @property
    def citation(self) -> str:
        """``P01 (mentee, 20-29, Technology)``, naming the source too when it differs."""
        who = ", ".join(self.cases)
        if who and self.case_attributes:
            who += f" ({', '.join(self.case_attributes)})"
        if not who:
            return self.source
        return who if self.cases == (self.source,) else f"{who}, {self.source}"


class TextCache:
    """Source texts read once per report."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._texts: dict[str, str] = {}

    def get(self, source_uuid: str) -> str:
        if source_uuid not in self._texts:
            self._texts[source_uuid] = self._project.sources.text(source_uuid)
        return self._texts[source_uuid]


def _clean(text: str, data: ReportData, coding: CodingRecord) -> str:
    text = " ".join(text.split())
    for speaker in data.speakers_of(coding):
        if text.startswith(speaker + ":"):
            text = text[len(speaker) + 1 :].lstrip()
    if len(text) > HARD_MAX:
        cut = text.rfind(" ", 0, HARD_MAX)
        text = text[: cut if cut > HARD_MAX // 2 else HARD_MAX].rstrip(",;:") + " …"
    return text


def pick_quotes(
    data: ReportData, codings: Iterable[CodingRecord], texts: TextCache, n: int
) -> list[Quote]:
    """Up to ``n`` quotes from ``codings``: passages coded by more coders first, then those of
    a quotable length, one per source before any source gives a second."""
    if n <= 0:
        return []
    passages: dict[tuple[int, int, int], list[CodingRecord]] = defaultdict(list)
    for coding in codings:
        passages[(coding.source_id, coding.start, coding.end)].append(coding)
    if not passages:
        return []

    def rank(key: tuple[int, int, int]) -> tuple[int, int, str, int]:
        source_id, start, end = key
        length = end - start
        off = (
            0
            if IDEAL_MIN <= length <= IDEAL_MAX
            else min(abs(length - IDEAL_MIN), abs(length - IDEAL_MAX))
        )
        coders = len({c.coder for c in passages[key]})
        return (-coders, off, data.sources[source_id].name, start)

    ordered = sorted(passages, key=rank)
    chosen: list[tuple[int, int, int]] = []
    used_sources: set[int] = set()
    for key in ordered:
        if key[0] not in used_sources:
            chosen.append(key)
            used_sources.add(key[0])
        if len(chosen) == n:
            break
    for key in ordered:
        if len(chosen) == n:
            break
        if key not in chosen:
            chosen.append(key)
    out = []
    for key in chosen:
        group = passages[key]
        first = group[0]
        source = data.sources[first.source_id]
        text = texts.get(source.uuid)[first.start : first.end]
        cases = [data.cases[i] for i in data.cases_of(first)]
        attrs: tuple[str, ...] = ()
        if len(cases) == 1:
            attrs = tuple(str(v) for v in cases[0].attributes.values() if v not in ("", None))
        out.append(
            Quote(
                text=_clean(text, data, first),
                source=source.name,
                cases=tuple(c.name for c in cases),
                case_attributes=attrs[:4],
                coders=tuple(sorted({c.coder for c in group})),
                codings=tuple(c.uuid for c in group),
            )
        )
    return out
