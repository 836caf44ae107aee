"""What the window remembers on this machine: recent projects, who the coder is, the layout."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

RECENT_LIMIT = 10


class WindowSettings:
    """A thin typed layer over QSettings (tests point it at a temporary INI file)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings()

    # -- recent projects --------------------------------------------------------------------------
    def recent_projects(self) -> list[Path]:
        """Recent project files that still exist, most recent first."""
        raw = self.qsettings.value("recent/projects", [])
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        return [Path(v) for v in values if v and Path(v).is_file()]

    def add_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        rest = [str(p) for p in self.recent_projects() if str(p) != resolved]
        self.qsettings.setValue("recent/projects", [resolved, *rest][:RECENT_LIMIT])

    def clear_recent(self) -> None:
        self.qsettings.remove("recent/projects")
        self.qsettings.remove("recent/servers")

    def recent_servers(self) -> list[str]:
        """Recent server projects (``postgresql://`` locations, never with a password),
        most recent first."""
        raw = self.qsettings.value("recent/servers", [])
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        return [str(v) for v in values if v]

    def add_recent_server(self, location: str) -> None:
        """Remember ``location`` (any password in it is dropped: passwords live in the OS
        keyring)."""
        from workbench.gui.server.address import ServerAddress

        shown = ServerAddress.parse(location).location
        rest = [v for v in self.recent_servers() if v != shown]
        self.qsettings.setValue("recent/servers", [shown, *rest][:RECENT_LIMIT])

    # -- the current coder ------------------------------------------------------------------------
    def coder(self) -> str:
        """Who codes on this machine: as chosen, else $WORKBENCH_CODER, else the login name."""
        value = self.qsettings.value("coder/name", "")
        return str(value) if value else os.environ.get("WORKBENCH_CODER") or login_name()

    def coder_is_set(self) -> bool:
        return bool(self.qsettings.value("coder/name", ""))

    def set_coder(self, name: str) -> None:
        self.qsettings.setValue("coder/name", name.strip())

    # -- layout -----------------------------------------------------------------------------------
    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self.qsettings.sync()

    def player_dock(self) -> str:
        """When the Player dock shows: "auto" (with a recording), "always" or "never"."""
        return str(self.qsettings.value("window/player_dock", "auto"))

    def set_player_dock(self, mode: str) -> None:
        self.qsettings.setValue("window/player_dock", mode)

    def location_warned(self, path: str) -> bool:
        raw = self.qsettings.value("warnings/location", [])
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        return path in values

    def set_location_warned(self, path: str) -> None:
        raw = self.qsettings.value("warnings/location", [])
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        self.qsettings.setValue("warnings/location", [*values, path][-200:])

    def last_folder(self) -> str:
        return str(self.qsettings.value("files/last_folder", str(Path.home())))

    def set_last_folder(self, folder: Path) -> None:
        self.qsettings.setValue("files/last_folder", str(folder))


def login_name() -> str:
    """This computer's login name (what codings carried before a person chose a name)."""
    try:
        return getpass.getuser() or "Coder"
    except Exception:  # no login name on some sandboxed systems
        return "Coder"
