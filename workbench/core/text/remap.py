"""Moving coded ranges (codings, annotations) through a text correction, exactly or not at all.

Both the in-app correction (``SourceService.replace_text``) and a merge of a corrected copy use
``map_spans``: the replacements are first narrowed to the characters they change
(``textdiff``), so a span on unchanged text keeps exactly its characters. A span is *unsure*
when that cannot be promised: one of its ends lies inside a rough block (compared as a whole,
over the cost cap), or — a safety net — its text outside the corrected characters differs.
The caller must report unsure spans (a merge conflict, a message), never move them silently.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.text.replace import Replacement, Span, apply_replacements
from workbench.core.text.textdiff import TextDiff

__all__ = ["SpanMapping", "map_spans"]


@dataclass(frozen=True, slots=True)
class SpanMapping:
    """The new text; exact new ranges by key; unsure ones (a best guess) by key; spans whose
    text was deleted entirely."""

    text: str
    exact: dict[str, tuple[int, int]]
    unsure: dict[str, tuple[int, int]]
    lost: tuple[Span, ...]


def map_spans(text: str, diff: TextDiff, spans: Sequence[Span]) -> SpanMapping:
    """Apply ``diff`` to ``text`` and map ``spans`` onto the result (``apply_replacements``'
    rules for each replacement)."""
    result = apply_replacements(text, diff.replacements, spans)
    reps = diff.replacements
    old_starts = [r.start for r in reps]
    old_ends = [r.end for r in reps]
    new_starts: list[int] = []
    shift = 0
    for rep in reps:
        new_starts.append(rep.start + shift)
        shift += len(rep.new_text) - (rep.end - rep.start)
    new_ends = [s + len(r.new_text) for s, r in zip(new_starts, reps, strict=True)]
    rough = sorted(diff.rough)
    originals = {s.key: s for s in spans}

    exact: dict[str, tuple[int, int]] = {}
    unsure: dict[str, tuple[int, int]] = {}
    for span in result.spans:
        old = originals[span.key]
        block = _rough_block(rough, old.start) or _rough_block(rough, old.end)
        if block is not None:
            unsure[span.key] = _relocate(text, result.text, old, span, block, reps)
        elif _unchanged(text, old.start, old.end, old_starts, old_ends) != _unchanged(
            result.text, span.start, span.end, new_starts, new_ends
        ):
            unsure[span.key] = (span.start, span.end)
        else:
            exact[span.key] = (span.start, span.end)
    return SpanMapping(result.text, exact, unsure, result.removed)


def _rough_block(rough: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The rough block that has ``position`` strictly inside, if any."""
    k = bisect_right(rough, (position, position)) - 1
    for block in rough[max(k, 0) : k + 2]:
        if block[0] < position < block[1]:
            return block
    return None


def _unchanged(text: str, lo: int, hi: int, starts: list[int], ends: list[int]) -> str:
    """``text[lo:hi]`` without the (sorted, disjoint) replaced ranges ``starts[i]:ends[i]``."""
    pieces = []
    k = bisect_right(ends, lo)
    while k < len(starts) and starts[k] < hi:
        if starts[k] > lo:
            pieces.append(text[lo : starts[k]])
        lo = max(lo, ends[k])
        k += 1
    if lo < hi:
        pieces.append(text[lo:hi])
    return "".join(pieces)


def _relocate(
    old_text: str,
    new_text: str,
    old: Span,
    stretched: Span,
    block: tuple[int, int],
    reps: Sequence[Replacement],
) -> tuple[int, int]:
    """A best guess for a span with an end inside a rough block: its old text where it occurs
    in the mapped range closest to where it was, else the stretched range."""
    piece = old_text[old.start : old.end]
    shift = sum(len(r.new_text) - (r.end - r.start) for r in reps if r.end <= block[0])
    guess = old.start + shift
    best: int | None = None
    found = new_text.find(piece, stretched.start, stretched.end)
    while found >= 0:
        if best is None or abs(found - guess) < abs(best - guess):
            best = found
        found = new_text.find(piece, found + 1, stretched.end)
    if best is None:
        return stretched.start, stretched.end
    return best, best + len(piece)
