"""Keeping the index in step with the project, on one background thread.

The keeper opens the index named by ``meta.json`` if it matches the project file (its id, its
text token), catches up on items changed since, and otherwise rebuilds it. After every commit
the project reports what changed and the keeper re-indexes those items. Searches ask
:meth:`IndexKeeper.usable` whether the index reflects the project, and fall back to reading the
stored texts when it does not. A keeper that may not write (a read-only opener) only reads.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from whoosh.index import LockError

from workbench.core.changes import Changes
from workbench.core.progress import Cancelled, Progress
from workbench.core.search.candidates import StemMap, add_to_stem_map, build_stem_map
from workbench.core.search.corpus import (
    TABLES,
    DbState,
    Owner,
    SessionFactory,
    all_owners,
    changed_since,
    db_state,
)
from workbench.core.search.indexer import Published, rebuild, update
from workbench.core.search.itemcache import ItemCache
from workbench.core.search.results import IndexStatus
from workbench.core.search.store import IndexStore, UnusableIndex

__all__ = ["IndexKeeper", "Listener", "affected_owners"]

log = logging.getLogger(__name__)
Listener = Callable[[IndexStatus], None]
WAIT_FOR_UPDATES = 3.0  # seconds a search waits for pending incremental updates
# Seconds a search waits for a running rebuild to end before it answers from the part indexed
# so far, if the rebuild has at most FEW_LEFT items left (a small project is indexed by then);
# with more left, it answers at once, partly.
WAIT_FOR_REBUILD = 0.5
FEW_LEFT = 100
CLOSE_WAIT = 10.0  # seconds closing waits for the worker to stop


def affected_owners(changes: Changes) -> set[Owner]:
    """The indexed items a committed change created, edited or deleted."""
    out = {(kind, uuid) for kind, uuid in changes.undo.created if kind in TABLES}
    out.update((row.kind, row.uuid) for row in changes.undo.rows if row.kind in TABLES)
    return out


@dataclass(frozen=True)
class _Task:
    kind: str  # ensure, rebuild, changes, catch-up
    owners: frozenset[Owner] = frozenset()
    revision: int = 0
    token: str = ""


class IndexKeeper:
    """Owns the open index, its searcher and the worker thread of one project."""

    def __init__(
        self, session: SessionFactory, store: IndexStore, cache: ItemCache, *, writable: bool
    ) -> None:
        self._session = session
        self._store = store
        self._cache = cache
        self.writable = writable
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._tasks: deque[_Task] = deque()
        self._busy = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status = IndexStatus("idle")
        self._listeners: list[Listener] = []
        self._ix: Any = None
        self._folder = ""
        self._searcher: Any = None
        self._applied: tuple[int, str] | None = None  # (revision, token) the index reflects
        self._stems: StemMap | None = None
        self._stems_key: tuple[str, int] | None = None
        self._owners: list[str] | None = None  # item uuid by document number
        self._partial = False  # the open index is being rebuilt: it holds the items so far

    # -- status -------------------------------------------------------------------------------
    def status(self) -> IndexStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(status)`` on every change (from the worker thread)."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _set_status(self, status: IndexStatus) -> None:
        with self._cond:
            self._status = status
            listeners = list(self._listeners)
            self._cond.notify_all()
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a listener's bug must not stop the indexing
                log.exception("search status listener failed")

    # -- requests -----------------------------------------------------------------------------
    def ensure(self, *, force: bool = False) -> None:
        """Check the index (rebuilding it if needed, or ``force``) on the worker thread."""
        if not self.writable:
            return
        with self._cond:
            if self._stop.is_set():
                return
            task = _Task("rebuild" if force else "ensure")
            if task not in self._tasks:
                self._tasks.append(task)
            self._start()
            self._cond.notify_all()

    def committed(self, changes: Changes, revision: int, token: str) -> None:
        """The project committed ``changes`` (called right after the commit, in order)."""
        if not self.writable or self._thread is None:
            return
        with self._cond:
            self._tasks.append(
                _Task("changes", frozenset(affected_owners(changes)), revision, token)
            )
            self._cond.notify_all()

    def catch_up(self) -> None:
        """Others committed (on a server): index the items changed since the index's revision."""
        if not self.writable or self._thread is None:
            return
        with self._cond:
            if _Task("catch-up") not in self._tasks:
                self._tasks.append(_Task("catch-up"))
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no work is queued or running; False if ``timeout`` passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._tasks or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def close(self) -> None:
        with self._cond:
            self._stop.set()
            self._tasks.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            # A rebuild stops between batches; Whoosh's final write cannot be interrupted, and
            # an unfinished one is never made current (meta.json is switched after it).
            thread.join(CLOSE_WAIT)
        with self._lock:
            self._close_index()
            self._status = IndexStatus("closed")

    # -- reading ------------------------------------------------------------------------------
    @property
    def partial(self) -> bool:
        """True while a rebuild runs and its index so far answers searches."""
        with self._lock:
            return self._partial and self._ix is not None

    def usable(self, state: DbState, *, partial_ok: bool = False) -> bool:
        """Does the index reflect the project as of ``state`` (waiting briefly for updates)?

        With ``partial_ok``, during a rebuild the index of the items indexed so far counts as
        usable (see :attr:`partial`): at once if many items are left, else once a search has
        waited briefly for the rebuild to end."""
        if not self.writable:
            return self._usable_read_only(state)
        if self._status.state == "idle":
            self.ensure()
        began = time.monotonic()
        deadline, grace = began + WAIT_FOR_UPDATES, began + WAIT_FOR_REBUILD
        with self._cond:
            while self._ix is not None or self._tasks or self._busy:
                applied = self._applied
                if self._ix is not None and applied is not None and applied[0] >= state.revision:
                    return True
                if self._status.state == "indexing" and not partial_ok:
                    break
                partial = self._partial and self._ix is not None
                now = time.monotonic()
                many_left = self._status.total - self._status.done > FEW_LEFT
                if partial and (now >= grace or many_left):
                    return True
                if not (self._tasks or self._busy):
                    break
                remaining = (grace if partial else deadline) - now
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            applied = self._applied if self._ix is not None else None
        if applied is None:
            return False
        if self._nothing_changed(state, applied):
            return True
        self.catch_up()  # others' commits (a server): searches read the texts meanwhile
        return False

    def _nothing_changed(self, state: DbState, applied: tuple[int, str]) -> bool:
        if applied[1] != state.token or applied[0] > state.revision:
            return False
        if applied[0] == state.revision:
            return True
        with self._session() as s:
            return not changed_since(s, applied[0])

    def _usable_read_only(self, state: DbState) -> bool:
        meta = self._store.read_meta()
        if meta is None or meta.token != state.token or meta.revision > state.revision:
            self._set_unavailable()
            return False
        with self._lock:
            if self._ix is None or self._folder != meta.folder:
                self._close_index()
                try:
                    self._ix = self._store.open(meta)
                except UnusableIndex:
                    self._set_unavailable()
                    return False
                self._folder = meta.folder
        if not self._nothing_changed(state, (meta.revision, meta.token)):
            self._set_unavailable()
            return False
        if self._status.state != "ready":
            self._set_status(IndexStatus("ready"))
        return True

    def _set_unavailable(self) -> None:
        if self._status.state != "unavailable":
            self._set_status(
                IndexStatus(
                    "unavailable",
                    message="The search index is kept by the program that has this project "
                    "open for changes; searching the stored texts instead.",
                )
            )

    @contextmanager
    def reading(self) -> Iterator[tuple[Any, StemMap, list[str]]]:
        """The current searcher, stem map and item uuids by document number, held against
        concurrent index writes."""
        with self._lock:
            if self._ix is None:
                raise UnusableIndex("the index is not open")
            if self._searcher is not None and not self._searcher.up_to_date():
                # A new searcher, not refresh(): reused segment readers keep stale deletions.
                with contextlib.suppress(Exception):
                    self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self._ix.searcher()
                self._owners = list(self._searcher.reader().column_reader("owner"))
            generation = self._searcher.reader().generation()
            key = (self._folder, int(generation if generation is not None else -1))
            if self._stems is None or (not self.writable and self._stems_key != key):
                self._stems = build_stem_map(self._searcher.reader())
                self._stems_key = key
            assert self._owners is not None
            yield self._searcher, self._stems, self._owners

    def broken(self, error: BaseException) -> None:
        """A search failed inside the index: drop it, and rebuild if this keeper may write."""
        log.warning("search index unusable, rebuilding: %s", error)
        with self._lock:
            self._close_index()
            self._applied = None
        if self.writable:
            self.ensure(force=True)
        else:
            self._set_unavailable()

    def _close_index(self) -> None:
        for thing in (self._searcher, self._ix):
            if thing is not None:
                with contextlib.suppress(Exception):  # closing a damaged index may fail too
                    thing.close()
        self._searcher = None
        self._ix = None
        self._owners = None
        self._stems = None
        self._stems_key = None
        self._partial = False

    # -- the worker ---------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._tasks and not self._stop.is_set():
                    self._cond.wait()
                if self._stop.is_set():
                    return
                task = self._tasks.popleft()
                self._busy = True
            try:
                self._do(task)
            except Cancelled:
                return
            except Exception as exc:
                log.exception("search indexing failed")
                with self._lock:
                    self._close_index()
                    self._applied = None
                self._set_status(IndexStatus("failed", message=f"Indexing failed: {exc}"))
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _do(self, task: _Task) -> None:
        if task.kind == "changes":
            self._apply(task)
        elif task.kind == "catch-up":
            self._catch_up()
        elif task.kind == "rebuild" or not self._open_existing():
            self._rebuild()

    def _open_existing(self) -> bool:
        """Open the current index and catch up; False if it must be rebuilt."""
        with self._session() as s:
            state = db_state(s)
            items = len(all_owners(s))
        meta = self._store.read_meta()
        if meta is None or meta.token != state.token or meta.revision > state.revision:
            return False
        with self._lock:
            if self._ix is None or self._folder != meta.folder:
                self._close_index()
                try:
                    self._ix = self._store.open(meta)
                except UnusableIndex as exc:
                    log.info("search index unusable (%s); rebuilding", exc)
                    return False
                self._folder = meta.folder
        if meta.revision < state.revision:
            with self._session() as s:
                owners = changed_since(s, meta.revision)
            if owners:
                self._write(owners, state.revision, state.token)
        with self._session() as s:
            quiet = db_state(s).revision == state.revision
        with self._lock:
            # Without commits in between, the index must hold exactly one entry per item.
            if quiet and self._ix.doc_count() != items:
                log.info("search index out of step (%s items)", self._ix.doc_count())
                return False
            if self._applied is None or self._applied[0] < state.revision:
                self._applied = (state.revision, state.token)
        self._cache.refresh()  # read the texts now, not during the first search
        self._set_status(IndexStatus("ready", items, items))
        return True

    def _rebuild(self) -> None:
        with self._lock:
            self._close_index()
            self._applied = None

        sources = [0]

        def report(done: int, total: int, message: str) -> None:
            self._set_status(IndexStatus("indexing", done, total, message, sources[0]))

        def publish(segment: Published) -> None:
            self._cache.add(segment.items)  # before the index can name them
            with self._cond:
                if self._stems is None:
                    self._stems = {}
                add_to_stem_map(self._stems, segment.words)
                self._ix, self._folder, self._partial = segment.ix, segment.folder, True
                self._cond.notify_all()

        try:
            built = rebuild(
                self._store,
                self._session,
                Progress(report, stop=self._stop),
                publish,
                counted=lambda n: sources.__setitem__(0, n),
            )
        except BaseException:
            with self._lock:
                self._close_index()  # the growing index is gone
            raise
        self._cache.adopt(built.owners, built.state)
        with self._lock:
            self._ix, self._folder = built.ix, built.meta.folder
            self._applied = (built.state.revision, built.state.token)
            self._partial = False
        total = built.ix.doc_count()
        self._set_status(IndexStatus("ready", total, total))

    def _apply(self, task: _Task) -> None:
        with self._lock:
            if self._ix is None:
                return
        if task.owners:
            self._write(set(task.owners), task.revision, task.token)
        with self._lock:
            if self._applied is not None and task.revision > self._applied[0]:
                self._applied = (task.revision, task.token)
            self._cond.notify_all()

    def _catch_up(self) -> None:
        with self._lock:
            applied = self._applied if self._ix is not None else None
        if applied is None:
            return  # no index open: the next ensure opens or rebuilds it, caught up
        with self._session() as s:  # one snapshot: the state and what changed up to it
            state = db_state(s)
            owners = changed_since(s, applied[0]) if state.revision > applied[0] else set()
        if owners:
            self._write(owners, state.revision, state.token)
        with self._lock:
            if self._applied is not None and state.revision > self._applied[0]:
                self._applied = (state.revision, state.token)
            self._cond.notify_all()

    def _write(self, owners: set[Owner], revision: int, token: str) -> None:
        items = self._cache.reload(owners)
        with self._lock:
            try:
                words = update(self._ix, sorted(owners), items)
            except LockError:
                raise RuntimeError("another program is writing this search index") from None
            if self._stems is not None:
                add_to_stem_map(self._stems, words)
            self._store.write_meta(token=token, revision=revision, folder=self._folder)
