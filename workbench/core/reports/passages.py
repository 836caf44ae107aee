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
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

from workbench.core.errors import ValidationError
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.values import Segment

__all__ = [
    "CoderScope",
    "MergedSegment",
    "Passage",
    "PassageCounter",
    "coder_ranges",
    "group_passages",
    "merge_segments",
    "stitch",
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

    @property
    def label(self) -> str:
        """A short name for choosers and the audit log, e.g. "Only Maya Chen"."""
        if self.mode == "all":
            return "Each coder side by side" if self.side_by_side else "All coders merged"
        if self.mode == "consensus":
            text = "Consensus only" + (f" of {', '.join(self.coders)}" if self.coders else "")
        elif len(self.coders) == 1:
            text = f"Only {self.coders[0]}"
        else:
            text = f"{', '.join(self.coders)} merged"
        return text + (", side by side" if self.side_by_side else "")

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


def stitch(pieces: Iterable[tuple[int, int, str]]) -> tuple[int, int, str]:
    """The range and text of a passage from its codings' ``(start, end, text)``, which overlap
    one another (as the codings of one passage do)."""
    ordered = sorted(pieces, key=lambda p: (p[0], p[1]))
    start, end, text = ordered[0]
    for piece_start, piece_end, piece in ordered[1:]:
        if piece_end > end:
            text += piece[max(end - piece_start, 0) :]
            end = piece_end
    return start, end, text


def coder_ranges(items: Iterable[tuple[str, int, int]]) -> tuple[tuple[str, int, int], ...]:
    """Each coder's range within a passage (from their first character to their last), from
    ``(coder, start, end)`` of its codings, by coder name."""
    spans: dict[str, tuple[int, int]] = {}
    for coder, start, end in items:
        low, high = spans.get(coder, (start, end))
        spans[coder] = (min(low, start), max(high, end))
    return tuple((name, *spans[name]) for name in sorted(spans, key=str.casefold))


def merge_segments(segments: Sequence[Segment], scope: CoderScope) -> list[MergedSegment]:
    """Coded segments (e.g. of the Segments panel) as passages under ``scope``: per code and
    source, overlapping segments become one whose text is the whole passage and whose coder
    names every coder; in the order of each passage's first segment."""
    codes: dict[str, int] = {}
    sources: dict[str, int] = {}
    records = [
        CodingRecord(
            index,
            s.coding_uuid,
            sources.setdefault(s.source_uuid, len(sources)),
            codes.setdefault(s.code_uuid, len(codes)),
            s.coder,
            s.start,
            s.end,
        )
        for index, s in enumerate(segments)
    ]
    everyone = scope.coders or tuple(sorted({s.coder for s in segments}, key=str.casefold))
    required = frozenset(everyone) if scope.mode == "consensus" else None
    by_code: dict[int, list[CodingRecord]] = {}
    for record in records:
        if scope.admits(record.coder):
            by_code.setdefault(record.code_id, []).append(record)
    found: list[tuple[int, MergedSegment]] = []
    for items in by_code.values():
        for passage in group_passages(items):
            if required is not None and not required.issubset(passage.coders):
                continue
            members = tuple(segments[c.id] for c in passage.codings)
            start, end, text = stitch((m.start, m.end, m.text) for m in members)
            last = max(members, key=lambda m: m.end)
            merged = replace(
                members[0],
                start=start,
                end=end,
                text=text,
                after=last.after,
                coder=", ".join(passage.coders),
                cases=tuple(dict.fromkeys(case for m in members for case in m.cases)),
            )
            found.append((min(c.id for c in passage.codings), MergedSegment(merged, members)))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


class MergedSegment(NamedTuple):
    """A passage shown as one segment, and the coded segments it merges."""

    segment: Segment
    members: tuple[Segment, ...]
