"""Searches off the GUI thread, and the index's status brought onto it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from workbench.core.errors import WorkbenchError
from workbench.core.progress import Progress
from workbench.core.project import Project
from workbench.core.search import IndexStatus, SearchFilters, SearchOptions, SearchResult
from workbench.gui.widgets.jobs import JobRunner


def _search_failure(exc: BaseException) -> str:
    if isinstance(exc, WorkbenchError):
        return str(exc)
    return f"The search failed unexpectedly ({type(exc).__name__}: {exc})."


class SearchRunner(QObject):
    """Runs one search at a time on its own thread pool; only the newest result is reported."""

    finished = Signal(object, bool)  # SearchResult, all (the search asked for every hit)
    failed = Signal(str)
    status_changed = Signal(object)  # IndexStatus (from the indexing thread, queued here)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._wants_all = False
        self._jobs = JobRunner(self, describe=_search_failure)
        self._jobs.finished.connect(lambda result: self.finished.emit(result, self._wants_all))
        self._jobs.failed.connect(self.failed.emit)
        emit = self.status_changed.emit
        unsubscribe = project.search.subscribe(lambda status: emit(status))
        self._unsubscribe: Callable[[], None] | None = unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    def start(
        self,
        query: str,
        options: SearchOptions,
        filters: SearchFilters,
        limit: int | None,
    ) -> None:
        """Search in the background; an older search still running is ignored when it ends."""
        self._wants_all = limit is None
        search = self._project.search

        def run(_progress: Progress) -> SearchResult:
            return search.search(query, options=options, filters=filters, limit=limit)

        self._jobs.start(run)

    def status(self) -> IndexStatus:
        return self._project.search.status()

    def cancel(self) -> None:
        self._jobs.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self._jobs.wait(msecs)

    def shutdown(self) -> None:
        """Stop listening and wait for a running search (before the project closes)."""
        self._jobs.cancel()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._jobs.wait()
