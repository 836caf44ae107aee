"""Comparing coders side by side, through real widgets: the disagreement list drives the
transcript (a column of stripes per coder, disagreements marked), steps with buttons and F8,
resolves by an agreed range, and the comparison ends from its bar or the View menu."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core.changes import Changes
from workbench.core.teamwork import Disagreement, disagreements
from workbench.core.text.offsets import OffsetMap
from workbench.core.values import CodeNode, CodingInfo
from workbench.gui.app import main
from workbench.gui.comparison import Comparison
from workbench.gui.document import DocumentView
from workbench.gui.document.layer import CodingLayer
from workbench.gui.project_session import ProjectSession
from workbench.gui.teamwork import AgreementPanel
from workbench.gui.window.main_window import MainWindow

CODERS = ["Maya Chen", "Tomás Rivera"]


# -- the layer, without widgets --------------------------------------------------------------------
def _coding(uuid: str, coder: str, start: int, end: int) -> CodingInfo:
    return CodingInfo(uuid, "s", "c", coder, coder, start, end, datetime(2026, 1, 1))


def test_each_compared_coder_gets_a_column_of_lanes() -> None:
    text = "x" * 200
    node = CodeNode("c", None, "Code", "Code", "#336699", "", "", "", "", 0)
    codings = [
        _coding("a1", "A", 0, 50),
        _coding("a2", "A", 10, 40),  # overlaps a1: A needs two lanes
        _coding("a3", "A", 20, 30),  # three deep
        _coding("b1", "B", 0, 50),
        _coding("c1", "C", 100, 120),  # not compared
    ]
    layer = CodingLayer(
        OffsetMap(text),
        codings,
        {"c": node},
        [],
        lambda c: c.coder in ("A", "B"),
        columns=("A", "B"),
        marks=[(60, 70), (0, 5)],
    )
    (a, b) = layer.columns
    assert (a.coder, a.first, a.count) == ("A", 0, 3)
    assert (b.coder, b.first, b.count) == ("B", 3, 2)  # at least two: room for the initials
    assert layer.lane_count == 5
    assert set(layer.codings) == {"a1", "a2", "a3", "b1"}
    for shown in layer.codings.values():
        column = a if shown.coder == "A" else b
        assert column.first <= shown.lane < column.end
        assert layer.lane_limit(shown, 99) == column.end
    assert layer.marks == [(0, 5), (60, 70)]
    # Columns are planned together: a new coding means a rebuild, not a patch.
    removal = Changes(kinds=frozenset({"codings"}), deleted=("a3",))
    assert not layer.patch(removal, {}) and "a3" in layer.codings


def test_comparison_joins_overlapping_disagreements_per_source() -> None:
    found = [("s1", 10, 20), ("s1", 15, 30), ("s1", 40, 50), ("s2", 0, 5)]
    comparison = Comparison.of(["A", "B", "A"], found, ("s1", 15, 30))
    assert comparison.coders == ("A", "B")
    assert comparison.spans_in("s1") == ((10, 30), (40, 50))
    assert comparison.spans_in("s3") == ()
    assert comparison.current_in("s1") == (15, 30) and comparison.current_in("s2") is None


# -- the agreement panel and a transcript on one session -----------------------------------------
@pytest.fixture
def view(qtbot: QtBot, session: ProjectSession) -> DocumentView:
    widget = DocumentView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    session.navigate_requested.connect(lambda source, *_: widget.show_source(source))
    return widget


@pytest.fixture
def panel(session: ProjectSession, view: DocumentView, qtbot: QtBot) -> AgreementPanel:
    widget = AgreementPanel(session)
    qtbot.addWidget(widget)
    widget.resize(800, 700)
    widget.show()
    widget.set_coders(CODERS)
    with qtbot.waitSignal(widget.computed, timeout=30_000):
        widget.compute()
    return widget


def _current(panel: AgreementPanel) -> Disagreement:
    d = panel.disagreement_view.current()
    assert d is not None
    return d


def _code_ranges(session: ProjectSession, d: Disagreement) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {name: [] for name in CODERS}
    for c in session.project.codings.of_source(d.source_uuid):
        if c.code_uuid == d.code_uuid and c.coder in out and c.start < d.end and d.start < c.end:
            out[c.coder].append((c.start, c.end))
    return {name: sorted(r) for name, r in out.items()}


def test_a_disagreement_is_shown_side_by_side_and_marked(
    panel: AgreementPanel, view: DocumentView, session: ProjectSession
) -> None:
    d = _current(panel)
    comparison = session.comparison
    assert comparison is not None and comparison.coders == tuple(CODERS)
    assert comparison.current == (d.source_uuid, d.start, d.end)
    assert view.source == d.source_uuid and view.filter_mode == "compare"
    assert [c.coder for c in view.layer.columns] == CODERS
    columns = {c.coder: c for c in view.layer.columns}
    assert view.layer.codings
    for shown in view.layer.codings.values():
        assert columns[shown.coder].first <= shown.lane < columns[shown.coder].end
    u_start, u_end = view.loaded.offsets.to_utf16_many([d.start, d.end])
    assert any(a <= u_start and u_end <= b for a, b in view.layer.marks)
    expected = {
        (x.start, x.end)
        for x in disagreements(session.project, coders=CODERS)
        if x.source_uuid == d.source_uuid
    }
    assert len(view.layer.marks) <= len(expected)


def test_side_by_side_can_be_switched_off_and_on(
    panel: AgreementPanel, view: DocumentView, session: ProjectSession, qtbot: QtBot
) -> None:
    button = panel.disagreement_view.compare_button
    assert button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert session.comparison is None and view.filter_mode == "all"
    assert {c.coder for c in view.layer.codings.values()} >= set(CODERS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert session.comparison is not None and view.filter_mode == "compare"


def test_step_through_disagreements_with_buttons_and_f8(
    panel: AgreementPanel, session: ProjectSession, qtbot: QtBot
) -> None:
    dv = panel.disagreement_view
    dv.list.setCurrentRow(0)
    assert not dv.previous_button.isEnabled() and dv.next_button.isEnabled()
    second = dv.items[1]
    with qtbot.waitSignal(session.navigate_requested) as nav:
        qtbot.mouseClick(dv.next_button, Qt.MouseButton.LeftButton)
    assert nav.args == [second.source_uuid, second.start, second.end]
    assert session.comparison is not None
    assert session.comparison.current == (second.source_uuid, second.start, second.end)
    panel.activateWindow()
    qtbot.waitActive(panel)
    qtbot.keyClick(dv.list, Qt.Key.Key_F8)
    assert dv.list.currentRow() == 2
    qtbot.keyClick(dv.list, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert dv.list.currentRow() == 1
    qtbot.mouseClick(dv.previous_button, Qt.MouseButton.LeftButton)
    assert dv.list.currentRow() == 0


def test_adjust_range_starts_from_the_transcript_selection(
    panel: AgreementPanel, session: ProjectSession, qtbot: QtBot
) -> None:
    dv = panel.disagreement_view
    d = _current(panel)
    before = _code_ranges(session, d)
    agreed = (d.start + 1, d.end - 1)
    asked: list[tuple[str, int, int, str]] = []

    def ask(_parent: object, text: str, start: int, end: int, title: str) -> tuple[int, int]:
        asked.append((text, start, end, title))
        return agreed

    dv.ask_range = ask
    dv.selection = lambda: (d.source_uuid, d.start + 2, d.end - 2)
    with qtbot.waitSignal(panel.computed, timeout=60_000):
        qtbot.mouseClick(dv.adjust_button, Qt.MouseButton.LeftButton)
    assert asked[0][1:3] == (d.start + 2, d.end - 2)  # the selection, offered to adjust
    assert asked[0][0] == session.project.sources.text(d.source_uuid)
    assert d.code_path in asked[0][3]
    after = _code_ranges(session, d)
    assert after == {name: [agreed] for name in CODERS}
    assert d.key not in {x.key for x in disagreements(session.project, coders=CODERS)}
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert _code_ranges(session, d) == before


def test_adjust_range_without_a_selection_offers_the_whole_disagreement(
    panel: AgreementPanel, session: ProjectSession, qtbot: QtBot
) -> None:
    dv = panel.disagreement_view
    d = _current(panel)
    asked: list[tuple[int, int]] = []
    dv.ask_range = lambda _p, _t, start, end, _title: asked.append((start, end)) or None
    dv.selection = lambda: (d.source_uuid, d.end + 100, d.end + 120)  # elsewhere: ignored
    qtbot.mouseClick(dv.adjust_button, Qt.MouseButton.LeftButton)
    assert asked == [(d.start, d.end)]
    assert session.undo_stack.count() == 0  # cancelled: nothing changed


# -- in the window --------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = make_window(isolated_settings(tmp_path), demo_path)
    qtbot.addWidget(w)
    yield w
    w.close_project()


def test_the_comparison_bar_and_the_view_menu_end_a_comparison(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.desk is not None and window.session is not None
    assert window.show_source_named("P07")
    assert window.desk.compare_coders(CODERS)
    pane = window.desk.document_pane
    bar = pane.comparison_bar
    assert bar.isVisible() and "Maya Chen (MC)" in bar.text.text()
    assert window.desk.document.source == window.session.project.sources.find("P07")
    assert "in this source" in bar.text.text()
    qtbot.mouseClick(bar.stop, Qt.MouseButton.LeftButton)
    assert window.session.comparison is None and not bar.isVisible()
    assert not window.desk.agreement.disagreement_view.compare_button.isChecked()
    qtbot.mouseClick(
        window.desk.agreement.disagreement_view.compare_button, Qt.MouseButton.LeftButton
    )
    assert window.session.comparison is not None and bar.isVisible()
    window.menus.actions["filterAll"].trigger()
    assert window.session.comparison is None and window.desk.document.filter_mode == "all"


def test_screenshot_of_a_comparison(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "compare.png"
    args = [
        str(demo_path),
        "--screenshot",
        str(out),
        "--source",
        "P07",
        "--compare",
        ",".join(CODERS),
    ]
    assert main(args) == 0
    assert out.stat().st_size > 50_000
    assert main([str(demo_path), "--screenshot", str(out), "--compare", "Maya Chen,Nobody"]) == 1
