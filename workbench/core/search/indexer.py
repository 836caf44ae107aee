"""Writing the index: a full rebuild into a fresh folder (in segments), and updates of items.

Only the program holding the project's lock writes (on the search worker thread); Whoosh's own
write lock would refuse a second writer anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy.orm import Session
from whoosh.writing import MERGE_SMALL

from workbench.core.db.dialect import small_page_cache
from workbench.core.progress import Progress
from workbench.core.search.corpus import (
    DbState,
    Owner,
    SessionFactory,
    all_owners,
    db_state,
    load_items,
)
from workbench.core.search.passages import Item
from workbench.core.search.schema import FastWriter
from workbench.core.search.store import IndexMeta, IndexStore

__all__ = ["Built", "Published", "rebuild", "update"]

# A segment is committed per this many words at most (a source has ~5,000 words; R has 5M), so
# its postings stay in memory (schema.FastWriter: no spill to disk, linear time; about 10 MB),
# and each committed segment is searchable at once. The first segments are smaller (the size
# doubles from _FIRST_SEGMENT_WORDS), so that the first sources are searchable soon.
_SEGMENT_WORDS = 1_000_000
_FIRST_SEGMENT_WORDS = 100_000
_BATCH = 25  # items read per transaction; the first batch is a segment of its own
_SMALL_SEGMENT = 100  # segments with fewer items are merged as updates add more
_READ_CACHE_KIB = 2048  # SQLite's page cache while a rebuild reads every text once


class Built(NamedTuple):
    """What a rebuild made: the meta, the open index, the state it reflects and the items
    indexed (in the project's order; their texts went to ``publish`` segment by segment)."""

    meta: IndexMeta
    ix: Any
    state: DbState
    owners: list[Owner]


class Published(NamedTuple):
    """A segment just committed: the open, growing index and what the segment added."""

    ix: Any
    folder: str
    items: dict[Owner, Item]
    words: set[str]  # the folded words of those items


def _add(writer: FastWriter, item: Item, terms: list[str]) -> None:
    writer.add_item(
        kind=item.kind, table=item.table, owner=item.uuid, speakers=item.speakers(), terms=terms
    )


@contextmanager
def _reading_once(session: SessionFactory) -> Iterator[Session]:
    """A read session whose SQLite connection caches few pages while the rebuild reads: every
    text is read once, and a full 64 MB page cache of them was a fifth of a rebuild's peak
    memory. Lowering the limit frees the pages; the connection's own limit comes back after."""
    with session() as s, small_page_cache(s, _READ_CACHE_KIB):
        yield s


def rebuild(
    store: IndexStore,
    session: SessionFactory,
    progress: Progress,
    publish: Callable[[Published], None],
    counted: Callable[[int], None] | None = None,
) -> Built:
    """Index every item into a new folder, segment by segment, and make it current.

    ``counted`` first receives how many of the items are sources (indexed last); ``progress``
    then steps per batch of items and stops the rebuild (``Cancelled``) when the project closes.

    After each committed segment ``publish`` receives the growing index and the segment's
    items (searches may use it for the items indexed so far; no item is kept here, so memory
    holds one segment's texts); the folder becomes current only when every item is in."""
    with session() as s:
        state = db_state(s)
        owners = all_owners(s)
    # Memos, annotations and codes first (few and short): then only sources are missing while
    # searches use the growing index.
    sources = sum(1 for table, _ in owners if table == "source")
    listed, owners = owners, owners[sources:] + owners[:sources]
    folder, ix = store.create()
    total = len(owners)
    if counted is not None:
        counted(sources)
    indexed: set[Owner] = set()
    segment: dict[Owner, Item] = {}
    words: set[str] = set()
    writer: FastWriter | None = None
    size, limit = 0, min(_FIRST_SEGMENT_WORDS, _SEGMENT_WORDS)
    try:  # from here on, a cancel (a step raises) discards the new folder
        progress.step(0, total, "Indexing…")
        for index in range(0, total, _BATCH):
            progress.raise_if_cancelled()
            chunk = owners[index : index + _BATCH]
            with _reading_once(session) as s:
                loaded = load_items(s, chunk)
            for owner in chunk:
                item = loaded.get(owner)
                if item is not None:
                    if writer is None:
                        writer = FastWriter(ix)
                    terms = item.terms()
                    _add(writer, item, terms)
                    words.update(terms)
                    segment[owner] = item
                    indexed.add(owner)
                    size += len(terms)
            done = min(index + _BATCH, total)
            if writer is not None and (size >= limit or index == 0 or done == total):
                writer.commit(merge=False)
                writer = None
                publish(Published(ix, folder, segment, words))
                if size >= limit:
                    limit = min(2 * limit, _SEGMENT_WORDS)
                segment, words, size = {}, set(), 0
            progress.step(done, total, "Indexing…")
    except BaseException:
        if writer is not None:
            writer.cancel()
        ix.close()
        store.discard(folder)
        raise
    meta = store.write_meta(token=state.token, revision=state.revision, folder=folder)
    store.clean(keep=folder)
    return Built(meta, ix, state, [owner for owner in listed if owner in indexed])


def _merge_small_only(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge of small segments, kept away from the rebuild's large ones: counting
    them, it would merge most of a large index (seconds) on some commit after a rebuild."""
    small = [seg for seg in segments if seg.doc_count_all() < _SMALL_SEGMENT]
    large = [seg for seg in segments if seg.doc_count_all() >= _SMALL_SEGMENT]
    return large + list(MERGE_SMALL(writer, small))


def update(ix: Any, owners: Iterable[Owner], items: dict[Owner, Item]) -> set[str]:
    """Replace the index entries of ``owners`` with ``items`` (their current state; an owner
    without an item was deleted). Returns the folded words now indexed for them."""
    words: set[str] = set()
    writer = FastWriter(ix)
    try:
        for _table, uuid in owners:
            writer.delete_by_term("owner", uuid)
        for item in items.values():
            terms = item.terms()
            words.update(terms)
            _add(writer, item, terms)
        writer.commit(mergetype=_merge_small_only)
    except BaseException:
        writer.cancel()
        raise
    return words
