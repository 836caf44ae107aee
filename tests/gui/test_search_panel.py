"""The Search panel: searching off the GUI thread, KWIC results grouped by source, a click
that asks the viewer for the exact hit, indexing progress, and "Code all hits…" as one
undoable command."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QToolButton,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.core.search import IndexStatus, SearchHit, SearchResult, indexer
from workbench.gui.project_session import ProjectSession
from workbench.gui.search import SearchPanel, search_panel
from workbench.gui.search.code_hits_dialog import CodeAllChoice, CodeAllHitsDialog
from workbench.gui.search.results_model import HIT_ROLE

CODER = "Maya Chen"


@pytest.fixture
def panel(qtbot: QtBot, session: ProjectSession) -> Iterator[SearchPanel]:
    session.project.search.ensure_index(wait=True)  # pages come from a complete index
    panel = SearchPanel(session)
    qtbot.addWidget(panel)
    panel.resize(640, 720)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    panel.shutdown()


def search(qtbot: QtBot, panel: SearchPanel, text: str) -> SearchResult:
    box = panel.findChild(QLineEdit, "searchQuery")
    box.clear()
    with qtbot.waitSignal(panel.searched, timeout=30_000) as blocker:
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert isinstance(result, SearchResult)
    return result


def hit_index(panel: SearchPanel, group: int = 0, row: int = 0) -> QModelIndex:
    return panel.model.index(row, 0, panel.model.index(group, 0))


def test_results_are_grouped_by_source_with_counts(qtbot: QtBot, panel: SearchPanel) -> None:
    assert panel.objectName() == "searchPanel"
    result = search(qtbot, panel, "zoom")
    assert result.hits and result.complete
    groups = result.by_item()
    assert panel.model.rowCount() == len(groups)
    for row, (_item, hits) in enumerate(groups):
        group = panel.model.index(row, 0)
        assert panel.model.rowCount(group) == len(hits)
        assert group.data().endswith(f"{len(hits)} hit{'s' if len(hits) > 1 else ''}")
    count = panel.findChild(QLabel, "searchCount").text()
    assert count.startswith(f"{len(result.hits)} hits in {len(groups)} items")
    first = hit_index(panel).data(HIT_ROLE)
    assert isinstance(first, SearchHit) and first.match.lower() == "zoom"


def test_clicking_a_hit_asks_for_its_exact_range(
    qtbot: QtBot, panel: SearchPanel, session: ProjectSession
) -> None:
    search(qtbot, panel, '"video call" kind:source')  # ranked: code definitions come first
    view = panel.findChild(QTreeView, "searchResults")
    index = hit_index(panel, 0, 0)
    hit = index.data(HIT_ROLE)
    view.scrollTo(index)
    QApplication.processEvents()
    with qtbot.waitSignal(panel.hit_activated) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    source, start, end = blocker.args
    assert (source, start, end) == (hit.item, hit.start, hit.end)
    assert session.project.sources.text(source)[start:end].lower() == "video call"


def test_memo_and_code_hits_name_the_item(qtbot: QtBot, panel: SearchPanel) -> None:
    result = search(qtbot, panel, "kind:code trust")
    assert result.hits and {h.kind for h in result.hits} == {"code"}
    with qtbot.waitSignal(panel.item_activated) as blocker:
        panel.view.activated.emit(hit_index(panel))
    assert blocker.args == ["code", result.hits[0].item]


def test_syntax_help_and_query_errors(qtbot: QtBot, panel: SearchPanel) -> None:
    help_text = panel.findChild(QLabel, "searchSyntaxHelp")
    assert help_text.isHidden()
    qtbot.mouseClick(panel.findChild(QToolButton, "searchHelpButton"), Qt.MouseButton.LeftButton)
    assert help_text.isVisible() and "speaker:P07" in help_text.text()
    box = panel.findChild(QLineEdit, "searchQuery")
    qtbot.keyClicks(box, "zoom AND")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=10_000)
    assert "'AND' at character 6 needs a search term on each side" in panel.message.message()


def test_indexing_progress_is_shown(
    qtbot: QtBot, panel: SearchPanel, session: ProjectSession
) -> None:
    progress = panel.findChild(QProgressBar, "searchProgress")
    panel.runner.status_changed.emit(IndexStatus("indexing", 3, 10, "Indexing…"))
    assert progress.isVisible() and progress.value() == 3 and progress.maximum() == 10
    assert "3 of 10 items" in panel.findChild(QLabel, "searchStatus").text()
    panel.runner.status_changed.emit(IndexStatus("indexing", 3, 10, "Indexing…", sources=8))
    assert panel.findChild(QLabel, "searchStatus").text().startswith("Still indexing 7 sources")
    session.project.search.rebuild()
    assert session.project.search.wait(60)
    assert session.project.search.status().state == "ready"
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=10_000)
    assert search(qtbot, panel, "zoom").indexed


def test_a_first_answer_cut_short_says_counting_and_the_rest_follows(
    qtbot: QtBot, panel: SearchPanel, session: ProjectSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "FIRST_CHECK", 2)
    for n in range(6):  # both words, equally often; only the last holds the phrase
        text = "we had a video call, then a" if n == 5 else "we had a call, then a video"
        session.project.sources.add(name=f"Z{n}", text=f"P01: {text} {n}.\n", coder=CODER)
    session.project.search.ensure_index(wait=True)
    count = panel.findChild(QLabel, "searchCount")
    box = panel.findChild(QLineEdit, "searchQuery")
    seen: list[tuple[SearchResult, str]] = []
    panel.searched.connect(lambda result: seen.append((result, count.text())))
    qtbot.keyClicks(box, '"video call" kind:source')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=30_000)
    (first, first_text), (rest, rest_text) = seen
    assert first.partial and first.checked == 2 and "so far, counting…" in first_text
    assert not rest.partial and rest.complete and "counting" not in rest_text
    assert "Z5" in {h.label for h in rest.hits}
    assert rest.hits[: len(first.hits)] == first.hits


def test_a_page_from_part_of_the_sources_is_searched_again_when_indexing_ends(
    qtbot: QtBot, panel: SearchPanel
) -> None:
    result = search(qtbot, panel, "zoom")
    count = panel.findChild(QLabel, "searchCount")
    panel.runner.finished.emit(replace(result, unindexed=3, complete=False), False)
    assert count.text().endswith("(3 sources not indexed yet)")
    with qtbot.waitSignal(panel.searched, timeout=30_000) as blocker:
        panel.runner.status_changed.emit(IndexStatus("ready", 10, 10))
    assert blocker.args[0].unindexed == 0 and "not indexed" not in count.text()


def test_show_all_and_refresh_after_changes(
    qtbot: QtBot, panel: SearchPanel, session: ProjectSession
) -> None:
    first = search(qtbot, panel, "the")
    assert not first.complete and len(first.hits) == 500
    show_all = panel.findChild(QPushButton, "searchShowAll")
    assert show_all.isVisible()
    with qtbot.waitSignal(panel.searched, timeout=30_000) as blocker:
        qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)
    assert blocker.args[0].complete and len(blocker.args[0].hits) > 500
    search(qtbot, panel, "xylophone")
    assert panel.model.rowCount() == 0
    with qtbot.waitSignal(panel.searched, timeout=30_000) as blocker:
        session.run_unstacked(
            "import",
            lambda coder: session.project.sources.add(
                name="Extra", text="P99: A xylophone in the background.\n", coder=coder
            ),
        )
    assert [h.label for h in blocker.args[0].hits] == ["Extra"]


def test_code_all_hits_is_one_undoable_command(qtbot: QtBot, session: ProjectSession) -> None:
    project = session.project
    code = project.codebook.find(project.codebook.all()[-1].path)
    asked: list[tuple[int, str | None]] = []

    def choose(
        _project: Project, hits: Sequence[SearchHit], suggested: str | None
    ) -> CodeAllChoice:
        asked.append((len(hits), suggested))
        return CodeAllChoice(code, "sentence")

    session.project.search.ensure_index(wait=True)
    panel = SearchPanel(session, choose_code_all=choose)
    qtbot.addWidget(panel)
    try:
        session.select_codes([code])
        result = search(qtbot, panel, '"video call"')
        before = len(project.codings.segments(code=code))
        qtbot.mouseClick(panel.findChild(QPushButton, "searchCodeAll"), Qt.MouseButton.LeftButton)
        in_sources = [h for h in result.hits if h.kind == "source"]  # memos mention it too
        assert asked == [(len(in_sources), code)] and len(in_sources) < len(result.hits)
        after = project.codings.segments(code=code)
        assert len(after) > before and session.undo_stack.count() == 1
        assert all("video call" in s.text.lower() for s in after[:1])
        assert "search hits (sentences)" in session.undo_stack.undoText()
        session.undo_stack.undo()
        assert len(project.codings.segments(code=code)) == before
        session.undo_stack.redo()
        assert len(project.codings.segments(code=code)) == len(after)
    finally:
        panel.shutdown()


def test_code_all_dialog_previews_each_unit(qtbot: QtBot, session: ProjectSession) -> None:
    found = session.project.search.search('"video call"', limit=None).hits
    dialog = CodeAllHitsDialog(session.project, found)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QLabel, "codeAllPreview")
    hits = [h for h in found if h.kind == "source"]  # only hits in sources can be coded
    sources = len({h.item for h in hits})
    assert preview.text().startswith(f"Codes {len(hits)} passages in {sources} sources")
    dialog.findChild(QRadioButton, "codeAllUnit_turn").setChecked(True)
    assert dialog.unit == "turn" and dialog.passages() <= len(hits)
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    choice = dialog.choice()
    assert choice is not None and choice.unit == "turn"


def test_a_search_during_a_rebuild_answers_from_the_indexed_sources_and_says_so(
    qtbot: QtBot, panel: SearchPanel, session: ProjectSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real rebuild, held after some sources are indexed: the search is not blocked, its
    # hits come from those sources, "Still indexing" shows until the rebuild ends, and then
    # the search runs again over every source.
    monkeypatch.setattr(indexer, "_BATCH", 10)
    monkeypatch.setattr(indexer, "_FIRST_SEGMENT_WORDS", 1)  # every batch is a segment
    held, release, batches = threading.Event(), threading.Event(), []
    real = indexer.load_items

    def held_after_some_sources(s: object, owners: list[tuple[str, str]]) -> object:
        if any(table == "source" for table, _ in owners):
            batches.append(owners)
        if len(batches) == 3:  # two batches of sources are indexed and searchable
            held.set()
            assert release.wait(60)
        return real(s, owners)  # type: ignore[arg-type]

    monkeypatch.setattr(indexer, "load_items", held_after_some_sources)
    status = panel.findChild(QLabel, "searchStatus")
    count = panel.findChild(QLabel, "searchCount")
    try:
        session.project.search.rebuild()
        assert held.wait(30)
        qtbot.waitUntil(lambda: status.isVisible(), timeout=10_000)
        left = status.text()
        assert left.startswith("Still indexing ") and "results come from the texts" in left
        result = search(qtbot, panel, "zoom")
        assert result.indexed and result.unindexed > 0 and result.hits
        indexed = {uuid for batch in batches[:2] for table, uuid in batch}
        assert {h.item for h in result.hits if h.kind == "source"} <= indexed
        assert count.text().endswith(f"({result.unindexed:,} sources not indexed yet)")
        assert f"Still indexing {result.unindexed:,} sources" in status.text()
        with qtbot.waitSignal(panel.searched, timeout=60_000) as blocker:
            release.set()
    finally:
        release.set()
    again = blocker.args[0]
    assert again.unindexed == 0 and {h.item for h in again.hits} > {h.item for h in result.hits}
    qtbot.waitUntil(lambda: not status.isVisible(), timeout=10_000)
    assert "not indexed" not in count.text()
