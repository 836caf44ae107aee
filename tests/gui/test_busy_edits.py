"""While a job writes to the project, no edit runs — through real widgets: a click and a shortcut
in the coding panel and the document, a drop of codes onto the selection, typing in a memo. Each
says "Wait until … has finished", nothing is written, and the GUI thread never waits for the
job's write lock (the job holds it until the test lets it go; a GUI thread that waited would
keep the job from ever being let go, and the job gives up after a few seconds, failing the test).
Typed text waits and is saved when the job ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from dnd import drop
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from workbench.core.progress import Progress
from workbench.gui.document import CODE_MIME
from workbench.gui.document.context_menu import build_context_menu
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import Job, JobRunner
from workbench.gui.window.main_window import MainWindow

ZOOM = "Technology and Tools/Communication Tools/Zoom"
SLACK = "Technology and Tools/Collaboration Platforms/Slack"
HOLD_S = 8  # the job gives up its lock after this long: a GUI thread that waited then writes


class WritingJob:
    """A real job that writes: it holds the project's write transaction until ``release``."""

    def __init__(self, session: ProjectSession, qtbot: QtBot) -> None:
        self.holding = threading.Event()
        self.released = threading.Event()
        self.gave_up = False
        project = session.project
        self.runner = JobRunner()

        def work(_progress: Progress) -> None:
            with project.write(coder="Maya Chen"):
                self.holding.set()
                self.gave_up = not self.released.wait(HOLD_S)

        self.job: Job = self.runner.start(work, writing=session, what="the test import")
        assert self.holding.wait(10)
        qtbot.waitUntil(lambda: session.busy, timeout=5000)

    def release(self, qtbot: QtBot, session: ProjectSession) -> None:
        self.released.set()
        qtbot.waitUntil(lambda: not self.job.running and not session.busy, timeout=10_000)
        assert not self.gave_up, "the GUI thread waited for the job's write lock"


@pytest.fixture
def window(demo_window: MainWindow) -> Iterator[MainWindow]:
    assert demo_window.session is not None and demo_window.desk is not None
    demo_window.session.autosave.timings.pause_ms = 50
    demo_window.session.autosave.timings.max_ms = 100
    yield demo_window


def _codings(session: ProjectSession) -> int:
    return sum(
        len(session.project.codings.of_source(s.uuid)) for s in session.project.sources.list()
    )


def _quick(qtbot: QtBot, act: object) -> None:
    """Run ``act`` on the GUI thread; it must return at once (not wait for the lock)."""
    began = time.monotonic()
    assert callable(act)
    act()
    qtbot.wait(20)
    assert time.monotonic() - began < HOLD_S / 2, "the GUI thread waited for the write lock"


def _point(window: MainWindow, cp: int) -> QPoint:
    document = window.desk.document  # type: ignore[union-attr]
    cursor = QTextCursor(document.document())
    cursor.setPosition(document.loaded.offsets.to_utf16(cp))
    rect = document.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def test_coding_by_click_shortcut_and_drop_waits_for_a_writing_job(
    window: MainWindow, qtbot: QtBot
) -> None:
    session, desk = window.session, window.desk
    assert session is not None and desk is not None
    project = session.project
    zoom, slack = project.codebook.find(ZOOM), project.codebook.find(SLACK)
    source = project.sources.list()[0].uuid
    session.select_source(source)
    document = desk.document
    document.select_range(0, 11)
    desk.apply_code(slack)  # a recent code for Ctrl+1
    document.select_range(20, 40)
    before, steps = _codings(session), session.undo_stack.count()

    job = WritingJob(session, qtbot)
    bar = window.statusBar()
    tree = desk.coding.view
    tree.expandAll()
    tree.scrollTo(tree.view_index(zoom))
    rect = tree.visualRect(tree.view_index(zoom))
    _quick(
        qtbot,
        lambda: qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()),
    )
    assert "Wait until the test import has finished" in bar.currentMessage()
    bar.clearMessage()
    document.setFocus()  # Ctrl+1 is off, as is every action that writes…
    assert not desk.coding.recent_actions()[0].isEnabled()
    _quick(
        qtbot, lambda: qtbot.keyClick(document, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    )
    _quick(qtbot, lambda: desk.coding.choose_recent(0))  # …and what it calls is refused
    assert "Wait until the test import has finished" in bar.currentMessage()
    bar.clearMessage()
    mime = QMimeData()
    mime.setData(CODE_MIME, f"{zoom}\n{slack}".encode())
    _quick(qtbot, lambda: drop(document.viewport(), _point(window, 25), mime))
    assert "Wait until the test import has finished" in bar.currentMessage()
    assert job.job.running  # all of it happened while the job held the write lock
    job.release(qtbot, session)

    assert _codings(session) == before and session.undo_stack.count() == steps
    assert document.selection_range() == (20, 40)  # the researcher can simply try again


def test_panel_actions_that_write_are_off_while_a_job_writes_and_come_back_as_they_were(
    window: MainWindow, qtbot: QtBot
) -> None:
    session, desk = window.session, window.desk
    assert session is not None and desk is not None
    codebook = desk.codebook
    codebook.select_code(session.project.codebook.find(ZOOM))
    source = session.project.sources.list()[0].uuid
    session.select_source(source)
    desk.document.select_range(0, 11)
    writing = [codebook.delete_action, codebook.merge_action, codebook.set_bar.new_action]
    reading = [codebook.expand_all_action, codebook.collapse_all_action]
    assert all(a.isEnabled() for a in writing + reading)

    job = WritingJob(session, qtbot)
    assert not any(a.isEnabled() for a in writing)
    assert all(a.isEnabled() for a in reading)
    codebook.view.clearSelection()  # the panel's own state changes meanwhile…
    codebook.select_code(session.project.codebook.find(SLACK))
    assert not codebook.delete_action.isEnabled()  # …and the job still wins
    menu = build_context_menu(desk.document, _point(window, 3), desk.document)
    entries = {a.objectName(): a.isEnabled() for a in menu.actions() if a.objectName()}
    assert entries["codeWithAction"] is False and entries["annotateAction"] is False
    menu.deleteLater()
    job.release(qtbot, session)

    assert all(a.isEnabled() for a in writing + reading)
    menu = build_context_menu(desk.document, _point(window, 3), desk.document)
    assert next(a for a in menu.actions() if a.objectName() == "codeWithAction").isEnabled()
    menu.deleteLater()


def test_a_memo_typed_while_a_job_writes_is_saved_when_it_ends(
    window: MainWindow, qtbot: QtBot
) -> None:
    session, desk = window.session, window.desk
    assert session is not None and desk is not None
    memos = desk.memos
    memos.set_scope("all")
    memos.view.setCurrentIndex(memos.proxy.index(0, 0))
    title = memos.title_edit.text()
    text = next(m.text for m in session.project.memos.list() if m.title == title)

    job = WritingJob(session, qtbot)
    memos.text_edit.setFocus()
    qtbot.keyClick(memos.text_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    _quick(qtbot, lambda: qtbot.keyClicks(memos.text_edit, " (typed meanwhile)"))
    _quick(qtbot, lambda: qtbot.wait(300))  # the pause that would save it passes
    _quick(
        qtbot,
        lambda: qtbot.keyClick(memos.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
    )
    _quick(qtbot, lambda: desk.document.setFocus())  # focus out: a save is due
    assert next(m.text for m in session.project.memos.list() if m.title == title) == text
    assert "waiting for the running task" in window.saved_label.text()
    assert memos.text_edit.toPlainText() == text + " (typed meanwhile)"  # not undone either
    job.release(qtbot, session)

    qtbot.waitUntil(
        lambda: (
            next(m.text for m in session.project.memos.list() if m.title == title)
            == text + " (typed meanwhile)"
        ),
        timeout=5000,
    )
    assert window.saved_label.text().startswith("All changes saved")
    assert not session.autosave.failures()
