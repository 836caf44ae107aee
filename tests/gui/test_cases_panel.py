"""The Cases panel: inline typed edits, refusals, new cases and attributes, CSV import, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QTableView,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from workbench.core.values import AttributeValue
from workbench.gui.panels import CasesPanel
from workbench.gui.panels.case_dialogs import AttributeDialog, AttributeSpec, LinkChoice
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.autosave import AutosaveTimings


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession) -> CasesPanel:
    panel = CasesPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _value(panel: CasesPanel, case: str, attribute: str) -> AttributeValue:
    info = next(c for c in panel.session.project.cases.list() if c.name == case)
    return info.attributes.get(attribute)


def _cell(panel: CasesPanel, case: str, attribute: str | None = None) -> QModelIndex:
    uuid = panel.session.project.cases.find(case)
    index = panel.select_case(uuid, attribute)
    QApplication.processEvents()
    return index


def _double_click(qtbot: QtBot, view: QTableView, index: QModelIndex) -> None:
    center = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def _button(panel: CasesPanel, name: str) -> QToolButton:
    return panel.findChild(QToolButton, name)


def test_lists_cases_with_typed_attributes(panel: CasesPanel) -> None:
    view = panel.findChild(QTableView, "casesView")
    model = view.model()
    assert model.rowCount() == 25
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Case", "Role", "Age group", "Sector", "Linked sources"]
    assert model.index(0, 0).data() == "P01"
    assert model.index(0, 1).data() == _value(panel, "P01", "role")
    assert model.index(0, 4).data() == "P01"


def test_choice_edited_inline_with_a_combo(qtbot: QtBot, panel: CasesPanel) -> None:
    view = panel.view
    before = _value(panel, "P01", "role")
    other = "mentor" if before == "mentee" else "mentee"
    _double_click(qtbot, view, _cell(panel, "P01", "role"))
    combo = view.findChild(QComboBox, "caseChoiceEditor")
    assert combo is not None and combo.currentText() == before
    combo.setCurrentIndex(combo.findText(other))
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: _value(panel, "P01", "role") == other)
    assert _cell(panel, "P01", "role").data() == other
    panel.session.undo_stack.undo()
    assert _value(panel, "P01", "role") == before
    panel.session.undo_stack.redo()
    assert _value(panel, "P01", "role") == other


def test_add_number_attribute_edit_it_and_refuse_bad_values(
    qtbot: QtBot, panel: CasesPanel
) -> None:
    panel.ask_attribute = lambda: AttributeSpec("years_mentoring", "number")
    qtbot.mouseClick(_button(panel, "casesAddAttribute"), Qt.MouseButton.LeftButton)
    attrs = panel.session.project.cases.attributes("case")
    assert [(a.name, a.type) for a in attrs][-1] == ("years_mentoring", "number")
    assert "Years mentoring" in [
        panel.view.model().headerData(c, Qt.Orientation.Horizontal)
        for c in range(panel.view.model().columnCount())
    ]

    index = _cell(panel, "P02", "years_mentoring")
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    spin = panel.view.findChild(QSpinBox, "caseNumberEditor")
    assert spin is not None
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _value(panel, "P02", "years_mentoring") == 12)
    assert index.data() == "12"
    count = panel.session.undo_stack.count()

    QGuiApplication.clipboard().setText("a dozen")
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "is not a number" in panel.message.message()
    assert _value(panel, "P02", "years_mentoring") == 12
    assert index.data() == "12"
    assert panel.session.undo_stack.count() == count

    _cell(panel, "P02", "role")
    QGuiApplication.clipboard().setText("sponsor")
    qtbot.keyClick(panel.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "not one of the choices" in panel.message.message()
    assert _value(panel, "P02", "role") in ("mentor", "mentee")

    _cell(panel, "P02", "years_mentoring")
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert _value(panel, "P02", "years_mentoring") is None
    panel.session.undo_stack.undo()
    assert _value(panel, "P02", "years_mentoring") == 12


def test_boolean_and_date_attributes(qtbot: QtBot, panel: CasesPanel) -> None:
    specs = iter([AttributeSpec("consented", "boolean"), AttributeSpec("joined", "date")])
    panel.ask_attribute = lambda: next(specs)
    qtbot.mouseClick(_button(panel, "casesAddAttribute"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(panel, "casesAddAttribute"), Qt.MouseButton.LeftButton)

    cell = _cell(panel, "P05", "consented")
    qtbot.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(cell).center()
    )
    assert _value(panel, "P05", "consented") is True
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    _cell(panel, "P05", "joined")
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QDateEdit, "caseDateEditor")
    assert editor is not None
    editor.setDate(QDate(2024, 9, 30))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _value(panel, "P05", "joined") == "2024-09-30")


def test_rename_case_inline(qtbot: QtBot, panel: CasesPanel) -> None:
    _cell(panel, "P07")
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "P07"
    editor.selectAll()
    qtbot.keyClicks(editor, "P07-mentor")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.session.undo_stack.count() == 1)
    names = {c.name for c in panel.session.project.cases.list()}
    assert "P07-mentor" in names and "P07" not in names


def test_a_text_cell_saves_itself_while_its_editor_stays_open(
    qtbot: QtBot, panel: CasesPanel
) -> None:
    session = panel.session
    session.autosave.timings = AutosaveTimings(pause_ms=20, max_ms=60, idle_ms=5000, retry_ms=50)
    _cell(panel, "P07")
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, "-mentor")
    qtbot.waitUntil(lambda: not session.autosave.fields()[-1].pending())
    assert "P07-mentor" in {c.name for c in session.project.cases.list()}
    assert panel.view.state() == QTableView.State.EditingState  # typing goes on
    qtbot.keyClicks(editor, "ed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "P07-mentored" in {c.name for c in session.project.cases.list()})
    assert session.undo_stack.count() == 1  # one burst, one undo step
    session.undo_stack.undo()
    assert "P07" in {c.name for c in session.project.cases.list()}


def test_add_case_link_and_delete(qtbot: QtBot, panel: CasesPanel) -> None:
    project = panel.session.project
    panel.ask_text = lambda title, label, default: "Focus group A"
    qtbot.mouseClick(_button(panel, "casesAddCase"), Qt.MouseButton.LeftButton)
    uuid = project.cases.find("Focus group A")
    assert panel.selected_cases()[0].uuid == uuid

    source = project.sources.find("P03")
    offered: list[str] = []

    def ask_link(case: object, sources: list[object]) -> LinkChoice:
        offered.extend(getattr(s, "name", "") for s in sources)
        return LinkChoice(source, "P03")

    panel.ask_link = ask_link  # type: ignore[assignment]
    qtbot.mouseClick(_button(panel, "casesLink"), Qt.MouseButton.LeftButton)
    assert len(offered) == 25
    linked = next(c for c in project.cases.list() if c.uuid == uuid)
    assert linked.sources == ("P03",)
    row = panel.model.row_of(uuid)
    assert panel.model.index(row, panel.model.sources_column).data() == "P03"

    panel.confirm = lambda title, question: "Focus group A" in question
    _cell(panel, "Focus group A")
    qtbot.mouseClick(_button(panel, "casesDelete"), Qt.MouseButton.LeftButton)
    assert all(c.name != "Focus group A" for c in project.cases.list())
    panel.session.undo_stack.undo()
    assert next(c for c in project.cases.list() if c.uuid == uuid).sources == ("P03",)


def test_import_participants_csv(qtbot: QtBot, panel: CasesPanel, tmp_path: Path) -> None:
    table = tmp_path / "participants-extra.csv"
    table.write_text("case,role,years\nP01,mentee,2\nP26,mentor,11\nP27,mentee,0\n", "utf-8")
    panel.choose_csv = lambda: table
    qtbot.mouseClick(_button(panel, "casesImport"), Qt.MouseButton.LeftButton)
    project = panel.session.project
    assert {"P26", "P27"} <= {c.name for c in project.cases.list()}
    assert _value(panel, "P26", "years") == 11 and _value(panel, "P01", "years") == 2
    assert panel.view.model().rowCount() == 27
    shown = panel.message.message()
    assert "3 participants from participants-extra.csv (2 new, 1 updated)" in shown
    panel.session.undo_stack.undo()
    assert len(project.cases.list()) == 25
    assert all(a.name != "years" for a in project.cases.attributes("case"))

    bad = tmp_path / "bad.csv"
    bad.write_text("case,role\nP01,mentee\nP01,mentor\n", "utf-8")
    panel.choose_csv = lambda: bad
    qtbot.mouseClick(_button(panel, "casesImport"), Qt.MouseButton.LeftButton)
    assert "appears twice" in panel.message.message()


def test_attribute_dialog_needs_choices_for_a_choice(qtbot: QtBot) -> None:
    dialog = AttributeDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "career_stage")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("choice"))
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.choices_edit.setPlainText("early\nmid\nlate\nmid")
    assert ok.isEnabled()
    assert dialog.spec() == AttributeSpec("career_stage", "choice", ("early", "mid", "late"))


def test_model_passes_the_model_tester(qtmodeltester: object, panel: CasesPanel) -> None:
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
