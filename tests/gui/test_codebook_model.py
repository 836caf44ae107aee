"""CodebookModel: structure (qtmodeltester), rename through setData, drops as commands."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt

from workbench.gui.codebook.code_mime import CODE_MIME, SELECTION_MIME
from workbench.gui.codebook.codebook_model import (
    CODINGS,
    NAME,
    SOURCES,
    UUID_ROLE,
    CodebookModel,
)
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import tip


@pytest.fixture
def model(session: ProjectSession) -> CodebookModel:
    return CodebookModel(session)


def uuid_of(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def codes_mime(*uuids: str) -> QMimeData:
    data = QMimeData()
    data.setData(CODE_MIME, QByteArray("\n".join(uuids).encode()))
    return data


def test_model_passes_qtmodeltester_also_after_a_reset(model, qtmodeltester, session) -> None:
    qtmodeltester.check(model)
    code = uuid_of(session, "Communication Methods/Synchronous/Live chat")
    session.execute(
        "Rename", lambda c: session.project.codebook.rename(code=code, name="Chat", coder=c)
    )
    qtmodeltester.check(model)


def test_columns_roles_and_helpers(model, session) -> None:
    assert model.rowCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Code",
        "Codings",
        "Sources",
    ]
    uuid = uuid_of(session, "Communication Methods/Synchronous/Video calls")
    index = model.index_for(uuid)
    node = model.node(index)
    assert node is not None and node.name == "Video calls"
    assert index.data() == "Video calls"
    assert index.data(UUID_ROLE) == uuid
    assert index.data(Qt.ItemDataRole.ToolTipRole) == tip(node.description)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    theme = model.index_for(uuid_of(session, "Communication Methods"))
    assert theme.siblingAtColumn(CODINGS).data() == str(model.node(theme).total_codings)
    assert int(theme.siblingAtColumn(SOURCES).data()) == model.node(theme).total_sources
    assert model.parent(index).data() == "Synchronous"
    assert model.parent(model.parent(index)) == theme
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(index) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(index.siblingAtColumn(CODINGS)) & Qt.ItemFlag.ItemIsEditable
    assert model.index_for("no-such-uuid") == QModelIndex()


def test_set_data_renames_as_one_command_and_refuses_duplicates(model, session, qtbot) -> None:
    uuid = uuid_of(session, "Communication Methods/Synchronous/Live chat")
    assert model.setData(model.index_for(uuid), "Chat alongside calls")
    assert session.project.codebook.get(uuid).name == "Chat alongside calls"
    assert model.index_for(uuid).data() == "Chat alongside calls"
    session.undo_stack.undo()
    assert session.project.codebook.get(uuid).name == "Live chat"
    assert model.index_for(uuid).data() == "Live chat"
    with qtbot.waitSignal(model.message) as blocker:
        assert not model.setData(model.index_for(uuid), "Video calls")
    assert "already a code named" in blocker.args[0]
    assert session.project.codebook.get(uuid).name == "Live chat"
    assert session.undo_stack.count() == 1


def test_mime_data_carries_uuids_in_tree_order(model, session) -> None:
    a = uuid_of(session, "Communication Methods/Synchronous")
    b = uuid_of(session, "Communication Methods/Asynchronous/Emails")
    data = model.mimeData([model.index_for(b), model.index_for(a), model.index_for(a, CODINGS)])
    assert model.mimeTypes() == [CODE_MIME, SELECTION_MIME]
    assert bytes(data.data(CODE_MIME).data()).decode() == f"{a}\n{b}"


def test_drop_onto_code_reparents_and_undoes(model, session) -> None:
    emails = uuid_of(session, "Communication Methods/Asynchronous/Emails")
    target = model.index_for(uuid_of(session, "Communication Methods/Synchronous"))
    assert model.dropMimeData(codes_mime(emails), Qt.DropAction.MoveAction, -1, -1, target)
    assert session.project.codebook.path(emails) == "Communication Methods/Synchronous/Emails"
    assert model.node(model.index_for(emails)).parent_uuid == target.data(UUID_ROLE)
    session.undo_stack.undo()
    assert session.project.codebook.path(emails) == "Communication Methods/Asynchronous/Emails"
    session.undo_stack.redo()
    assert session.project.codebook.path(emails) == "Communication Methods/Synchronous/Emails"


def test_drop_in_gap_reorders_at_row(model, session) -> None:
    parent = uuid_of(session, "Communication Methods/Synchronous")
    names = lambda: [c.name for c in session.project.codebook.get(parent).children]  # noqa: E731
    assert names() == ["Video calls", "Real-time messaging", "Live chat"]
    live = uuid_of(session, "Communication Methods/Synchronous/Live chat")
    pindex = model.index_for(parent)
    assert model.dropMimeData(codes_mime(live), Qt.DropAction.MoveAction, 0, 0, pindex)
    assert names() == ["Live chat", "Video calls", "Real-time messaging"]
    video = uuid_of(session, "Communication Methods/Synchronous/Video calls")
    assert model.dropMimeData(codes_mime(video), Qt.DropAction.MoveAction, 3, 0, pindex)
    assert names() == ["Live chat", "Real-time messaging", "Video calls"]
    # a code from elsewhere dropped into the gap lands at that row
    emails = uuid_of(session, "Communication Methods/Asynchronous/Emails")
    assert model.dropMimeData(codes_mime(emails), Qt.DropAction.MoveAction, 1, 0, pindex)
    assert names() == ["Live chat", "Emails", "Real-time messaging", "Video calls"]
    session.undo_stack.undo()
    assert names() == ["Live chat", "Real-time messaging", "Video calls"]


def test_several_codes_dropped_are_one_undo_step(model, session) -> None:
    emails = uuid_of(session, "Communication Methods/Asynchronous/Emails")
    forums = uuid_of(session, "Communication Methods/Asynchronous/Discussion forums")
    before = session.undo_stack.count()
    assert model.dropMimeData(
        codes_mime(emails, forums), Qt.DropAction.MoveAction, -1, -1, QModelIndex()
    )
    top = [n.name for n in session.project.codebook.tree()]
    assert top[-2:] == ["Emails", "Discussion forums"]
    assert session.undo_stack.count() == before + 1
    session.undo_stack.undo()
    assert session.project.codebook.path(forums).startswith("Communication Methods/Async")
    assert session.project.codebook.path(emails).startswith("Communication Methods/Async")


def test_drop_under_own_descendant_is_refused(model, session) -> None:
    theme = uuid_of(session, "Communication Methods")
    child = model.index_for(uuid_of(session, "Communication Methods/Synchronous"))
    data = codes_mime(theme)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, child)
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, child)
    assert session.undo_stack.count() == 0


def test_dropped_selection_applies_the_code(model, session, qtbot) -> None:
    source = session.project.sources.list()[0].uuid
    code = uuid_of(session, "Technology and Tools/Project Management Tools/Asana")
    data = QMimeData()
    data.setData(
        SELECTION_MIME, QByteArray(json.dumps({"source": source, "start": 3, "end": 17}).encode())
    )
    index = model.index_for(code)
    before = model.node(index).total_codings
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, index)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, index)
    assert any(
        c.start == 3 and c.end == 17 and c.code_uuid == code
        for c in session.project.codings.of_source(source)
    )
    # counts follow one event-loop turn later (the transcript repaints first)
    qtbot.waitUntil(lambda: model.node(model.index_for(code)).total_codings == before + 1)
    assert session.recent_codes[0] == code
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: model.node(model.index_for(code)).total_codings == before)


def test_a_new_code_is_an_inserted_row_not_a_reset(model, session, qtbot) -> None:
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.dataChanged):
        session.execute("Memo", lambda c: session.project.memos.add(text="A thought", coder=c))
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(model.rowsInserted) as inserted,
    ):
        session.execute("New", lambda c: session.project.codebook.add(name="Fresh", coder=c))
    assert not inserted.args[0].isValid() and inserted.args[1:] == [5, 5]
    assert model.rowCount() == 6
    assert model.index(5, NAME).data() == "Fresh"


def test_a_wording_edit_keeps_the_counts_without_counting_again(session, monkeypatch) -> None:
    codebook = session.project.codebook
    real = codebook.tree
    counted: list[bool] = []

    def spy(*, with_counts: bool = True) -> list:
        counted.append(with_counts)
        return real(with_counts=with_counts)

    session.code_tree()
    monkeypatch.setattr(codebook, "tree", spy)
    code = uuid_of(session, "Communication Methods/Synchronous/Video calls")
    session.execute(
        "Define", lambda c: codebook.define(code=code, description="New words", coder=c)
    )
    session.execute("Colour", lambda c: codebook.recolor(code=code, color="#123456", coder=c))
    grafted = session.code_nodes(counts=True)
    assert True not in counted  # no counts query
    assert grafted[code].description == "New words" and grafted[code].total_codings > 0
    assert session.code_tree() == real()  # the same tree, counts included

    theme = session.code_tree()[-1].uuid
    session.execute("Move", lambda c: codebook.move(code=code, parent=theme, coder=c))
    assert session.code_tree() == real() and counted[-1] is True  # roll-ups changed: counted
