"""Two coders edit the same row from autosaving editors (the code editor, a memo, a case's
name or attribute value in the cases table): the refused save shows a bar with the other's
value and name and two ways on, "Apply mine again" and "Keep theirs". Each test saves before
the window hears of the colleague's change, as happens while the feed is on its way."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import Seeded, open_on_server
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.panels.cases_panel import CasesPanel
from workbench.gui.widgets.autosave import AutosaveField
from workbench.gui.widgets.conflict_bar import ConflictBar
from workbench.gui.window.main_window import MainWindow

THEM = "Tomás Rivera"


def decide(qtbot: QtBot, bar: ConflictBar, mine: bool) -> None:
    """Check the bar says who did what, then click one of its buttons."""
    assert bar.isVisible()
    assert THEM in bar.text.text()
    name = "conflictApplyMine" if mine else "conflictKeepTheirs"
    button = bar.findChild(QPushButton, name)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


@pytest.mark.parametrize("mine", [True, False])
def test_the_code_editors_name_after_a_rename_meanwhile(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine: bool
) -> None:
    open_on_server(qtbot, window, seeded.location)
    desk = window.desk
    assert desk is not None and desk.select_code_path("Trust")
    editor = desk.editor
    qtbot.waitUntil(lambda: editor.name_edit.text() == "Trust")
    retype(qtbot, editor.name_edit, "Faith")
    with Project.open(seeded.location) as other:
        other.codebook.rename(code=seeded.code, name="Confidence", coder=THEM)
        # Ctrl+Return saves now, before this window hears of the rename.
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert "Confidence" in editor.conflict_bar.text.text()
        assert not editor.message.isVisible()  # no bare "Not saved" without a way on
        decide(qtbot, editor.conflict_bar, mine)
        expected = "Faith" if mine else "Confidence"
        assert other.codebook.name(seeded.code) == expected
    assert editor.name_edit.text() == expected
    assert editor.fields["name"].error == "" and not editor.fields["name"].pending()
    assert window.session is not None
    qtbot.waitUntil(lambda: window.session.code_node(seeded.code).name == expected, timeout=1000)  # type: ignore[union-attr]


@pytest.mark.parametrize("mine", [True, False])
def test_a_memos_text_after_an_edit_meanwhile(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine: bool
) -> None:
    with Project.open(seeded.location) as project:
        memo = project.memos.add(
            text="First thoughts.", title="Note", target_kind="code", target=seeded.code,
            coder="Maya Chen",
        ).created[-1]
    open_on_server(qtbot, window, seeded.location)
    assert window.desk is not None and window.desk.select_code_path("Trust")
    memos = window.desk.editor.memos
    qtbot.waitUntil(lambda: memos.list.count() == 1)
    qtbot.mouseClick(
        memos.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=memos.list.visualItemRect(memos.list.item(0)).center(),
    )
    memo_editor = memos.editor
    qtbot.waitUntil(lambda: memo_editor.text() == "First thoughts.")
    retype(qtbot, memo_editor.text_edit, "Mine, typed here.")
    with Project.open(seeded.location) as other:
        other.memos.edit(memo=memo, text="Theirs, from the other window.", coder=THEM)
        memo_editor.text_field.save_now()  # the autosave pause ends before the feed arrives
        decide(qtbot, memo_editor.conflict_bar, mine)
        expected = "Mine, typed here." if mine else "Theirs, from the other window."
        [info] = [m for m in other.memos.list() if m.uuid == memo]
        assert info.text == expected
    assert memo_editor.text() == expected
    assert not memo_editor.text_field.pending()


@dataclass
class Cell:
    panel: CasesPanel
    editor: QLineEdit
    field: AutosaveField


def open_cell(qtbot: QtBot, window: MainWindow, case: str, attribute: str | None) -> Cell:
    """Open the cases table's inline editor on a case's name or attribute value."""
    assert window.desk is not None
    panel = window.desk.cases
    panel.refresh()
    index = panel.select_case(case, attribute)
    panel.view.edit(index)
    qtbot.waitUntil(lambda: panel.view.findChild(QLineEdit) is not None)
    editor = panel.view.findChild(QLineEdit)  # the delegate's editor, inside the table
    assert isinstance(editor, QLineEdit)
    field = editor.findChild(AutosaveField)
    assert isinstance(field, AutosaveField)
    return Cell(panel, editor, field)


@pytest.mark.parametrize("mine", [True, False])
def test_a_cases_name_and_attribute_value_after_edits_meanwhile(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine: bool
) -> None:
    with Project.open(seeded.location) as project:
        case = project.cases.add(name="Ana", coder="Maya Chen").created[-1]
        project.cases.define_attribute(name="town", type="text", coder="Maya Chen")
        project.cases.set_value(
            scope="case", item=case, attribute="town", value="Leeds", coder="Maya Chen"
        )
    open_on_server(qtbot, window, seeded.location)

    cell = open_cell(qtbot, window, case, None)
    retype(qtbot, cell.editor, "Ana M.")
    with Project.open(seeded.location) as other:
        other.cases.rename(case=case, name="Ana Moreno", coder=THEM)
        cell.field.save_now()
        assert "Ana Moreno" in cell.panel.conflict_bar.text.text()
        decide(qtbot, cell.panel.conflict_bar, mine)
        name = "Ana M." if mine else "Ana Moreno"
        assert [c.name for c in other.cases.list()] == [name]
    assert cell.editor.text() == name

    cell.panel.view.closeEditor(cell.editor, QAbstractItemDelegate.EndEditHint.NoHint)
    qtbot.waitUntil(lambda: cell.panel.view.findChild(QLineEdit) is None)
    cell = open_cell(qtbot, window, case, "town")
    retype(qtbot, cell.editor, "York")
    with Project.open(seeded.location) as other:
        other.cases.set_value(scope="case", item=case, attribute="town", value="Hull", coder=THEM)
        cell.field.save_now()
        assert "Hull" in cell.panel.conflict_bar.text.text()
        decide(qtbot, cell.panel.conflict_bar, mine)
        town = "York" if mine else "Hull"
        assert [c.attributes.get("town") for c in other.cases.list()] == [town]
    assert cell.editor.text() == town


@pytest.mark.parametrize("mine", [True, False])
def test_a_definition_changed_while_it_is_typed_is_not_quietly_replaced(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine: bool
) -> None:
    """The colleague's edit arrives (the feed) while this window's typing waits to be saved:
    saving it then would replace theirs unseen, so the editor asks first."""
    open_on_server(qtbot, window, seeded.location)
    assert window.desk is not None and window.desk.select_code_path("Trust")
    editor = window.desk.editor
    field = editor.fields["description"]
    window.session.autosave.timings.pause_ms = 60_000  # type: ignore[union-attr]
    window.session.autosave.timings.max_ms = 60_000  # type: ignore[union-attr]
    retype(qtbot, editor.edits["description"], "Mine: believing they will follow up.")
    with Project.open(seeded.location) as other:
        other.codebook.define(code=seeded.code, description="Theirs: reliance.", coder=THEM)
        qtbot.waitUntil(editor.conflict_bar.isVisible, timeout=2000)
        assert "Theirs: reliance." in editor.conflict_bar.text.text()
        assert not field.save_now()  # nothing is saved over theirs until decided
        assert other.codebook.get(seeded.code).description == "Theirs: reliance."
        decide_meanwhile = "conflictApplyMine" if mine else "conflictKeepTheirs"
        button = editor.conflict_bar.findChild(QPushButton, decide_meanwhile)
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        expected = "Mine: believing they will follow up." if mine else "Theirs: reliance."
        assert other.codebook.get(seeded.code).description == expected
    assert editor.edits["description"].toPlainText() == expected
    assert field.error == "" and not field.pending()
