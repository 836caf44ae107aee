"""Teamwork in the GUI, through real widgets: a copy for a coder (blind, pseudonymized), merging
a coder's copy back with a conflict review, and the agreement panel with consensus."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.core.teamwork import (
    MergePlan,
    MergeReport,
    agreement,
    disagreements,
    plan_merge,
    share_copy,
    suggest_mapping,
)
from workbench.gui.project_session import ProjectSession
from workbench.gui.teamwork import (
    AgreementPanel,
    MergeReviewDialog,
    ShareOptions,
    ShareOptionsDialog,
    merge_copy_flow,
    share_copy_dialog,
)
from workbench.gui.teamwork.agreement_panel import DASH, VALUE_ROLE

LIVE = "Communication Methods/Synchronous/Live chat"
CODERS = ["Maya Chen", "Tomás Rivera"]


class Messages:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, _parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append((title, text))


def finished(qtbot: QtBot, flow: Callable[..., None], *args: Any, **kwargs: Any) -> Any:
    """Run a flow whose jobs report through ``done``, and wait for it."""
    results: list[Any] = []
    flow(*args, done=results.append, **kwargs)
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    return results[0]


def count_codings(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM codings").fetchone()[0])
    finally:
        conn.close()


def rename_in(path: Path, code_path: str, name: str, coder: str) -> None:
    project = Project.open(path)
    try:
        project.codebook.rename(code=project.codebook.find(code_path), name=name, coder=coder)
    finally:
        project.close()


# -- share ---------------------------------------------------------------------------------------
def test_blind_copy_has_no_codings(session: ProjectSession, tmp_path: Path, qtbot: QtBot) -> None:
    out = tmp_path / "for Tomás.qwb"
    messages = Messages()
    written = finished(
        qtbot,
        share_copy_dialog,
        None,
        session,
        ask_options=lambda _p, _m: ShareOptions(blind=True),
        ask_path=lambda _p, _t, _s: out,
        inform=messages,
        show_error=messages,
    )
    assert written == out and out.exists()
    assert count_codings(out) == 0
    assert count_codings(session.project.path) > 0
    assert messages.shown[0][0] == "Copy saved" and str(out) in messages.shown[0][1]


def test_pseudonymized_copy_uses_the_edited_mapping(
    session: ProjectSession, tmp_path: Path, qtbot
) -> None:
    suggested = suggest_mapping(session.project)
    assert suggested
    original = next(iter(suggested))

    def options(parent: QWidget | None, mapping: dict[str, str]) -> ShareOptions:
        dialog = ShareOptionsDialog(mapping, parent)
        qtbot.addWidget(dialog)
        assert not dialog.table.isEnabled()
        assert dialog.table.rowCount() == len(mapping)
        dialog.pseudonymize.setChecked(True)
        assert dialog.table.isEnabled()
        dialog.table.item(0, 1).setText("Zed Alias")
        return dialog.options()

    out = tmp_path / "pseudo.qwb"
    messages = Messages()
    written = finished(
        qtbot,
        share_copy_dialog,
        None,
        session,
        ask_options=options,
        ask_path=lambda _p, _t, _s: out,
        inform=messages,
        show_error=messages,
    )
    assert written == out
    data = out.read_bytes()
    assert original.encode() not in data
    assert b"Zed Alias" in data
    assert "replacement" in messages.shown[-1][1]


# -- merge ---------------------------------------------------------------------------------------
def test_merge_conflict_takes_theirs_when_reviewed_so(
    session: ProjectSession, tmp_path: Path, qtbot: QtBot
) -> None:
    copy = tmp_path / "copy.qwb"
    share_copy(session.project, copy, coder="Maya Chen")
    code = session.project.codebook.find(LIVE)
    session.execute(
        "rename", lambda c: session.project.codebook.rename(code=code, name="Chat A", coder=c)
    )
    rename_in(copy, LIVE, "Chat B", "Tomás Rivera")
    reviewed: list[MergePlan] = []

    def review(plan: MergePlan, _parent: QWidget | None) -> dict[str, str]:
        reviewed.append(plan)
        return {c.key: "theirs" for c in plan.conflicts}

    cleared: list[str] = []
    session.stack_cleared.connect(cleared.append)
    messages = Messages()
    outcome = finished(
        qtbot,
        merge_copy_flow,
        None,
        session,
        copy,
        review=review,
        inform=messages,
        show_error=messages,
    )
    assert reviewed and any(c.kind == "code_placement" for c in reviewed[0].conflicts)
    assert outcome is not None and outcome.backup is not None and outcome.backup.exists()
    assert session.project.codebook.name(code) == "Chat B"
    assert cleared == ["merge"] and session.undo_stack.count() == 0
    assert str(outcome.backup) in messages.shown[-1][1]


def test_merge_without_conflicts_confirms_the_counts(
    session: ProjectSession, tmp_path: Path, qtbot: QtBot
) -> None:
    copy = tmp_path / "copy.qwb"
    share_copy(session.project, copy, coder="Maya Chen")
    other = Project.open(copy)
    try:
        other.codebook.add(name="Brand new code", coder="Tomás Rivera")
    finally:
        other.close()
    asked: list[MergePlan] = []

    def confirm(_parent: QWidget | None, plan: MergePlan) -> bool:
        asked.append(plan)
        return True

    def review(plan: MergePlan, _parent: QWidget | None) -> dict[str, str]:
        raise AssertionError("no conflicts: no review")

    messages = Messages()
    outcome = finished(
        qtbot,
        merge_copy_flow,
        None,
        session,
        copy,
        review=review,
        confirm=confirm,
        inform=messages,
        show_error=messages,
    )
    assert asked and asked[0].report.total_changes > 0
    assert outcome is not None
    assert session.project.codebook.find("Brand new code")
    # merging the same copy again changes nothing
    again = finished(qtbot, merge_copy_flow, None, session, copy, confirm=confirm, inform=messages)
    assert again is not None and again.backup is None
    assert "Nothing to merge" in messages.shown[-1][1]


def test_merge_refusal_is_shown(session: ProjectSession, tmp_path: Path, qtbot: QtBot) -> None:
    messages = Messages()
    missing = tmp_path / "nope.qwb"
    assert (
        finished(
            qtbot, merge_copy_flow, None, session, missing, inform=messages, show_error=messages
        )
        is None
    )
    assert messages.shown and messages.shown[0][0] == "Merge a coder's copy"


def test_review_dialog_choices_and_buttons(session: ProjectSession, tmp_path: Path, qtbot) -> None:
    copy = tmp_path / "copy.qwb"
    share_copy(session.project, copy, coder="Maya Chen")
    code = session.project.codebook.find(LIVE)
    session.project.codebook.rename(code=code, name="Chat A", coder="Maya Chen")
    rename_in(copy, LIVE, "Chat B", "Tomás Rivera")
    plan = plan_merge(session.project, copy)
    dialog = MergeReviewDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "mergeReview"
    assert dialog.table.rowCount() == len(plan.conflicts) >= 1
    assert dialog.union_warning.isHidden()
    row = next(i for i, c in enumerate(plan.conflicts) if c.kind == "code_placement")
    texts = [dialog.table.item(row, col).text() for col in (1, 2)]
    assert any("Chat A" in t for t in texts[:1]) and any("Chat B" in t for t in texts[1:])
    assert set(dialog.choices().values()) == {"mine"}
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert set(dialog.choices().values()) == {"theirs"}
    assert dialog.table.item(row, 4).text()
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    key = plan.conflicts[row].key
    dialog.set_choice(key, "theirs")
    assert dialog.choices()[key] == "theirs"


def test_review_dialog_warns_of_a_union(qtbot) -> None:
    report = MergeReport(other_path="x.qwb", other_name="x", base=None, added={"code": 2})
    dialog = MergeReviewDialog(MergePlan(Path("x.qwb"), report, 1, 1))
    qtbot.addWidget(dialog)
    assert not dialog.union_warning.isHidden()
    assert "2 code" in dialog.summary.text()
    assert dialog.choices() == {}


# -- agreement -----------------------------------------------------------------------------------
@pytest.fixture
def panel(session: ProjectSession, qtbot) -> AgreementPanel:
    widget = AgreementPanel(session)
    qtbot.addWidget(widget)
    widget.resize(700, 700)
    widget.show()
    widget.set_coders(CODERS)
    with qtbot.waitSignal(widget.computed, timeout=30000):
        qtbot.mouseClick(widget.compute_button, Qt.MouseButton.LeftButton)
    return widget


def check_cell(panel: AgreementPanel, row: int, column: int, stat: object) -> None:
    item = panel.table.item(row, column)
    value = getattr(stat, "value", None)
    if value is None:
        assert item.text() == DASH and item.toolTip()
    else:
        assert item.data(VALUE_ROLE) == pytest.approx(value)


def test_agreement_table_matches_the_core(panel: AgreementPanel, session: ProjectSession) -> None:
    assert panel.objectName() == "agreementPanel"
    # the default unit is the coded segment, which uncoded text cannot inflate
    report = agreement(session.project, coders=CODERS, unit="segment", only_done=True)
    assert panel.unit_combo.currentData() == "segment"
    rows = [report.overall, *report.per_code]
    assert panel.table.rowCount() == len(rows)
    for r, row in enumerate(rows):
        assert panel.table.item(r, 0).text() == (row.code or "All codes (overall)")
        check_cell(panel, r, 2, row.percent_agreement)
        check_cell(panel, r, 3, row.cohen_kappa)
        check_cell(panel, r, 4, row.krippendorff_alpha)
    assert report.overall.cohen_kappa is not None and report.overall.cohen_kappa.value is not None


def test_the_unit_caveat_stands_beside_the_figures(panel: AgreementPanel, qtbot) -> None:
    caveat = panel.findChild(QLabel, "agreementCaveat")
    assert caveat is not None and caveat.isVisibleTo(panel)
    assert "text nobody coded cannot inflate" in caveat.text()
    panel.unit_combo.setFocus()
    while panel.unit_combo.currentData() != "char":
        qtbot.keyClick(panel.unit_combo, Qt.Key.Key_Up)
    assert "text that neither coder coded counts as agreement" in caveat.text()
    with qtbot.waitSignal(panel.computed, timeout=30000):
        qtbot.mouseClick(panel.compute_button, Qt.MouseButton.LeftButton)
    assert panel.report is not None and panel.report.unit == "char"
    assert panel.report.caveat in caveat.text()


def test_agreement_export(panel: AgreementPanel, tmp_path: Path) -> None:
    out = tmp_path / "agreement.csv"
    messages = Messages()
    panel.ask_export_path = lambda _p, _t, _s: out
    panel.inform = messages
    assert panel.export() == out
    assert out.exists() and "(all codes)" in out.read_text(encoding="utf-8")
    assert str(out) in messages.shown[0][1]


def test_resolving_a_disagreement_is_undoable(
    panel: AgreementPanel, session: ProjectSession, qtbot
) -> None:
    before = disagreements(session.project, coders=CODERS)
    assert panel.disagreement_view.list.count() == len(before) > 0
    with qtbot.waitSignal(session.navigate_requested) as nav:
        panel.disagreement_view.list.setCurrentRow(1)
    d = before[1]
    assert nav.args == [d.source_uuid, d.start, d.end]
    with qtbot.waitSignal(panel.computed, timeout=30000):
        keep = panel.disagreement_view.keep_buttons["Maya Chen"]
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    after = disagreements(session.project, coders=CODERS)
    assert d.key not in {x.key for x in after}
    assert len(after) == len(before) - 1
    assert panel.disagreement_view.list.count() == len(after)
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert len(disagreements(session.project, coders=CODERS)) == len(before)


def test_a_result_arriving_after_the_project_closed_is_dropped(
    session: ProjectSession, qtbot
) -> None:
    widget = AgreementPanel(session)
    qtbot.addWidget(widget)
    # As in the window: choosing a disagreement opens its source in the transcript.
    session.navigate_requested.connect(lambda source, *_: session.project.sources.get(source))
    widget.set_coders(CODERS)
    widget.compute()
    widget.shutdown()  # as the window does before closing the project
    session.close()
    qtbot.wait(300)  # the worker's queued result is delivered now, and must not read the file
    assert widget.report is None and widget.disagreement_view.list.count() == 0
    widget.compute()  # and nothing starts again
    assert not widget.busy
