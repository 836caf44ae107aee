"""Running service calls from the widgets as undoable commands, alone or as one undo step, with
refusals shown (through a ``ShowMessage``), never raised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtGui import QUndoCommand

from workbench.core.errors import WorkbenchError
from workbench.core.values import Changes
from workbench.gui.project_session import ProjectSession

ShowMessage = Callable[[str], None]


def run_command(
    session: ProjectSession, text: str, action: Callable[[str], Changes], show_error: ShowMessage
) -> Changes | None:
    """One service call as one undoable command; a refusal is shown, never raised."""
    try:
        return session.execute(text, action)
    except WorkbenchError as exc:
        show_error(str(exc))
        return None


@contextmanager
def one_step(session: ProjectSession, text: str, count: int) -> Iterator[None]:
    """Group the ``count`` commands run inside into one undo step when there is more than one."""
    if count <= 1:
        yield
        return
    session.flush_edits()  # pending text is its own step, not part of this one
    session.undo_stack.beginMacro(text)
    try:
        yield
    finally:
        session.undo_stack.endMacro()


def run_steps(
    session: ProjectSession,
    text: str,
    steps: list[tuple[str, Callable[[str], Changes]]],
    show_error: ShowMessage,
) -> bool:
    """Run several service calls as ONE undo step, all or nothing: when one is refused, the
    ones already done are undone again and the refusal is shown."""
    if not steps:
        return True
    if len(steps) == 1:
        return run_command(session, steps[0][0], steps[0][1], show_error) is not None
    stack = session.undo_stack
    session.flush_edits()  # pending text is its own step, not part of this one
    before = stack.index()
    error = ""
    stack.beginMacro(text)
    try:
        for label, action in steps:
            try:
                session.execute(label, action)
            except WorkbenchError as exc:
                error = str(exc)
                break
    finally:
        stack.endMacro()
    if error:
        if stack.index() > before:
            stack.undo()
            drop = QUndoCommand()  # an obsolete push discards the half-done step from redo
            drop.setObsolete(True)
            stack.push(drop)
        show_error(error)
        return False
    return True
