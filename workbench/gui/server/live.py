"""Live refresh of a server project: the change feed's listener (a thread of its own) reports
each new revision and the connection's state; both arrive on the GUI thread through queued
signals. A new revision is read as ``project.changes_since(seen)`` and told to the session,
the same path a local change takes (codebook, counts, transcript, segments, memos, map), so
panels keep their selection and scroll. Revisions the session already showed (its own
edits) are not told again. A lost connection makes the session refuse edits until it is back,
then everything missed is read in one catch-up. The same listener hears presence
(``presence_changed``: someone opened, changed or closed a source)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal

from workbench.core.changes import Changes
from workbench.core.errors import WorkbenchError
from workbench.core.server.feed_events import feed_events
from workbench.core.server.listener import CONNECTED, OFFLINE, ChangeListener
from workbench.core.server.presence import CHANNEL as PRESENCE_CHANNEL
from workbench.gui.project_session import ProjectSession


class LiveLink(QObject):
    """Follows one server session's change feed for as long as it is open."""

    connection_changed = Signal(bool, str)  # up, what to show ("connected", OFFLINE…)
    presence_changed = Signal()  # on the GUI thread
    _revision = Signal(int)  # from the listener's thread
    _state = Signal(bool, str)  # from the listener's thread
    _presence = Signal()  # from the listener's thread

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.seen = session.project.revision()
        self.up = True
        self.state = CONNECTED
        self._revision.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._state_arrived, Qt.ConnectionType.QueuedConnection)
        self._presence.connect(self.presence_changed, Qt.ConnectionType.QueuedConnection)
        url = session.project.server_url
        assert url is not None, "a project on a server"
        self._listener: ChangeListener | None = ChangeListener(
            url,
            since=self.seen,
            on_change=self._revision.emit,
            on_state=self._state.emit,
            also={PRESENCE_CHANNEL: lambda _coder: self._presence.emit()},
        )
        self._listener.start()

    @property
    def listener(self) -> ChangeListener | None:
        """The feed's listener (None once stopped)."""
        return self._listener

    def stop(self) -> None:
        """Stop listening (before the session closes)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    # -- on the GUI thread --------------------------------------------------------------------
    def _arrived(self, revision: int) -> None:
        session = self.session
        if session.closed or self._listener is None or revision <= self.seen:
            return
        if all(session.has_shown(r) for r in range(self.seen + 1, revision + 1)):
            self.seen = revision  # only this session's own edits: already on screen
            return
        try:
            changes = session.project.changes_since(self.seen)
            kinds = self._feed_kinds(changes.revision)
        except WorkbenchError:
            return  # the connection went: the listener says so, and catches up when back
        own = {r for r in range(self.seen + 1, changes.revision + 1) if session.has_shown(r)}
        self.seen = max(self.seen, changes.revision)
        if own and not changes.bulk:
            changes = _without_own(changes, own)
        if "project" in kinds or changes.empty:  # its name or settings: no tracked rows
            changes = replace(changes, kinds=changes.kinds | {"project"})
        session.notify_caught_up(changes)

    def _feed_kinds(self, upto: int) -> set[str]:
        """What the revisions after the one last shown changed, as the feed lists them (the
        project row is no tracked row: ``changes_since`` cannot tell its rename)."""
        with self.session.project.read() as s:
            events = feed_events(s, after=self.seen, upto=upto)
        return {kind for event in events for kind in event.kinds}

    def _state_arrived(self, up: bool, text: str) -> None:
        if self.session.closed:
            return
        self.up = up
        self.state = CONNECTED if up else (text or OFFLINE)
        self.session.set_offline("" if up else self.state)
        self.connection_changed.emit(up, self.state)


def _without_own(changes: Changes, own: set[int]) -> Changes:
    """``changes`` without the rows last written by this session's own revisions ``own``
    (already on screen: not applied twice)."""
    rows = tuple(row for row in changes.rows if row.values.get("version") not in own)
    keep = {row.uuid for row in rows}
    return replace(changes, rows=rows, updated=tuple(u for u in changes.updated if u in keep))
