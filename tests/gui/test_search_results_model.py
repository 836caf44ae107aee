"""The search results model makes rows as the view scrolls to them and reads a hit's context
only when its row is shown: 40,000 hits cost what a screenful does (issue 15 item 11)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from workbench.core.search import SearchHit
from workbench.gui.search.results_model import BATCH, HIT_ROLE, SearchResultsModel

PER_ITEM = 400


def make_hits(count: int, per_item: int = PER_ITEM) -> list[SearchHit]:
    """``count`` hits, ``per_item`` per source, found out of text order within each source."""
    hits = []
    for n in range(count):
        item, k = divmod(n, per_item)
        start = ((k * 7919) % per_item) * 10
        hits.append(
            SearchHit(
                kind="source",
                item_type="source",
                item=f"source-{item}",
                label=f"Interview {item}",
                part="text",
                start=start,
                end=start + 4,
                before="…",
                match="word",
                after="…",
            )
        )
    return hits


class Context:
    """Gives hits their context, counting how many it was asked for."""

    def __init__(self) -> None:
        self.given = 0

    def __call__(self, hits: list[SearchHit]) -> list[SearchHit]:
        self.given += len(hits)
        return [replace(h, before=f"before {h.start} ", after=" after") for h in hits]


def made_rows(model: SearchResultsModel) -> int:
    return sum(model.rowCount(model.index(row, 0)) for row in range(model.rowCount()))


@pytest.fixture
def view(qtbot: QtBot) -> QTreeView:
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.resize(500, 600)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def show(view: QTreeView, model: SearchResultsModel, hits: list[SearchHit]) -> None:
    view.setModel(model)
    model.rowsInserted.connect(
        lambda parent, first, last: (
            [view.expand(model.index(row, 0)) for row in range(first, last + 1)]
            if not parent.isValid()
            else None
        )
    )
    model.set_hits(hits)
    view.expandAll()
    view.viewport().repaint()


def test_forty_thousand_hits_make_a_screenful_of_rows(view: QTreeView) -> None:
    context = Context()
    model = SearchResultsModel(context)
    hits = make_hits(40_000)
    show(view, model, hits)
    assert len(model.hits) == 40_000
    assert made_rows(model) <= 4 * BATCH  # a few screens, however many hits
    assert 0 < context.given <= 2 * 64  # the rows painted, a block at a time
    first = model.index(0, 0)
    assert first.data() == f"Interview 0  —  {PER_ITEM} hits"
    hit = model.index(0, 0, first).data(HIT_ROLE)
    assert isinstance(hit, SearchHit) and hit.before == f"before {hit.start} "


def test_the_model_is_sound_while_it_grows(qtmodeltester) -> None:
    model = SearchResultsModel(Context())
    model.set_hits(make_hits(2 * PER_ITEM + 30))
    qtmodeltester.check(model)  # it fetches every row, checking each step


def test_scrolling_to_the_end_brings_every_hit_in_text_order(view: QTreeView) -> None:
    model = SearchResultsModel(Context())
    hits = make_hits(3 * PER_ITEM + 17)
    show(view, model, hits)
    bar = view.verticalScrollBar()
    for _ in range(200):
        if not model.canFetchMore(QModelIndex()) and not any(
            model.canFetchMore(model.index(r, 0)) for r in range(model.rowCount())
        ):
            break
        view.scrollToBottom()
        bar.setValue(bar.maximum())
        view.viewport().repaint()
    assert model.rowCount() == 4
    assert made_rows(model) == len(hits)
    for row in range(4):
        group = model.index(row, 0)
        starts = [
            model.index(k, 0, group).data(HIT_ROLE).start for k in range(model.rowCount(group))
        ]
        assert starts == sorted(starts)


def test_a_group_made_whole_lets_the_groups_after_it_come() -> None:
    model = SearchResultsModel(Context())
    model.set_hits(make_hits(4 * PER_ITEM))
    assert model.rowCount() == 1
    last = model.index(0, 0)
    assert model.canFetchMore(last) and not model.canFetchMore(QModelIndex())
    while model.canFetchMore(last):  # what the search panel does when a group is closed
        model.fetchMore(last)
    assert model.rowCount(last) == PER_ITEM and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2


def test_a_new_search_replaces_a_long_list_at_once(view: QTreeView) -> None:
    model = SearchResultsModel(Context())
    show(view, model, make_hits(20_000))
    show(view, model, make_hits(500, per_item=50))
    assert len(model.hits) == 500 and made_rows(model) <= 4 * BATCH
    assert model.index(0, 0).data() == "Interview 0  —  50 hits"
