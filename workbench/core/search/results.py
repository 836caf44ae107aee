"""Plain frozen values of the search: options, hits, results and the index's status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["IndexState", "IndexStatus", "SearchHit", "SearchOptions", "SearchResult"]

IndexState = Literal["idle", "indexing", "ready", "unavailable", "failed", "closed"]


@dataclass(frozen=True)
class IndexStatus:
    """``state``: idle (not started), indexing (a rebuild runs: ``done`` of ``total`` items),
    ready, unavailable (stale, and this program may not write it), failed or closed. While it is
    not ready, searches still answer, by reading the stored texts."""

    state: IndexState
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def indexing(self) -> bool:
        return self.state == "indexing"


@dataclass(frozen=True)
class SearchOptions:
    """``stemming``: "mentors" also finds "mentoring" (English); off, words match exactly
    (case and accents are always ignored). ``context``: characters of KWIC context each side.
    ``use_index``: False reads the stored texts instead of asking the index."""

    stemming: bool = True
    context: int = 60
    use_index: bool = True


@dataclass(frozen=True)
class SearchHit:
    """One hit: characters ``start``-``end`` (code points) of an item's ``part``.

    ``kind`` is source, memo or code; ``item_type`` also tells annotations (kind memo) apart.
    For a source ``part`` is "text" and the offsets are into its stored text; for a memo
    "title" or "text", for a code "name", "description", "inclusion", "exclusion" or "example".
    """

    kind: str
    item_type: str
    item: str  # uuid of the source, memo, annotation or code
    label: str  # source name, memo title, "Note on …", or code path
    part: str
    start: int
    end: int
    before: str
    match: str
    after: str
    speaker: str = ""
    cases: tuple[str, ...] = ()
    score: float = 0.0

    @property
    def snippet(self) -> str:
        """The keyword in its context, on one line."""
        return f"{self.before}{self.match}{self.after}"


@dataclass(frozen=True)
class SearchResult:
    """Hits ranked by item (best first), in text order within an item.

    ``complete`` is False when ``limit`` cut the list short. ``indexed`` tells whether the
    index answered (False: the stored texts were read, e.g. while indexing)."""

    query: str
    hits: tuple[SearchHit, ...]
    complete: bool
    indexed: bool
    items: int  # items with at least one hit among those returned
    status: IndexStatus
    seconds: float

    def by_item(self) -> list[tuple[str, list[SearchHit]]]:
        """Hits grouped by item uuid, in rank order."""
        groups: dict[str, list[SearchHit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.item, []).append(hit)
        return list(groups.items())
