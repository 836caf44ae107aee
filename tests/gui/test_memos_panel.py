"""The Memos panel: scopes, search, and new/autosave/delete as undoable commands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListView, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from workbench.gui.panels import MemosPanel
from workbench.gui.project_session import ProjectSession


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession) -> MemosPanel:
    panel = MemosPanel(session)
    qtbot.addWidget(panel)
    panel.resize(500, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _button(panel: MemosPanel, name: str) -> QPushButton:
    return panel.findChild(QPushButton, name)


def _titles(panel: MemosPanel) -> list[str]:
    view = panel.findChild(QListView, "memosView")
    return [view.model().index(r, 0).data() for r in range(view.model().rowCount())]


def _retype(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_scopes_list_the_right_memos(panel: MemosPanel) -> None:
    memos = panel.session.project.memos
    combo = panel.findChild(QComboBox, "memosScope")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Project",
        "Current source",
        "Current code",
        "Current coding",
        "All memos",
    ]
    assert len(_titles(panel)) == len(memos.list(target_kind="project"))
    combo.setCurrentIndex(4)
    assert len(_titles(panel)) == len(memos.list()) == 8
    combo.setCurrentIndex(1)
    assert _titles(panel) == []
    assert not _button(panel, "memosNew").isEnabled()
    p04 = panel.session.project.sources.find("P04")
    panel.session.select_source(p04)
    assert _titles(panel) == [m.title for m in memos.list(target_kind="source", target=p04)]
    assert "P04" in panel.target_label.text()
    assert _button(panel, "memosNew").isEnabled()


def test_new_save_delete_with_undo_and_redo(qtbot: QtBot, panel: MemosPanel) -> None:
    memos = panel.session.project.memos
    stack = panel.session.undo_stack
    count = len(memos.list())
    qtbot.mouseClick(_button(panel, "memosNew"), Qt.MouseButton.LeftButton)
    assert len(memos.list()) == count + 1
    created = max(memos.list(), key=lambda m: m.created_at)
    assert created.target_kind == "project" and created.author == "Maya Chen"
    assert panel.title_edit.text() == created.title
    assert _button(panel, "memosSave") is None  # nothing to press: typing saves itself

    _retype(qtbot, panel.findChild(QLineEdit, "memoTitle"), "Second-round codebook changes")
    text = panel.findChild(QPlainTextEdit, "memoText")
    text.setFocus()  # leaving the title saved it
    qtbot.keyClicks(text, "Merge Zoom into Video calls.")
    assert panel.save()
    saved = next(m for m in memos.list() if m.uuid == created.uuid)
    assert (saved.title, saved.text) == (
        "Second-round codebook changes",
        "Merge Zoom into Video calls.",
    )
    assert "Second-round codebook changes" in _titles(panel)

    stack.undo()
    assert next(m for m in memos.list() if m.uuid == created.uuid).text == ""
    assert panel.text_edit.toPlainText() == ""
    stack.undo()
    assert panel.title_edit.text() == created.title
    stack.undo()
    assert len(memos.list()) == count
    for _ in range(3):
        stack.redo()
    again = next(m for m in memos.list() if m.uuid == created.uuid)
    assert again.text == "Merge Zoom into Video calls."

    panel.view.setCurrentIndex(panel.proxy.index(_titles(panel).index(again.title), 0))
    assert panel.title_edit.text() == again.title
    panel.confirm = lambda title, question: True
    qtbot.mouseClick(_button(panel, "memosDelete"), Qt.MouseButton.LeftButton)
    assert all(m.uuid != created.uuid for m in memos.list())
    assert again.title not in _titles(panel)
    assert panel.title_edit.text() == ""
    stack.undo()
    assert any(m.uuid == created.uuid for m in memos.list())


def test_several_memos_on_one_source(qtbot: QtBot, panel: MemosPanel) -> None:
    memos = panel.session.project.memos
    source = panel.session.project.sources.find("P09")
    panel.set_scope("source")
    panel.session.select_source(source)
    for title in ("Rapport", "Turn-taking"):
        qtbot.mouseClick(_button(panel, "memosNew"), Qt.MouseButton.LeftButton)
        _retype(qtbot, panel.title_edit, title)
        panel.save()
    on_source = memos.list(target_kind="source", target=source)
    assert sorted(m.title for m in on_source) == ["Rapport", "Turn-taking"]
    assert sorted(_titles(panel)) == ["Rapport", "Turn-taking"]


def test_unsaved_edit_is_saved_when_another_memo_is_chosen(qtbot: QtBot, panel: MemosPanel) -> None:
    panel.set_scope("all")
    memos = panel.session.project.memos
    panel.view.setCurrentIndex(panel.proxy.index(0, 0))
    first = panel.title_edit.text()
    panel.text_edit.setFocus()
    qtbot.keyClick(panel.text_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.text_edit, " (revisited)")
    second = panel.proxy.index(1, 0).data()
    rect = panel.view.visualRect(panel.proxy.index(1, 0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    edited = next(m for m in memos.list() if m.title == first)
    assert edited.text.endswith(" (revisited)")
    assert panel.title_edit.text() == second
    assert panel.view.currentIndex().data() == second
    assert panel.session.undo_stack.count() == 1


def test_search_filters_the_list(qtbot: QtBot, panel: MemosPanel) -> None:
    panel.set_scope("all")
    qtbot.keyClicks(panel.findChild(QLineEdit, "memosSearch"), "HEALTHCARE")
    titles = _titles(panel)
    everything = panel.session.project.memos.list()
    expected = [m for m in everything if "healthcare" in (m.title + m.text).lower()]
    assert 0 < len(titles) == len(expected) < len(everything)


def test_code_scope_writes_memos_on_the_code(qtbot: QtBot, panel: MemosPanel) -> None:
    project = panel.session.project
    code = project.codebook.find("Technology and Tools")
    panel.set_scope("code")
    assert not _button(panel, "memosNew").isEnabled()
    panel.session.select_codes([code])
    qtbot.mouseClick(_button(panel, "memosNew"), Qt.MouseButton.LeftButton)
    on_code = project.memos.list(target_kind="code", target=code)
    assert len(on_code) == 1 and on_code[0].target_uuid == code


def test_empty_memo_is_refused_with_a_message(qtbot: QtBot, panel: MemosPanel) -> None:
    qtbot.mouseClick(_button(panel, "memosNew"), Qt.MouseButton.LeftButton)
    _retype(qtbot, panel.title_edit, "")
    assert not panel.save()
    assert "title or some text" in panel.message.message()
    assert panel.session.autosave.state() == "Not saved — A memo needs a title or some text."
    assert panel.session.undo_stack.count() == 1
