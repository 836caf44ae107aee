"""The compact inverse of a text change (a ``TextPatch``), for undo steps of source texts."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.changes import TextPatch
from workbench.core.text.replace import Replacement


def inverse_patch(text: str, replacements: Sequence[Replacement]) -> TextPatch:
    """The patch that turns ``text`` with ``replacements`` (ascending, not overlapping, in
    ``text``'s offsets) applied back into ``text``: the last replacement first, so each edit's
    offset holds in the new text."""
    edits: list[tuple[int, str, str]] = []
    shift = 0
    for rep in sorted(replacements, key=lambda r: r.start):
        edits.append((rep.start + shift, rep.new_text, text[rep.start : rep.end]))
        shift += len(rep.new_text) - (rep.end - rep.start)
    return TextPatch(tuple(reversed(edits)))


def patch_between(now: str, old: str) -> TextPatch:
    """A patch from ``now`` back to ``old``: one edit over what lies between their common
    beginning and end."""
    if now == old:
        return TextPatch()
    limit = min(len(now), len(old))
    head = 0
    while head < limit and now[head] == old[head]:
        head += 1
    tail = 0
    while tail < limit - head and now[-1 - tail] == old[-1 - tail]:
        tail += 1
    return TextPatch(((head, now[head : len(now) - tail], old[head : len(old) - tail]),))
