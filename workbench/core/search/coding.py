"""Coding search hits: each hit, or the sentence, paragraph or speaker turn around it.

``hit_ranges`` turns hits into ranges (one per distinct range); ``coding_requests`` makes the
requests for ``project.codings.apply_many`` so that coding every hit is one transaction (and one
undo step in the GUI).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from workbench.core.errors import ValidationError
from workbench.core.search.results import SearchHit
from workbench.core.services.codings import CodingRequest
from workbench.core.text.units import Unit, expand

if TYPE_CHECKING:
    from workbench.core.project import Project

__all__ = ["UNITS", "coding_requests", "hit_ranges"]

UNITS: tuple[Unit, ...] = ("hit", "sentence", "paragraph", "turn")


def hit_ranges(
    project: Project, hits: Iterable[SearchHit], unit: Unit = "hit"
) -> list[tuple[str, int, int]]:
    """``(source uuid, start, end)`` to code for the source hits, distinct, in hit order."""
    if unit not in UNITS:
        raise ValidationError(f"Cannot code by {unit!r}; use one of {', '.join(UNITS)}.")
    texts: dict[str, tuple[str, list[tuple[str, int, int]]]] = {}
    seen: dict[tuple[str, int, int], None] = {}
    for hit in hits:
        if hit.kind != "source" or hit.part != "text":
            continue
        if hit.item not in texts:
            text = project.sources.text(hit.item)
            turns: list[tuple[str, int, int]] = []
            if unit in ("turn", "sentence"):
                for entry in project.sources.metadata(hit.item).get("turns", []) or []:
                    turns.append((str(entry[0]), int(entry[1]), int(entry[2])))
            texts[hit.item] = (text, sorted(turns, key=lambda t: t[1]))
        text, turns = texts[hit.item]
        if not 0 <= hit.start < hit.end <= len(text):
            continue  # the text changed since the search
        start, end = expand(text, hit.start, hit.end, unit, turns)
        if start < end:
            seen.setdefault((hit.item, start, end), None)
    return list(seen)


def coding_requests(
    project: Project, hits: Iterable[SearchHit], *, code: str, unit: Unit = "hit"
) -> list[CodingRequest]:
    """Requests applying ``code`` (a uuid) to every source hit (or its sentence, paragraph or
    turn); memo and code hits are left out."""
    return [CodingRequest(s, code, a, b) for s, a, b in hit_ranges(project, hits, unit)]
