"""Nothing typed is lost: text fields save themselves (after a pause, on leaving the field, on
switching item, before close), one undo step and one audit entry per editing burst, Ctrl+Z in a
field saves and then undoes, and a failed save keeps the text, says so and blocks closing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from window_helpers import make_window

from workbench.core.db.models import AuditEntry
from workbench.core.errors import ProjectFileError
from workbench.core.project import Project
from workbench.gui.widgets.autosave import RETRYING, SAVED, SAVING, AutosaveTimings
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

FLEXIBILITY = "Challenges and Solutions/Time Zone Management/Flexibility"
FAST = AutosaveTimings(pause_ms=20, max_ms=60, idle_ms=5000, retry_ms=50)


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path, settings: WindowSettings) -> Iterator[MainWindow]:
    w = make_window(settings, demo_path)
    qtbot.addWidget(w)
    yield w
    w.confirm_discard = lambda _text: True
    w.close_project()


def _new_project_memo(window: MainWindow, qtbot: QtBot) -> QPlainTextEdit:
    """Press New in the Memos panel (project scope); returns the memo's text field."""
    assert window.desk is not None
    panel = window.desk.memos
    panel.set_scope("project")
    window.docks["memos"].show()
    qtbot.mouseClick(panel.findChild(QPushButton, "memosNew"), Qt.MouseButton.LeftButton)
    text = panel.findChild(QPlainTextEdit, "memoText")
    text.setFocus()
    return text


def _definition(window: MainWindow, qtbot: QtBot) -> QPlainTextEdit:
    """Select Flexibility and put the cursor at the end of its description."""
    assert window.session is not None and window.desk is not None
    window.session.select_codes([window.session.project.codebook.find(FLEXIBILITY)])
    box = window.desk.editor.findChild(QPlainTextEdit, "codeDescriptionEdit")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    return box


def _audit_entries(project: Project, entity: str) -> list[str]:
    with project.read() as s:
        query = select(AuditEntry.action).where(AuditEntry.entity_uuid == entity)
        return list(s.scalars(query))


def test_typed_memo_and_definition_survive_closing_the_window(
    window: MainWindow, qtbot: QtBot, demo_path: Path, settings: WindowSettings
) -> None:
    memo_text = _new_project_memo(window, qtbot)
    qtbot.keyClicks(memo_text, "Theme 3 needs a second look")
    box = _definition(window, qtbot)  # leaving the memo saved it; now type without pausing
    qtbot.keyClicks(box, " Includes giving up an evening.")
    assert window.saved_label.text() == SAVING
    assert window.close()  # the real close path: closeEvent
    assert window.session is None

    again = make_window(settings, demo_path)
    qtbot.addWidget(again)
    assert again.session is not None
    project = again.session.project
    assert any(m.text == "Theme 3 needs a second look" for m in project.memos.list())
    flexibility = project.codebook.get(project.codebook.find(FLEXIBILITY))
    assert flexibility.description.endswith(" Includes giving up an evening.")
    again.close_project()


def test_closing_the_project_and_switching_projects_save_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    box = _definition(window, qtbot)
    qtbot.keyClicks(box, " Switch.")
    other = tmp_path / "other.qwb"
    Project.create(other, name="Other", coder="Maya Chen").close()
    assert window.open_project(other)
    with Project.open(window.settings.recent_projects()[1]) as demo:
        flexibility = demo.codebook.get(demo.codebook.find(FLEXIBILITY))
        assert flexibility.description.endswith(" Switch.")


def test_a_burst_is_one_undo_step_and_one_audit_entry(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None
    session = window.session
    session.autosave.timings = FAST
    box = _definition(window, qtbot)
    code = session.project.codebook.find(FLEXIBILITY)
    before_steps, before_audit = (
        session.undo_stack.count(),
        len(_audit_entries(session.project, code)),
    )
    original = session.project.codebook.get(code).description
    for words in (" First", " second", " third."):
        qtbot.keyClicks(box, words)
        qtbot.waitUntil(lambda: window.saved_label.text().startswith(SAVED))
    assert session.project.codebook.get(code).description == original + " First second third."
    assert session.undo_stack.count() == before_steps + 1
    assert len(_audit_entries(session.project, code)) == before_audit + 1

    box.clearFocus()  # leaving the field ends the burst: the next typing is a new step
    box.setFocus()
    qtbot.keyClicks(box, " Fourth.")
    qtbot.waitUntil(lambda: window.saved_label.text().startswith(SAVED))
    assert session.undo_stack.count() == before_steps + 2
    assert len(_audit_entries(session.project, code)) == before_audit + 2
    window.menus.actions["undo"].trigger()
    assert session.project.codebook.get(code).description == original + " First second third."
    window.menus.actions["undo"].trigger()
    assert session.project.codebook.get(code).description == original
    assert box.toPlainText() == original


def test_idle_and_another_command_end_a_burst(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None and window.desk is not None
    session = window.session
    session.autosave.timings = AutosaveTimings(pause_ms=20, max_ms=60, idle_ms=150, retry_ms=50)
    box = _definition(window, qtbot)
    start = session.undo_stack.count()
    qtbot.keyClicks(box, " one")
    qtbot.wait(400)  # idle: the burst ends
    qtbot.keyClicks(box, " two")
    qtbot.waitUntil(lambda: window.saved_label.text().startswith(SAVED))
    assert session.undo_stack.count() == start + 2
    project = session.project
    session.execute(  # another command
        "Add code", lambda coder: project.codebook.add(name="Interim", coder=coder)
    )
    qtbot.keyClicks(box, " three")
    qtbot.waitUntil(lambda: window.saved_label.text().startswith(SAVED))
    assert session.undo_stack.count() == start + 4


def test_ctrl_z_in_a_field_saves_then_undoes(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None
    session = window.session
    box = _definition(window, qtbot)
    code = session.project.codebook.find(FLEXIBILITY)
    original = session.project.codebook.get(code).description
    assert not box.isUndoRedoEnabled()
    qtbot.keyClicks(box, " typed")
    steps = session.undo_stack.count()
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.project.codebook.get(code).description == original
    assert box.toPlainText() == original
    assert session.undo_stack.count() == steps + 1 and session.undo_stack.canRedo()
    qtbot.keyClick(
        box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert session.project.codebook.get(code).description == original + " typed"
    assert box.toPlainText() == original + " typed"
    assert window.saved_label.text().startswith(SAVED)


def test_restored_or_loaded_text_is_never_saved(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None and window.desk is not None
    session = window.session
    session.autosave.timings = FAST
    box = _definition(window, qtbot)
    qtbot.keyClicks(box, " x")
    box.clearFocus()
    revision, steps = session.project.revision(), session.undo_stack.count()
    session.undo_stack.undo()  # restores the text into the field
    session.undo_stack.redo()
    revision += 2  # the undo and the redo themselves
    zoom = session.project.codebook.find("Technology and Tools/Communication Tools/Zoom")
    session.select_codes([zoom])  # loads another code's text
    session.select_codes([session.project.codebook.find(FLEXIBILITY)])
    qtbot.wait(150)  # longer than every autosave timer
    assert session.project.revision() == revision
    assert session.undo_stack.count() == steps and session.undo_stack.index() == steps
    assert not window.desk.editor.is_dirty()


def test_a_failed_save_keeps_the_text_blocks_close_and_retries(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.session is not None and window.desk is not None
    session = window.session
    session.autosave.timings = FAST
    memos = session.project.memos
    real_edit = memos.edit

    def failing_edit(**_kwargs: object) -> object:
        raise ProjectFileError(session.project.path, "the disk is full.")

    memo_text = _new_project_memo(window, qtbot)
    monkeypatch.setattr(memos, "edit", failing_edit)
    qtbot.keyClicks(memo_text, "Precious thought")
    qtbot.waitUntil(lambda: window.saved_label.text() == RETRYING)
    asked: list[str] = []
    window.confirm_discard = lambda text: asked.append(text) is not None  # keep it open
    assert not window.close()
    assert window.session is session and asked and "disk is full" in asked[0]
    assert memo_text.toPlainText() == "Precious thought"
    assert "disk is full" in window.desk.memos.message.message()

    monkeypatch.setattr(memos, "edit", real_edit)  # the disk has room again: the retry saves
    qtbot.waitUntil(lambda: window.saved_label.text().startswith(SAVED))
    assert any(m.text == "Precious thought" for m in memos.list())
    assert window.close()


def test_other_fields_are_saved_on_close(window: MainWindow, qtbot: QtBot, demo_path: Path) -> None:
    assert window.session is not None and window.desk is not None
    session = window.session
    zoom = session.project.codebook.find("Technology and Tools/Communication Tools/Zoom")
    session.select_codes([zoom])
    editor = window.desk.editor
    name = editor.findChild(QLineEdit, "codeNameEdit")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_End)
    qtbot.keyClicks(name, " meetings")
    memos = editor.memos
    memos.editor.text_edit.setFocus()  # saves the name; the first memo on Zoom is shown
    memos.list.setCurrentRow(0)
    first = memos.current_memo()
    assert first is not None
    qtbot.keyClick(memos.editor.text_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(memos.editor.text_edit, " Added on close.")
    assert window.close()

    with Project.open(demo_path) as project:
        assert project.codebook.get(zoom).name == "Zoom meetings"
        memo = next(m for m in project.memos.list() if m.uuid == first.uuid)
        assert memo.text.endswith(" Added on close.")


def test_a_case_cell_being_typed_is_saved_on_close(
    window: MainWindow, qtbot: QtBot, demo_path: Path
) -> None:
    assert window.session is not None and window.desk is not None
    panel = window.desk.cases
    window.docks["cases"].show()
    window.docks["cases"].raise_()
    panel.select_case(window.session.project.cases.find("P07"))
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "P07"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, " (pilot)")  # the editor is still open
    assert window.close()
    with Project.open(demo_path) as project:
        assert "P07 (pilot)" in {c.name for c in project.cases.list()}


def test_a_code_renamed_in_place_is_saved_on_close(
    window: MainWindow, qtbot: QtBot, demo_path: Path
) -> None:
    assert window.session is not None and window.desk is not None
    panel = window.desk.codebook
    zoom = window.session.project.codebook.find("Technology and Tools/Communication Tools/Zoom")
    panel.view.expandAll()
    panel.select_code(zoom)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Zoom calls")  # no Enter
    assert window.close()
    with Project.open(demo_path) as project:
        assert project.codebook.get(zoom).name == "Zoom calls"


def test_typing_on_after_a_save_is_not_taken_for_a_change_made_meanwhile(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The project stores a name stripped ('Flex' for 'Flex '): reading it back while more is
    typed is this window's own save, not someone else's change to ask about."""
    window.confirm_discard = lambda _text: True  # a failure here must not leave a question open
    assert window.session is not None and window.desk is not None
    flexibility = window.session.project.codebook.find(FLEXIBILITY)
    window.session.select_codes([flexibility])
    editor = window.desk.editor
    name = editor.fields["name"]
    editor.name_edit.setFocus()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Flex ")
    assert name.save_now()
    qtbot.keyClicks(editor.name_edit, "ible")
    name.load(flexibility, "Flex")  # the code read back as stored, while typing goes on
    assert name.conflict is None and not editor.conflict_bar.isVisible()
    assert name.save_now()
    assert window.session.project.codebook.get(flexibility).name == "Flex ible"
