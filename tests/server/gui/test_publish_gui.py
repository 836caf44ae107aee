"""File → Publish to server…: the open file becomes a server project, opened in its place."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import TEXT
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.core.server.local_cluster import LocalCluster
from workbench.gui.server.address import ServerAddress
from workbench.gui.server.dialogs import PUBLISH_TITLE, OpenServerDialog
from workbench.gui.widgets.jobs import background_runner
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings


def test_publish_the_open_file_then_work_on_the_server(
    qtbot: QtBot,
    window: MainWindow,
    settings: WindowSettings,
    pg_cluster: LocalCluster,
    tmp_path: Path,
) -> None:
    path = tmp_path / "Pilot Study.qwb"
    with Project.create(path, name="Pilot", coder="Maya Chen") as project:
        source = project.sources.add(name="P01", text=TEXT, coder="Maya Chen").created[-1]
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.session is not None and not window.session.busy)
    assert window.menus.actions["publishToServer"].isEnabled()
    assert not window.menus.actions["takeOfflineCopy"].isEnabled()
    asked: list[tuple[ServerAddress | None, str]] = []

    def where(suggested: ServerAddress | None, title: str) -> ServerAddress:
        asked.append((suggested, title))
        dialog = OpenServerDialog(None, suggested, title)  # what the user sees, filled in
        qtbot.addWidget(dialog)
        assert dialog.database.text() == "pilot_study"
        return replace(dialog.address(), host="127.0.0.1", port=pg_cluster.port, user="postgres")

    window.ask_server_address = where
    window.menus.actions["publishToServer"].trigger()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.project.on_server, timeout=30_000
    )
    background_runner().wait(5000)
    assert window.errors == []  # type: ignore[attr-defined]
    assert asked[0][1] == PUBLISH_TITLE
    session = window.session
    assert session is not None
    assert [s.uuid for s in session.project.sources.list()] == [source]
    label = f"postgres@127.0.0.1:{pg_cluster.port}/pilot_study"
    assert f"Pilot — {label} (connected)" in window.windowTitle()
    assert settings.recent_servers()[0].endswith(f"{pg_cluster.port}/pilot_study")
    assert not window.menus.actions["publishToServer"].isEnabled()
    assert window.menus.actions["takeOfflineCopy"].isEnabled()
