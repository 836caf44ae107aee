"""The Team menu's server part: Members… and the project settings (owners), and who is here.
Hidden for a project file, which has no members, settings or presence; the file's teamwork
(coders' copies, merging, agreement) stays in the same menu for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from workbench.core.errors import WorkbenchError
from workbench.core.server import roles
from workbench.gui.server import team

if TYPE_CHECKING:
    from workbench.core.project import Project
    from workbench.gui.project_session import ProjectSession

AddAction = Callable[..., QAction]  # WindowMenus._add: defines the action and places it


class TeamMenuWindow(Protocol):
    @property
    def session(self) -> ProjectSession | None: ...

    def show_members(self) -> None: ...

    def toggle_blind_coding(self) -> None: ...

    def toggle_codebook_edits(self) -> None: ...


class ServerTeamMenu:
    """The server entries of the Team menu and their state (``update``)."""

    def __init__(self, menu: QMenu, add: AddAction, window: TeamMenuWindow) -> None:
        self.window = window
        self.separator = menu.addSeparator()
        self.members = add(menu, "teamMembers", "M&embers…", window.show_members,
                           needs="managed",
                           tip="Who works on this server project, as which role (owners add "
                               "and remove)")
        self.blind = add(menu, "blindCoding", "&Blind coding", window.toggle_blind_coding,
                         needs="managed", checkable=True,
                         tip="While on, each coder sees only their own codings")
        self.codebook = add(menu, "codersEditCodebook", "Coders may edit the &codebook",
                            window.toggle_codebook_edits, needs="managed", checkable=True,
                            tip="While on (and not blind), coders add, rename and merge codes too")
        self.here = menu.addMenu("&Who is here")
        self.here.setObjectName("presenceMenu")
        self.here.aboutToShow.connect(self._fill_here)
        self.update(None)

    def update(self, project: Project | None) -> None:
        """Shown for a server project; owners may use the entries, the others see them."""
        on_server = project is not None and project.on_server
        owner = on_server and project is not None and team.is_owner(project)
        for action in (self.separator, self.members, self.blind, self.codebook):
            action.setVisible(on_server)
        self.here.menuAction().setVisible(on_server)
        for action, key in ((self.blind, roles.BLIND), (self.codebook, roles.CODERS_EDIT_CODEBOOK)):
            action.setEnabled(owner)
            action.setChecked(on_server and project is not None and team.setting(project, key))
        self.members.setEnabled(owner)

    def _fill_here(self) -> None:
        """Everyone with the project open now, and the source each is reading."""
        self.here.clear()
        session = self.window.session
        lines = here_lines(session) if session is not None else []
        for line in lines or ["Nobody else is here"]:
            self.here.addAction(line).setEnabled(False)


def here_lines(session: ProjectSession) -> list[str]:
    """'Name — source' for each coder present (this window's coder marked as you)."""
    project = session.project
    try:
        present = project.presence.list()
        names = {s.uuid: s.name for s in project.sources.list()} if present else {}
    except WorkbenchError as exc:
        return [f"Not known now: {exc}"]
    lines: list[str] = []
    for entry in present:
        who = f"{entry.coder} (you)" if entry.coder == session.coder else entry.coder
        where = names.get(entry.source_uuid or "", "the project")
        line = f"{who} — {where}"
        if line not in lines:
            lines.append(line)
    return lines
