"""Help → Keyboard shortcuts lists every key the window's actions have (read from the actions),
and no two window-wide actions share a key (an ambiguous key does nothing in Qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser
from pytestqt.qtbot import QtBot

from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.shortcuts import shortcut_groups

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def test_the_list_has_every_key_of_every_action(window: MainWindow) -> None:
    rows = {(what, keys) for _title, entries in shortcut_groups(window) for what, keys in entries}
    keys = {k for _what, k in rows}
    for expected in [
        ("Search the project", "Ctrl+Shift+F"),
        ("Import sources", "Ctrl+Shift+I"),
        ("Close project", "Ctrl+Shift+W"),
        ("Code in vivo", "Ctrl+I"),
        ("Select sentence", "Ctrl+Shift+S"),
        ("Apply recent code 1 … 9", "Ctrl+1 … Ctrl+9"),
        ("Next disagreement", "F8"),
    ]:
        assert expected in rows
    listed = {one for k in keys for one in k.split(" or ")}
    listed |= {f"Ctrl+{n}" for n in range(1, 10)} if "Ctrl+1 … Ctrl+9" in keys else set()
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert text in listed, (action.text(), text)


def test_no_two_window_wide_actions_share_a_key(window: MainWindow) -> None:
    owner: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in WINDOW_WIDE:
            continue
        for key in dict.fromkeys(k.toString() for k in action.shortcuts()):
            assert key not in owner, f"{key} is both {owner[key]!r} and {action.text()!r}"
            owner[key] = action.text()


def test_help_shows_the_list(window: MainWindow, qtbot: QtBot) -> None:
    shown: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog) and dialog.objectName() == "shortcutsDialog"
        shown.append(dialog.findChild(QTextBrowser).toPlainText())
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.menus.actions["shortcuts"].trigger()
    assert shown and "Ctrl+Shift+F" in shown[0] and "Search the project" in shown[0]
