"""Searches off the GUI thread, and the index's status brought onto it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workbench.core.errors import WorkbenchError
from workbench.core.project import Project
from workbench.core.search import IndexStatus, SearchFilters, SearchOptions, SearchResult


class _Signals(QObject):
    finished = Signal(int, object)  # generation, SearchResult
    failed = Signal(int, str)  # generation, message for the researcher


class _Job(QRunnable):
    def __init__(
        self,
        signals: _Signals,
        generation: int,
        run: Callable[[], SearchResult],
    ) -> None:
        super().__init__()
        self._signals = signals
        self._generation = generation
        self._run = run

    def run(self) -> None:
        try:
            result = self._run()
        except WorkbenchError as exc:
            self._signals.failed.emit(self._generation, str(exc))
        except Exception as exc:  # a bug must not kill the worker thread silently
            self._signals.failed.emit(
                self._generation, f"The search failed unexpectedly ({type(exc).__name__}: {exc})."
            )
        else:
            self._signals.finished.emit(self._generation, result)


class SearchRunner(QObject):
    """Runs one search at a time on its own thread pool; only the newest result is reported."""

    finished = Signal(object, bool)  # SearchResult, all (the search asked for every hit)
    failed = Signal(str)
    status_changed = Signal(object)  # IndexStatus (from the indexing thread, queued here)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._wants_all = False
        emit = self.status_changed.emit
        unsubscribe = project.search.subscribe(lambda status: emit(status))
        self._unsubscribe: Callable[[], None] | None = unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def start(
        self,
        query: str,
        options: SearchOptions,
        filters: SearchFilters,
        limit: int | None,
    ) -> None:
        """Search in the background; an older search still running is ignored when it ends."""
        self._generation += 1
        self._wants_all = limit is None
        search = self._project.search

        def run() -> SearchResult:
            return search.search(query, options=options, filters=filters, limit=limit)

        self._pool.start(_Job(self._signals, self._generation, run))

    def status(self) -> IndexStatus:
        return self._project.search.status()

    def cancel(self) -> None:
        self._generation += 1

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Stop listening and wait for a running search (before the project closes)."""
        self._generation += 1
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._pool.waitForDone()

    def _finished(self, generation: int, result: object) -> None:
        if generation == self._generation:
            self.finished.emit(result, self._wants_all)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)
