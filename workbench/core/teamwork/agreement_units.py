"""Units of analysis for agreement: what each coder did with each unit, per code.

For one source and one code, each coder's codings are a set of character ranges. They become
weighted patterns (``agreement_stats``) according to the unit:

* ``char`` — every character is a unit: coded or not by each coder (as NVivo counts);
* ``paragraph`` / ``turn`` — each non-blank line / speaker turn is a unit: does the coder's
  coding touch it;
* ``second`` — each second of a recording, for media codings (``agreement_media``);
* ``segment`` — the stretches any coder coded, merged where they overlap, are the units: did
  each coder code (part of) it. Text nobody coded is no unit, so it cannot inflate agreement.

``missing[i]`` marks a coder who gave no values for the source (``None`` in the patterns).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from workbench.core.teamwork.agreement_stats import Pattern

Unit = Literal["char", "paragraph", "turn", "segment", "second"]
UNITS: tuple[Unit, ...] = ("char", "paragraph", "turn", "segment", "second")
DEFAULT_UNIT: Unit = "segment"  # the one unit that text nobody coded cannot inflate
UNIT_CAVEATS: dict[Unit, str] = {
    "char": (
        "Every character counts, coded or not: text that neither coder coded counts as "
        "agreement, so where most text is uncoded the figures run high."
    ),
    "paragraph": (
        "Paragraphs that neither coder coded count as agreement, so where most paragraphs are "
        "uncoded the figures run high."
    ),
    "turn": (
        "Speaker turns that neither coder coded count as agreement, so where most turns are "
        "uncoded the figures run high."
    ),
    "segment": (
        "Only the stretches some coder coded are units: text nobody coded cannot inflate "
        "the figures."
    ),
    "second": (
        "Each second of a recording is a unit (media codings only): seconds that neither "
        "coder coded count as agreement, so where most of a recording is uncoded the figures "
        "run high."
    ),
}
Ranges = list[tuple[int, int]]


def merge_ranges(ranges: Sequence[tuple[int, int]], *, touching: bool = True) -> Ranges:
    """Sorted, disjoint ranges covering the same characters (touching ranges are joined
    unless ``touching`` is False)."""
    out: Ranges = []
    for start, end in sorted(ranges):
        if out and (start < out[-1][1] or (touching and start == out[-1][1])):
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def empty_pattern(missing: Sequence[bool]) -> Pattern:
    return tuple(None if m else False for m in missing)


def char_patterns(
    length: int, coverage: Sequence[Ranges], missing: Sequence[bool]
) -> Counter[Pattern]:
    """Characters of a source by pattern; ``coverage[i]`` is coder i's merged ranges."""
    events: dict[int, list[tuple[int, bool]]] = {}
    for i, ranges in enumerate(coverage):
        if missing[i]:
            continue
        for start, end in ranges:
            events.setdefault(max(0, start), []).append((i, True))
            events.setdefault(min(length, end), []).append((i, False))
    state = list(empty_pattern(missing))
    out: Counter[Pattern] = Counter()
    previous = 0
    for position in sorted(events):
        if position > previous:
            out[tuple(state)] += position - previous
        for i, inside in events[position]:
            state[i] = inside
        previous = position
    if length > previous:
        out[tuple(state)] += length - previous
    return out


def span_patterns(
    units: Sequence[tuple[int, int]], coverage: Sequence[Ranges], missing: Sequence[bool]
) -> Counter[Pattern]:
    """Units (sorted, disjoint ranges) by pattern: which coders' ranges touch each unit."""
    ends = [u[1] for u in units]
    touched: list[set[int]] = [set() for _ in coverage]
    for i, ranges in enumerate(coverage):
        if missing[i]:
            continue
        for start, end in ranges:
            k = bisect_right(ends, start)
            while k < len(units) and units[k][0] < end:
                touched[i].add(k)
                k += 1
    out: Counter[Pattern] = Counter()
    hit = set().union(*touched) if touched else set()
    for k in hit:
        out[tuple(None if missing[i] else k in touched[i] for i in range(len(coverage)))] += 1
    if len(units) > len(hit):
        out[empty_pattern(missing)] += len(units) - len(hit)
    return out


def segment_patterns(coverage: Sequence[Ranges], missing: Sequence[bool]) -> Counter[Pattern]:
    """Merged coded stretches by pattern: which coders coded (part of) each stretch."""
    everyone = merge_ranges(
        [r for i, rs in enumerate(coverage) if not missing[i] for r in rs], touching=False
    )
    ends = [c[1] for c in everyone]
    present: list[set[int]] = [set() for _ in coverage]
    for i, ranges in enumerate(coverage):
        if missing[i]:
            continue
        for start, _end in ranges:
            present[i].add(bisect_right(ends, start))
    out: Counter[Pattern] = Counter()
    for k in range(len(everyone)):
        out[tuple(None if missing[i] else k in present[i] for i in range(len(coverage)))] += 1
    return out


def paragraphs(text: str) -> Ranges:
    """Each non-blank line of the text, as a range (line end excluded)."""
    out: Ranges = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def turns(meta: dict[str, object]) -> Ranges:
    """The speaker turns detected at import (kept in the source's metadata)."""
    raw = meta.get("turns") or []
    assert isinstance(raw, list)
    return sorted((int(t[1]), int(t[2])) for t in raw if int(t[2]) > int(t[1]))
