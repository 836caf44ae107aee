"""Work a view does after a project change, deferred while the view is hidden.

A panel in a hidden tab or a closed or tabified dock need not mirror every change the moment it
happens: it marks itself stale and catches up, once, when it is shown again. A view whose window
has never been shown (a panel built on its own, e.g. in a test), or no widget at all, works at
once, as before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class WhenShown(QObject):
    """Runs ``work`` now while ``widget`` is on screen, otherwise once when it is next shown.

    ``request(later=True)`` runs it one event-loop turn later (after the transcript repaints),
    and a burst of requests costs one run."""

    def __init__(
        self, widget: QWidget | None, work: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(widget or parent)
        self._widget = widget
        self._work = work
        self.stale = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._run_if_shown)
        if widget is not None:
            widget.installEventFilter(self)

    def hidden(self) -> bool:
        """Hidden from a window that is itself on screen (a background tab, a closed dock)."""
        widget = self._widget
        return widget is not None and widget.window().isVisible() and not widget.isVisible()

    def request(self, *, later: bool = False) -> None:
        if self.hidden():
            self._later.stop()
            self.stale = True
        elif later:
            self._later.start()
        else:
            self.run()

    def run(self) -> None:
        """Do the work now (shown or not), e.g. before reading what the view holds."""
        self._later.stop()
        self.stale = False
        self._work()

    def cancel(self) -> None:
        """The work was done another way: forget a pending run."""
        self._later.stop()
        self.stale = False

    def _run_if_shown(self) -> None:
        self.request()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.stale:
            self.run()
        return False
