"""Roles in the window: the coder is the member, readers get a read-only window, coders who
may not edit the codebook see its edits greyed; owners manage members and blind coding."""

from __future__ import annotations

import itertools
from pathlib import Path

from conftest import TEXT, open_on_server
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.core.server import members, roles
from workbench.core.server.local_cluster import LocalCluster
from workbench.core.server.publish import publish
from workbench.gui.server.address import ServerAddress
from workbench.gui.server.team import MembersDialog, login_text
from workbench.gui.window.main_window import MainWindow

_names = itertools.count(1)


def published(pg_cluster: LocalCluster, tmp_path: Path) -> str:
    """A project published by Maya Chen (the test's superuser login becomes her, the owner)."""
    path = tmp_path / "team.qwb"
    with Project.create(path, name="Team study", coder="Maya Chen") as project:
        project.sources.add(name="P01", text=TEXT, coder="Maya Chen")
        project.codebook.add(name="Trust", coder="Maya Chen")
    location = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/team_{next(_names)}"
    return publish(path, location, owner="Maya Chen")


def as_login(location: str, login: str) -> str:
    a = ServerAddress.parse(location)
    return ServerAddress(a.host, a.port, a.database, login).location


def test_the_owner_adds_a_coder_who_then_codes_as_themselves(
    qtbot: QtBot, window: MainWindow, pg_cluster: LocalCluster, tmp_path: Path
) -> None:
    location = published(pg_cluster, tmp_path)
    window.settings.set_coder("Somebody Else")
    open_on_server(qtbot, window, location)
    assert window.session is not None and window.session.coder == "Maya Chen"
    assert "Maya Chen (owner)" in window.location_label.text()
    assert window.menus.actions["teamMembers"].isEnabled()
    assert window.menus.actions["newCode"].isEnabled()
    told: list[str] = []
    dialog = MembersDialog(
        window.session.project,
        show_error=lambda t, text: told.append(text),
        show_login=lambda login: told.append(login_text(login, location)),
    )
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Tomas Rivera")
    dialog.role.setCurrentIndex(dialog.role.findData("coder"))
    qtbot.mouseClick(dialog.findChild(type(dialog.remove), "addMember"), Qt.MouseButton.LeftButton)
    assert len(told) == 1 and "Tomas Rivera is now a coder" in told[0]
    assert "with the password: " in told[0]
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["Maya Chen", "Tomas Rivera"]
    login = next(m.login for m in members.list(location) if m.name == "Tomas Rivera")
    window.close_project()

    open_on_server(qtbot, window, as_login(location, login))
    assert window.errors == []  # type: ignore[attr-defined]
    session = window.session
    assert session is not None and session.coder == "Tomas Rivera"
    assert "Tomas Rivera (coder)" in window.location_label.text()
    assert "coder: Tomas Rivera" in window.windowTitle()
    assert not window.menus.actions["teamMembers"].isEnabled()
    assert not window.menus.actions["newCode"].isEnabled()  # the owner has not allowed it
    assert window.desk is not None and not window.desk.codebook.new_theme_action.isEnabled()
    window.desk.select_code_path("Trust")
    assert not window.desk.codebook.rename_action.isEnabled()
    assert window.menus.actions["codeWith"].isEnabled()  # coding is theirs to do
    code = session.project.codebook.find("Trust")
    source = session.project.sources.list()[0].uuid
    coding = session.apply_code(code=code, source=source, start=0, end=11).created[-1]
    [mine] = [c for c in session.project.codings.of_source(source) if c.uuid == coding]
    assert mine.coder == "Tomas Rivera"


def test_a_reader_gets_a_read_only_window_and_blind_coding_is_the_owners(
    qtbot: QtBot, window: MainWindow, pg_cluster: LocalCluster, tmp_path: Path
) -> None:
    location = published(pg_cluster, tmp_path)
    reader = members.add(location, "Ana Reader", "reader")
    open_on_server(qtbot, window, location)
    assert not window.menus.actions["blindCoding"].isChecked()
    window.menus.actions["blindCoding"].trigger()
    assert window.menus.actions["blindCoding"].isChecked()
    assert members.is_blind(location)
    window.close_project()

    open_on_server(qtbot, window, as_login(location, reader.login))
    assert window.errors == []  # type: ignore[attr-defined]
    assert window.session is not None and window.session.read_only
    assert "[read-only]" in window.windowTitle()
    assert "Ana Reader (reader)" in window.location_label.text()
    for name in ("codeWith", "newCode", "importSources", "blindCoding", "teamMembers"):
        assert not window.menus.actions[name].isEnabled(), name
    assert members.setting(location, roles.BLIND)


def test_blind_coding_hides_a_colleagues_codings_in_a_coders_open_window(
    qtbot: QtBot, window: MainWindow, pg_cluster: LocalCluster, tmp_path: Path
) -> None:
    location = published(pg_cluster, tmp_path)
    ana = members.add(location, "Ana", "coder")
    bea = members.add(location, "Bea", "coder")
    with Project.open(as_login(location, ana.login)) as a:
        source = a.sources.list()[0].uuid
        code = a.codebook.find("Trust")
        theirs = a.codings.apply(source=source, code=code, start=0, end=11, coder="Ana")
    open_on_server(qtbot, window, as_login(location, bea.login))
    assert window.desk is not None and window.desk.document.source == source
    shown = window.desk.document.layer.all_codings
    assert theirs.created[-1] in shown  # not blind yet: Bea sees Ana's coding
    with Project.open(location) as owner:
        members.set_blind(owner, True)
    qtbot.waitUntil(
        lambda: theirs.created[-1] not in window.desk.document.layer.all_codings,  # type: ignore[union-attr]
        timeout=2000,
    )
    assert window.session is not None
    assert window.session.code_node(code, counts=True).total_codings == 0


def team_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().findChild(QMenu, "teamMenu")
    assert isinstance(menu, QMenu)
    assert menu.menuAction() in window.menuBar().actions()  # top level, not under File
    return menu


def test_the_team_menu_is_top_level_with_the_servers_settings_and_who_is_here(
    qtbot: QtBot, window: MainWindow, pg_cluster: LocalCluster, tmp_path: Path
) -> None:
    location = published(pg_cluster, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert "&Team" not in [a.text() for a in file_menu.actions()]  # moved, not duplicated
    menu = team_menu(window)
    texts = [a.text() for a in menu.actions()]
    for text in ("Save a copy for a &coder…", "M&embers…", "&Blind coding",
                 "Coders may edit the &codebook", "&Who is here"):
        assert texts.count(text) == 1, text

    assert window.open_project(tmp_path / "team.qwb")  # a file: no members, no presence
    server_entries = ("teamMembers", "blindCoding", "codersEditCodebook")
    assert not any(window.menus.actions[n].isVisible() for n in server_entries)
    window.close_project()

    open_on_server(qtbot, window, location)
    assert all(window.menus.actions[n].isVisible() for n in server_entries)
    codebook_edits = window.menus.actions["codersEditCodebook"]
    assert codebook_edits.isEnabled() and not codebook_edits.isChecked()
    codebook_edits.trigger()
    assert codebook_edits.isChecked()
    assert members.setting(location, roles.CODERS_EDIT_CODEBOOK)
    here = menu.findChild(QMenu, "presenceMenu")
    assert isinstance(here, QMenu) and here.menuAction().isVisible()
    here.aboutToShow.emit()
    assert [a.text() for a in here.actions()] == ["Maya Chen (you) — P01"]
