"""Presence in the window: this window announces the source it shows (``project.presence``,
kept alive by a heartbeat), and the sources list shows who else has each source open, read
again when the server says presence changed (its ``workbench_presence`` NOTIFY, heard by the
change feed's listener) and every ``STALE_POLL_MS`` for clients that vanished without leaving
(their heartbeat goes stale; nothing notifies that). A lost connection just leaves the last
known names."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, SignalInstance

from workbench.core.errors import WorkbenchError
from workbench.core.server.presence import HEARTBEAT_S
from workbench.gui.project_session import ProjectSession

STALE_POLL_MS = 30_000

Present = dict[str, tuple[str, ...]]  # source uuid → who else has it open


class PresenceLink(QObject):
    """Announces this window's source and tells ``show`` everyone else's."""

    def __init__(
        self,
        session: ProjectSession,
        show: Callable[[Present], None],
        changed: SignalInstance,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._show = show
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_S * 1000)
        self._heartbeat.timeout.connect(lambda: self._quietly(session.project.presence.heartbeat))
        self._poll = QTimer(self)
        self._poll.setInterval(STALE_POLL_MS)
        self._poll.timeout.connect(self.refresh)
        session.source_selected.connect(self._announce)
        changed.connect(self.refresh)
        self._announce(session.current_source)
        self.refresh()
        self._heartbeat.start()
        self._poll.start()

    def refresh(self) -> None:
        """Read who is where now and show it (this window's own name left out)."""
        if self.session.closed or self.session.offline:
            return
        try:
            everyone = self.session.project.presence.list()
        except WorkbenchError:
            return
        present: dict[str, list[str]] = {}
        for entry in everyone:
            if entry.source_uuid and entry.coder != self.session.coder:
                names = present.setdefault(entry.source_uuid, [])
                if entry.coder not in names:
                    names.append(entry.coder)
        self._show({source: tuple(names) for source, names in present.items()})

    def stop(self) -> None:
        """Stop announcing and leave (before the project closes)."""
        self._heartbeat.stop()
        self._poll.stop()
        if not self.session.closed:
            self._quietly(self.session.project.presence.leave)

    def _announce(self, source: str) -> None:
        project = self.session.project
        self._quietly(lambda: project.presence.announce(source or None, coder=self.session.coder))

    def _quietly(self, call: Callable[[], object]) -> None:
        """Presence is a courtesy: a server that is away does not interrupt the work."""
        if self.session.closed or self.session.offline:
            return
        with contextlib.suppress(WorkbenchError):
            call()
