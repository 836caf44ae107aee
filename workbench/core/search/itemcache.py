"""Every searchable item's folded text, in memory and kept current by the project revision.

Locating hits then needs no database read except for the items that have hits (whose stored
text the snippets show). For the reference project (5 million words) this is about 35 MB.
The cache follows the project with :func:`changed_since`, so it also stays right when another
program changes the file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from workbench.core.search.corpus import (
    DbState,
    Owner,
    SessionFactory,
    all_owners,
    changed_since,
    db_state,
    load_items,
)
from workbench.core.search.passages import Item

__all__ = ["ItemCache"]

_BATCH = 25


class ItemCache:
    """Folded items by owner, the scan order, and the vocabulary (every folded word)."""

    def __init__(self, session: SessionFactory) -> None:
        self._session = session
        self._lock = threading.RLock()
        self._items: dict[Owner, Item] = {}
        self._by_uuid: dict[str, Item] = {}
        self._order: list[Owner] = []
        self._revision: int | None = None  # every item is at least as new as this revision
        self._vocabulary: set[str] | None = None

    def get(self, owner: Owner) -> Item | None:
        return self._items.get(owner)

    def find(self, uuid: str) -> Item | None:
        """The item with this uuid (uuids are unique across sources, memos and codes)."""
        return self._by_uuid.get(uuid)

    def order(self) -> list[Owner]:
        """Every item: sources by name, then memos, annotations and codes."""
        with self._lock:
            return list(self._order)

    def refresh(self, state: DbState | None = None) -> None:
        """Bring the cache up to the project's current revision."""
        with self._lock:
            if state is None:
                with self._session() as s:
                    state = db_state(s)
            if self._revision == state.revision:
                return
            if self._revision is None or self._revision > state.revision:
                self.adopt(dict(self._load_all()), state)
                return
            with self._session() as s:
                changed = changed_since(s, self._revision)
                order = all_owners(s)
            self.reload(changed)
            self._order = [o for o in order if o in self._items]
            self._revision = state.revision

    def _load_all(self) -> Iterator[tuple[Owner, Item]]:
        with self._session() as s:
            owners = all_owners(s)
        for index in range(0, len(owners), _BATCH):
            with self._session() as s:
                loaded = load_items(s, owners[index : index + _BATCH])
            for owner in owners[index : index + _BATCH]:
                if owner in loaded:
                    yield owner, loaded[owner]

    def adopt(self, items: dict[Owner, Item], state: DbState) -> None:
        """Take ``items`` (every item, read at or after ``state``) as the cache's content."""
        with self._lock:
            self._items = dict(items)
            self._by_uuid = {item.uuid: item for item in items.values()}
            self._order = list(items)
            self._revision = state.revision
            self._vocabulary = None

    def add(self, items: dict[Owner, Item]) -> None:
        """Take ``items`` as a rebuild reads them (read after the cache's revision, if any: the
        cache stays as current as it was; an empty one gets them before :meth:`adopt`)."""
        with self._lock:
            for owner, item in items.items():
                if owner not in self._items:
                    self._order.append(owner)
                self._items[owner] = item
                self._by_uuid[item.uuid] = item
            self._vocabulary = None

    def reload(self, owners: Iterable[Owner]) -> dict[Owner, Item]:
        """Read ``owners`` again (dropping deleted ones); returns those that exist."""
        owners = list(owners)
        with self._session() as s:
            loaded = load_items(s, owners)
        with self._lock:
            for owner in owners:
                item = loaded.get(owner)
                if item is None:
                    self._items.pop(owner, None)
                    self._by_uuid.pop(owner[1], None)
                    if owner in self._order:
                        self._order.remove(owner)
                else:
                    if owner not in self._items and owner not in self._order:
                        self._order.append(owner)
                    self._items[owner] = item
                    self._by_uuid[item.uuid] = item
                    if self._vocabulary is not None:
                        self._vocabulary.update(item.terms())
        return loaded

    def vocabulary(self) -> set[str]:
        """Every folded word of every item (words of deleted text may linger: a superset)."""
        with self._lock:
            if self._vocabulary is None:
                words: set[str] = set()
                for item in self._items.values():
                    words.update(item.terms())
                self._vocabulary = words
            return self._vocabulary

    def clear(self) -> None:
        with self._lock:
            self._items = {}
            self._by_uuid = {}
            self._order = []
            self._revision = None
            self._vocabulary = None
