"""Live refresh of a server project: the change feed's listener (a thread of its own) reports
each new revision and the connection's state; both arrive on the GUI thread through queued
signals. A new revision is read as ``project.changes_since(seen)`` and told to the session,
the same path a local change takes (codebook, counts, transcript, segments, memos, map), so
panels keep their selection and scroll. Revisions the session already showed (its own
edits) are not told again. A lost connection makes the session refuse edits until it is back,
then everything missed is read in one catch-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy.engine import URL

from workbench.core.errors import WorkbenchError
from workbench.gui.project_session import ProjectSession

CONNECTED = "connected"
OFFLINE = "offline — reconnecting"


class Listener(Protocol):
    """The feed's ChangeListener (``workbench.core.server.listener``) as used here."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


ListenerFactory = Callable[..., Listener]


def feed_listener() -> ListenerFactory | None:
    """The feed's ChangeListener class, or None where this build has none."""
    try:
        from workbench.core.server.listener import ChangeListener
    except ImportError:
        return None
    return ChangeListener  # type: ignore[no-any-return]


class LiveLink(QObject):
    """Follows one server session's change feed for as long as it is open."""

    connection_changed = Signal(bool, str)  # up, what to show ("connected", OFFLINE…)
    caught_up = Signal(int)  # the revision panels now show
    _revision = Signal(int)  # from the listener's thread
    _state = Signal(bool, str)  # from the listener's thread

    def __init__(
        self,
        session: ProjectSession,
        parent: QObject | None = None,
        *,
        factory: ListenerFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.seen = session.project.revision()
        self.up = True
        self.state = CONNECTED
        self._revision.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._state_arrived, Qt.ConnectionType.QueuedConnection)
        factory = factory or feed_listener()
        url = session.project.server_url
        self._listener: Listener | None = None
        if factory is not None and isinstance(url, URL):
            self._listener = factory(
                url, since=self.seen, on_change=self._revision.emit, on_state=self._state.emit
            )
            self._listener.start()
        else:
            self.state = "connected (no live updates in this build)"

    @property
    def live(self) -> bool:
        """Whether the feed is followed at all."""
        return self._listener is not None

    def stop(self) -> None:
        """Stop listening (before the session closes)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    def catch_up(self) -> None:
        """Read and show whatever committed since the revision last shown."""
        self._arrived(-1)

    # -- on the GUI thread --------------------------------------------------------------------
    def _arrived(self, revision: int) -> None:
        session = self.session
        if session.closed or (self._listener is None and revision >= 0):
            return
        if 0 <= revision <= self.seen:
            return
        if revision > 0 and all(session.has_shown(r) for r in range(self.seen + 1, revision + 1)):
            self.seen = revision  # only this session's own edits: already on screen
            return
        try:
            changes = session.project.changes_since(self.seen)
        except WorkbenchError:
            return  # the connection went: the listener says so, and catches up when back
        self.seen = max(self.seen, changes.revision)
        if not changes.empty:
            session.notify(changes)
        self.caught_up.emit(self.seen)

    def _state_arrived(self, up: bool, text: str) -> None:
        if self.session.closed:
            return
        self.up = up
        self.state = CONNECTED if up else (text or OFFLINE)
        self.session.set_offline("" if up else self.state)
        self.connection_changed.emit(up, self.state)
