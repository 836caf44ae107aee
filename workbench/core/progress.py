"""How a long core operation reports progress and learns that it should stop.

Every long operation (imports, the search index, REFI-QDA, PDF reports, merge, agreement) takes
``progress: Progress = NO_PROGRESS`` and calls ``progress.step(done, total, label)`` as it goes;
``step`` raises ``Cancelled`` once someone called ``progress.cancel()`` (from any thread). An
operation that writes does so in one transaction, so a ``Cancelled`` raised inside it leaves the
project exactly as it was."""

from __future__ import annotations

import threading
from collections.abc import Callable

from workbench.core.errors import WorkbenchError

__all__ = ["NO_PROGRESS", "Cancelled", "Progress", "Report"]

Report = Callable[[int, int, str], None]
"""``report(done, total, label)``: ``total`` 0 means unknown."""


class Cancelled(WorkbenchError):
    """The researcher cancelled a long operation; nothing was written or changed."""

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


class Progress:
    """Where a long operation stands (``report``) and whether it should stop (``cancel``).

    Thread-safe for one reporter and any number of cancellers."""

    def __init__(self, report: Report | None = None, *, stop: threading.Event | None = None):
        """``report`` receives each step; ``stop`` (optional) is an event shared with the owner."""
        self._report = report
        self._stop = stop if stop is not None else threading.Event()

    def cancel(self) -> None:
        """Ask the operation to stop at its next step (call from any thread)."""
        self._stop.set()

    def raise_if_cancelled(self) -> None:
        """Raise ``Cancelled`` if ``cancel()`` was called."""
        if self._stop.is_set():
            raise Cancelled

    def step(self, done: int, total: int, label: str = "") -> None:
        """Report ``done`` of ``total`` (``label`` says what is being done); raise ``Cancelled``
        if the operation should stop."""
        self.raise_if_cancelled()
        if self._report is not None:
            self._report(done, total, label)


class _NoProgress(Progress):
    """Reports nothing and is never cancelled (the default of every long operation)."""

    def cancel(self) -> None:
        raise TypeError("NO_PROGRESS cannot be cancelled; pass your own Progress.")


NO_PROGRESS: Progress = _NoProgress()
