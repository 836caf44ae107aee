"""The one job runner through real widgets: progress in the status bar and in a dialog, Cancel
through the real buttons (a cancelled import leaves the project as it was), write actions off
while a job writes, and progress signals at most ten a second."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

import workbench.core.importers as importers
from workbench.core.changes import Changes
from workbench.core.progress import Progress
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import JobRunner, follow_in_dialog
from workbench.gui.window.main_window import MainWindow


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Reading the second file of an import waits until the test opens the gate."""
    opened = threading.Event()
    reached = threading.Event()
    real = importers.read_source
    calls: list[Path] = []

    def read_source(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 2:
            reached.set()
            assert opened.wait(30)
        return real(path)

    monkeypatch.setattr(importers, "read_source", read_source)
    opened.reached = reached  # type: ignore[attr-defined]
    yield opened
    opened.set()  # never leave the worker thread waiting


def files(tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        paths.append(tmp_path / f"Interview {i}.txt")
        paths[-1].write_text(f"Interviewer: Question {i}?\n\nP{i}: Answer {i}.\n", encoding="utf-8")
    return paths


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_import_shows_progress_and_disables_writing_until_it_ends(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, gate: threading.Event
) -> None:
    window = demo_window
    assert window.session is not None
    bar = window.statusBar().findChild(QProgressBar, "importProgress")
    writes = [window.menus.actions[name] for name in ("codeWith", "mergeCopy", "importSources")]
    undo = window.menus.actions["undo"]
    window.session.execute(
        "Add code",
        lambda c: window.session.project.codebook.add(name="Fresh", coder=c),  # type: ignore[union-attr]
    )
    assert all(a.isEnabled() for a in writes) and undo.isEnabled()

    assert window.import_files(files(tmp_path, 3)) is not None
    assert gate.reached.wait(10)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() == 1, timeout=10_000)
    assert bar.maximum() == 4 and "Importing 1/4" in bar.text()
    assert window.session.busy
    assert not any(a.isEnabled() for a in writes) and not undo.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: window.worker is None, timeout=20_000)
    assert not bar.isVisible() and not window.session.busy
    assert all(a.isEnabled() for a in writes)
    names = {s.name for s in window.session.project.sources.list()}
    assert {"Interview 0", "Interview 1", "Interview 2"} <= names


def test_cancel_in_the_status_bar_leaves_the_project_as_it_was(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, gate: threading.Event
) -> None:
    window = demo_window
    assert window.session is not None
    project = window.session.project
    before_sources = [s.name for s in project.sources.list()]
    before = digest(project.path)
    assert window.import_files(files(tmp_path, 3)) is not None
    assert gate.reached.wait(10)  # type: ignore[attr-defined]
    cancel = window.statusBar().findChild(QToolButton, "importCancel")
    qtbot.waitUntil(cancel.isVisible, timeout=10_000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: window.worker is None, timeout=20_000)
    assert "cancelled" in window.statusBar().currentMessage()
    assert [s.name for s in project.sources.list()] == before_sources
    assert digest(project.path) == before
    assert window.menus.actions["codeWith"].isEnabled()


def test_a_dialog_follows_a_job_and_its_cancel_button_stops_it(qtbot: QtBot, qapp: object) -> None:
    runner = JobRunner()
    release = threading.Event()

    def work(progress: Progress) -> str:
        progress.step(1, 4, "one")
        assert release.wait(30)
        progress.step(2, 4, "two")  # raises Cancelled once cancelled
        return "finished"

    job = runner.start(work)
    follow_in_dialog(job, None, "Working…", title="Working", name="testProgress")
    dialog: list[QProgressDialog] = []

    def shown() -> bool:
        found = [w for w in QApplication.topLevelWidgets() if w.objectName() == "testProgress"]
        dialog[:] = [w for w in found if isinstance(w, QProgressDialog) and w.isVisible()]
        return bool(dialog) and dialog[0].value() == 1

    qtbot.waitUntil(shown, timeout=10_000)
    assert dialog[0].maximum() == 4
    button = dialog[0].findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert job.outcome == "cancelled" and job.result is None
    runner.wait()


def test_progress_signals_come_at_most_ten_a_second(qtbot: QtBot, qapp: object) -> None:
    runner = JobRunner()
    seen: list[int] = []

    def work(progress: Progress) -> None:
        end = time.monotonic() + 0.5
        done = 0
        while time.monotonic() < end:
            done += 1
            progress.step(done, 0, "")  # total unknown: only the clock lets a step through
        progress.step(done, done, "")  # the last step always arrives

    job = runner.start(work)
    job.progressed.connect(lambda done, _total, _label: seen.append(done))
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert job.outcome == "done"
    assert 2 <= len(seen) <= 7  # ~0.5 s at ≤ 10 Hz, plus the first and the last
    assert seen == sorted(seen)


def test_a_result_arriving_after_the_project_closed_is_dropped(session: ProjectSession) -> None:
    """A job's result is delivered through the event loop, so it can arrive after the project
    was closed (the window closed while the job ended): it must neither raise nor run."""
    told: list[Changes] = []
    session.changed.connect(told.append)
    session.close()
    ran: list[str] = []

    def action(coder: str) -> Changes:
        ran.append(coder)
        return Changes(frozenset({"codings"}))

    session.run_unstacked("merge", action)
    session.notify(Changes(frozenset({"codings"}), revision=10**6))
    assert ran == [] and told == []


def test_a_writing_jobs_own_follow_up_may_write(session: ProjectSession, qtbot: QtBot) -> None:
    """What a job's success leads to (the open's file check records the coder, a merge's
    message offers more) runs with the project free again, not refused as 'wait for the job'."""
    runner = JobRunner()
    job = runner.start(lambda _progress: "checked", writing=session, what="the check")
    busy_then: list[bool] = []
    job.succeeded.connect(lambda _result: busy_then.append(session.busy))
    qtbot.waitUntil(lambda: bool(busy_then), timeout=10_000)
    assert busy_then == [False]
