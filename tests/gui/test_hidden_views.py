"""Views that are not on screen (a background tab, a closed dock) do not follow every change:
they catch up once, when shown. Driven through the real window, its tab bar and its docks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QTabBar
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.gui.window.main_window import MainWindow

CHAT = "Communication Methods/Synchronous/Live chat"


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def click_tab(qtbot: QtBot, window: MainWindow, title: str) -> None:
    assert window.desk is not None
    bar = window.desk.central.findChild(QTabBar)
    assert bar is not None
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert bar.currentIndex() == index


def rename(window: MainWindow, path: str, name: str) -> str:
    session = window.session
    assert session is not None
    code = session.project.codebook.find(path)
    session.execute(
        "Rename", lambda c: session.project.codebook.rename(code=code, name=name, coder=c)
    )
    return code


def test_the_hidden_map_waits_and_catches_up_once_when_its_tab_is_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.desk is not None
    scene = window.desk.theme_map.scene
    click_tab(qtbot, window, "Transcript")
    assert not window.desk.theme_map.isVisible()
    syncs: list[None] = []
    scene.synced.connect(lambda: syncs.append(None))
    code = rename(window, CHAT, "Chat rooms")
    rename(window, "Chat rooms".join(CHAT.rsplit("Live chat", 1)), "Chat")
    qtbot.wait(20)
    assert syncs == []  # hidden: nothing synced
    assert code not in scene.nodes  # it opened behind the transcript: not built yet (issue 18)

    click_tab(qtbot, window, "Theme map")
    assert len(syncs) == 1  # shown: exactly one catch-up
    assert scene.nodes[code].node.name == "Chat"
    rename(window, "Chat".join(CHAT.rsplit("Live chat", 1)), "Chatting")
    assert len(syncs) == 2  # on screen: follows at once
    click_tab(qtbot, window, "Transcript")
    click_tab(qtbot, window, "Theme map")
    assert len(syncs) == 2  # nothing changed meanwhile: no work on showing


def test_a_closed_search_dock_refills_its_codes_when_opened(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.desk is not None
    search = window.desk.search
    dock = window.findChild(QDockWidget, "searchDock")
    assert dock is not None
    dock.close()
    assert not search.isVisible()
    code = rename(window, CHAT, "Chat rooms")
    at = search.code.findData(code)
    assert "Chat rooms" not in search.code.itemText(at)  # closed: the list waits
    dock.show()
    qtbot.waitUntil(lambda: "Chat rooms" in search.code.itemText(search.code.findData(code)))


def test_a_closed_memos_dock_reloads_when_opened(window: MainWindow, qtbot: QtBot) -> None:
    assert window.desk is not None and window.session is not None
    session, memos = window.session, window.desk.memos
    dock = window.findChild(QDockWidget, "memosDock")
    assert dock is not None
    dock.show()
    memos.scope_combo.setCurrentIndex(memos.scope_combo.findData("all"))
    shown = memos.model.rowCount()
    dock.close()
    session.execute("Memo", lambda c: session.project.memos.add(text="Hidden thought", coder=c))
    assert memos.model.rowCount() == shown  # closed: no reload
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: memos.isVisible())
    assert memos.model.rowCount() == shown + 1


def test_a_panel_of_a_window_never_shown_still_follows_at_once(
    demo_path: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    settings = isolated_settings(tmp_path)
    settings.set_coder("Maya Chen")
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    window.hide()
    assert window.desk is not None
    code = rename(window, CHAT, "Chat rooms")
    assert window.desk.theme_map.scene.nodes[code].node.name == "Chat rooms"
    window.close_project()
