"""File → Take an offline copy…: a project file of the server project, written in the
background; the window keeps working on the server."""

from __future__ import annotations

from pathlib import Path

from conftest import Seeded, open_on_server
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.widgets.jobs import background_runner
from workbench.gui.window.main_window import MainWindow


def test_take_an_offline_copy_of_the_server_project(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, tmp_path: Path
) -> None:
    open_on_server(qtbot, window, seeded.location)
    out = tmp_path / "offline.qwb"
    window.ask_save_path = lambda _title: out
    assert window.menus.actions["takeOfflineCopy"].isEnabled()
    window.menus.actions["takeOfflineCopy"].trigger()
    qtbot.waitUntil(
        lambda: "Offline copy saved" in window.statusBar().currentMessage(), timeout=20_000
    )
    background_runner().wait(5000)
    assert window.errors == []  # type: ignore[attr-defined]
    assert str(out) in window.statusBar().currentMessage()
    with Project.open(out) as copy:
        assert [s.uuid for s in copy.sources.list()] == [seeded.source]
        assert copy.codebook.find("Trust") == seeded.code
    assert window.session is not None and window.session.project.on_server
