"""The default dock layout: each group of tabbed docks has exactly one tab bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTabBar
from pytestqt.qtbot import QtBot
from window_helpers import wait_for_file_check

from workbench.gui.window.coder_dialog import CoderChoice
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings


@pytest.mark.parametrize("size", [(1400, 900), (1366, 768), (1600, 1000)])
def test_the_default_layout_leaves_no_stray_tab_bar(
    qtbot: QtBot, demo_path: Path, settings: WindowSettings, size: tuple[int, int]
) -> None:
    """Tabifying the groups again once the docks were shown left Qt's first tab bar of the
    details group behind, drawn over the empty Code details panel (seen at 1400×900)."""
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.ask_coder = lambda _coders, suggested: CoderChoice(suggested)
    window.resize(*size)
    window.show()
    assert window.open_project(demo_path)
    wait_for_file_check(window)
    for _ in range(3):
        QApplication.processEvents()
    # (no wait: Qt hides a stale tab bar later, after the first frame has shown it)
    bars = [
        b
        for b in window.findChildren(QTabBar)
        if b.parent() is window and b.isVisible() and b.count()
    ]
    assert sorted([b.tabText(i) for i in range(b.count())] for b in bars) == [
        ["Code details", "Memos", "Undo history"],
        ["Coded segments", "Cases", "Search", "Agreement"],
    ]
    window.close_project()
