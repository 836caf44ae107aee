"""Choosing whose codings the reports count, as one undoable step.

The choice is a project setting, not a row, so undo stores the previous choice again instead of
restoring a snapshot."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from workbench.core.errors import WorkbenchError
from workbench.core.reports import CoderScope, store_scope, stored_scope
from workbench.gui.operations.run import Session, ShowMessage


class ScopeCommand(QUndoCommand):
    def __init__(self, session: Session, before: CoderScope, after: CoderScope) -> None:
        super().__init__(f"Count codings: {after.label}")
        self._session = session
        self._before = before
        self._after = after
        self._first = True

    def redo(self) -> None:
        if self._first:  # stored before the command was pushed
            self._first = False
            return
        self._store(self._after)

    def undo(self) -> None:
        self._store(self._before)

    def _store(self, scope: CoderScope) -> None:
        changes = store_scope(self._session.project, scope=scope, coder=self._session.coder)
        self._session.notify(changes)


def choose_scope(session: Session, scope: CoderScope, show_error: ShowMessage) -> bool:
    """Store ``scope`` as the project's choice (undoable); a refusal is shown, never raised."""
    before = stored_scope(session.project)
    if before == scope:
        return False
    try:
        changes = store_scope(session.project, scope=scope, coder=session.coder)
    except WorkbenchError as exc:  # refused: nothing is pushed
        show_error(str(exc))
        return False
    session.undo_stack.push(ScopeCommand(session, before, scope))
    session.notify(changes)
    return True
