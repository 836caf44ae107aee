"""An export on a worker thread, with progress and cancel where the core reports progress, and a
progress dialog that follows it on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.jobs import failure_text
from workbench.gui.widgets.plain_text import progress_dialog

Progress = Callable[[str, int], None]  # ReportLab's (kind, value) progress callback
Work = Callable[[Progress], object]


class Cancelled(Exception):
    """Raised inside the core's progress callback to stop an export (nothing is written)."""


class ExportJob(QThread):
    """Runs ``work(progress)``; ``progress`` raises Cancelled once ``cancel()`` was called.

    ``progressed(done, total)`` follows ReportLab's flowable count (total 0: unknown)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self._total = 0
        self.outcome = ""  # "", then "done", "failed" or "cancelled" (set on the worker thread)
        self.result: object = None
        self.error = ""

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, kind: str, value: int) -> None:
        if self._stop.is_set():
            raise Cancelled
        if kind == "SIZE_EST":
            self._total = max(1, value)
            self.progressed.emit(0, self._total)
        elif kind == "PROGRESS" and self._total:
            self.progressed.emit(min(value, self._total), self._total)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self.outcome = "cancelled"
            self.cancelled.emit()
        except Exception as exc:  # shown to the researcher, never lost on the thread
            self.error = failure_text(exc)
            self.outcome = "failed"
            self.failed.emit(self.error)
        else:
            self.result = result
            self.outcome = "done"
            self.succeeded.emit(result)

    def _forget(self) -> None:
        """On the GUI thread once the thread ended: let the job go."""
        self.wait()
        _RUNNING.discard(self)


_RUNNING: set[ExportJob] = set()


def start_job(job: ExportJob) -> ExportJob:
    """Start ``job`` and keep it alive until it ends (its starter may be gone by then)."""
    _RUNNING.add(job)
    job.finished.connect(job._forget)
    job.start()
    return job


def wait_for_exports(msecs: int = 30_000) -> bool:
    """Wait for running exports (call before the project closes); True when all ended."""
    return all(job.wait(msecs) for job in list(_RUNNING))


class ProgressFollower(QObject):
    """A progress dialog for one job (with ``can_cancel`` its Cancel stops the job), then the
    outcome handed to ``on_success`` or ``on_failure`` on the GUI thread."""

    def __init__(
        self,
        job: ExportJob,
        label: str,
        parent: QWidget | None,
        *,
        can_cancel: bool,
        on_success: Callable[[object], None],
        on_failure: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._on_success = on_success
        self._on_failure = on_failure
        self._closed = False
        self.dialog = progress_dialog(parent, label, "Cancel")
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowTitle("Exporting")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not can_cancel:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.finished.connect(self._ended)
        job.follower = self  # type: ignore[attr-defined]  # alive as long as the job

    def _progressed(self, done: int, total: int) -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _cancel(self) -> None:
        self.dialog.setLabelText("Stopping…")
        self._job.cancel()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.dialog.canceled.disconnect(self._cancel)
        self.dialog.hide()
        self.dialog.deleteLater()

    def _succeeded(self, result: object) -> None:
        self._close()
        self._on_success(result)

    def _failed(self, message: str) -> None:
        self._close()
        self._on_failure(message)

    def _ended(self) -> None:
        self._close()
