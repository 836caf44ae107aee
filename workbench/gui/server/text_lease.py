"""The text lease of a server project: correcting a transcript (edit mode) takes a short
per-source lease (``project.leases``), renewed while edit mode stays on and given back when it
ends, when another source is shown, or when the project closes. While another coder holds it,
edit mode is refused with their name ("Tomás is correcting P07")."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.errors import WorkbenchError
from workbench.core.server.leases import DEFAULT_MINUTES
from workbench.gui.project_session import ProjectSession


class TextLease(QObject):
    """The lease this window holds (at most one source's)."""

    refused = Signal(str)  # another source was shown in edit mode and its lease was refused

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.held = ""  # the source whose text this window may correct ("" for none)
        self._renew = QTimer(self)
        self._renew.setInterval(int(DEFAULT_MINUTES * 60_000 / 3))
        self._renew.timeout.connect(self._renewed)
        session.source_selected.connect(self._source_shown)

    def take(self, source: str) -> str:
        """Take ``source``'s lease: "" when taken (always on a file), else why not."""
        project = self.session.project
        if not project.on_server or not source:
            return ""
        try:
            project.leases.take(source=source, coder=self.session.coder)
        except WorkbenchError as exc:  # LeaseError names the holder; a lost server says so
            return str(exc)
        self.held = source
        self._renew.start()
        return ""

    def release(self) -> None:
        """Give the held lease back (offline, it is left to expire)."""
        held, self.held = self.held, ""
        self._renew.stop()
        if held and not self.session.closed and not self.session.offline:
            with contextlib.suppress(WorkbenchError):  # else it expires by itself
                self.session.project.leases.release(source=held, coder=self.session.coder)

    def _renewed(self) -> None:
        source = self.held
        why = self.take(source) if source else ""
        if why:
            self.held = ""
            self._renew.stop()
            self.refused.emit(why)

    def _source_shown(self, source: str) -> None:
        if not self.held or source == self.held:
            return
        self.release()
        why = self.take(source)
        if why:
            self.refused.emit(why)
