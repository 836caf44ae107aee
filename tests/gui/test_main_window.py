"""The main window opens the demo, lists sources and codes, and shows a transcript."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QTreeWidget
from pytestqt.qtbot import QtBot

from workbench.gui.app import main
from workbench.gui.main_window import MainWindow


def test_window_lists_sources_and_codebook(qtbot: QtBot, demo_path: Path) -> None:
    window = MainWindow(demo_path)
    qtbot.addWidget(window)
    try:
        sources = window.findChild(QListWidget, "sourcesList")
        tree = window.findChild(QTreeWidget, "codebookTree")
        document = window.findChild(QPlainTextEdit, "documentView")
        assert sources.count() == 25 and tree.topLevelItemCount() == 5
        assert window.windowTitle().startswith("Digital mentorship")
        rect = sources.visualItemRect(sources.item(6))
        qtbot.mouseClick(sources.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert document.toPlainText().startswith("Interview P07")
    finally:
        window.close_project()


def test_screenshot_of_the_demo(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main([str(demo_path), "--screenshot", str(out), "--source", "P04"]) == 0
    assert out.stat().st_size > 10_000
