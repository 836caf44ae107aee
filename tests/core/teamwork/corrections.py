"""Random long texts, codings on them and random corrections (hypothesis strategies), with the
ground truth of where each untouched coding must land."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import cached_property

from hypothesis import strategies as st

from workbench.core.text.replace import Replacement, apply_replacements


def long_text(seed: int, paragraphs: int) -> str:
    """Paragraphs of random words, the first of them over 3,500 characters."""
    rng = random.Random(seed)
    out = []
    for index in range(paragraphs):
        size = 3600 if index == 0 else rng.randint(200, 1200)
        words: list[str] = []
        length = 0
        while length < size:
            word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 9)))
            words.append(word + rng.choice([" ", " ", " ", ", ", ". "]))
            length += len(words[-1])
        out.append("".join(words).rstrip())
    return "\n".join(out) + "\n"


# A minimal diff may match the kept characters between two close corrections with equal ones
# inside a deleted stretch, as cheaply as the ground truth, so where a coding lands is then a tie
# the ground truth cannot judge. Generated corrections keep this many characters apart.
APART = 16


@dataclass(frozen=True)
class Case:
    seed: int
    old: str
    spans: list[tuple[int, int]]
    edits: list[Replacement]  # old offsets, ascending, APART characters or more apart

    @cached_property
    def new(self) -> str:
        return apply_replacements(self.old, self.edits, []).text

    def zone(self, edit: Replacement) -> tuple[int, int]:
        """Old range in which a minimal diff may place ``edit``: the edit, widened by how far
        the characters it deletes could slide over equal ones (deleting one "a" of "aa" is
        either). Inserted characters never occur in the old text, so only deletions slide."""
        new = self.new
        before = sum(
            len(e.new_text) - (e.end - e.start)
            for e in self.edits
            if e.end <= edit.start and e is not edit
        )
        at = edit.start + before
        lo, hi = edit.start, edit.end
        for k in range(edit.start, edit.end):  # the deleted [k, end) may slide right
            hi = max(hi, edit.end + _common(self.old, k, new, at + len(edit.new_text), +1))
        for k in range(edit.start + 1, edit.end + 1):  # the deleted [start, k) may slide left
            lo = min(lo, edit.start - _common(self.old, k, new, at, -1))
        return lo, hi

    def touching(self, span: tuple[int, int]) -> list[Replacement]:
        """The edits whose zone meets the span or its edges."""
        start, end = span
        return [e for e in self.edits if not self.zone(e)[1] < start and not self.zone(e)[0] > end]

    def expected(self, span: tuple[int, int]) -> tuple[int, int]:
        """Where an untouched span lands: shifted by the edits before it."""
        shift = sum(len(e.new_text) - (e.end - e.start) for e in self.edits if e.end <= span[0])
        return span[0] + shift, span[1] + shift

    def bounds(self, span: tuple[int, int]) -> tuple[int, int]:
        """The new range a span touched by edits may cover at most: from the start of its first
        touching edit's zone to the end of its last one's (new offsets)."""
        zones = [self.zone(e) for e in self.touching(span)]
        lo = min([span[0], *(z[0] for z in zones)])
        hi = max([span[1], *(z[1] for z in zones)])
        return self._new_position(lo, first=True), self._new_position(hi, first=False)

    def _new_position(self, position: int, *, first: bool) -> int:
        shift = 0
        for e in self.edits:
            if e.start < position < e.end:
                return e.start + shift + (0 if first else len(e.new_text))
            if e.end <= position and not (e.start == e.end == position and first):
                shift += len(e.new_text) - (e.end - e.start)
        return position + shift


def _common(a: str, i: int, b: str, j: int, step: int) -> int:
    """How many characters of ``a`` and ``b`` agree going forward from ``i``/``j`` (step +1) or
    backward from just before them (step -1)."""
    n = 0
    if step > 0:
        while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
            n += 1
    else:
        while i - n > 0 and j - n > 0 and a[i - n - 1] == b[j - n - 1]:
            n += 1
    return n


INSERTED = "ABCXYZ019;-"  # none of these occurs in ``long_text``


@st.composite
def cases(draw: st.DrawFn, paragraphs: int = 3, most_edits: int = 6) -> Case:
    """A long text, codings on it and corrections anywhere: inside codings, at their edges,
    between them; insertions, deletions and replacements."""
    seed = draw(st.integers(0, 10**6))
    old = long_text(seed, paragraphs)
    n = len(old)
    spans = []
    for _ in range(draw(st.integers(1, 10))):
        start = draw(st.integers(0, n - 2))
        spans.append((start, min(n, start + draw(st.integers(1, 120)))))
    # The reported case: a short coding early in the long first paragraph.
    spans.append((40, 60))
    edges = [p for span in spans for p in span]
    wanted = []
    for _ in range(draw(st.integers(1, most_edits))):
        if draw(st.booleans()):
            at = draw(st.sampled_from(edges)) + draw(st.integers(-2, 2))
        else:
            at = draw(st.integers(0, n))
        at = max(0, min(n, at))
        size = draw(st.sampled_from([0, 0, 1, 1, 2, 3, 8, 40]))
        text = draw(st.text(alphabet=INSERTED, max_size=6))
        if size == 0 and not text:
            text = "X"
        wanted.append(Replacement(at, min(n, at + size), text))
    edits: list[Replacement] = []
    for edit in sorted(wanted, key=lambda e: (e.start, e.end)):
        if edits and edit.start < edits[-1].end + APART:
            continue  # corrections closer than this are one correction to a diff (see Case)
        if edit.start == edit.end == n and edits and edits[-1].end == n:
            continue
        edits.append(edit)
    return Case(seed, old, spans, edits)
