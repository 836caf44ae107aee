"""The code trees follow edits row by row: what is open, selected and scrolled to stays put when a
code is applied, renamed, added, moved or deleted (no model reset), and the shared model stays
sound under Qt's model tester. Driven through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from workbench.gui.codebook.code_tree import CodeTreeView
from workbench.gui.project_session import ProjectSession
from workbench.gui.window.main_window import MainWindow

CHAT = "Communication Methods/Synchronous/Live chat"
VIDEO = "Communication Methods/Synchronous/Video calls"


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def find(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def state(view: CodeTreeView) -> tuple[set[str], list[str], str, int]:
    model = view.code_model()
    return (
        {u for u in view.expanded_uuids() if (n := model.node_for(u)) and n.children},
        view.selected_uuids(),
        view.current_uuid(),
        view.verticalScrollBar().value(),
    )


def prepare(qtbot: QtBot, view: CodeTreeView, code: str) -> QPersistentModelIndex:
    """Open everything but one theme, select ``code`` by a click, scroll halfway."""
    view.expandAll()
    view.collapse(view.proxy.index(view.proxy.rowCount() - 1, 0))
    view.scrollTo(view.view_index(code))
    rect = view.visualRect(view.view_index(code))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0, "the tree must be long enough to scroll"
    bar.setValue(bar.maximum() // 2)
    assert view.selected_uuids() == [code]
    return QPersistentModelIndex(view.currentIndex())


def test_edits_keep_expansion_selection_and_scroll_in_both_trees(
    window: MainWindow, qtbot: QtBot, qtmodeltester
) -> None:
    assert window.desk is not None and window.session is not None
    session, desk = window.session, window.desk
    assert desk.codebook.model is desk.coding.model  # one model: one update per change
    qtmodeltester.check(desk.codebook.model)  # the tester then watches every edit below
    chat, video = find(session, CHAT), find(session, VIDEO)
    trees = [desk.codebook.view, desk.coding.view]
    held = {id(view): prepare(qtbot, view, chat) for view in trees}
    before = {id(view): state(view) for view in trees}
    resets: list[None] = []
    for view in trees:
        view.proxy.modelReset.connect(lambda: resets.append(None))

    def kept() -> None:
        for view in trees:
            assert state(view) == before[id(view)]
            index = held[id(view)]
            assert index.isValid() and view.uuid_at(QModelIndex(index)) == chat

    # apply a code: the counts of the code and its ancestors change in place
    node = session.code_node(video, counts=True)
    source = session.project.sources.list()[0].uuid
    session.apply_code(code=video, source=source, start=0, end=5)
    qtbot.waitUntil(
        lambda: desk.codebook.model.node_for(video).total_codings == node.total_codings + 1
    )
    kept()
    # rename a code
    session.execute(
        "Rename", lambda c: session.project.codebook.rename(code=video, name="Calls", coder=c)
    )
    assert desk.codebook.view.view_index(video).data() == "Calls"
    kept()
    # add a code at the end of the last theme (below what is scrolled to)
    last = desk.codebook.model.roots()[-1].uuid
    session.execute(
        "Add", lambda c: session.project.codebook.add(name="Fresh", parent=last, coder=c)
    )
    kept()
    # move a code under another, then delete it, then undo both
    session.execute(
        "Move", lambda c: session.project.codebook.move(code=video, parent=last, coder=c)
    )
    assert desk.codebook.model.parent_uuid(video) == last
    session.execute(
        "Delete",
        lambda c: session.project.codebook.delete(code=video, coder=c, mode="delete_all"),
    )
    assert desk.codebook.model.node_for(video) is None
    session.undo_stack.undo()
    session.undo_stack.undo()

    synchronous = find(session, "Communication Methods/Synchronous")
    assert desk.codebook.model.parent_uuid(video) == synchronous
    kept()
    # delete a category whose sub-codes move up: the selected row moves with its code
    session.execute(
        "Delete",
        lambda c: session.project.codebook.delete(code=synchronous, coder=c, mode="move_up"),
    )
    model = desk.codebook.model
    assert model.parent_uuid(chat) == find(session, "Communication Methods")
    for view in trees:
        assert view.selected_uuids() == [chat]
        assert view.uuid_at(QModelIndex(held[id(view)])) == chat
    session.undo_stack.undo()
    assert model.parent_uuid(chat) == synchronous
    assert resets == []
    assert [n.uuid for n in desk.codebook.model.nodes()] == [
        n.uuid for n in session.code_nodes().values()
    ]
