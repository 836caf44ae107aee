"""Who codes: asked (through the real dialog) before the first edit on first start and when the
project's coders do not include this computer's coder; the record is made then; work left under
the login name can be given to the chosen coder as one undoable step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPushButton
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings

from workbench.core.project import Project
from workbench.gui.window.coder_dialog import CoderDialog
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings, login_name

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WindowSettings:
    monkeypatch.delenv("WORKBENCH_CODER", raising=False)
    return isolated_settings(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, settings: WindowSettings) -> Iterator[MainWindow]:
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close_project()


def answering(qtbot: QtBot, answer: Callable[[CoderDialog], None]) -> list[CoderDialog]:
    """Answer the coder dialog when it shows (it is modal: the test cannot reach it otherwise)."""
    seen: list[CoderDialog] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CoderDialog):
            seen.append(dialog)
            answer(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return seen


def test_first_start_asks_and_picks_an_existing_coder(
    window: MainWindow, demo_path: Path, qtbot: QtBot
) -> None:
    def pick_tomas(dialog: CoderDialog) -> None:
        coders = dialog.findChild(QListWidget, "coderList")
        row = next(r for r in range(coders.count()) if "Tomás" in coders.item(r).text())
        rect = coders.visualItemRect(coders.item(row))
        qtbot.mouseClick(coders.viewport(), LEFT, pos=rect.center())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc does not skip the question
        assert dialog.isVisible()
        qtbot.mouseClick(dialog.findChild(QPushButton, "coderOk"), LEFT)

    seen = answering(qtbot, pick_tomas)
    assert window.open_project(demo_path)
    assert seen and window.session is not None
    assert window.session.coder == "Tomás Rivera" == window.settings.coder()
    assert window.coder_button.text() == "Coder: Tomás Rivera"


def test_a_new_coder_gets_a_record_with_colour_before_the_first_edit(
    window: MainWindow, demo_path: Path, qtbot: QtBot
) -> None:
    def add_ana(dialog: CoderDialog) -> None:
        name = dialog.findChild(QLineEdit, "coderName")
        name.selectAll()
        qtbot.keyClicks(name, "Ana Silva")
        assert dialog.findChild(QLabel, "coderInitials").text() == "Initials: AS"
        qtbot.keyClick(name, Qt.Key.Key_Return)

    answering(qtbot, add_ana)
    assert window.open_project(demo_path)
    session = window.session
    assert session is not None and session.coder == "Ana Silva"
    qtbot.waitUntil(lambda: not session.busy)  # edits wait for the whole-file check, and so
    ana = session.project.coders.find("Ana Silva")  # made now, not at the first coding
    assert ana.color.startswith("#") and window.session.undo_stack.count() == 0
    names = {c.name for c in window.session.project.coders.list()}
    assert names == {"Maya Chen", "Tomás Rivera", "Ana Silva"}  # none for the login name


def test_a_known_coder_is_not_asked_but_a_stranger_to_the_project_is(
    window: MainWindow, settings: WindowSettings, demo_path: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    settings.set_coder("Maya Chen")
    assert window.open_project(demo_path)  # no dialog: the test would hang on it
    assert window.session is not None and window.session.coder == "Maya Chen"
    window.close_project()
    other = tmp_path / "other.qwb"
    Project.create(other, name="Other", coder="Lee Wong").close()
    seen = answering(qtbot, lambda d: qtbot.mouseClick(d.findChild(QPushButton, "coderOk"), LEFT))
    assert window.open_project(other)
    assert seen and window.session.coder == "Maya Chen"  # confirmed, and now a coder here
    qtbot.waitUntil(lambda: not window.session.busy)  # its record: once the file is judged
    assert {c.name for c in window.session.project.coders.list()} == {"Lee Wong", "Maya Chen"}


def test_work_under_the_login_name_can_be_given_to_the_coder_and_taken_back(
    window: MainWindow, settings: WindowSettings, demo_path: Path, qtbot: QtBot
) -> None:
    login = login_name()
    if login in ("Maya Chen", "Tomás Rivera"):
        pytest.skip("the login name is one of the demo's coders")
    with Project.open(demo_path) as project:
        source = project.sources.find("P01")
        code = project.codebook.find("Communication Methods")
        for start in (0, 20, 40):
            project.codings.apply(source=source, code=code, start=start, end=start + 5, coder=login)
    settings.set_coder("Maya Chen")
    asked: list[str] = []
    window.confirm = lambda title, question: asked.append(question) or True
    assert window.open_project(demo_path)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: not session.busy)  # offered once the whole file is judged sound
    assert asked and "3 codings" in asked[0] and repr(login) in asked[0]
    project = window.session.project
    assert project.coders.work_of(login).empty
    assert window.session.undo_stack.count() == 1
    window.session.undo_stack.undo()
    assert project.coders.work_of(login).codings == 3
