"""Moving coded ranges from one version of a source's text onto another.

When a text was corrected in one copy only, the other copy's codings still count characters of
the old text. The difference between the two texts is expressed as replacements and fed to the
same remapping the text-correction service uses, so a merged coding covers the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import accumulate

from workbench.core.text.replace import Replacement, Span, apply_replacements

# Changed line blocks up to this size are compared character by character; bigger ones are
# replaced whole (SequenceMatcher is quadratic in the worst case).
_FINE_DIFF_LIMIT = 6000


def diff_replacements(old: str, new: str) -> list[Replacement]:
    """Replacements (in ``old`` offsets) that turn ``old`` into ``new``: lines first, then
    characters within each changed block."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    off_a = [0, *accumulate(len(line) for line in a)]
    off_b = [0, *accumulate(len(line) for line in b)]
    out: list[Replacement] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        sa, ea, sb, eb = off_a[i1], off_a[i2], off_b[j1], off_b[j2]
        piece_a, piece_b = old[sa:ea], new[sb:eb]
        if tag == "replace" and len(piece_a) + len(piece_b) <= _FINE_DIFF_LIMIT:
            inner = SequenceMatcher(None, piece_a, piece_b, autojunk=False)
            for tag2, x1, x2, y1, y2 in inner.get_opcodes():
                if tag2 != "equal":
                    out.append(Replacement(sa + x1, sa + x2, piece_b[y1:y2]))
        else:
            out.append(Replacement(sa, ea, piece_b))
    return out


class TextMapper:
    """Maps ranges of one text onto another version of it."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self.replacements = diff_replacements(old, new) if old != new else []

    def map_spans(self, spans: Sequence[Span]) -> tuple[dict[str, tuple[int, int]], set[str]]:
        """New ranges by key, and the keys whose text was deleted entirely."""
        if not self.replacements:
            return {s.key: (s.start, s.end) for s in spans}, set()
        fitting = [s for s in spans if 0 <= s.start < s.end <= len(self.old)]
        result = apply_replacements(self.old, self.replacements, fitting)
        if result.text != self.new:  # pragma: no cover - would be a bug in diff_replacements
            raise AssertionError("text diff does not reproduce the new text")
        kept = {s.key: (s.start, s.end) for s in result.spans}
        lost = {s.key for s in spans} - set(kept)
        return kept, lost
