"""Apply a batch of text replacements and remap the spans (codings, annotations) on that text.

This is the pure core of the rule "a document's text changes only through one service, which
takes a list of replacements and remaps every coding and annotation".  All offsets are code
points (Python ``str`` indices).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["RemapResult", "Replacement", "Span", "apply_replacements"]


@dataclass(frozen=True, slots=True)
class Replacement:
    """Replace ``text[start:end]`` by ``new_text``; ``start == end`` is an insertion."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Span:
    """The range ``[start, end)`` of a coding or annotation, identified by its uuid ``key``."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RemapResult:
    """The new text, the surviving spans (remapped, input order) and the removed spans."""

    text: str
    spans: tuple[Span, ...]
    removed: tuple[Span, ...]


def apply_replacements(
    text: str, replacements: Sequence[Replacement], spans: Sequence[Span]
) -> RemapResult:
    """Apply ``replacements`` to ``text`` and remap ``spans`` onto the new text.

    Replacements are given in original-text offsets, in any order.  Each must satisfy
    ``0 <= start <= end <= len(text)`` and no two may overlap: they may not share a
    character, an insertion may not lie strictly inside another replacement, and there may
    be only one insertion at a given position.  Touching is fine: an insertion at ``a`` next
    to a replacement of ``[a, b)`` puts the inserted text before the new text, and one at
    ``b`` puts it after.  Each span must satisfy ``0 <= start < end <= len(text)``.
    Violations raise ``ValueError`` naming the offending replacement or span.

    For a span ``[s, e)`` and a replacement of ``[a, b)`` by ``n`` characters:

    * ``a >= e`` (wholly after, including an insertion at ``e``): no effect.  An insertion
      at the span's end does not extend it.
    * ``b <= s`` (wholly before, including an insertion at ``s``): the span shifts by
      ``n - (b - a)``.  An insertion at the span's start does not join it.
    * otherwise the replaced range meets the span, which stretches or shrinks: its start
      moves to ``a`` if ``a < s`` (it becomes the start of the new text), its end moves to
      ``a + n`` if ``b > e`` (the end of the new text), and a replacement or insertion
      strictly inside just shifts the end.  So a span meeting a replaced range covers all of
      the new text, e.g. a coding on exactly "John" covers "Alice" after that substitution.

    A span that would end up empty (``start >= end``) is dropped and its original reported in
    ``removed``; this happens exactly when all its characters were deleted (replaced by empty
    text) and nothing was inserted strictly inside it.

    Runs in O(len(text) + R log R + S log R) for R replacements and S spans.
    """
    length = len(text)
    ordered = _sorted_replacements(replacements, length)
    for span in spans:
        if not 0 <= span.start < span.end <= length:
            raise ValueError(f"{span!r} is not a non-empty range inside the text (length {length})")

    pieces: list[str] = []
    starts: list[int] = []  # original start of each replacement, ascending
    ends: list[int] = []  # original end of each replacement, ascending
    new_starts: list[int] = []  # where each replacement's new text begins in the new text
    new_ends: list[int] = []  # where it ends
    shift_before = [0]  # shift_before[k]: total length change of the first k replacements
    position = 0
    shift = 0
    for rep in ordered:
        pieces.append(text[position : rep.start])
        pieces.append(rep.new_text)
        position = rep.end
        starts.append(rep.start)
        ends.append(rep.end)
        new_starts.append(rep.start + shift)
        new_ends.append(rep.start + shift + len(rep.new_text))
        shift += len(rep.new_text) - (rep.end - rep.start)
        shift_before.append(shift)
    pieces.append(text[position:])

    kept: list[Span] = []
    removed: list[Span] = []
    count = len(ordered)
    for span in spans:
        # Start: replacements ending at or before s (insertions at s too) shift it; one that
        # straddles s (a < s < b) pulls it to the start of its new text.
        k = bisect_right(ends, span.start)
        straddles = k < count and starts[k] < span.start
        new_start = new_starts[k] if straddles else span.start + shift_before[k]
        # End: replacements starting before e (not insertions at e) shift it; one that
        # straddles e (a < e < b) pushes it to the end of its new text.
        k = bisect_left(starts, span.end)
        straddles = k > 0 and ends[k - 1] > span.end
        new_end = new_ends[k - 1] if straddles else span.end + shift_before[k]
        if new_start < new_end:
            kept.append(Span(span.key, new_start, new_end))
        else:
            removed.append(span)
    return RemapResult("".join(pieces), tuple(kept), tuple(removed))


def _sorted_replacements(replacements: Sequence[Replacement], length: int) -> list[Replacement]:
    """Check each replacement and return them sorted; raise ValueError on overlap."""
    for rep in replacements:
        if not 0 <= rep.start <= rep.end <= length:
            raise ValueError(
                f"{rep!r} is not a range inside the text (need 0 <= start <= end <= {length})"
            )
    ordered = sorted(replacements, key=lambda rep: (rep.start, rep.end))
    for previous, current in pairwise(ordered):
        same_insertion = previous.start == previous.end == current.start == current.end
        if current.start < previous.end or same_insertion:
            raise ValueError(f"{previous!r} and {current!r} overlap")
    return ordered
