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
    sources: int = 0  # sources among the items (indexed last)

    @property
    def indexing(self) -> bool:
        return self.state == "indexing"

    @property
    def sources_left(self) -> int:
        """Sources not indexed yet (while indexing)."""
        return min(self.sources, max(0, self.total - self.done)) if self.indexing else 0


@dataclass(frozen=True)
class SearchOptions:
    """``stemming``: "mentors" also finds "mentoring" (English); off, words match exactly
    (case and accents are always ignored). ``context``: characters of KWIC context each side.
    ``use_index``: False reads the stored texts instead of asking the index. ``check_items``:
    with a ``limit``, check at most this many candidate items against their text before
    answering (None: as many as the page needs); a page cut short this way is ``partial``."""

    stemming: bool = True
    context: int = 60
    use_index: bool = True
    check_items: int | None = None


@dataclass(frozen=True, slots=True)  # slots: "Show all" may hold 40,000 of them
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

    ``complete`` is False when ``limit`` cut the list short (or sources were not indexed yet:
    ``unindexed``; without a limit every source is searched). ``partial``: besides, items are
    left unchecked (``SearchOptions.check_items`` was reached before the page was full), so
    more hits may belong on this page. ``checked``: candidate items checked against their text.
    ``indexed`` tells whether the index answered (False: the stored texts were read). While the
    index is rebuilt it answers for the sources indexed so far; ``unindexed`` more are not
    searched yet."""

    query: str
    hits: tuple[SearchHit, ...]
    complete: bool
    indexed: bool
    items: int  # items with at least one hit among those returned
    status: IndexStatus
    seconds: float
    partial: bool = False
    checked: int = 0
    unindexed: int = 0

    def by_item(self) -> list[tuple[str, list[SearchHit]]]:
        """Hits grouped by item uuid, in rank order."""
        groups: dict[str, list[SearchHit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.item, []).append(hit)
        return list(groups.items())
