"""Importing documents into the open project: a writing job with its progress and Cancel in the
status bar, the one report at the end, and files dropped onto the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from workbench.core.progress import Progress
from workbench.core.services.sources import ImportReport
from workbench.gui.operations import sources
from workbench.gui.widgets.jobs import Job, JobRunner, StatusBarProgress
from workbench.gui.window.import_report import summary

if TYPE_CHECKING:
    from workbench.gui.project_session import ProjectSession
    from workbench.gui.window.settings import WindowSettings


class ImportWindow(Protocol):
    """What the import uses of the main window: its session, the questions asked, where
    progress and results are told, and the window itself (the controller's Qt parent)."""

    @property
    def session(self) -> ProjectSession | None: ...

    @property
    def settings(self) -> WindowSettings: ...

    @property
    def saved_label(self) -> QLabel: ...

    @property
    def ask_import_paths(self) -> Callable[[], list[Path]]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    @property
    def show_import_report(self) -> Callable[[ImportReport], object]: ...

    def open_project(self, path: Path) -> bool: ...

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...


class ImportController(QObject):
    """One import at a time for ``window``, as a job that writes (one transaction: Cancel, or a
    failure, leaves the project as it was)."""

    def __init__(self, window: ImportWindow) -> None:
        super().__init__(window.window())
        self.window = window
        self.worker: Job | None = None
        self._runner = JobRunner(self, supersede=False)
        self.status = StatusBarProgress(window.statusBar(), name="import")

    def ask_and_import(self) -> None:
        """File → Import sources…: ask for the files, then import them."""
        paths = self.window.ask_import_paths()
        if paths:
            self.window.settings.set_last_folder(paths[0].parent)
            self.import_files(paths)

    def import_files(self, paths: list[Path]) -> Job | None:
        """Import in the background with progress and Cancel; one report at the end."""
        window = self.window
        session = window.session
        if session is None:
            window.show_error(
                "No project is open", "Open or create a project, then import into it."
            )
            return None
        if self.worker is not None or session.busy:
            window.statusBar().showMessage("Please wait until the running job ends.", 5000)
            return None
        project, coder = session.project, session.coder

        def work(progress: Progress) -> ImportReport:
            return sources.import_files(project, paths, coder=coder, progress=progress)

        job = self._runner.start(work, writing=session, what="the import")
        job.succeeded.connect(self._completed)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self._stopped("Import cancelled; nothing was imported."))
        self.worker = job
        self.status.follow(job, "Importing", len(paths) + 1)
        window.saved_label.setText("Importing…")
        return job

    def cancel(self, wait: bool = False) -> None:
        """Stop the running import (nothing of it is kept); ``wait`` until it has stopped."""
        if self.worker is not None:
            self.worker.cancel()
            if wait:
                self._runner.wait()

    def _failed(self, message: str) -> None:
        self._stopped("The import failed; nothing was imported.")
        self.window.show_error("The import failed", f"{message}\n\nNothing was imported.")

    def _stopped(self, message: str) -> None:
        self.worker = None
        self.window.statusBar().showMessage(message, 8000)
        self.window.saved_label.setText("")

    def _completed(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        window = self.window
        self.worker = None
        window.statusBar().showMessage(summary(report), 8000)
        if window.session is None:
            return
        if report.imported:
            window.session.run_unstacked("import", lambda _coder: report.changes)
            first = report.imported[0].source_uuid
            if first:
                window.session.select_source(first)
        window.saved_label.setText(f"All changes saved · {datetime.now():%H:%M}")
        if report.problems:
            window.show_import_report(report)

    # -- files dropped onto the window ------------------------------------------------------------
    def accept_drag(self, event: QDragEnterEvent) -> bool:
        """Accept a drag that carries local files; False leaves the event to the window."""
        if not _local_files(event.mimeData().urls()):
            return False
        event.acceptProposedAction()
        return True

    def drop(self, event: QDropEvent) -> bool:
        """Open a dropped project (.qwb) or else import the dropped files; False if none."""
        paths = _local_files(event.mimeData().urls())
        if not paths:
            return False
        event.acceptProposedAction()
        projects = [p for p in paths if p.suffix.lower() == ".qwb"]
        # Later, so that the drop returns (and the drag source is released) before any dialog.
        if projects:
            QTimer.singleShot(0, lambda: self.window.open_project(projects[0]))
        else:
            QTimer.singleShot(0, lambda: self.import_files(paths))
        return True


def _local_files(urls: Sequence[QUrl]) -> list[Path]:
    paths = []
    for url in urls:
        local = url.toLocalFile()
        if local and Path(local).is_file():
            paths.append(Path(local))
    return paths
