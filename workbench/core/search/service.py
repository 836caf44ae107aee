"""``project.search``: full-text search over sources, memos and code definitions.

The index (Whoosh, in the user cache folder) finds and ranks candidate items; the exact hits —
offsets into the stored text, phrases, passages, filters — are always computed from the stored
text, so an answer never depends on the index being current. While the index is rebuilt, a
page of hits comes from the sources indexed so far (``SearchResult.unindexed`` tells how many
are left) and every hit (no limit) from the stored texts; when this program may not write a
stale index, searches read the stored texts directly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from whoosh import query as wq

from workbench.core.changes import Changes
from workbench.core.errors import ValidationError
from workbench.core.search.analysis import fold_text
from workbench.core.search.candidates import candidate_query, filter_query, index_tests
from workbench.core.search.corpus import db_state, load_originals
from workbench.core.search.filters import Facts, Scope, SearchFilters, resolve
from workbench.core.search.itemcache import ItemCache
from workbench.core.search.keeper import IndexKeeper
from workbench.core.search.locate import Located, Tests, leaves, locate, snippet
from workbench.core.search.matching import tests_from_words
from workbench.core.search.passages import Item
from workbench.core.search.query import Node, parse_query
from workbench.core.search.results import IndexStatus, SearchHit, SearchOptions, SearchResult
from workbench.core.search.server_cache import index_key, take_writer
from workbench.core.search.store import IndexStore

if TYPE_CHECKING:
    from workbench.core.project import Project

__all__ = ["DEFAULT_LIMIT", "SearchService", "find_in_text"]

DEFAULT_LIMIT = 100
_SNIPPET_BATCH = 16
_TOP = 50  # items ranked by score; further candidates follow in index order


class _Collected(NamedTuple):
    hits: list[SearchHit]
    complete: bool
    checked: int  # candidate items checked against their text
    partial: bool = False  # stopped at SearchOptions.check_items, before the page was full


class SearchService:
    """Search for one open project (``project.search``); created on first use."""

    def __init__(self, project: Project) -> None:
        self._project = project
        store = IndexStore(index_key(project))
        writable = not project.read_only
        self._writer = None
        if project.on_server and writable:
            # The index is this computer's cache of the server project: one program keeps it.
            self._writer = take_writer(store.folder, app="workbench search")
            writable = self._writer is not None
        self._cache = ItemCache(project.read, store.folder)
        self._keeper = IndexKeeper(project.read, store, self._cache, writable=writable)
        self._closed = threading.Event()
        self._facts: Facts | None = None

    # -- the index ----------------------------------------------------------------------------
    def status(self) -> IndexStatus:
        """Where the index stands (idle, indexing with progress, ready, unavailable …)."""
        return self._keeper.status()

    @property
    def indexing(self) -> bool:
        """True while the index is being rebuilt (searches then read the stored texts)."""
        return self._keeper.status().indexing

    def ensure_index(self, *, wait: bool = False, timeout: float | None = None) -> IndexStatus:
        """Bring the index up to date in the background (rebuilding it if needed).

        With ``wait`` the call returns when that is done (or ``timeout`` passed). Does nothing
        for a project opened read-only: only the program holding the lock writes the index."""
        self._keeper.ensure()
        if wait:
            self._keeper.wait(timeout)
        return self._keeper.status()

    def rebuild(self, *, wait: bool = False, timeout: float | None = None) -> IndexStatus:
        """Throw the index away and build it again (in the background unless ``wait``)."""
        self._keeper.ensure(force=True)
        if wait:
            self._keeper.wait(timeout)
        return self._keeper.status()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until queued index work is done; False if ``timeout`` passed first."""
        return self._keeper.wait(timeout)

    def subscribe(self, listener: Callable[[IndexStatus], None]) -> Callable[[], None]:
        """Call ``listener(status)`` whenever the status changes (from a worker thread);
        returns the function that unsubscribes."""
        return self._keeper.subscribe(listener)

    def committed(self, changes: Changes, revision: int, token: str) -> None:
        """Called by the project right after each commit (updates the index incrementally)."""
        self._keeper.committed(changes, revision, token)

    def catch_up(self) -> None:
        """Others committed to the project (a server's change feed said so): index what
        changed since the revision the index reflects, in the background."""
        self._keeper.catch_up()

    def close(self) -> None:
        self._closed.set()
        self._keeper.close()
        self._cache.clear()
        if self._writer is not None:
            self._writer.release()

    # -- searching ----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        options: SearchOptions | None = None,
        filters: SearchFilters | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> SearchResult:
        """Every hit of ``query`` (see :mod:`workbench.core.search.query` for the syntax), best
        items first, at most ``limit`` hits (None: all). QueryError if the query is malformed;
        NotFoundError/ValidationError for filters naming what does not exist."""
        began = time.perf_counter()
        if limit is not None and limit < 1:
            raise ValidationError(f"A search shows at least one hit (limit {limit}).")
        options = options or SearchOptions()
        filters = filters or SearchFilters()
        node = parse_query(query)
        with self._project.read() as s:
            state = db_state(s)
            facts = self._facts
            if facts is None or facts.revision != state.revision:
                facts = self._facts = Facts(s, state.revision)
            scope = resolve(s, filters, node, facts)
        # A page may come from the part of a rebuild done so far; every hit needs every item.
        if options.use_index and self._keeper.usable(state, partial_ok=limit is not None):
            # While the index is rebuilt, the rebuild fills the cache with what it indexed.
            status = self._keeper.status()
            if not self._keeper.partial:
                self._cache.refresh(state)
            try:
                ranked, tests = self._ranked(node, scope, options)
            except Exception as exc:  # a damaged index: answer from the texts, rebuild it
                self._keeper.broken(exc)
            else:
                collected = self._collect(ranked, node, tests, scope, options, limit)
                return self._result(query, collected, True, began, status.sources_left)
        self._cache.refresh(state)
        plain = tests_from_words(leaves(node), self._cache.vocabulary, stemming=options.stemming)
        owners = ((uuid, 0.0) for _table, uuid in self._cache.order())
        collected = self._collect(owners, node, plain, scope, options, limit)
        return self._result(query, collected, False, began)

    def with_context(self, hits: Iterable[SearchHit], context: int = 60) -> list[SearchHit]:
        """``hits`` with ``context`` characters of keyword-in-context each side, read from the
        stored texts now (one read for them all): a long list of hits can be found with
        ``SearchOptions(context=0)`` and given its context as rows come into view."""
        hits = list(hits)
        with self._project.read() as s:
            originals = load_originals(s, {(h.item_type, h.item) for h in hits})
        out = []
        for hit in hits:
            original = originals.get((hit.item_type, hit.item))
            text = original.parts.get(hit.part) if original is not None else None
            if text is None or hit.end > len(text):
                out.append(hit)  # deleted or shortened meanwhile: as found
                continue
            before, match, after = snippet(text, hit.start, hit.end, context)
            out.append(replace(hit, before=before, match=match, after=after))
        return out

    def _result(
        self, query: str, collected: _Collected, indexed: bool, began: float, unindexed: int = 0
    ) -> SearchResult:
        hits = collected.hits
        return SearchResult(
            query=query,
            hits=tuple(hits),
            complete=collected.complete and not unindexed,
            indexed=indexed,
            items=len({h.item for h in hits}),
            status=self._keeper.status(),
            seconds=time.perf_counter() - began,
            partial=collected.partial,
            checked=collected.checked,
            unindexed=unindexed,
        )

    def _ranked(
        self, node: Node, scope: Scope, options: SearchOptions
    ) -> tuple[list[tuple[str, float]], Tests]:
        """Candidate items: the best ``_TOP`` ranked (BM25F), then the rest unranked."""
        with self._keeper.reading() as (searcher, stems, owners):
            tests = index_tests(searcher.reader(), leaves(node), options.stemming, stems)
            wanted = candidate_query(node, tests, scope)
            allowed = filter_query(scope)
            if wanted is None:
                wanted = wq.Every()
                top: list[tuple[float, int]] = []
            else:
                top = list(searcher.search(wanted, limit=_TOP, filter=allowed).top_n)
            ranked = [(owners[docnum], float(score or 0.0)) for score, docnum in top]
            if len(top) == _TOP or not top:
                seen = {docnum for _, docnum in top}
                everything = wanted if allowed is None else wq.And([wanted, allowed])
                rest = sorted(set(searcher.docs_for_query(everything)) - seen)
                ranked.extend((owners[docnum], 0.0) for docnum in rest)
        return ranked, tests

    def _collect(
        self,
        ranked: Iterable[tuple[str, float]],
        node: Node,
        tests: Tests,
        scope: Scope,
        options: SearchOptions,
        limit: int | None,
    ) -> _Collected:
        """Locate hits item by item in rank order; read stored text only for items with hits.

        With a limit, stops when the page is full or ``options.check_items`` items were
        checked (a phrase of common words has many candidates and few hits)."""
        hits: list[SearchHit] = []
        pending: list[tuple[Item, float, list[Located]]] = []
        count = checked = 0
        budget = options.check_items if limit is not None else None
        candidates = iter(ranked)
        for uuid, score in candidates:
            if self._closed.is_set():
                break
            item = self._cache.find(uuid)
            if item is None or not scope.item_ok(item):
                continue
            if budget is not None and checked >= budget:
                hits.extend(self._materialize(pending, scope, options))
                return _Collected(hits, False, checked, partial=True)
            checked += 1
            # With a code filter some hits drop out afterwards: then every hit is needed.
            enough = limit - count + 1 if limit is not None and scope.coded is None else None
            uncut = not item.cut
            found = [
                hit
                for hit in locate(item, node, tests, scope.field_ok, scope.passage_ok, enough)
                if scope.hit_ok(item, hit.start, hit.end)
            ]
            if uncut and item.cut:
                self._cache.keep_cuts(item)
            if not found:
                continue
            if limit is not None:
                found = found[: limit - count + 1]  # one more tells that the list goes on
            pending.append((item, score, found))
            count += len(found)
            full = limit is not None and count >= limit
            if full or len(pending) >= _SNIPPET_BATCH:
                hits.extend(self._materialize(pending, scope, options))
                pending = []
            if full:
                assert limit is not None
                more = count > limit or next(candidates, None) is not None
                return _Collected(hits[:limit], not more, checked)
        hits.extend(self._materialize(pending, scope, options))
        return _Collected(hits, True, checked)

    def _materialize(
        self, pending: list[tuple[Item, float, list[Located]]], scope: Scope, options: SearchOptions
    ) -> Iterator[SearchHit]:
        """Hits with their labels and keyword-in-context snippets (one read for the batch)."""
        if not pending:
            return
        with self._project.read() as s:
            originals = load_originals(s, [item.owner for item, _, _ in pending])
        for item, score, found in pending:
            original = originals.get(item.owner)
            if original is None:
                continue  # deleted meanwhile
            for hit in found:
                text = original.parts.get(hit.part, "")
                if (
                    fold_text(text[hit.start : hit.end])
                    != item.parts[hit.part][hit.start : hit.end]
                ):
                    continue  # the text changed meanwhile
                before, match, after = snippet(text, hit.start, hit.end, options.context)
                yield SearchHit(
                    kind=item.kind,
                    item_type=item.table,
                    item=item.uuid,
                    label=original.label,
                    part=hit.part,
                    start=hit.start,
                    end=hit.end,
                    before=before,
                    match=match,
                    after=after,
                    speaker=hit.passage.speaker,
                    cases=scope.cases_of(item, hit.passage),
                    score=score,
                )


def find_in_text(
    text: str, query: str, *, stemming: bool = False, turns: list[list[object]] | None = None
) -> list[tuple[int, int]]:
    """The hits of ``query`` in one text, as ``(start, end)`` code points (find in document).

    The same query language and offsets as the project search; ``turns`` (the source's
    ``[speaker, start, end]`` entries) make ``speaker:`` work. QueryError if malformed."""
    node = parse_query(query)
    folded = fold_text(text)
    item = Item("source", "", {"text": folded}, turns=turns or [])
    words: set[str] | None = None

    def vocabulary() -> set[str]:
        nonlocal words
        if words is None:
            words = set(item.terms())
        return words

    tests = tests_from_words(leaves(node), vocabulary, stemming=stemming)
    scope = Scope(kinds=frozenset({"source"}))
    return [(hit.start, hit.end) for hit in locate(item, node, tests, scope.field_ok)]
