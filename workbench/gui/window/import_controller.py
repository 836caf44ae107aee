"""Importing documents into the open project: the worker thread, its progress and Cancel in the
status bar, the one report at the end, and files dropped onto the window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QProgressBar, QToolButton

from workbench.core.services.sources import ImportReport
from workbench.gui.window.import_report import summary
from workbench.gui.window.import_worker import ImportWorker

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow


class ImportController(QObject):
    """One import at a time for ``window``; a QObject so the worker's signals arrive on the GUI
    thread."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: ImportWorker | None = None
        self.progress = QProgressBar()
        self.progress.setObjectName("busyProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.setText("Cancel")
        self.cancel_button.clicked.connect(lambda: self.cancel())
        for widget in (self.progress, self.cancel_button):
            window.statusBar().addPermanentWidget(widget)
            widget.hide()

    def ask_and_import(self) -> None:
        """File → Import sources…: ask for the files, then import them."""
        paths = self.window.ask_import_paths()
        if paths:
            self.window.settings.set_last_folder(paths[0].parent)
            self.import_files(paths)

    def import_files(self, paths: list[Path]) -> ImportWorker | None:
        """Import in a worker thread with progress and cancel; one report at the end."""
        window = self.window
        if window.session is None:
            window.show_error(
                "No project is open", "Open or create a project, then import into it."
            )
            return None
        if self.worker is not None:
            window.statusBar().showMessage("An import is already running.", 5000)
            return None
        worker = ImportWorker(window.session.project, paths, window.session.coder, window)
        worker.progressed.connect(self._progressed)
        worker.completed.connect(self._completed)
        worker.finished.connect(worker.deleteLater)
        self.worker = worker
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        window.saved_label.setText("Importing…")
        worker.start()
        return worker

    def cancel(self, wait: bool = False) -> None:
        """Stop the running import after its current file; ``wait`` until its thread is done."""
        if self.worker is not None:
            self.worker.cancel()
            if wait:
                self.worker.wait()
                QApplication.processEvents()

    def _progressed(self, done: int, total: int, name: str) -> None:
        self.progress.setValue(done)
        self.progress.setFormat(f"Importing {min(done + 1, total)}/{total}")
        if name:
            self.window.statusBar().showMessage(f"Importing {name}…")

    def _completed(self, report: ImportReport) -> None:
        window = self.window
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
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
