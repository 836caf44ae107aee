"""Teamwork jobs off the GUI thread: a QThread that runs one callable, and a busy wait for flows
that must have the result before they go on (a merge plan, a pseudonymized copy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.plain_text import progress_dialog

T = TypeVar("T")


class CallWorker(QThread):
    """Runs ``job()`` in a thread; ``completed(result)`` or ``failed(exception)`` follows."""

    completed = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.job()
        except Exception as exc:  # shown by the caller, never lost in the thread
            self.error = exc
            self.failed.emit(exc)
        else:
            self.completed.emit(self.result)


def run_busy(parent: QWidget | None, label: str, job: Callable[[], T]) -> T:
    """Run ``job`` in a worker while a busy indicator shows; return its result or raise its
    error here, on the GUI thread. The event loop keeps running (the window repaints)."""
    busy = progress_dialog(parent, label)
    busy.setObjectName("teamworkBusy")
    busy.setWindowTitle("Please wait")
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(300)
    box: list[T] = []
    worker = CallWorker(lambda: box.append(job()))
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    busy.reset()
    busy.deleteLater()
    if worker.error is not None:
        raise worker.error
    return box[0]
