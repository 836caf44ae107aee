"""Help → Keyboard shortcuts lists every key the window's actions have (read from the action
registries, which hold every action with a key, the panels' too), and no two window-wide
actions, nor two actions of one panel scope, share a key (an ambiguous key does nothing in Qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser
from pytestqt.qtbot import QtBot

from workbench.gui.window.action_registry import ActionRegistry
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


def test_every_action_with_a_key_is_registered_and_listed_under_its_panel(
    window: MainWindow,
) -> None:
    registered = {a for r in window.findChildren(ActionRegistry) for a in r}
    for action in window.findChildren(QAction):
        if action.shortcuts():
            assert action in registered, f"{action.text()!r} was made outside a registry"
    groups = dict(shortcut_groups(window))
    for scope, row in [
        ("Codebook", ("Delete", "Del")),
        ("Codebook", ("New child code", "Ins")),
        ("Sources", ("Rename", "F2")),
        ("Memos", ("Save the memo now", "Ctrl+S")),
        ("Cases", ("Clear values", "Del or Backspace")),
        ("Coded segments", ("Copy", "Ctrl+C")),
        ("Code details", ("Save code edits now", "Ctrl+Return or Ctrl+Enter")),
        ("Agreement", ("Next disagreement", "F8")),
        ("Code the selection", ("Apply recent code 1 … 9", "Ctrl+1 … Ctrl+9")),
        ("Player", ("Play or pause the recording", "F4")),
        ("Player", ("Back 5 seconds", "F5")),
        ("Transcription", ("Insert the current time", "F6")),
    ]:
        assert row in groups.get(scope, []), (scope, row)


def test_no_two_actions_of_one_panel_scope_share_a_key(window: MainWindow) -> None:
    owner: dict[tuple[str, str], str] = {}
    for registry in window.findChildren(ActionRegistry):
        for action in registry:
            for key in dict.fromkeys(k.toString() for k in action.shortcuts()):
                where = (registry.scope, key)
                assert where not in owner, f"{key} is both {owner[where]!r} and {action.text()!r}"
                owner[where] = action.text()


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
