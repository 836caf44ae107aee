"""The smallest replacements that turn one version of a text into another.

A text correction changes a few characters; everything else must keep its offsets exactly, so
that codings on unchanged text stay on the same characters. The difference is found in stages,
each on the changed block the previous one left, after trimming the block's common prefix and
suffix: lines, then words, then characters (rapidfuzz's ``Indel.opcodes``, a longest common
subsequence). A block whose comparison would cost more than ``COST_CAP`` (the product of its two
lengths at that stage) is left as one replacement and marked *rough*: where in it the corrected
characters are is not known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from rapidfuzz.distance import Indel, Opcode

from workbench.core.text.replace import Replacement, apply_replacements

__all__ = ["COST_CAP", "TextDiff", "diff_text", "refine_replacements"]

# About 0.1 s and 25 MB for the comparison of one block (e.g. 10,000 by 10,000 characters).
COST_CAP = 100_000_000

_LINES = re.compile(r"[^\n]*\n|[^\n]+")
# A word with the spaces and punctuation after it: a lone space or comma never pairs two
# different words up.
_WORDS = re.compile(r"\w+\W*|\W+")


@dataclass(frozen=True, slots=True)
class TextDiff:
    """Replacements in old-text offsets (ascending, not overlapping) and the old ranges
    of those that are rough (compared as a whole block, over the cost cap)."""

    replacements: tuple[Replacement, ...]
    rough: tuple[tuple[int, int], ...] = ()


def diff_text(old: str, new: str, *, cap: int = COST_CAP) -> TextDiff:
    """The replacements (old offsets) that turn ``old`` into ``new``, changing as few characters
    as the stages find."""
    differ = _Differ(old, new, cap)
    differ.block(0, len(old), 0, len(new), stage=0)
    ordered = sorted([*differ.exact, *differ.rough], key=lambda r: (r.start, r.end))
    return TextDiff(tuple(ordered), tuple((r.start, r.end) for r in differ.rough))


def refine_replacements(
    text: str, replacements: Sequence[Replacement], *, cap: int = COST_CAP
) -> TextDiff:
    """Narrow each replacement to the characters it really changes (a whole paragraph retyped
    with one word corrected changes that word only). Raises ValueError for replacements that do
    not fit ``text`` or overlap, as ``apply_replacements`` does.

    Within a replacement of ``[a, b)``, new text that lands exactly at ``a`` or ``b`` is
    attached to the neighbouring character inside the range, so a span that started or ended
    at the replaced range's edge still covers everything typed there."""
    apply_replacements(text, replacements, [])  # validates
    out: list[Replacement] = []
    rough: list[tuple[int, int]] = []
    for rep in sorted(replacements, key=lambda r: (r.start, r.end)):
        if rep.start == rep.end:
            out.append(rep)
            continue
        inner = diff_text(text[rep.start : rep.end], rep.new_text, cap=cap)
        parts: list[Replacement] = []
        for part in inner.replacements:
            start, end, new_text = part.start + rep.start, part.end + rep.start, part.new_text
            if start == end == rep.start:
                end, new_text = end + 1, new_text + text[end]
            elif start == end == rep.end:
                start, new_text = start - 1, text[start - 1] + new_text
            parts.append(Replacement(start, end, new_text))
        if any(b.start < a.end for a, b in pairwise(parts)):
            parts = [rep]  # text added on both sides of one kept character: keep it whole
        out.extend(parts)
        rough.extend((a + rep.start, b + rep.start) for a, b in inner.rough)
    return TextDiff(tuple(out), tuple(rough))


class _Differ:
    def __init__(self, old: str, new: str, cap: int) -> None:
        self.old, self.new, self.cap = old, new, cap
        self.exact: list[Replacement] = []
        self.rough: list[Replacement] = []

    def block(self, a1: int, a2: int, b1: int, b2: int, *, stage: int) -> None:
        """Diff ``old[a1:a2]`` against ``new[b1:b2]`` from ``stage`` on (0 lines, 1 words,
        2 characters)."""
        old, new = self.old, self.new
        while a1 < a2 and b1 < b2 and old[a1] == new[b1]:
            a1, b1 = a1 + 1, b1 + 1
        while a1 < a2 and b1 < b2 and old[a2 - 1] == new[b2 - 1]:
            a2, b2 = a2 - 1, b2 - 1
        if a1 == a2 or b1 == b2:
            if a1 != a2 or b1 != b2:
                self.exact.append(Replacement(a1, a2, new[b1:b2]))
            return
        if stage == 2:
            if (a2 - a1) * (b2 - b1) > self.cap:
                self.rough.append(Replacement(a1, a2, new[b1:b2]))
                return
            for i1, i2, j1, j2 in _changes(Indel.opcodes(old[a1:a2], new[b1:b2])):
                self.exact.append(Replacement(a1 + i1, a1 + i2, new[b1 + j1 : b1 + j2]))
            return
        pattern = _LINES if stage == 0 else _WORDS
        pieces_a = pattern.findall(old, a1, a2)
        pieces_b = pattern.findall(new, b1, b2)
        if len(pieces_a) * len(pieces_b) > self.cap:
            self.rough.append(Replacement(a1, a2, new[b1:b2]))
            return
        off_a = list(accumulate((len(p) for p in pieces_a), initial=a1))
        off_b = list(accumulate((len(p) for p in pieces_b), initial=b1))
        for i1, i2, j1, j2 in _changes(Indel.opcodes(pieces_a, pieces_b)):
            self.block(off_a[i1], off_a[i2], off_b[j1], off_b[j2], stage=stage + 1)


def _changes(opcodes: Iterable[Opcode]) -> list[tuple[int, int, int, int]]:
    """Runs of adjacent non-equal opcodes joined into one change each."""
    out: list[tuple[int, int, int, int]] = []
    for op in opcodes:
        if op.tag == "equal":
            continue
        if out and out[-1][1] == op.src_start and out[-1][3] == op.dest_start:
            out[-1] = (out[-1][0], op.src_end, out[-1][2], op.dest_end)
        else:
            out.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out
