"""Every way the codebook or its codings change updates the code tree row by row — inserted,
removed, moved and changed rows, never a model reset — so a tree keeps what is open, selected
and scrolled to; and after codings change its counts are brought up to date by delta (no full
count), equal to a full count."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from workbench.core.services.codebook_tree import flatten
from workbench.core.values import CodeNode
from workbench.gui.codebook.codebook_model import CodebookModel
from workbench.gui.project_session import ProjectSession

VIDEO = "Communication Methods/Synchronous/Video calls"
CHAT = "Communication Methods/Synchronous/Live chat"
SYNC = "Communication Methods/Synchronous"
ASYNC = "Communication Methods/Asynchronous"
SELECTED = "Technology and Tools/Collaboration Platforms"  # held open and selected throughout


def find(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def counts(nodes: list[CodeNode]) -> dict[str, tuple[int, ...]]:
    return {
        n.uuid: (n.codings, n.sources, n.cases, n.total_codings, n.total_sources, n.total_cases)
        for n in nodes
    }


class Tree:
    """The shared model in a shown tree, opened, selected and scrolled; resets fail the test."""

    def __init__(self, session: ProjectSession, qtbot: QtBot) -> None:
        self.session = session
        self.model = CodebookModel.for_session(session)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.resize(300, 200)
        qtbot.addWidget(self.view)
        self.view.show()
        self.view.expandAll()
        selected = self.model.index_for(find(session, SELECTED))
        self.view.selectionModel().setCurrentIndex(
            selected, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(selected)
        self.resets = 0
        self.model.modelReset.connect(self._reset)
        self.before = self.state()

    def _reset(self) -> None:
        self.resets += 1

    def state(self) -> tuple[frozenset[str], str, int]:
        """What is open (of the codes still there before), current and scrolled to."""
        current = self.model.node(self.view.currentIndex())
        opened = frozenset(
            n.uuid for n in self.model.nodes() if self.view.isExpanded(self.model.index_for(n.uuid))
        )
        if hasattr(self, "before"):
            opened |= self.before[0] - {n.uuid for n in self.model.nodes()}  # deleted codes
        return opened, current.uuid if current else "", self.view.verticalScrollBar().value()


@pytest.fixture
def tree(session: ProjectSession, qtbot: QtBot) -> Tree:
    return Tree(session, qtbot)


Edit = Callable[[ProjectSession], object]


def run(session: ProjectSession, label: str, action: Callable[[str], object]) -> None:
    session.execute(label, action)  # type: ignore[arg-type]


def _source(session: ProjectSession) -> str:
    return session.project.sources.list()[0].uuid


def _coding_of(session: ProjectSession, path: str) -> str:
    code = find(session, path)
    return session.project.codings.segments(code=code)[0].coding_uuid


CODEBOOK_EDITS: dict[str, Edit] = {
    "add": lambda s: run(
        s, "Add", lambda c: s.project.codebook.add(name="New", parent=find(s, SYNC), coder=c)
    ),
    "rename": lambda s: run(
        s, "Rename", lambda c: s.project.codebook.rename(code=find(s, VIDEO), name="V", coder=c)
    ),
    "recolor": lambda s: run(
        s,
        "Colour",
        lambda c: s.project.codebook.recolor(code=find(s, VIDEO), color="#123456", coder=c),
    ),
    "move": lambda s: run(
        s,
        "Move",
        lambda c: s.project.codebook.move(code=find(s, VIDEO), parent=find(s, ASYNC), coder=c),
    ),
    "merge": lambda s: run(
        s,
        "Merge",
        lambda c: s.project.codebook.merge(code=find(s, VIDEO), into=find(s, CHAT), coder=c),
    ),
    "split": lambda s: run(
        s,
        "Split",
        lambda c: s.project.codebook.split(
            code=find(s, VIDEO), codings=[_coding_of(s, VIDEO)], name="Split off", coder=c
        ),
    ),
    "category only": lambda s: run(
        s,
        "Category",
        lambda c: s.project.codebook.set_codable(code=find(s, SYNC), codable=False, coder=c),
    ),
    "delete all": lambda s: run(
        s,
        "Delete",
        lambda c: s.project.codebook.delete(code=find(s, SYNC), coder=c, mode="delete_all"),
    ),
    "delete, sub-codes up": lambda s: run(
        s,
        "Delete",
        lambda c: s.project.codebook.delete(code=find(s, SYNC), coder=c, mode="move_up"),
    ),
}
CODING_EDITS: dict[str, Edit] = {
    "apply": lambda s: s.apply_code(code=find(s, VIDEO), source=_source(s), start=0, end=7),
    "remove": lambda s: run(
        s,
        "Remove",
        lambda c: s.project.codings.remove(codings=[_coding_of(s, VIDEO)], coder=c),
    ),
    "recode": lambda s: run(
        s,
        "Recode",
        lambda c: s.project.codings.change_code(
            coding=_coding_of(s, VIDEO), code=find(s, "Personal Development"), coder=c
        ),
    ),
    "resize": lambda s: run(
        s,
        "Resize",
        lambda c: s.project.codings.set_range(coding=_coding_of(s, VIDEO), start=0, end=3, coder=c),
    ),
}


def settle(qtbot: QtBot, tree: Tree) -> None:
    """Let the deferred count update run, then compare the tree with a full count."""
    qtbot.wait(1)
    full = flatten(tree.session.project.codebook.tree())
    qtbot.waitUntil(lambda: counts(tree.model.nodes()) == counts(full))
    assert [n.uuid for n in tree.model.nodes()] == [n.uuid for n in full]
    assert [n.name for n in tree.model.nodes()] == [n.name for n in full]


@pytest.mark.parametrize("edit", [*CODEBOOK_EDITS, *CODING_EDITS])
def test_an_edit_its_undo_and_redo_update_rows_without_a_reset(
    tree: Tree, session: ProjectSession, qtbot: QtBot, edit: str
) -> None:
    (CODEBOOK_EDITS | CODING_EDITS)[edit](session)
    settle(qtbot, tree)
    session.undo_stack.undo()
    settle(qtbot, tree)
    session.undo_stack.redo()
    settle(qtbot, tree)
    assert tree.resets == 0
    assert tree.state() == tree.before  # opened, selected and scrolled as before


@pytest.mark.parametrize("edit", CODING_EDITS)
def test_coding_edits_count_by_delta_not_in_full(
    tree: Tree, session: ProjectSession, qtbot: QtBot, monkeypatch, edit: str
) -> None:
    codebook = session.project.codebook
    real = codebook.tree
    full_counts: list[bool] = []

    def spy(*, with_counts: bool = True) -> list[CodeNode]:
        full_counts.append(with_counts)
        return real(with_counts=with_counts)

    monkeypatch.setattr(codebook, "tree", spy)
    changed: list[object] = []
    tree.model.dataChanged.connect(lambda first, *_: changed.append(first))
    CODING_EDITS[edit](session)
    session.undo_stack.undo()
    session.undo_stack.redo()
    qtbot.wait(5)  # the deferred count update
    tree.model.refresh()
    assert True not in full_counts
    assert bool(changed) == (edit != "resize")  # a new range in the same source: same counts
    monkeypatch.undo()
    settle(qtbot, tree)
    assert tree.resets == 0


def test_random_coding_edits_undos_and_redos_keep_the_counts_right(
    tree: Tree, session: ProjectSession, qtbot: QtBot
) -> None:
    rng = random.Random(7)
    codes = [n.uuid for n in tree.model.nodes() if n.codable]
    sources = [s.uuid for s in session.project.sources.list()]
    stack = session.undo_stack
    for _ in range(40):
        roll = rng.random()
        if roll < 0.2 and stack.canUndo():
            stack.undo()
        elif roll < 0.3 and stack.canRedo():
            stack.redo()
        elif roll < 0.7:
            start = rng.randrange(0, 200)
            session.apply_code(
                code=rng.choice(codes), source=rng.choice(sources), start=start, end=start + 9
            )
        else:
            source = rng.choice(sources)
            codings = session.project.codings.of_source(source)
            chosen = rng.sample(codings, min(len(codings), rng.choice([1, 3])))
            run(
                session,
                "Remove",
                lambda c, ch=chosen: session.project.codings.remove(
                    codings=[x.uuid for x in ch], coder=c
                ),
            )
        if rng.random() < 0.5:
            settle(qtbot, tree)  # otherwise several edits are counted at once
    settle(qtbot, tree)
    assert tree.resets == 0 and tree.state() == tree.before
