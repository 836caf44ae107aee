"""The one way to run long work off the GUI thread.

A job is ``work(progress)``: a core call that steps ``progress`` (``workbench.core.progress``)
and raises ``Cancelled`` once cancelled. ``JobRunner.start`` runs it on the runner's single
worker thread and returns its ``Job``, whose signals arrive on the GUI thread: ``progressed``
(at most ten times a second), then one of ``succeeded``/``failed``/``cancelled``, then ``ended``.
A job that writes names the session: the session is ``busy`` (its write actions disabled) until
the job ends, so the GUI thread never waits on the project's write lock. Nothing here waits in
a nested event loop; show a job with ``follow_in_dialog`` or ``StatusBarProgress``."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QStatusBar, QToolButton, QWidget

from workbench.core.errors import as_user_error
from workbench.core.progress import Cancelled, Progress
from workbench.gui.widgets.plain_text import progress_dialog

if TYPE_CHECKING:
    from workbench.gui.project_session import ProjectSession

Work = Callable[[Progress], object]
Describe = Callable[[BaseException], str]
_INTERVAL = 0.1  # seconds between progress signals: at most 10 Hz


def failure_text(exc: BaseException) -> str:
    """A refusal is shown as the core words it, a file problem plainly; anything else says it
    was unexpected."""
    shown = as_user_error(exc, "this task")  # a full disk says so
    if shown is not None:
        return str(shown)
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename} could not be written ({exc.strerror or exc})."
    return f"It failed unexpectedly ({type(exc).__name__}: {exc})."


class Job(QObject):
    """One run of ``work``; ``cancel()`` asks it to stop at its next progress step (a job that
    writes then rolls back: the project stays as it was)."""

    progressed = Signal(int, int, str)  # done, total (0: unknown), label
    succeeded = Signal(object)
    failed = Signal(str)  # the message for the researcher
    cancelled = Signal()
    ended = Signal()  # after one of the three above
    stopped = Signal()  # the work has stopped: before the three above (a writer frees the project)
    _outcome = Signal(str, object)  # from the worker thread: outcome, result or message
    _stepped = Signal()  # from the worker thread: a new step waits in ``_latest``

    def __init__(self, work: Work, describe: Describe) -> None:
        super().__init__()
        self._work = work
        self._describe = describe
        self.progress = Progress(self._report)
        self.what = "the running task"  # names a job that writes in messages
        self.outcome = ""  # "" while it runs, then "done", "failed" or "cancelled"
        self.result: object = None
        self.error = ""
        self._lock = threading.Lock()
        self._latest: tuple[int, int, str] | None = None  # the step not yet shown
        self._shown_at = 0.0
        self._outcome.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._stepped.connect(self._throttle, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return not self.outcome

    def cancel(self) -> None:
        self.progress.cancel()

    # -- on the worker thread ---------------------------------------------------------------------
    def _report(self, done: int, total: int, label: str) -> None:
        with self._lock:
            waiting, self._latest = self._latest is not None, (done, total, label)
        if not waiting:  # else the GUI thread has yet to take the one before: it takes this
            self._emit(self._stepped)

    def _run(self) -> None:
        try:
            self.progress.raise_if_cancelled()  # superseded while it waited in the queue
            result = self._work(self.progress)
        except Cancelled:
            self._emit(self._outcome, "cancelled", None)
        except Exception as exc:  # a bug must not kill the worker thread silently
            self._emit(self._outcome, "failed", self._describe(exc))
        else:
            self._emit(self._outcome, "done", result)

    @staticmethod
    def _emit(signal: object, *args: object) -> None:
        # the job may have been deleted while it ran (its window closed): nobody is waiting
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)  # type: ignore[attr-defined]

    # -- on the GUI thread ------------------------------------------------------------------------
    def _throttle(self) -> None:
        wait = self._shown_at + _INTERVAL - time.monotonic()
        if wait > 0:
            QTimer.singleShot(int(wait * 1000) + 1, self._show_step)
        else:
            self._show_step()

    def _show_step(self) -> None:
        with self._lock:
            latest, self._latest = self._latest, None
        if latest is not None and self.running:
            self._shown_at = time.monotonic()
            self.progressed.emit(*latest)

    def _finish(self, outcome: str, payload: object) -> None:
        self._show_step()  # the last step before the end
        self.outcome = outcome
        self.stopped.emit()  # what follows the outcome may write again
        if outcome == "done":
            self.result = payload
            self.succeeded.emit(payload)
        elif outcome == "failed":
            self.error = str(payload)
            self.failed.emit(self.error)
        else:
            self.cancelled.emit()
        self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()


class JobRunner(QObject):
    """Runs jobs one after another on its own worker thread. ``finished``/``failed`` relay only
    the newest job, and a newer ``start`` cancels older ones (views that show the latest
    answer) unless ``supersede`` is False; each ``Job``'s own signals always say how it ended."""

    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        describe: Describe = failure_text,
        supersede: bool = True,
    ) -> None:
        """``describe`` words a failure for the researcher."""
        super().__init__(parent)
        self._describe = describe
        self._supersede = supersede
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[Job] = set()  # alive until they end
        self._newest: Job | None = None

    @property
    def busy(self) -> bool:
        """True while the newest job has not reported."""
        return self._newest is not None

    def start(
        self, work: Work, *, writing: ProjectSession | None = None, what: str = "the running task"
    ) -> Job:
        """Run ``work(progress)`` in the background. A job that writes names the ``writing``
        session, which is busy until the job ends; ``what`` names the job in the message an
        edit tried meanwhile shows ("Wait until the import has finished: …")."""
        if self._supersede:
            for older in self._jobs:
                older.cancel()  # a job still queued ends as soon as its turn comes
        job = Job(work, self._describe)  # no parent: it lives while referenced (see _ended)
        self._jobs.add(job)
        job.ended.connect(self._ended)
        if writing is not None:
            job.what = what
            writing.begin_busy(what)
            job.stopped.connect(writing.end_busy)
        self._set_newest(job)
        self._pool.start(_Runnable(job))
        return job

    def cancel(self) -> None:
        """Stop the newest job and forget it: its result will not be relayed."""
        if self._newest is not None:
            self._newest.cancel()
            self._set_newest(None)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running jobs to end (e.g. before the project closes)."""
        return bool(self._pool.waitForDone(msecs))

    def _set_newest(self, job: Job | None) -> None:
        was, self._newest = self._newest, job
        if (was is None) != (job is None):
            self.busy_changed.emit(job is not None)

    def _ended(self) -> None:
        job = self.sender()
        assert isinstance(job, Job)
        self._jobs.discard(job)
        if job is not self._newest:
            return
        self._set_newest(None)
        if job.outcome == "done":
            self.finished.emit(job.result)
        elif job.outcome == "failed":
            self.failed.emit(job.error)


_background: list[JobRunner] = []


def background_runner() -> JobRunner:
    """The application's runner for jobs that outlive the widget that started them (exports,
    teamwork); they run in turn and never cancel each other."""
    if not _background:
        _background.append(JobRunner(supersede=False))
    return _background[0]


def wait_for_background(msecs: int = 30_000) -> bool:
    """Wait for the background jobs (call before the project closes); True when all ended."""
    return not _background or _background[0].wait(msecs)


def follow_in_dialog(
    job: Job, parent: QWidget | None, label: str, *, title: str, name: str, can_cancel: bool = True
) -> None:
    """A window-modal progress dialog (objectName ``name``) for ``job``, shown after 300 ms;
    its Cancel button cancels the job. It closes when the job ends."""
    dialog = progress_dialog(parent, label, "Cancel")
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not can_cancel:
        dialog.setCancelButton(None)

    def cancel() -> None:
        dialog.setLabelText("Stopping…")
        job.cancel()

    def progressed(done: int, total: int, _label: str) -> None:
        if dialog.maximum() != total:
            dialog.setMaximum(total)  # 0: a busy indicator
        dialog.setValue(min(done, total) if total else 0)

    def close() -> None:
        dialog.canceled.disconnect(cancel)
        dialog.hide()
        dialog.deleteLater()

    dialog.canceled.connect(cancel)
    job.progressed.connect(progressed)
    job.ended.connect(close)


class StatusBarProgress(QObject):
    """A progress bar and a Cancel button in the status bar that follow one job at a time."""

    def __init__(self, bar: QStatusBar, *, name: str = "busy") -> None:
        super().__init__(bar)
        self._bar = bar
        self._job: Job | None = None
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}Progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def follow(self, job: Job, verb: str, total: int = 0) -> None:
        """Show ``job`` (``verb``, e.g. "Importing", labels the bar) until it ends."""
        self._job = job
        self._verb = verb
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.setFormat(f"{verb}…")
        self.cancel_button.setEnabled(True)
        self.progress.show()
        self.cancel_button.show()
        job.progressed.connect(self._progressed)
        job.ended.connect(self._ended)

    def cancel(self) -> None:
        if self._job is not None and self._job.running:
            self.cancel_button.setEnabled(False)
            self._bar.showMessage("Stopping…")
            self._job.cancel()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.progress.maximum() != total:
            self.progress.setMaximum(total)
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setFormat(f"{self._verb} {done}/{total}" if total else f"{self._verb}…")
        if label and self.cancel_button.isEnabled():
            self._bar.showMessage(f"{label}…")

    def _ended(self) -> None:
        self._job = None
        self.progress.hide()
        self.cancel_button.hide()
