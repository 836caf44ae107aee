"""The Segments panel: retrieval of a code's segments, filters, navigation, copy and split off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QListView, QToolButton
from pytestqt.qtbot import QtBot

from workbench.core.reports.passages import CoderScope, merge_segments
from workbench.gui.panels import SegmentsPanel
from workbench.gui.panels.segment_delegate import segment_html
from workbench.gui.panels.segments_model import quote_line
from workbench.gui.project_session import ProjectSession

THEME = "Communication Methods"
LEAF = "Communication Methods/Non-verbal/Emojis"


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession) -> SegmentsPanel:
    panel = SegmentsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(520, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def _click_row(qtbot: QtBot, view: QListView, row: int, ctrl: bool = False) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    QApplication.processEvents()
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def test_empty_until_a_code_is_selected(panel: SegmentsPanel) -> None:
    assert panel.findChild(QListView, "segmentsView").model().rowCount() == 0
    assert panel.findChild(QLabel, "segmentsTitle").text() == "No code selected"


def test_lists_the_segments_of_the_selected_code(qtbot: QtBot, panel: SegmentsPanel) -> None:
    project = panel.session.project
    code = project.codebook.find(THEME)
    panel.session.select_codes([code])
    expected = project.codings.segments(code=code, include_children=True)
    passages = merge_segments(expected, CoderScope())
    view = panel.findChild(QListView, "segmentsView")
    assert view.model().rowCount() == len(passages) > 50
    assert len(passages) < len(expected)  # the demo is double-coded
    sources = len({s.source_uuid for s in expected})
    count = panel.findChild(QLabel, "segmentsCount").text()
    assert count == f"{len(passages)} passages ({len(expected)} codings) in {sources} sources"
    assert panel.title.text() == THEME
    first = view.model().index(0, 0)
    assert view.visualRect(first).height() > 2 * view.fontMetrics().height()  # wrapped text

    check = panel.findChild(QCheckBox, "segmentsIncludeChildren")
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=check.rect().center())
    own = project.codings.segments(code=code)
    assert view.model().rowCount() == len(merge_segments(own, CoderScope()))


def test_filters_by_coder_case_and_attribute(panel: SegmentsPanel) -> None:
    project = panel.session.project
    code = project.codebook.find(THEME)
    panel.session.select_codes([code])
    model = panel.view.model()
    all_rows = model.rowCount()

    _choose(panel.findChild(QComboBox, "segmentsCoderFilter"), "Tomás Rivera")
    tomas = project.codings.segments(code=code, include_children=True, coder="Tomás Rivera")
    assert model.rowCount() == len(tomas) < all_rows
    assert {panel.model.item(r).coder for r in range(model.rowCount())} == {"Tomás Rivera"}
    assert "filtered from" in panel.count_label.text()
    _choose(panel.coder_combo, "All coders merged")

    _choose(panel.findChild(QComboBox, "segmentsCaseFilter"), "P03")
    assert model.rowCount() > 0
    assert all("P03" in panel.model.item(r).cases for r in range(model.rowCount()))
    _choose(panel.case_combo, "All cases")

    mentors = {c.name for c in project.cases.list() if c.attributes.get("role") == "mentor"}
    _choose(panel.findChild(QComboBox, "segmentsAttributeFilter"), "Role")
    _choose(panel.findChild(QComboBox, "segmentsValueFilter"), "mentor")
    shown = [panel.model.item(r) for r in range(model.rowCount())]
    assert 0 < len(shown) < all_rows
    assert all(set(s.cases) & mentors for s in shown)


def test_double_click_navigates_and_selects_the_coding(qtbot: QtBot, panel: SegmentsPanel) -> None:
    panel.session.select_codes([panel.session.project.codebook.find(LEAF)])
    view = panel.view
    segment = panel.model.item(1)
    index = view.model().index(1, 0)
    _click_row(qtbot, view, 1)
    with qtbot.waitSignal(panel.session.navigate_requested) as blocker:
        qtbot.mouseDClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    assert blocker.args == [segment.source_uuid, segment.start, segment.end]
    assert panel.session.current_coding == segment.coding_uuid


def test_copy_puts_quotations_on_the_clipboard(qtbot: QtBot, panel: SegmentsPanel) -> None:
    panel.session.select_codes([panel.session.project.codebook.find(LEAF)])
    view = panel.view
    _click_row(qtbot, view, 0)
    _click_row(qtbot, view, 2, ctrl=True)
    first, third = panel.model.item(0), panel.model.item(2)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text.splitlines() == [quote_line(first), quote_line(third)]
    assert text.startswith("“") and f"— {first.source} (" in text and first.coder in text


def test_split_off_creates_a_child_code_with_the_segments(
    qtbot: QtBot, panel: SegmentsPanel
) -> None:
    project = panel.session.project
    code = project.codebook.find(LEAF)
    panel.session.select_codes([code])
    before = len(project.codings.segments(code=code))
    view = panel.view
    cards = view.model().rowCount()
    _click_row(qtbot, view, 0)
    _click_row(qtbot, view, 1, ctrl=True)
    chosen = set(panel.selected_codings())  # every coder's coding of the two passages
    assert len(chosen) >= 2
    asked: list[str] = []
    panel.ask_text = lambda title, label, default: asked.append(label) or "Emoji as feedback"
    button = panel.findChild(QToolButton, "segmentsSplit")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Emojis" in asked[0]
    child = project.codebook.find(LEAF + "/Emoji as feedback")
    moved = project.codings.segments(code=child)
    assert {s.coding_uuid for s in moved} == chosen
    assert len(project.codings.segments(code=code)) == before - len(chosen)
    assert view.model().rowCount() == cards  # subcodes are included
    panel.session.undo_stack.undo()
    assert len(project.codings.segments(code=code)) == before
    assert all(n.name != "Emoji as feedback" for n in project.codebook.all())
    panel.session.undo_stack.redo()
    assert {s.coding_uuid for s in project.codings.segments(code=child)} == chosen


def test_split_needs_segments_of_the_code_itself(qtbot: QtBot, panel: SegmentsPanel) -> None:
    project = panel.session.project
    panel.session.select_codes([project.codebook.find(THEME)])
    _click_row(qtbot, panel.view, 0)
    assert panel.model.item(0).code_uuid != project.codebook.find(THEME)
    assert not panel.split_action.isEnabled()
    panel.session.select_codes([project.codebook.find(THEME), project.codebook.find(LEAF)])
    assert panel.title.text().startswith("2 codes")
    assert not panel.split_action.isEnabled()


def test_refreshes_after_an_undoable_change(qtbot: QtBot, panel: SegmentsPanel) -> None:
    project = panel.session.project
    code = project.codebook.find(LEAF)
    panel.session.select_codes([code])
    rows = panel.view.model().rowCount()
    _click_row(qtbot, panel.view, 0)
    codings = panel.selected_codings()
    panel.session.execute(
        "Uncode", lambda coder: project.codings.remove(codings=codings, coder=coder)
    )
    # a change of codings only: the list follows one event-loop turn later (after the paint)
    qtbot.waitUntil(lambda: panel.view.model().rowCount() == rows - 1)
    panel.session.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.view.model().rowCount() == rows)


def test_segment_html_dims_context_and_bolds_the_segment(panel: SegmentsPanel) -> None:
    panel.session.select_codes([panel.session.project.codebook.find(LEAF)])
    segment = panel.model.item(0)
    html = segment_html(segment, panel.palette().text().color())
    assert "<b>" in html and html.count("<span") == 2
    assert "…" in html


def test_model_passes_the_model_tester(qtmodeltester: object, panel: SegmentsPanel) -> None:
    panel.session.select_codes([panel.session.project.codebook.find(LEAF)])
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]


def test_whose_codings_merges_passages_or_shows_each_coder(
    qtbot: QtBot, panel: SegmentsPanel
) -> None:
    project = panel.session.project
    code = project.codebook.find(THEME)
    panel.session.select_codes([code])
    segments = project.codings.segments(code=code, include_children=True)
    merged = panel.model.rowCount()
    two = next(
        r for r in range(merged) if ", " in panel.model.item(r).coder
    )  # a passage both coders marked: one card naming both
    card = panel.model.item(two)
    assert card.coder == "Maya Chen, Tomás Rivera"
    _click_row(qtbot, panel.view, two)
    assert len(panel.selected_codings()) >= 2  # the card stands for each coder's coding

    combo = panel.findChild(QComboBox, "segmentsCoderFilter")
    _choose(combo, "Each coder side by side")
    assert panel.model.rowCount() == len(segments) > merged
    maya = len(merge_segments(segments, CoderScope.of(["Maya Chen"])))
    assert f"passages: Maya Chen {maya}, Tomás Rivera " in panel.count_label.text()

    _choose(combo, "Consensus only")
    agreed = panel.model.rowCount()
    assert 0 < agreed < merged
    assert all(", " in panel.model.item(r).coder for r in range(agreed))
