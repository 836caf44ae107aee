"""Imports off the GUI thread: a worker thread, progress in the status bar, cancel, one report."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from workbench.core.errors import as_user_error
from workbench.core.project import Project
from workbench.core.services.sources import ImportOutcome, ImportReport
from workbench.gui.operations import sources


class ImportWorker(QThread):
    """Imports files one transaction each; a bad file is reported and the rest go on."""

    progressed = Signal(int, int, str)  # done, total, file name
    completed = Signal(object)  # ImportReport

    def __init__(
        self, project: Project, paths: Sequence[Path], coder: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.paths = list(paths)
        self.coder = coder
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            report = sources.import_files(
                self.project, self.paths, coder=self.coder, progress=self._progress
            )
        except Exception as exc:  # a bug, not bad input: still end with a report, never hang
            shown = as_user_error(exc, "importing")
            why = (
                str(shown)
                if shown is not None
                else f"the import stopped on an unexpected error ({type(exc).__name__}: {exc})"
            )
            report = ImportReport(
                tuple(
                    ImportOutcome(p, "failed", f"{p.name}: {why}; files already imported stay.")
                    for p in self.paths
                )
            )
        self.completed.emit(report)

    def _progress(self, done: int, total: int, path: Path) -> bool:
        self.progressed.emit(done, total, path.name)
        return not self._cancel.is_set()
