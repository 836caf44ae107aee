"""Team → Members… (owners: add a member with a role, shown their login and password once;
remove one), Team → Blind coding and Coders may edit the codebook, for a project on a server.
The database enforces every role (branch ``roles``); the window only greys out what the member
may not do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.server import members, roles
from workbench.gui.widgets.plain_text import PlainLabel

if TYPE_CHECKING:
    from workbench.core.project import Project
    from workbench.core.server.members import MemberLogin
    from workbench.gui.project_session import ProjectSession

ROLE_TEXT = {
    "owner": "Owner — everything, members and settings",
    "coder": "Coder — codes, memos and annotations of their own",
    "reader": "Reader — reads, changes nothing",
}


def role(project: Project) -> str:
    """The member's role on a server ("" on a file, or for a login that is no member)."""
    member = project.member
    return member.role if member is not None else ""


def is_owner(project: Project) -> bool:
    """Owners manage members and settings (and so does the publisher before any member)."""
    return project.on_server and role(project) in ("owner", "")


def setting(project: Project, key: str) -> bool:
    """A project setting (``roles.SETTINGS``) as this member reads it."""
    with project.read() as s:
        return members.setting(s.connection(), key)


def may_edit_codebook(project: Project) -> bool:
    """Whether this member may change the codebook: owners always, coders while the owner
    allows it and blind coding is off, readers never (files: always)."""
    if not project.on_server or role(project) in ("owner", ""):
        return True
    if role(project) == "reader":
        return False
    return setting(project, roles.CODERS_EDIT_CODEBOOK) and not setting(project, roles.BLIND)


def _location(project: Project) -> str:
    assert project.server_url is not None
    return project.server_url.render_as_string(hide_password=False)


class MembersDialog(QDialog):
    """The members of the open server project; owners add and remove them here."""

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        show_error: Callable[[str, str], None],
        show_login: Callable[[MemberLogin], None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("membersDialog")
        self.setWindowTitle("Members")
        self.project = project
        self._show_error = show_error
        self._show_login = show_login
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("membersTable")
        self.table.setHorizontalHeaderLabels(["Name", "Role", "Login"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.name.setPlaceholderText("The name they code under, e.g. Tomás Rivera")
        self.role = QComboBox()
        self.role.setObjectName("memberRole")
        for key in roles.ROLES:
            self.role.addItem(ROLE_TEXT[key], key)
        self.role.setCurrentIndex(roles.ROLES.index("coder"))
        add = QPushButton("Add")
        add.setObjectName("addMember")
        add.clicked.connect(self.add_member)
        self.remove = QPushButton("Remove the selected member")
        self.remove.setObjectName("removeMember")
        self.remove.clicked.connect(self.remove_member)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        row.addWidget(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlainLabel("Each member connects with a login of their own; the server enforces roles.")
        )
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.refresh()

    def refresh(self) -> None:
        try:
            listed = members.list(_location(self.project))
        except WorkbenchError as exc:
            self._show_error("Cannot list the members", str(exc))
            listed = []
        self.table.setRowCount(len(listed))
        for row, member in enumerate(listed):
            for column, value in enumerate((member.name, member.role, member.login)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, member.name)
                self.table.setItem(row, column, item)

    def add_member(self) -> None:
        name = self.name.text().strip()
        if not name:
            self._show_error("Cannot add the member", "Enter the name they code under.")
            return
        try:
            login = members.add(_location(self.project), name, str(self.role.currentData()))
        except WorkbenchError as exc:
            self._show_error("Cannot add the member", str(exc))
            return
        self.name.clear()
        self.refresh()
        self._show_login(login)

    def remove_member(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        try:
            members.remove(_location(self.project), str(item.data(Qt.ItemDataRole.UserRole)))
        except WorkbenchError as exc:
            self._show_error("Cannot remove the member", str(exc))
            return
        self.refresh()


def login_text(login: MemberLogin, location: str) -> str:
    """What the owner passes on to a new member (the password is shown this once only)."""
    from workbench.gui.server.address import ServerAddress

    address = ServerAddress.parse(location)
    theirs = ServerAddress(address.host, address.port, address.database, login.login)
    lines = [f"{login.name} is now a {login.role} of this project.", "", "They open:"]
    lines += [f"  {theirs.location}"]
    if login.password:
        lines += ["", f"with the password: {login.password}", "", "It is shown only now."]
    return "\n".join(lines)


class TeamWindow(Protocol):
    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    @property
    def show_info(self) -> Callable[[str, str], None]: ...

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...


def members_dialog(window: TeamWindow, project: Project) -> MembersDialog:
    """Team → Members…: the dialog, telling a new member's login in a message."""
    location = project.location
    return MembersDialog(
        project,
        window.window(),
        show_error=window.show_error,
        show_login=lambda login: window.show_info("New member", login_text(login, location)),
    )


_TOLD = {
    (roles.BLIND, True): "Blind coding is on: each coder sees only their own codings.",
    (roles.BLIND, False): "Blind coding is off: everyone sees all codings again (recorded in the "
    "audit log).",
    (roles.CODERS_EDIT_CODEBOOK, True): "Coders may now edit the codebook (while not blind).",
    (roles.CODERS_EDIT_CODEBOOK, False): "Only owners edit the codebook now.",
}


def toggle_setting(window: TeamWindow, session: ProjectSession, key: str) -> None:
    """Turn a project setting (blind coding, coders' codebook edits) on or off: one write every
    client hears of (the reveal is audited)."""
    project = session.project
    on = not setting(project, key)
    try:
        with project.initiated_by(session.initiator):
            if key == roles.BLIND:
                members.set_blind(project, on)
            else:
                members.allow_codebook_edits(project, on)
    except WorkbenchError as exc:
        window.show_error("Cannot change the project's setting", str(exc))
        return
    window.statusBar().showMessage(_TOLD[key, on], 10_000)
