"""Every searchable item's folded text, kept current by the project revision.

Locating hits then needs no database read except for the items that have hits (whose stored
text the snippets show). The texts and passages (for the reference project, 5 million words:
about 50 MB as Python objects) are kept out of memory, in a temporary file
(:mod:`workbench.core.search.textfile`); memory holds where each item is, and the items last
read (at most 16 MiB of them).
The cache follows the project with :func:`changed_since`, so it also stays right when another
program changes the file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

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
from workbench.core.search.textfile import Record, TextFile

__all__ = ["ItemCache"]

_BATCH = 25
_RECENT_BYTES = 16 * 2**20  # records' bytes of the items kept read (about 500 transcripts)


class ItemCache:
    """Folded items by owner, the scan order, and the vocabulary (every folded word)."""

    def __init__(self, session: SessionFactory, folder: Path | None = None) -> None:
        self._session = session
        self._lock = threading.RLock()
        self._texts = TextFile(folder)
        self._records: dict[Owner, Record] = {}
        self._by_uuid: dict[str, Owner] = {}
        self._order: list[Owner] = []
        self._revision: int | None = None  # every item is at least as new as this revision
        self._vocabulary: set[str] | None = None
        # The items last read, by record (a replaced item has a new one): searches that follow
        # one another check many of the same items.
        self._recent: OrderedDict[Record, Item] = OrderedDict()
        self._recent_bytes = 0

    def get(self, owner: Owner) -> Item | None:
        with self._lock:
            record = self._records.get(owner)
            if record is None:
                return None
            item = self._recent.get(record)
            if item is not None:
                self._recent.move_to_end(record)
                return item
            item = self._texts.read(record)
            self._recent[record] = item
            self._recent_bytes += record.size
            while self._recent_bytes > _RECENT_BYTES:
                self._recent_bytes -= self._recent.popitem(last=False)[0].size
            return item

    def find(self, uuid: str) -> Item | None:
        """The item with this uuid (uuids are unique across sources, memos and codes)."""
        with self._lock:
            owner = self._by_uuid.get(uuid)
            return None if owner is None else self.get(owner)

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
                self.clear()
                for owner, item in self._load_all():
                    self._keep(owner, item)
                self.adopt(list(self._records), state)
                return
            with self._session() as s:
                changed = changed_since(s, self._revision)
                order = all_owners(s)
            self.reload(changed)
            self._order = [o for o in order if o in self._records]
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

    def _keep(self, owner: Owner, item: Item) -> None:
        record = self._texts.write(item)
        old = self._records.get(owner)
        if old is None:
            self._order.append(owner)
        else:
            self._texts.dropped(old)
        self._records[owner] = record
        self._by_uuid[item.uuid] = owner

    def _drop(self, owner: Owner) -> None:
        old = self._records.pop(owner, None)
        if old is not None:
            self._texts.dropped(old)
            self._by_uuid.pop(owner[1], None)
            self._order.remove(owner)

    def _compact_if_worth_it(self) -> None:
        if self._texts.wants_compacting():
            moved = self._texts.compact(self._records)
            self._records = {owner: moved[owner] for owner in self._records}

    def add(self, items: dict[Owner, Item]) -> None:
        """Take ``items`` as a rebuild reads them (read after the cache's revision, if any: the
        cache stays as current as it was; an empty one gets them before :meth:`adopt`)."""
        with self._lock:
            for owner, item in items.items():
                self._keep(owner, item)
            self._vocabulary = None
            self._compact_if_worth_it()

    def keep_cuts(self, item: Item) -> None:
        """Keep the passages a search cut for ``item`` (read back uncut, as the cache reads
        texts without cutting them: about a millisecond a source), so none cuts them again."""
        with self._lock:
            record = self._records.get(item.owner)
            if record is None or record.cut or record.version != item.version or not item.cut:
                return
            self._texts.dropped(record)
            self._records[item.owner] = self._texts.write(item)

    def adopt(self, owners: list[Owner], state: DbState) -> None:
        """Keep exactly ``owners``, in this order: each was added (by :meth:`add`) as read at
        or after ``state``, and the cache now reflects ``state``."""
        with self._lock:
            for owner in set(self._records) - set(owners):
                self._texts.dropped(self._records.pop(owner))
                self._by_uuid.pop(owner[1], None)
            self._order = [owner for owner in owners if owner in self._records]
            self._revision = state.revision
            self._vocabulary = None
            self._compact_if_worth_it()

    def reload(self, owners: Iterable[Owner]) -> dict[Owner, Item]:
        """Read ``owners`` again (dropping deleted ones); returns those that exist."""
        owners = list(owners)
        with self._session() as s:
            loaded = load_items(s, owners)
        with self._lock:
            for owner in owners:
                item = loaded.get(owner)
                if item is None:
                    self._drop(owner)
                else:
                    self._keep(owner, item)
                    if self._vocabulary is not None:
                        self._vocabulary.update(item.terms())
            self._compact_if_worth_it()
        return loaded

    def vocabulary(self) -> set[str]:
        """Every folded word of every item (words of deleted text may linger: a superset)."""
        with self._lock:
            if self._vocabulary is None:
                words: set[str] = set()
                for record in self._records.values():
                    words.update(self._texts.read(record).terms())
                self._vocabulary = words
            return self._vocabulary

    def clear(self) -> None:
        with self._lock:
            self._texts.close()
            self._recent.clear()
            self._recent_bytes = 0
            self._records = {}
            self._by_uuid = {}
            self._order = []
            self._revision = None
            self._vocabulary = None
