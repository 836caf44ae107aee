"""Passages: what every report counts, and whose codings it counts.

For one code (with roll-up: its whole subtree) in one source, the chosen coders' ranges that
share at least one character are one *passage*; ranges that only touch stay separate. Two
coders marking the same sentence, or one coder marking a sentence with a code and with its
sub-code, therefore count once for the code (and once for its parent), never twice.

A :class:`CoderScope` says whose codings count: every coder merged (the default), chosen coders
merged, consensus only (passages every chosen coder marked), and whether tables add a column per
coder side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from workbench.core.errors import ValidationError
from workbench.core.reports.dataset import CodingRecord, ReportData

__all__ = [
    "CoderScope",
    "Passage",
    "PassageCounter",
    "group_passages",
]

ScopeMode = Literal["all", "chosen", "consensus"]
MODES: tuple[ScopeMode, ...] = ("all", "chosen", "consensus")


class Passage(NamedTuple):
    """Characters ``start``-``end`` of one source: the union of overlapping codings."""

    source_id: int
    start: int
    end: int
    codings: tuple[CodingRecord, ...]

    @property
    def coders(self) -> tuple[str, ...]:
        """The coders whose codings make up the passage, sorted."""
        return tuple(sorted({c.coder for c in self.codings}, key=str.casefold))


def group_passages(codings: Iterable[CodingRecord]) -> list[Passage]:
    """Group codings into passages, in (source, start) order.

    The caller decides what belongs together (one code, or one code's subtree): every coding
    given is grouped with those of the same source it shares at least one character with,
    directly or through others. Touching ranges (one ends where the next starts) stay apart.
    """
    ordered = sorted(codings, key=lambda c: (c.source_id, c.start, c.end, c.id))
    out: list[Passage] = []
    group: list[CodingRecord] = []
    source, start, end = -1, 0, 0
    for coding in ordered:
        if group and coding.source_id == source and coding.start < end:
            group.append(coding)
            end = max(end, coding.end)
            continue
        if group:
            out.append(Passage(source, start, end, tuple(group)))
        group = [coding]
        source, start, end = coding.source_id, coding.start, coding.end
    if group:
        out.append(Passage(source, start, end, tuple(group)))
    return out


@dataclass(frozen=True)
class CoderScope:
    """Whose codings a report counts.

    ``mode`` "all": every coder, merged into passages; "chosen": only ``coders``, merged;
    "consensus": only passages that every one of ``coders`` (or, with none named, every coder
    who has coded) has a coding in. ``side_by_side`` adds a column per coder to tables.
    """

    mode: ScopeMode = "all"
    coders: tuple[str, ...] = ()
    side_by_side: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValidationError(
                f"Unknown choice of coders {self.mode!r}: use one of {', '.join(MODES)}."
            )
        if self.mode == "chosen" and not self.coders:
            raise ValidationError("Choose at least one coder whose codings are counted.")

    @classmethod
    def of(
        cls, coders: Sequence[str] = (), *, consensus: bool = False, side_by_side: bool = False
    ) -> CoderScope:
        """The scope for named ``coders`` (none: everyone), e.g. from ``--by-coder``."""
        names = tuple(dict.fromkeys(coders))
        mode: ScopeMode = "consensus" if consensus else ("chosen" if names else "all")
        return cls(mode, names, side_by_side)

    def admits(self, coder: str) -> bool:
        """Does a coding by ``coder`` count at all?"""
        return self.mode == "all" or not self.coders or coder in self.coders

    def coders_in(self, data: ReportData) -> tuple[str, ...]:
        """The coders this scope counts: the named ones, or every coder with codings."""
        if self.coders:
            return self.coders
        return tuple(sorted({c.coder for c in data.codings}, key=str.casefold))

    def describe(self, data: ReportData) -> str:
        """How the counts are made, for table notes and PDFs, e.g. "Counts: passages, all coders
        merged (Maya Chen, Tomás Rivera)"."""
        names = ", ".join(self.coders_in(data)) or "no coders yet"
        if self.mode == "all":
            who = f"all coders merged ({names})"
        elif self.mode == "consensus":
            who = f"consensus only: passages marked by every one of {names}"
        elif len(self.coders) == 1:
            who = f"coded by {names} only"
        else:
            who = f"coders {names} merged"
        text = f"Counts: passages, {who}"
        if self.side_by_side:
            text += "; each coder also side by side"
        return text

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "coders": list(self.coders), "side_by_side": self.side_by_side}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> CoderScope:
        """The scope stored in a project (anything unreadable means the default)."""
        if not isinstance(value, Mapping):
            return cls()
        try:
            return cls(
                value.get("mode", "all"),
                tuple(str(n) for n in value.get("coders", ()) or ()),
                bool(value.get("side_by_side", False)),
            )
        except (ValidationError, TypeError):
            return cls()


class PassageCounter:
    """Groups codings into passages under one :class:`CoderScope` for one report's data."""

    def __init__(self, data: ReportData, scope: CoderScope | None = None) -> None:
        self.data = data
        self.scope = scope or CoderScope()
        self.coders = self.scope.coders_in(data)
        self._required = frozenset(self.coders) if self.scope.mode == "consensus" else None

    def admitted(self, codings: Iterable[CodingRecord]) -> list[CodingRecord]:
        """The codings of coders the scope counts."""
        scope = self.scope
        return [c for c in codings if scope.admits(c.coder)]

    def passages(self, codings: Iterable[CodingRecord]) -> list[Passage]:
        """The passages of ``codings`` (one code or subtree) this scope counts."""
        found = group_passages(self.admitted(codings))
        required = self._required
        if required is None:
            return found
        return [p for p in found if required.issubset(c.coder for c in p.codings)]

    def by_coder(self, codings: Iterable[CodingRecord]) -> dict[str, list[Passage]]:
        """Each counted coder's own passages (for side-by-side columns)."""
        mine: dict[str, list[CodingRecord]] = {name: [] for name in self.coders}
        for coding in codings:
            if coding.coder in mine:
                mine[coding.coder].append(coding)
        return {name: group_passages(items) for name, items in mine.items()}

    def describe(self) -> str:
        return self.scope.describe(self.data)


def passage_codings(passages: Iterable[Passage]) -> list[CodingRecord]:
    """Every coding in ``passages``, in passage order."""
    return [c for p in passages for c in p.codings]
