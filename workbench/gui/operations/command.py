"""One undoable command over one core service call.

The service runs once, before the command is pushed, so a refused change (a ValidationError) never
reaches the stack. Undo restores the snapshot the service returned; the restore itself returns the
snapshot that redoes it, so undo and redo alternate between two snapshots and always bring back the
same uuids.

An undo or redo the core refuses (a row changed since, e.g. by another coder) changes nothing:
the command reports the refusal and marks itself obsolete, so the stack drops it and stays
consistent (the steps below it can still be undone).

A command made by an autosave carries its editing ``burst``: later saves of the burst are absorbed
into it (ONE undo step) while it is the newest command and has not been undone or redone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand

from workbench.core.changes import Changes, Snapshot
from workbench.core.errors import UndoRefusedError

Restore = Callable[[Snapshot], Changes]
Notify = Callable[[Changes], None]
Refused = Callable[[str], None]


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        text: str,
        done: Changes,
        restore: Restore,
        notify: Notify,
        *,
        burst: str | None = None,
        refused: Refused | None = None,
    ) -> None:
        super().__init__(text)
        self.burst = burst
        self._snapshot = done.undo
        self._restore = restore
        self._notify = notify
        self._refused = refused
        self._first = True

    def redo(self) -> None:
        if self._first:  # the service already ran when the command was created
            self._first = False
            return
        self._apply()

    def undo(self) -> None:
        self._apply()

    def absorb(self, text: str, later: Changes) -> None:
        """Make ``later`` (a save of the same burst) part of this step."""
        self._snapshot = self._snapshot.then(later.undo)
        self.setText(text)

    def follow(self, moves: Mapping[str, tuple[int, int]]) -> None:
        """Another step was undone or redone: its ``moves`` (Snapshot.moves) of row versions."""
        self._snapshot = self._snapshot.after_restore(moves)

    def _apply(self) -> None:
        self.burst = None  # undone or redone: the burst is over
        try:
            changes = self._restore(self._snapshot)
        except UndoRefusedError as exc:
            self.setObsolete(True)
            if self._refused is not None:
                self._refused(str(exc))
            return
        self._snapshot = changes.undo
        self._notify(changes)
