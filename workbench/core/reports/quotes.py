"""Choosing representative quotes: agreed on by most coders, of quotable length, from different
sources, chosen the same way every time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.passages import Passage, PassageCounter, coder_ranges

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
    ranges: tuple[tuple[str, int, int], ...] = ()

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
    data: ReportData,
    codings: Iterable[CodingRecord],
    texts: TextCache,
    n: int,
    counter: PassageCounter | None = None,
) -> list[Quote]:
    """Up to ``n`` quotes from the passages of ``codings`` (one code or subtree; ``counter``
    says whose codings count): passages coded by more coders first, then those of a quotable
    length, one per source before any source gives a second. A passage is quoted once,
    naming each coder's range."""
    if n <= 0:
        return []
    found = (counter or PassageCounter(data)).passages(codings)
    if not found:
        return []

    def rank(passage: Passage) -> tuple[int, int, str, int]:
        length = passage.end - passage.start
        off = (
            0
            if IDEAL_MIN <= length <= IDEAL_MAX
            else min(abs(length - IDEAL_MIN), abs(length - IDEAL_MAX))
        )
        name = data.sources[passage.source_id].name
        return (-len(passage.coders), off, name, passage.start)

    ordered = sorted(found, key=rank)
    chosen: list[Passage] = []
    used_sources: set[int] = set()
    for passage in ordered:
        if passage.source_id not in used_sources:
            chosen.append(passage)
            used_sources.add(passage.source_id)
        if len(chosen) == n:
            break
    for passage in ordered:
        if len(chosen) == n:
            break
        if passage not in chosen:
            chosen.append(passage)
    out = []
    for passage in chosen:
        first = passage.codings[0]
        source = data.sources[passage.source_id]
        text = texts.get(source.uuid)[passage.start : passage.end]
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
                coders=passage.coders,
                codings=tuple(c.uuid for c in passage.codings),
                ranges=coder_ranges((c.coder, c.start, c.end) for c in passage.codings),
            )
        )
    return out


def describe_ranges(ranges: Iterable[tuple[str, int, int]]) -> str:
    """``coded by Maya Chen (120–180), Tomás Rivera (118–180)``; one range when all agree."""
    items = list(ranges)
    if not items:
        return ""
    if len({(s, e) for _, s, e in items}) == 1:
        _, start, end = items[0]
        return f"coded by {', '.join(n for n, _, _ in items)} (characters {start}–{end})"
    return "coded by " + ", ".join(f"{n} ({s}–{e})" for n, s, e in items)
