"""The Sources panel: selection, done marks, filters, sets, rename and delete, via widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from workbench.gui.panels import SourcesPanel
from workbench.gui.panels.sources_model import UUID_ROLE
from workbench.gui.project_session import ProjectSession

CODER = "Maya Chen"


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession) -> SourcesPanel:
    panel = SourcesPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _row_of(view: QTableView, name: str) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return row
    raise AssertionError(f"{name} is not listed")


def _click(qtbot: QtBot, view: QTableView, index: QModelIndex) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_lists_sources_with_counts_attributes_and_done(panel: SourcesPanel) -> None:
    view = panel.findChild(QTableView, "sourcesView")
    model = view.model()
    assert model.rowCount() == 25
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Name",
        "Characters",
        "Codings",
        "Cases",
        "Interview date",
        "Interview mode",
        "Done",
    ]
    info = panel.session.project.sources.get(panel.session.project.sources.find("P01"))
    row = _row_of(view, "P01")
    assert model.index(row, 1).data() == f"{info.length:,}"
    assert model.index(row, 2).data() == str(info.codings)
    assert model.index(row, 3).data() == "P01"
    assert model.index(row, 4).data() == "2025-03-04"
    done = model.index(row, 6)
    assert done.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "Tomás Rivera" in done.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.findChild(type(panel.summary), "sourcesSummary").text().startswith("25 sources")


def test_models_pass_the_model_tester(qtmodeltester: object, panel: SourcesPanel) -> None:
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    qtmodeltester.check(panel.proxy)  # type: ignore[attr-defined]


def test_clicking_a_row_selects_the_source(qtbot: QtBot, panel: SourcesPanel) -> None:
    view = panel.view
    row = _row_of(view, "P07")
    with qtbot.waitSignal(panel.session.source_selected) as blocker:
        _click(qtbot, view, view.model().index(row, 0))
    expected = panel.session.project.sources.find("P07")
    assert blocker.args == [expected]
    assert panel.session.current_source == expected


def test_follows_the_session_selection(panel: SourcesPanel) -> None:
    uuid = panel.session.project.sources.find("P12")
    panel.session.select_source(uuid)
    assert panel.view.currentIndex().data(UUID_ROLE) == uuid
    assert panel.selected_sources() == [uuid]


def test_toggling_done_is_an_undoable_command(qtbot: QtBot, panel: SourcesPanel) -> None:
    sources = panel.session.project.sources
    uuid = sources.find("P03")
    view = panel.view
    cell = view.model().index(_row_of(view, "P03"), panel.model.done_column)
    _click(qtbot, view, cell)
    assert CODER not in sources.done_by(uuid)
    assert "Tomás Rivera" in sources.done_by(uuid)
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    panel.session.undo_stack.undo()
    assert CODER in sources.done_by(uuid)
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    panel.session.undo_stack.redo()
    assert CODER not in sources.done_by(uuid)
    _click(qtbot, view, cell)
    assert CODER in sources.done_by(uuid)


def test_filter_box_and_sorting(qtbot: QtBot, panel: SourcesPanel) -> None:
    edit = panel.findChild(QLineEdit, "sourcesFilter")
    qtbot.keyClicks(edit, "skype")
    model = panel.view.model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown and len(shown) < 25
    assert all("Skype" in model.index(r, 5).data() for r in range(model.rowCount()))
    assert "Showing" in panel.summary.text()
    edit.clear()
    assert model.rowCount() == 25
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(2) + header.sectionSize(2) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    counts = [int(model.index(r, 2).data()) for r in range(model.rowCount())]
    assert counts in (sorted(counts), sorted(counts, reverse=True))
    assert counts != [int(panel.model.index(r, 2).data()) for r in range(25)]


def test_new_set_from_selection_and_the_set_filter(qtbot: QtBot, panel: SourcesPanel) -> None:
    view = panel.view
    project = panel.session.project
    _click(qtbot, view, view.model().index(_row_of(view, "P02"), 0))
    index = view.model().index(_row_of(view, "P05"), 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        view.visualRect(index).center(),
    )
    assert len(panel.selected_sources()) == 2
    panel.ask_text = lambda title, label, default: "Mentors to compare"
    panel.new_set_action.trigger()
    sets = project.sets.list("source")
    assert [s.name for s in sets] == ["Mentors to compare"]
    assert set(sets[0].members) == {project.sources.find("P02"), project.sources.find("P05")}
    combo = panel.findChild(QComboBox, "sourceSetCombo")
    assert combo.count() == 2
    combo.setCurrentIndex(1)
    assert view.model().rowCount() == 2
    # add a third source to the set while it is filtered: the combo switches back to all sources
    combo.setCurrentIndex(0)
    _click(qtbot, view, view.model().index(_row_of(view, "P09"), 0))
    panel.choose_item = lambda title, label, items: "Mentors to compare"
    panel.add_to_set_action.trigger()
    assert len(project.sets.list("source")[0].members) == 3
    panel.session.undo_stack.undo()
    assert len(project.sets.list("source")[0].members) == 2
    panel.session.undo_stack.undo()
    assert project.sets.list("source") == []
    assert combo.count() == 1


def test_rename_and_delete_from_the_context_menu(qtbot: QtBot, panel: SourcesPanel) -> None:
    view = panel.view
    sources = panel.session.project.sources
    uuid = sources.find("P04")
    _click(qtbot, view, view.model().index(_row_of(view, "P04"), 0))
    menu = panel.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:3] == ["Rename…", "Mark done", "Mark not done"]
    panel.ask_text = lambda title, label, default: "P04 (healthcare mentor)"
    panel.rename_action.trigger()
    assert sources.get(uuid).name == "P04 (healthcare mentor)"
    assert panel.view.currentIndex().data(UUID_ROLE) == uuid
    panel.session.undo_stack.undo()
    assert sources.get(uuid).name == "P04"

    panel.confirm = lambda title, question: False
    panel.delete_action.trigger()
    assert len(sources.list()) == 25
    questions: list[str] = []
    panel.confirm = lambda title, question: questions.append(question) is None
    panel.delete_action.trigger()
    assert len(sources.list()) == 24 and "P04" in questions[0]
    assert view.model().rowCount() == 24
    panel.session.undo_stack.undo()
    assert sources.get(uuid).codings > 0
    assert view.model().rowCount() == 25


def test_mark_not_done_for_a_selection_is_one_step(qtbot: QtBot, panel: SourcesPanel) -> None:
    view = panel.view
    sources = panel.session.project.sources
    view.selectAll()
    panel.not_done_action.trigger()
    assert all(CODER not in s.done_by for s in sources.list())
    assert panel.session.undo_stack.count() == 1
    panel.session.undo_stack.undo()
    assert all(CODER in s.done_by for s in sources.list())


def test_refused_rename_is_shown_not_raised(qtbot: QtBot, panel: SourcesPanel) -> None:
    view = panel.view
    _click(qtbot, view, view.model().index(_row_of(view, "P04"), 0))
    panel.ask_text = lambda title, label, default: "P05"
    panel.rename_action.trigger()
    assert "already a source named" in panel.message.message()
    assert panel.session.undo_stack.count() == 0


def test_coding_counts_follow_codings_by_delta(
    panel: SourcesPanel, session: ProjectSession, qtbot: QtBot, monkeypatch
) -> None:
    """Applying, removing, undoing and redoing codings recounts only the sources touched."""
    project = session.project
    sources = project.sources
    full_counts: list[None] = []
    real = sources.coding_counts

    def spy() -> dict[str, int]:
        full_counts.append(None)
        return real()

    monkeypatch.setattr(sources, "coding_counts", spy)
    code = project.codebook.find("Communication Methods/Synchronous/Video calls")
    first, second = (s.uuid for s in sources.list()[:2])
    steps = [
        lambda: session.apply_code(code=code, source=first, start=0, end=4),
        lambda: session.apply_code(code=code, source=second, start=0, end=4),
        lambda: session.execute(
            "Remove",
            lambda c: project.codings.remove(
                codings=[project.codings.of_source(first)[0].uuid], coder=c
            ),
        ),
        session.undo_stack.undo,
        session.undo_stack.redo,
    ]
    for step in steps:
        step()
        qtbot.wait(2)  # the deferred count update
        shown = {s.uuid: s.codings for s in panel.model.sources()}
        assert shown == {s.uuid: real().get(s.uuid, 0) for s in sources.list()}
    assert full_counts == []  # (the first apply creates the coder's record: a full refresh)
