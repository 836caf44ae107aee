"""The one path of user edits (gui/operations/run.py): a refusal is shown, never raised, and
edits run together are one undo step, all or nothing."""

from __future__ import annotations

from workbench.gui.operations import codes
from workbench.gui.operations.run import together
from workbench.gui.project_session import ProjectSession


def test_a_refused_edit_is_shown_and_leaves_no_step(session: ProjectSession) -> None:
    shown: list[str] = []
    before = session.undo_stack.count()
    assert codes.add(session, name="   ", show=shown.append) is None
    assert len(shown) == 1 and "name" in shown[0]
    assert session.undo_stack.count() == before


def test_edits_together_are_one_step_or_nothing(session: ProjectSession) -> None:
    shown: list[str] = []
    stack = session.undo_stack
    names = {n.name for n in session.project.codebook.all()}
    with together(session, "Two codes", shown.append) as group:
        codes.add(session, name="Alpha", show=shown.append)
        codes.add(session, name="Beta", show=shown.append)
    assert group.ok and not shown
    assert stack.undoText() == "Two codes"
    stack.undo()
    assert {n.name for n in session.project.codebook.all()} == names

    count = stack.count()
    with together(session, "Half", shown.append) as group:
        codes.add(session, name="Gamma", show=shown.append)
        codes.add(session, name="", show=shown.append)  # refused
        codes.add(session, name="Delta", show=shown.append)  # not run after the refusal
    assert not group.ok and len(shown) == 1
    assert {n.name for n in session.project.codebook.all()} == names
    assert not stack.canRedo()  # the half-done step is gone, not waiting to be redone
    assert stack.index() <= count
