"""Team → Undo the last merge, through the real window: merge a coder's copy from the
Team menu, then undo it from the menu or from the message shown after the merge, and check the
project file itself."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

import workbench.gui.teamwork as gui_teamwork
from workbench.core.project import Project
from workbench.core.teamwork import MergeOutcome, MergePlan, share_copy
from workbench.gui.teamwork import merge_copy_flow, undo_merge_flow
from workbench.gui.window.main_window import MainWindow

NEW_CODE = "Brand new code"


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    settings = isolated_settings(tmp_path)
    settings.set_coder("Maya Chen")
    w = make_window(settings, demo_path)
    qtbot.addWidget(w)
    assert w.desk is not None
    yield w
    w.close_project()


@pytest.fixture
def copy(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coder's copy with a new code and a coding of it; the Team menu's merge will take it
    without asking for a file or a confirmation (the message after the merge is still shown)."""
    assert window.session is not None
    path = tmp_path / "copy-tomas.qwb"
    share_copy(window.session.project, path, coder="Maya Chen")
    with Project.open(path) as other:
        code = other.codebook.add(name=NEW_CODE, coder="Tomás Rivera").created[-1]
        source = other.sources.list()[0].uuid
        other.codings.apply(source=source, code=code, start=0, end=5, coder="Tomás Rivera")

    def confirm(_parent: QWidget | None, plan: MergePlan) -> bool:
        return plan.report.total_changes > 0

    flow = functools.partial(merge_copy_flow, path=path, confirm=confirm)
    monkeypatch.setattr(gui_teamwork, "merge_copy_flow", flow)
    return path


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def new_code_rows(path: Path) -> tuple[int, int]:
    codes = query(path, f"SELECT count(*) FROM codes WHERE name = '{NEW_CODE}'")[0][0]
    codings = query(
        path,
        "SELECT count(*) FROM codings JOIN codes ON codes.id = codings.code_id "
        f"WHERE codes.name = '{NEW_CODE}'",
    )[0][0]
    return int(str(codes)), int(str(codings))


def test_merge_then_undo_it_from_the_team_menu(
    window: MainWindow, copy: Path, qtbot: QtBot
) -> None:
    assert window.session is not None
    project_path = window.session.project.path
    action = window.menus.actions["undoMerge"]
    assert action.objectName() == "undoMergeAction" and not action.isEnabled()
    before = query(project_path, "SELECT uuid, name FROM codes ORDER BY uuid")
    codings = query(project_path, "SELECT count(*) FROM codings")
    offered: list[str] = []
    window.menus.merge_undo.offer = lambda _p, _t, text: offered.append(text) is None and False

    window.menus.actions["mergeCopy"].trigger()

    qtbot.waitUntil(lambda: bool(offered), timeout=30_000)
    assert new_code_rows(project_path) == (1, 1)
    assert offered and "was merged" in offered[0] and "Undo the last merge" in offered[0]
    assert action.isEnabled() and copy.name in action.statusTip()
    asked: list[str] = []
    window.menus.merge_undo.confirm = lambda _p, q: asked.append(q) is None

    action.trigger()

    assert asked and asked[0].startswith(f"Undo the merge of {copy.name}?")
    assert new_code_rows(project_path) == (0, 0)
    assert query(project_path, "SELECT uuid, name FROM codes ORDER BY uuid") == before
    assert query(project_path, "SELECT count(*) FROM codings") == codings
    copy_id = Project.open(copy, read_only=True)
    try:
        file_id = copy_id.info().file_id
    finally:
        copy_id.close()
    assert query(project_path, f"SELECT * FROM merge_bases WHERE other_file_id = '{file_id}'") == []
    assert not action.isEnabled()
    assert window.session.undo_stack.count() == 0
    assert "was undone" in window.statusBar().currentMessage()
    assert NEW_CODE not in {n.name for n in window.session.code_nodes().values()}


def test_undo_merge_from_the_message_after_the_merge(
    window: MainWindow, copy: Path, qtbot: QtBot
) -> None:
    assert window.session is not None
    project_path = window.session.project.path
    window.menus.merge_undo.confirm = lambda _p, _q: True
    seen: list[str] = []

    def click_undo(tries: int = 1500) -> None:
        box = QApplication.activeModalWidget()
        button = box.findChild(QPushButton, "undoMergeButton") if box is not None else None
        if button is None:
            if tries:
                QTimer.singleShot(20, lambda: click_undo(tries - 1))
            elif box is not None:
                box.close()  # never leave a test hanging on a modal box
            return
        assert isinstance(box, QMessageBox) and box.objectName() == "mergeDoneMessage"
        seen.append(box.text())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click_undo)
    window.menus.actions["mergeCopy"].trigger()

    qtbot.waitUntil(lambda: new_code_rows(project_path) == (0, 0) and bool(seen), timeout=30_000)
    assert seen[0].startswith(f"{copy.name} was merged.")
    assert not window.menus.actions["undoMerge"].isEnabled()
    window.menus.merge_undo.offer = lambda _p, _t, _text: False
    window.menus.actions["mergeCopy"].trigger()  # the same copy merges again after the undo
    qtbot.waitUntil(lambda: new_code_rows(project_path) == (1, 1), timeout=30_000)


def test_a_later_change_ends_the_offer_and_the_undo_is_refused(
    window: MainWindow, copy: Path, qtbot: QtBot
) -> None:
    session = window.session
    assert session is not None
    window.menus.merge_undo.offer = lambda _p, _t, _text: False
    window.menus.actions["mergeCopy"].trigger()
    action = window.menus.actions["undoMerge"]
    qtbot.waitUntil(action.isEnabled, timeout=30_000)
    project = session.project
    session.execute("Add code", lambda c: project.codebook.add(name="Afterthought", coder=c))
    assert not action.isEnabled()
    revision = project.revision()
    errors: list[str] = []
    asked: list[str] = []
    done = undo_merge_flow(
        window,
        session,
        confirm=lambda _p, q: asked.append(q) is None,
        show_error=lambda _p, _t, text: errors.append(text),
    )
    assert done is None and not asked
    assert errors[0].startswith(f"{project.path.name} has changed since {copy.name} was merged")
    assert "“Code 'Afterthought' added”" in errors[0] and "Restore from backup" in errors[0]
    assert project.revision() == revision and new_code_rows(project.path) == (1, 1)
    assert session.undo_stack.count() == 1  # a refusal keeps the undo history


def test_reopening_right_after_a_merge_still_offers_the_undo(
    window: MainWindow, copy: Path, qtbot: QtBot
) -> None:
    session = window.session
    assert session is not None
    path = session.project.path
    # Merged without the Team menu, which also starts an agreement computation in a worker.
    outcomes: list[object] = []
    merge_copy_flow(
        window,
        session,
        copy,
        confirm=lambda _p, _plan: True,
        inform=lambda *_a: None,
        done=outcomes.append,
    )
    qtbot.waitUntil(lambda: bool(outcomes), timeout=30_000)
    [outcome] = outcomes
    assert isinstance(outcome, MergeOutcome) and outcome.backup is not None
    assert window.menus.actions["undoMerge"].isEnabled()
    window.close_project()
    assert not window.menus.actions["undoMerge"].isEnabled()
    assert window.open_project(path)
    assert window.menus.actions["undoMerge"].isEnabled()
