"""What open leaves for later (issue 18: open is sublinear): the code tree is counted on a thread
while the other panels are built, and the sources list reads its first batch before the first
paint and the rest in the background. The window must still open with every count right, take
input while the rest is read, and close safely before it arrives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from window_helpers import make_window

from workbench.core.project import Project
from workbench.core.services import codebook as codebook_service
from workbench.core.services.codebook_tree import flatten
from workbench.core.services.sources import SourceService
from workbench.core.values import CodeNode, SourceInfo
from workbench.gui.codebook.codebook_model import CODINGS, SOURCES, UUID_ROLE
from workbench.gui.panels import sources_model
from workbench.gui.panels.sources_model import CODINGS as SOURCE_CODINGS
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

BATCH = 5  # fewer than the demo's sources: the list is read in two steps


def _shown_counts(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Every code's Codings and Sources cells as the code tree shows them."""
    assert window.desk is not None
    model = window.desk.codebook.model
    shown: dict[str, tuple[str, str]] = {}

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            shown[str(index.data(UUID_ROLE))] = (
                str(model.index(row, CODINGS, parent).data()),
                str(model.index(row, SOURCES, parent).data()),
            )
            walk(index)

    walk(QModelIndex())
    return shown


def _expected(path: Path) -> tuple[list[CodeNode], list[SourceInfo]]:
    with Project.open(path, read_only=True) as project:
        return flatten(project.codebook.tree()), project.sources.list()


@pytest.fixture
def held_list(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every source read off the GUI thread is handed back once the event is set (at teardown
    if not before)."""
    release = threading.Event()
    real = SourceService.list

    def held(self: SourceService, *, small_cache: bool = False) -> list[SourceInfo]:
        rows = real(self, small_cache=small_cache)
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(30)
        return rows

    monkeypatch.setattr(SourceService, "list", held)
    monkeypatch.setattr(sources_model, "FETCH_BATCH", BATCH)
    yield release
    release.set()


@pytest.fixture
def held_window(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path, held_list: threading.Event
) -> Iterator[MainWindow]:
    """A window on the demo project whose read of every source waits for ``held_list``."""
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    assert window.desk is not None and window.session is not None
    yield window
    held_list.set()  # closing waits for the read
    window.close_project()


def test_the_window_opens_with_the_counts_taken_off_the_gui_thread_and_right(
    qtbot: QtBot, settings: WindowSettings, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nodes, infos = _expected(demo_path)
    assert any(n.total_sources for n in nodes) and any(s.codings for s in infos)
    counted_on: list[bool] = []
    real = codebook_service.build_tree

    def build_tree(*args: object, **kwargs: object) -> object:
        if kwargs.get("with_counts", True):
            counted_on.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(codebook_service, "build_tree", build_tree)
    monkeypatch.setattr(sources_model, "FETCH_BATCH", BATCH)
    window = make_window(settings, demo_path)
    qtbot.addWidget(window)
    assert counted_on == [False]  # counted once, on a thread of its own
    assert _shown_counts(window) == {
        n.uuid: (str(n.total_codings), str(n.total_sources)) for n in nodes
    }
    assert window.desk is not None
    panel = window.desk.sources
    first = sorted(infos, key=lambda s: s.name.casefold())[:BATCH]
    view = panel.view.model()
    assert [
        (view.index(row, 0).data(), view.index(row, SOURCE_CODINGS).data())
        for row in range(view.rowCount())
    ] == [(s.name, f"{s.codings:,}") for s in first]
    assert window.desk.document.source == first[0].uuid  # the first transcript is shown
    window.close_project()


def test_the_window_takes_input_while_the_other_sources_are_read(
    qtbot: QtBot, demo_path: Path, held_list: threading.Event, held_window: MainWindow
) -> None:
    _nodes, infos = _expected(demo_path)
    window = held_window
    assert window.desk is not None
    panel = window.desk.sources
    model = panel.model
    qtbot.wait(100)  # the read of every source has started, and waits
    assert (model.rowCount(), model.total, model.complete) == (BATCH, len(infos), False)
    assert panel.summary.text() == f"{len(infos)} sources"
    second = panel.view.model().index(1, 0)
    rect = panel.view.visualRect(second)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session is not None
    assert window.session.current_source == second.data(sources_model.UUID_ROLE)
    assert window.desk.document.source == window.session.current_source  # it was shown
    held_list.set()
    qtbot.waitUntil(lambda: model.complete, timeout=10_000)
    assert model.total == len(infos) and model.canFetchMore(QModelIndex())
    assert panel.summary.text().startswith(f"{len(infos)} sources  ·  ")
    assert panel.selected_sources() == [window.session.current_source]  # kept
    model.fetch_all()
    assert [s.uuid for s in model.sources()] == [
        s.uuid for s in sorted(infos, key=lambda s: s.name.casefold())
    ]


def test_a_filter_typed_before_the_other_sources_arrive_sees_them_all(
    qtbot: QtBot, demo_path: Path, held_list: threading.Event, held_window: MainWindow
) -> None:
    _nodes, infos = _expected(demo_path)
    last = sorted(infos, key=lambda s: s.name.casefold())[-1]
    window = held_window
    assert window.desk is not None
    panel = window.desk.sources
    qtbot.keyClicks(panel.filter_edit, last.name)
    assert panel.proxy.rowCount() == 0  # not read yet
    held_list.set()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=10_000)
    assert panel.proxy.index(0, 0).data() == last.name


def test_a_list_scrolled_to_its_end_before_the_other_sources_arrive_shows_more(
    qtbot: QtBot, held_list: threading.Event, held_window: MainWindow
) -> None:
    assert held_window.desk is not None
    panel = held_window.desk.sources
    panel.view.setFixedHeight(90)  # fewer rows than the first batch fit
    qtbot.wait(100)
    bar = panel.view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    assert panel.model.rowCount() == BATCH  # nothing more to show yet
    held_list.set()
    qtbot.waitUntil(lambda: panel.model.rowCount() > BATCH, timeout=10_000)


def test_a_coding_made_while_the_other_sources_are_read_is_counted_in_them(
    qtbot: QtBot, demo_path: Path, held_list: threading.Event, held_window: MainWindow
) -> None:
    _nodes, infos = _expected(demo_path)
    last = sorted(infos, key=lambda s: s.name.casefold())[-1]  # not in the first batch
    window = held_window
    assert window.desk is not None and window.session is not None
    qtbot.wait(100)  # every source has been read, before the coding below
    window.session.select_source(last.uuid)
    window.desk.document.select_range(0, min(10, last.length))
    code = next(n.uuid for n in window.session.code_nodes().values() if n.codable)
    window.desk.apply_code(code)
    assert window.session.project.sources.get(last.uuid).codings == last.codings + 1
    held_list.set()
    model = window.desk.sources.model
    qtbot.waitUntil(lambda: model.complete, timeout=10_000)
    model.fetch_all()
    assert model.source(model.row_of(last.uuid)).codings == last.codings + 1


def test_closing_while_the_other_sources_are_read_is_safe(
    qtbot: QtBot, demo_path: Path, held_list: threading.Event, held_window: MainWindow
) -> None:
    window = held_window
    qtbot.wait(100)  # the read has started, and waits
    threading.Timer(0.3, held_list.set).start()  # while the close waits for it
    assert window.close_project()
    qtbot.wait(100)  # its result arrives after the close: dropped
    assert window.session is None and window.desk is None
    assert window.open_project(demo_path)  # the file is whole and free
    assert window.session is not None and window.session.project.sources.list()
    window.close_project()


def test_closing_a_session_waits_for_its_code_tree_count(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session closed before it took the tree counted ahead (a window that failed to open)
    closes its project only after the count's reads ended."""
    from workbench.gui.project_session import ProjectSession

    started, release = threading.Event(), threading.Event()
    real = codebook_service.build_tree

    def slow(*args: object, **kwargs: object) -> object:
        started.set()
        assert release.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(codebook_service, "build_tree", slow)
    session = ProjectSession(Project.open(demo_path), "Maya Chen")
    session.count_code_tree_ahead()
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    session.close()  # waits for the count, then closes the engine
    assert session.closed
    with Project.open(demo_path) as again:  # the file is free and whole
        assert again.codebook.tree()
