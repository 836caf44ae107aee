"""The one path of every user edit: run a service call and put it on the undo stack as one step.

``run`` runs one edit; ``together`` makes the edits run inside it ONE undo step, all or nothing.
A refusal (a ``WorkbenchError``) is shown through the ``show`` callback, never raised — except
where no ``show`` is given (autosave fields and scripts want the error itself). While a job
writes to the project (``session.busy``) no edit runs: it is refused with ``JobRunningError``
before anything is touched, so the GUI thread never waits for the project's write lock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from weakref import WeakKeyDictionary

from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.changes import Changes, Snapshot
from workbench.core.errors import ConflictError, WorkbenchError
from workbench.gui.operations.command import ServiceCommand

if TYPE_CHECKING:
    from workbench.core.project import Project

Action = Callable[[str], Changes]  # coder -> the Changes of one service call
ShowMessage = Callable[[str], None]


class JobRunningError(WorkbenchError):
    """An edit was tried while a job writes to the project; nothing was changed."""


class ConflictOffer(ConflictError):
    """A conflict raised to an autosaving editor (``run`` without ``show``): ``again()``
    applies the same edit over theirs, as one more step (the editor's "Apply mine again")."""

    def __init__(self, conflict: ConflictError, again: Callable[[], object]) -> None:
        super().__init__(str(conflict), theirs=conflict.theirs, who=conflict.who)
        self.again = again


class Session(Protocol):
    """What an edit needs of the open project (``ProjectSession`` is one)."""

    project: Project
    undo_stack: QUndoStack
    initiator: str  # names this session's writes in their Changes

    @property
    def coder(self) -> str: ...

    @property
    def busy(self) -> bool: ...  # a job is writing to the project

    def busy_message(self) -> str: ...  # "Wait until <the job> has finished: …"

    def flush_edits(self) -> bool: ...

    def notify(self, changes: Changes) -> None: ...

    def refuse_undo(self, message: str) -> None: ...

    def conflict(self, message: str, again: Callable[[], object]) -> None: ...  # offer re-apply

    def seen_version(self, uuid: str) -> int | None: ...  # the row version this window shows

    def remember_code(self, code: str) -> None: ...


def seen(session: Session, uuid: str, shown: int | None) -> int | None:
    """The newest version of row ``uuid`` this window knows: told by changes, or ``shown`` by
    the panel that edits it (read with the row)."""
    told = session.seen_version(uuid)
    if told is None or shown is None:
        return shown if told is None else told
    return max(told, shown)


@dataclass
class Group:
    """The edits run inside ``together``: the first refusal ends the group."""

    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


_groups: WeakKeyDictionary[Session, Group] = WeakKeyDictionary()


def execute(session: Session, text: str, action: Action, *, burst: str | None = None) -> Changes:
    """Run ``action(coder)`` (one service call) and push it as an undoable command.

    A WorkbenchError propagates and nothing is pushed; an empty change is not pushed. Text
    still being typed elsewhere is saved first. The saves of one autosave ``burst`` (the
    action passes it on to the service too) become one undo step while it is the newest.
    While a job writes, ``JobRunningError`` is raised and nothing runs."""
    refuse_while_busy(session)
    if burst is None:
        session.flush_edits()
    with session.project.initiated_by(session.initiator):
        changes = action(session.coder)
    if not changes.empty:
        top = _open_burst(session.undo_stack, burst)
        if top is not None:
            top.absorb(text, changes)
        else:
            session.undo_stack.push(
                ServiceCommand(
                    text,
                    changes,
                    lambda snapshot: _restore(session, snapshot),
                    session.notify,
                    burst=burst,
                    refused=session.refuse_undo,
                )
            )
        session.notify(changes)
    return changes


def run(
    session: Session,
    text: str,
    action: Action,
    show: ShowMessage | None,
    *,
    burst: str | None = None,
    again: Action | None = None,
) -> Changes | None:
    """One edit as one undoable command; a refusal is shown (raised when ``show`` is None).
    Inside a failed ``together`` group nothing more runs.

    ``again``: the same edit without its ``expected_version``. When someone changed the row
    since this window read it (ConflictError: their value and name in the message), the
    session offers to apply this edit again over theirs (``again``), as one more step; without
    ``show`` (an autosaving editor) the offer is raised as ``ConflictOffer``."""
    group = _groups.get(session)
    if group is not None and not group.ok:
        return None
    if show is None and group is None:
        try:
            return execute(session, text, action, burst=burst)
        except ConflictError as exc:
            if again is None:
                raise
            redo = again
            raise ConflictOffer(exc, lambda: execute(session, text, redo, burst=burst)) from exc
    try:
        return execute(session, text, action, burst=burst)
    except ConflictError as exc:
        if again is None or group is not None or show is None:
            if group is not None:
                group.error = str(exc)
            elif show is not None:
                show(str(exc))
            return None
        session.conflict(str(exc), lambda: run(session, text, again, show, burst=burst))
        return None
    except WorkbenchError as exc:
        if group is not None:
            group.error = str(exc)
        elif show is not None:
            show(str(exc))
        return None


@contextmanager
def together(session: Session, text: str, show: ShowMessage, *, count: int = 2) -> Iterator[Group]:
    """Make the edits run inside ONE undo step named ``text`` (when ``count``, the number of
    edits, is more than one), all or nothing: when one is refused, those already done are undone
    again, dropped from redo, and the refusal is shown."""
    if session in _groups:  # already inside a group: it decides
        yield _groups[session]
        return
    stack = session.undo_stack
    group = _groups[session] = Group()
    if session.busy:  # nothing inside runs (``run`` sees the failed group); say why once
        group.error = session.busy_message()
        macro = False
    else:
        macro = count > 1
    before = stack.index()
    if macro:
        session.flush_edits()  # pending text is its own step, not part of this one
        stack.beginMacro(text)
    try:
        yield group
    finally:
        del _groups[session]
        if macro:
            stack.endMacro()
    if group.error:
        if macro and stack.index() > before:
            stack.undo()
            drop = QUndoCommand()  # an obsolete push discards the half-done step from redo
            drop.setObsolete(True)
            stack.push(drop)
        show(group.error)


def refuse_while_busy(session: Session) -> None:
    """Raise ``JobRunningError`` while a job writes to the project (the edit would wait for
    the write lock on the GUI thread)."""
    if session.busy:
        raise JobRunningError(session.busy_message())


def _open_burst(stack: QUndoStack, burst: str | None) -> ServiceCommand | None:
    if burst is None or stack.index() != stack.count() or stack.count() == 0:
        return None
    top = stack.command(stack.count() - 1)
    return top if isinstance(top, ServiceCommand) and top.burst == burst else None


def _restore(session: Session, snapshot: Snapshot) -> Changes:
    """Restore one step's snapshot; every other step on the stack (in macros too) then expects
    the row versions this restore left (``Snapshot.moves``)."""
    with session.project.initiated_by(session.initiator):
        changes = session.project.restore(snapshot, coder=session.coder)
    moves = snapshot.moves(changes.undo)
    stack = session.undo_stack
    pending = [stack.command(i) for i in range(stack.count())]
    while pending:
        command = pending.pop()
        if isinstance(command, ServiceCommand):
            command.follow(moves)
        pending.extend(command.child(i) for i in range(command.childCount()))
    return changes
