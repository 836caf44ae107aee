"""Moving coded ranges from one version of a source's text onto another.

When a text was corrected in one copy only, the other copy's codings still count characters of
the old text. The difference between the two texts is found character by character
(``text.textdiff``) and the spans are mapped with the same function the in-app correction uses
(``text.remap``): spans on unchanged text keep exactly their characters, spans whose text was
deleted are lost, and spans that cannot be mapped exactly are unsure (the merge makes each of
those a conflict).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.text.remap import SpanMapping, map_spans
from workbench.core.text.replace import Span
from workbench.core.text.textdiff import TextDiff, diff_text


class TextMapper:
    """Maps ranges of one text onto another version of it."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self.diff = diff_text(old, new) if old != new else TextDiff(())

    def map_spans(self, spans: Sequence[Span]) -> SpanMapping:
        """Exact, unsure and lost spans (spans that do not fit the old text are left out)."""
        fitting = [s for s in spans if 0 <= s.start < s.end <= len(self.old)]
        result = map_spans(self.old, self.diff, fitting)
        if result.text != self.new:  # pragma: no cover - would be a bug in diff_text
            raise AssertionError("text diff does not reproduce the new text")
        return result
