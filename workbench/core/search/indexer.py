"""Writing the index: a full rebuild into a fresh folder, and updates of single items.

Only the program holding the project's lock writes (on the search worker thread); Whoosh's own
write lock would refuse a second writer anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

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

__all__ = ["Built", "Cancelled", "rebuild", "update"]

Progress = Callable[[int, int, str], None]
_BUILD_MB = 256  # RAM for Whoosh's posting pool during a rebuild (R: about 200 MB of postings)
_BATCH = 25


class Cancelled(Exception):
    """The rebuild stopped because the project is closing."""


class Built:
    """What a rebuild made: the meta, the open index, the state it reflects and the items."""

    def __init__(self, meta: IndexMeta, ix: Any, state: DbState, items: dict[Owner, Item]) -> None:
        self.meta = meta
        self.ix = ix
        self.state = state
        self.items = items


def _add(writer: FastWriter, item: Item, terms: list[str]) -> None:
    writer.add_item(
        kind=item.kind, table=item.table, owner=item.uuid, speakers=item.speakers(), terms=terms
    )


def rebuild(
    store: IndexStore, session: SessionFactory, progress: Progress, stop: threading.Event
) -> Built:
    """Index every item into a new folder and make it current."""
    with session() as s:
        state = db_state(s)
        owners = all_owners(s)
    folder, ix = store.create()
    total = len(owners)
    progress(0, total, "Indexing…")
    writer = FastWriter(ix, limitmb=_BUILD_MB)
    items: dict[Owner, Item] = {}
    try:
        for index in range(0, total, _BATCH):
            if stop.is_set():
                raise Cancelled
            chunk = owners[index : index + _BATCH]
            with session() as s:
                loaded = load_items(s, chunk)
            for owner in chunk:
                item = loaded.get(owner)
                if item is not None:
                    items[owner] = item
                    _add(writer, item, item.terms())
            progress(min(index + _BATCH, total), total, "Indexing…")
        progress(total, total, "Writing the index…")
        writer.commit()
    except BaseException:
        writer.cancel()
        ix.close()
        store.discard(folder)
        raise
    meta = store.write_meta(token=state.token, revision=state.revision, folder=folder)
    store.clean(keep=folder)
    return Built(meta, ix, state, items)


def update(ix: Any, owners: Iterable[Owner], items: dict[Owner, Item]) -> set[str]:
    """Replace the index entries of ``owners`` with ``items`` (their current state; an owner
    without an item was deleted). Returns the folded words now indexed for them."""
    words: set[str] = set()
    writer = FastWriter(ix, limitmb=32)
    try:
        for _table, uuid in owners:
            writer.delete_by_term("owner", uuid)
        for item in items.values():
            terms = item.terms()
            words.update(terms)
            _add(writer, item, terms)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return words
