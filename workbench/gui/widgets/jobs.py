"""Work off the GUI thread (reports, exports, searches): one job at a time, only the newest
result is delivered."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from workbench.core.errors import as_user_error


def failure_text(exc: BaseException) -> str:
    """A refusal is shown as the core words it, a file problem plainly; anything else says it
    was unexpected."""
    shown = as_user_error(exc, "this task")  # a full disk says so
    if shown is not None:
        return str(shown)
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename} could not be written ({exc.strerror or exc})."
    return f"It failed unexpectedly ({type(exc).__name__}: {exc})."


class _Signals(QObject):
    finished = Signal(int, object)  # generation, result
    failed = Signal(int, str)  # generation, message for the researcher


Describe = Callable[[BaseException], str]


class _Job(QRunnable):
    def __init__(
        self, signals: _Signals, generation: int, run: Callable[[], object], describe: Describe
    ) -> None:
        super().__init__()
        self._signals = signals
        self._generation = generation
        self._run = run
        self._describe = describe

    def run(self) -> None:
        try:
            result = self._run()
        except Exception as exc:  # a bug must not kill the worker thread silently
            self._emit(self._signals.failed, self._describe(exc))
        else:
            self._emit(self._signals.finished, result)

    def _emit(self, signal: SignalInstance, payload: object) -> None:
        # the runner may have been deleted while the job ran: then nobody is waiting
        with contextlib.suppress(RuntimeError):
            signal.emit(self._generation, payload)


class JobRunner(QObject):
    """Runs callables on its own single thread; a newer ``start`` makes older results vanish."""

    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, describe: Describe = failure_text) -> None:
        """``describe`` words a failure for the researcher."""
        super().__init__(parent)
        self._describe = describe
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._waiting = False

    @property
    def busy(self) -> bool:
        """True while the newest job has not reported."""
        return self._waiting

    def start(self, run: Callable[[], object]) -> None:
        """Run ``run()`` in the background; its result arrives as ``finished``."""
        self._generation += 1
        self._pool.clear()  # jobs still queued behind a running one are out of date: drop them
        self._pool.start(_Job(self._signals, self._generation, run, self._describe))
        self._set_waiting(True)

    def cancel(self) -> None:
        """Forget the running job: its result will not be delivered."""
        self._generation += 1
        self._set_waiting(False)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running job to end (e.g. before the project closes)."""
        return bool(self._pool.waitForDone(msecs))

    def _set_waiting(self, waiting: bool) -> None:
        if waiting != self._waiting:
            self._waiting = waiting
            self.busy_changed.emit(waiting)

    def _finished(self, generation: int, result: object) -> None:
        if generation == self._generation:
            self._set_waiting(False)
            self.finished.emit(result)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_waiting(False)
            self.failed.emit(message)
