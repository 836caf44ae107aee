"""GUI tests on a real server project: the main window opened on a ``postgresql://`` location
(the fixtures of tests/server/conftest.py give the server; pytest-qt gives ``qtbot``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.codebook.code_rows import CODINGS, NAME
from workbench.gui.window.coder_dialog import CoderChoice
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

TEXT = "Interviewer: How did it start?\n\nP01: My mentor showed me Slack. It was great.\n"


@dataclass(frozen=True)
class Seeded:
    location: str
    source: str
    code: str


@pytest.fixture
def seeded(server_project: Callable[..., str]) -> Seeded:
    """A server project holding one source (P01) and one code (Trust)."""
    location = server_project()
    with Project.open(location) as project:
        source = project.sources.add(name="P01", text=TEXT, coder="Maya Chen").created[-1]
        code = project.codebook.add(name="Trust", coder="Maya Chen").created[-1]
    return Seeded(location, source, code)


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    s = WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.set_coder("Maya Chen")
    return s


@pytest.fixture
def window(qtbot: QtBot, settings: WindowSettings) -> Iterator[MainWindow]:
    """A shown main window with no project (it keeps the suggested coder when asked)."""
    w = MainWindow(settings=settings)
    w.ask_coder = lambda _coders, suggested: CoderChoice(suggested)
    errors: list[str] = []
    w.show_error = lambda title, text: errors.append(f"{title}: {text}")
    w.errors = errors  # type: ignore[attr-defined]
    w.resize(1400, 900)
    w.show()
    qtbot.addWidget(w)
    yield w
    w.close_project()


def open_on_server(qtbot: QtBot, window: MainWindow, location: str) -> None:
    """Open ``location`` in ``window`` and wait until it is shown and hears the feed."""
    assert window.open_project(location)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    listener = window.live.listener if window.live is not None else None
    assert listener is not None
    qtbot.waitUntil(listener.listening.is_set, timeout=5000)


def tree_count(window: MainWindow, name: str) -> str:
    """The coded-segments count the codebook tree shows for the top-level code ``name``."""
    assert window.desk is not None
    proxy = window.desk.codebook.proxy
    for row in range(proxy.rowCount(QModelIndex())):
        if proxy.index(row, NAME).data() == name:
            return str(proxy.index(row, CODINGS).data())
    raise AssertionError(f"no code {name!r} in the tree")
