"""What an import or export did, and everything it could not carry over (never silently)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.changes import Changes
from workbench.core.progress import NO_PROGRESS, Cancelled, Progress
from workbench.core.text.wording import counted

COUNT_KEYS = (
    "coders",
    "sources",
    "codes",
    "codings",
    "annotations",
    "memos",
    "cases",
    "attributes",
    "sets",
    "relations",
)
MEDIA_KEYS = ("recordings", "media codings")
"""Counted (and listed) only in a project that has them."""


@dataclass(frozen=True)
class ExchangeReport:
    """The outcome of one REFI-QDA import or export.

    ``counts`` says how many items of each kind were carried over; ``skipped`` lists what was
    not (one readable line per kind of problem, with how often it happened); ``warnings`` lists
    approximations and complaints that did not stop the exchange."""

    path: Path
    origin: str
    counts: Mapping[str, int]
    skipped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(frozenset()), compare=False)

    def lines(self) -> list[str]:
        """The report as text lines, for the CLI and for a dialog."""
        keys = COUNT_KEYS + tuple(k for k in MEDIA_KEYS if k in self.counts)
        out = [", ".join(counted(self.counts.get(k, 0), k[:-1], k) for k in keys)]
        out += [f"not carried over: {line}" for line in self.skipped]
        out += [f"note: {line}" for line in self.warnings]
        return out


class ReportBuilder:
    """Collects counts and problems; identical problems are counted, not repeated."""

    def __init__(self, path: Path, progress: Progress = NO_PROGRESS) -> None:
        self.path = path
        self.origin = ""
        self.counts: Counter[str] = Counter()
        self._skipped: Counter[str] = Counter()
        self._warnings: Counter[str] = Counter()
        self._progress = progress

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] += n

    def skip(self, what: str, n: int = 1) -> None:
        if n:
            self._skipped[what] += n

    def warn(self, what: str, n: int = 1) -> None:
        if n:
            self._warnings[what] += n

    def step(self, done: int, total: int, stage: str) -> None:
        """Report progress; raise Cancelled (naming the file) once the exchange was cancelled."""
        try:
            self._progress.step(done, total, stage)
        except Cancelled:
            raise Cancelled(f"{self.path.name}: cancelled; nothing was changed.") from None

    def build(self, changes: Changes | None = None) -> ExchangeReport:
        return ExchangeReport(
            path=self.path,
            origin=self.origin,
            counts={k: self.counts.get(k, 0) for k in COUNT_KEYS}
            | {k: self.counts[k] for k in MEDIA_KEYS if self.counts.get(k)},
            skipped=_lines(self._skipped),
            warnings=_lines(self._warnings),
            changes=changes or Changes(frozenset()),
        )


def _lines(counter: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(what if n == 1 else f"{what} (×{n})" for what, n in counter.items())
