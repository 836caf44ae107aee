"""Opening does only the work the first paint needs (issue 18): the code tree is read once, the
sources list is fetched as it is scrolled, and the full file check runs in the background with
writes held until it passes."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core.db import sqlite_file
from workbench.core.errors import CorruptProjectError
from workbench.core.project import Project
from workbench.core.services import codebook as codebook_service
from workbench.gui.panels import sources_model
from workbench.gui.window.restore_dialog import offer_backup_for_damaged
from workbench.gui.window.settings import WindowSettings


def test_opening_reads_the_code_tree_once(
    qtbot: QtBot, tmp_path: Path, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    real = codebook_service.build_tree

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("with_counts", True)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(codebook_service, "build_tree", counted)
    window = make_window(isolated_settings(tmp_path))
    qtbot.addWidget(window)
    assert window.open_project(demo_path)
    qtbot.wait(50)  # the work deferred past the first paint too
    assert calls == [True]
    window.close_project()


def _damage_an_index_nobody_reads_on_open(path: Path) -> None:
    """Break one index page: the header, the size and every read the window makes on open stay
    sound; only SQLite's quick_check, which reads every page, finds it."""
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_log_at'"
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0  # no valid b-tree page type
    path.write_bytes(bytes(data))


def _held_check(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The full check waits for the returned event (the first page-reading check only)."""
    release = threading.Event()
    real = sqlite_file.verify_readable

    def held(path: Path, *, full: bool = True) -> object:
        if full:
            assert release.wait(30)
        return real(path, full=full)

    monkeypatch.setattr(sqlite_file, "verify_readable", held)
    return release


def test_writes_wait_while_the_file_check_runs_and_go_through_after_it_passes(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = _held_check(monkeypatch)
    window = make_window(settings, demo_path, checked=False)  # shown before the check ends
    qtbot.addWidget(window)
    session = window.session
    assert session is not None and window.desk is not None
    assert session.project.unchecked and session.busy
    new_code = window.menus.actions["newCode"]
    assert not new_code.isEnabled()  # every write waits
    release.set()
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    assert not session.project.unchecked and new_code.isEnabled()
    before = session.project.info().codings
    source = session.current_source
    text = session.project.sources.text(source)
    window.desk.document.select_range(0, min(20, len(text)))
    code = next(n.uuid for n in session.code_nodes().values() if n.codable)
    window.desk.apply_code(code)
    assert session.project.info().codings == before + 1
    qtbot.wait(50)  # the panels catch up before the project closes
    window.close_project()


def test_a_file_check_that_fails_closes_the_project_and_offers_the_good_backup(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(demo_path) as project:
        codes = project.info().codes  # closing waits for its backup on open: a good backup
    _damage_an_index_nobody_reads_on_open(demo_path)
    release = _held_check(monkeypatch)
    window = make_window(settings, demo_path, checked=False)  # a coder here: nothing to write
    qtbot.addWidget(window)
    assert window.session is not None and window.session.busy
    asked: list[CorruptProjectError] = []

    def offer(error: CorruptProjectError) -> Path | None:
        asked.append(error)
        return offer_backup_for_damaged(None, error, ask=lambda _question: True)

    window.offer_backup = offer
    release.set()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "is damaged" in str(asked[0]) and asked[0].backup is not None
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)  # the restored file is sound
    assert session.project.info().codes == codes
    window.close_project()


def test_a_new_coder_is_recorded_only_once_the_file_check_passes(
    qtbot: QtBot, tmp_path: Path, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing a coder new to the project makes the record before the first edit, but nothing
    is written to the file until its whole check has passed."""
    settings = isolated_settings(tmp_path)
    settings.set_coder("Someone New")
    release = _held_check(monkeypatch)
    window = make_window(settings, demo_path, checked=False)
    qtbot.addWidget(window)
    session = window.session
    assert session is not None and session.coder == "Someone New"
    assert "Someone New" not in {c.name for c in session.project.coders.list()}
    release.set()
    qtbot.waitUntil(lambda: not session.busy, timeout=10_000)
    assert "Someone New" in {c.name for c in session.project.coders.list()}
    window.close_project()


@pytest.fixture(scope="module")
def _many_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "many.qwb"
    with Project.create(path, name="Many", coder="Maya Chen") as project:
        for i in range(50):
            text = f"Interview number {i}: words."
            project.sources.add(name=f"Interview {i:02d}", text=text, coder="Maya Chen")
    return path


def test_the_sources_list_is_fetched_as_it_is_scrolled(
    qtbot: QtBot,
    settings: WindowSettings,
    tmp_path: Path,
    _many_sources: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sources_model, "FETCH_BATCH", 20)  # 50 sources: more than a batch
    path = tmp_path / "many.qwb"
    shutil.copyfile(_many_sources, path)
    window = make_window(settings, path)
    qtbot.addWidget(window)
    assert window.desk is not None
    panel = window.desk.sources
    panel.view.resize(panel.view.width(), 200)  # a screenful is less than a batch
    qtbot.wait(20)
    model = panel.model
    assert (model.rowCount(), model.total) == (20, 50)
    assert panel.summary.text().startswith("50 sources")
    assert panel.view.model().index(0, 0).data() == "Interview 00"
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # scrolled to the end: the view fetches the next batch
    qtbot.waitUntil(lambda: model.rowCount() == 40)
    assert model.canFetchMore(QModelIndex())
    window.desk.show_source_named("Interview 47")  # a source not fetched yet is shown too
    assert model.rowCount() >= 48 and panel.selected_sources() == [
        window.session.project.sources.find("Interview 47")  # type: ignore[union-attr]
    ]
    qtbot.keyClicks(panel.filter_edit, "Interview 49")  # a filter sees every source
    assert panel.proxy.rowCount() == 1 and not model.canFetchMore(QModelIndex())
    window.close_project()
