"""GUI fixtures: a small demo-like project per test, a session on it as Maya Chen, and a shown
main window on it (pytest-qt provides ``qtbot``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core.demo import build_demo
from workbench.core.project import Project
from workbench.gui.document.drag_drop import release_clipboard
from workbench.gui.project_session import ProjectSession
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.qwb")


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.qwb"
    shutil.copyfile(_demo_template, path)
    return path


@pytest.fixture
def session(demo_path: Path, qapp: object) -> Iterator[ProjectSession]:
    opened = ProjectSession(Project.open(demo_path), "Maya Chen")
    yield opened
    if not opened.project._closed:  # a test may have closed it (restore)
        opened.close()


@pytest.fixture(scope="session", autouse=True)
def _clipboard_released_before_exit(qapp: object) -> Iterator[None]:
    """As the app does on quitting: a copy left on the clipboard must not outlive Python."""
    yield
    release_clipboard()


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    """Window settings of this test alone, coding as Maya Chen."""
    s = isolated_settings(tmp_path)
    s.set_coder("Maya Chen")
    return s


@pytest.fixture
def demo_window(qtbot: QtBot, demo_path: Path, settings: WindowSettings) -> Iterator[MainWindow]:
    """The main window, shown, on the demo project, coding as Maya Chen."""
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    yield window
    window.close_project()
