"""Where the open project lives, as the title bar and the status bar say it: a file's name and
folder, or ``user@host/database`` and whether the connection to the server is up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.gui.server.address import ServerAddress

if TYPE_CHECKING:
    from workbench.core.project import Project
    from workbench.gui.server.live import LiveLink


def server_label(project: Project) -> str:
    """``user@host/database`` of a project on a server (its location without a password)."""
    return ServerAddress.parse(project.location).label


def in_title(project: Project, live: LiveLink | None) -> str:
    """The title's words on where the project lives ("" for a file: its name is the title)."""
    if not project.on_server:
        return ""
    state = live.state if live is not None else "connected"
    return f" — {server_label(project)} ({state})"


def in_status(project: Project, live: LiveLink | None) -> str:
    """The status bar's: the file's path, or the server project and its connection."""
    if not project.on_server:
        return str(project.path)
    state = live.state if live is not None else "connected"
    member = project.member
    who = f"{member.name} ({member.role}) · " if member is not None else ""
    return f"Server: {who}{server_label(project)} · {state}"
