"""Presence: the window says which source it shows, and the sources list names who else has
each source open."""

from __future__ import annotations

from conftest import Seeded, open_on_server
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.panels.sources_model import NAME
from workbench.gui.window.main_window import MainWindow


def source_cell(window: MainWindow) -> str:
    assert window.desk is not None
    model = window.desk.sources.model
    assert model.rowCount(QModelIndex()) == 1
    return str(model.index(0, NAME).data())


def test_the_sources_list_names_who_else_reads_a_source(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    assert source_cell(window) == "P01"
    with Project.open(seeded.location) as other:
        present = [(p.coder, p.source_uuid) for p in other.presence.list()]
        assert present == [("Maya Chen", seeded.source)]  # this window announced its source
        other.presence.announce(seeded.source, coder="Tomás Rivera")
        qtbot.waitUntil(lambda: source_cell(window) == "P01  · TR", timeout=5000)
        assert window.desk is not None
        tooltip = str(window.desk.sources.model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole))
        assert "open now by Tomás Rivera" in tooltip
        other.presence.leave()
        qtbot.waitUntil(lambda: source_cell(window) == "P01", timeout=5000)
    window.close_project()
    with Project.open(seeded.location) as other:
        assert other.presence.list() == []  # the window left when it closed


def test_a_colleague_opening_a_source_shows_within_a_second(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    """Heard from the server's presence NOTIFY, not from a periodic read: every arrival and
    departure shows within 1 s (a read every 2 s would miss most of these)."""
    open_on_server(qtbot, window, seeded.location)
    assert window.desk is not None
    model = window.desk.sources.model
    alone = model.index(0, NAME).data(Qt.ItemDataRole.DecorationRole).cacheKey()
    with Project.open(seeded.location) as other:
        for _ in range(3):
            other.presence.announce(seeded.source, coder="Tomás Rivera")
            qtbot.waitUntil(lambda: source_cell(window) == "P01  · TR", timeout=1000)
            dot = model.index(0, NAME).data(Qt.ItemDataRole.DecorationRole)
            assert dot.cacheKey() != alone  # the presence dot, not the file icon
            view = window.desk.sources.view
            assert view.horizontalHeader().sectionSize(NAME) >= view.sizeHintForColumn(NAME)
            other.presence.leave()
            qtbot.waitUntil(lambda: source_cell(window) == "P01", timeout=1000)
