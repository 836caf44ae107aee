"""When the Player dock shows: for a source with a recording, unless the user chose otherwise
through View ▸ Panels or the dock's close button (remembered on this machine)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget

from workbench.gui.window.settings import WindowSettings

AUTO, ALWAYS, NEVER = "auto", "always", "never"


class PlayerDockPolicy(QObject):
    """Shows or hides ``dock`` as sources with and without a recording are shown.

    Opening it by hand where there is no recording keeps it open everywhere (``always``);
    closing it while a recording shows keeps it closed (``never``) until opened again; closing
    an empty player, or opening it by hand for a recording, returns to ``auto``."""

    def __init__(self, dock: QDockWidget, settings: WindowSettings) -> None:
        super().__init__(dock)
        self.dock = dock
        self.settings = settings
        self.recording = False  # the source shown has a recording
        self.active = False  # a project is open (the welcome page hides every dock)
        dock.toggleViewAction().triggered.connect(self._chosen)
        dock.installEventFilter(self)  # its close button

    @property
    def mode(self) -> str:
        mode = self.settings.player_dock()
        return mode if mode in (AUTO, ALWAYS, NEVER) else AUTO

    def recording_shown(self, recording: bool) -> None:
        """The source shown now has a recording (or not): show or hide the dock."""
        self.recording = recording
        self.active = True
        self.apply()

    def apply(self) -> None:
        mode = self.mode
        shown = mode == ALWAYS or (mode == AUTO and self.recording)
        if self.active and shown != self.dock.isVisible():
            self.dock.setVisible(shown)

    def reset(self) -> None:
        """Back to the default: shown with a recording only."""
        self.settings.set_player_dock(AUTO)
        self.apply()

    def _chosen(self, shown: bool) -> None:
        if shown:
            self.settings.set_player_dock(AUTO if self.recording else ALWAYS)
        else:
            self.settings.set_player_dock(NEVER if self.recording else AUTO)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.Close and self.active:
            self._chosen(False)
        return False
