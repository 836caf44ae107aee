"""Autosave for every text field that edits project data: nothing typed waits for a Save button.

An ``AutosaveField`` binds one QLineEdit / QPlainTextEdit / QTextEdit to a ``save(target, text,
burst)`` callable that runs one undoable command. It saves after a short pause in typing (and at
least every ``max_ms`` while typing goes on), when the field loses focus, before another item is
loaded into it, and whenever the session's ``AutosaveRegistry`` is flushed (before another command,
undo, close, project switch and quit). The saves of one editing *burst* carry one token, which the
session and the core use to make them ONE undo step and ONE audit entry; a burst ends on focus-out,
another item, ``idle_ms`` without typing, or any other change to the undo stack.

The widget's own undo is off: Ctrl+Z in the field saves what is pending and then undoes through the
project's one stack. Text loaded into the field (an item shown, an undo restoring it) is never saved
back. A failed save keeps the text, is retried, and makes ``flush`` report failure so the window can
refuse to close. While a job writes to the project (``set_busy``) nothing is saved and nothing is
undone — the GUI thread must not wait for the write lock: the text waits, also when another item
is loaded into the field, and is saved when the job ends. A save refused because someone changed
the row meanwhile (``ConflictOffer``) is not retried: the field holds it (``conflict``) until
the user applies theirs (``keep_theirs``: the field shows their value) or mine again
(``apply_mine``); ``ConflictBar`` offers both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit
from shiboken6 import isValid

from workbench.core.errors import ConflictError, ValidationError, WorkbenchError
from workbench.gui.operations.run import ConflictOffer

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

TextWidget = QLineEdit | QPlainTextEdit | QTextEdit
SaveText = Callable[[str, str, str], None]  # (target, text, burst); raises WorkbenchError
ShowMessage = Callable[[str], None]

SAVING = "Saving…"
SAVED = "All changes saved"
RETRYING = "Not saved — retrying"
WAITING = "Not saved yet — waiting for the running task"


@dataclass
class AutosaveTimings:
    """How long the fields wait, in milliseconds (tests shorten them)."""

    pause_ms: int = 1000  # save after this long without typing…
    max_ms: int = 2000  # …and at least this often while typing goes on
    idle_ms: int = 5000  # a burst ends after this long without typing
    retry_ms: int = 3000  # a failed save is tried again after this long


class AutosaveRegistry(QObject):
    """The autosave fields of one open project: flushed together, reporting one state."""

    state_changed = Signal(str)  # SAVING, SAVED, or "Not saved …"

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timings = AutosaveTimings()
        self._stack = stack
        self._fields: list[AutosaveField] = []
        self._saving = 0
        self._state = SAVED
        self.busy = False  # a job writes to the project: saves wait until it ends
        stack.indexChanged.connect(self._stack_moved)

    def add(self, field: AutosaveField) -> None:
        self._fields.append(field)

    def fields(self) -> list[AutosaveField]:
        self._fields = [f for f in self._fields if isValid(f)]
        return list(self._fields)

    def flush(self) -> bool:
        """Save every field's pending text now and end its burst; False if any save failed."""
        ok = True
        for field in self.fields():
            ok = field.finish() and ok
        return ok

    def failures(self) -> list[str]:
        """What could not be saved, one line per field."""
        fields = self.fields()
        waiting = [f"{f.what}: {WAITING}" for f in fields if self.busy and f.unsaved()]
        return [f"{f.what}: {f.error}" for f in fields if f.error] + waiting

    def state(self) -> str:
        fields = self.fields()
        failed = [f for f in fields if f.error]
        if failed:
            return RETRYING if any(f.retrying for f in failed) else f"Not saved — {failed[0].error}"
        if any(f.unsaved() for f in fields):
            return WAITING if self.busy else SAVING
        return SAVED

    def update(self) -> None:
        state = self.state()
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def undo(self) -> None:
        """Save what is pending, then undo through the one stack (not while a job writes)."""
        if not self.busy and self.flush():
            self._stack.undo()

    def redo(self) -> None:
        if not self.busy and self.flush():
            self._stack.redo()

    def set_busy(self, busy: bool) -> None:
        """A job writes to the project (True): typed text waits; when it ends (False), every
        field saves what waited."""
        self.busy = busy
        if not busy:
            for field in self.fields():
                field.save_waiting()
        self.update()

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Marks a field's own save, so the stack moving because of it ends no burst."""
        self._saving += 1
        try:
            yield
        finally:
            self._saving -= 1

    def _stack_moved(self, _index: int) -> None:
        if not self._saving:  # another command, an undo or a redo: every burst ends
            for field in self.fields():
                field.end_burst()


class AutosaveField(QObject):
    """Saves what the user types into ``widget`` for the item loaded with ``load``.
    ``theirs_key``: the field of a ``ConflictError.theirs`` this widget shows."""

    conflicted = Signal(object)  # a ConflictOffer: the editor offers mine again or theirs
    resolved = Signal()  # the conflict is gone (decided, or another item loaded)

    def __init__(
        self,
        widget: TextWidget,
        save: SaveText,
        registry: AutosaveRegistry,
        *,
        what: str,
        show_error: ShowMessage | None = None,
        normalize: Callable[[str], str] = lambda text: text,
        theirs_key: str = "",
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.what = what  # names the field in messages ("Memo text")
        self.error = ""  # why the last save failed ("" after a success)
        self.retrying = False
        self.conflict: ConflictOffer | None = None  # a save refused until the user decides
        self._refused: tuple[str, str] = ("", "")  # its target and text
        self._theirs_key = theirs_key
        self._save = save
        self._registry = registry
        self._show_error = show_error
        self._normalize = normalize  # how the project stores the text (e.g. a stripped name)
        self._target: str | None = None
        self._saved = ""
        self._burst = uuid.uuid4().hex
        self._loading = False
        self._in_save = False
        self._waiting: dict[str, str] = {}  # target -> text typed while a job wrote
        self._pause = self._timer(self.save_now)
        self._max = self._timer(self.save_now)
        self._idle = self._timer(self.finish)
        self._retry = self._timer(self.save_now)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._typed)
        else:
            widget.setUndoRedoEnabled(False)
            widget.textChanged.connect(self._typed)
        widget.installEventFilter(self)
        registry.add(self)

    def _timer(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: slot())
        return timer

    # -- what the field shows -------------------------------------------------------------------
    @property
    def target(self) -> str | None:
        return self._target

    def text(self) -> str:
        widget = self.widget
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()

    def pending(self) -> bool:
        """Whether the field shows text the project does not hold yet."""
        return self._target is not None and self.text() != self._saved

    def unsaved(self) -> bool:
        """Pending text, or text of another item that waits for a job to end."""
        return self.pending() or any(t != self._target for t in self._waiting)

    def load(self, target: str | None, text: str) -> None:
        """Show the project's ``text`` of ``target`` (None: nothing to edit). Another item's
        pending text is saved first; for the same item, text the user is still typing stays."""
        if target != self._target and not self._in_save:
            self.finish()
        same = target == self._target
        self._target = target
        if same and self._normalize(self.text()) == self._normalize(text):
            self._saved = self.text()  # the project holds what is shown (e.g. stripped)
        elif same and self.pending():
            moved = self._normalize(text) != self._normalize(self._saved)
            if moved and not self._in_save and self.conflict is None:
                self._changed_meanwhile(text)  # by someone else, while typed here
            self._saved = text  # keep typing; the next save compares with the project
        else:
            self._show(text)
            self._saved = text
            self.error, self.retrying = "", False
            self._resolve()
            for timer in (self._pause, self._max, self._retry):
                timer.stop()
            if not same:
                self.end_burst()
                if target in self._waiting:  # typed while a job wrote: shown, still to save
                    self._show(self._waiting.pop(target))
        self._registry.update()

    def _show(self, text: str) -> None:
        if self.text() == text:
            return
        self._loading = True
        try:
            widget = self.widget
            if isinstance(widget, QLineEdit):
                position = widget.cursorPosition()
                widget.setText(text)
                widget.setCursorPosition(min(position, len(text)))
            else:
                position = widget.textCursor().position()
                widget.setPlainText(text)
                cursor = widget.textCursor()
                cursor.setPosition(min(position, len(text)), QTextCursor.MoveMode.MoveAnchor)
                widget.setTextCursor(cursor)
        finally:
            self._loading = False

    # -- saving ---------------------------------------------------------------------------------
    def _typed(self, *_args: object) -> None:
        if self._loading or self._target is None:
            return
        timings = self._registry.timings
        if self.pending():
            self._pause.start(timings.pause_ms)
            if not self._max.isActive():
                self._max.start(timings.max_ms)
        else:
            self._pause.stop()
            self._max.stop()
        self._idle.start(timings.idle_ms)
        self._registry.update()

    def save_now(self) -> bool:
        """Save pending text (within the current burst); False if the save failed."""
        for timer in (self._pause, self._max, self._retry):
            timer.stop()
        target, text = self._target, self.text()
        if self._in_save:  # a refresh during our own save: that save reports
            return True
        if self.conflict is not None:  # waits for the user: mine again, or theirs
            return False
        if target is None or not self.pending():
            if self.error:  # typed back to what the project holds
                self.error, self.retrying = "", False
                self._registry.update()
            return True
        if self._registry.busy:  # the save would wait for the job's write lock: it waits here
            self._waiting[target] = text
            self._registry.update()
            return False
        self._in_save = True
        try:
            with self._registry.saving():
                self._save(target, text, self._burst)
        except ConflictOffer as exc:
            self.conflict, self.error, self.retrying = exc, str(exc), False
            self._refused = (target, text)
            self._registry.update()
            self.conflicted.emit(exc)
            return False
        except WorkbenchError as exc:
            self._failed(str(exc), retry=not isinstance(exc, ValidationError))
            return False
        finally:
            self._in_save = False
        if self._target == target:
            self._saved = text
        self.error, self.retrying = "", False
        self._registry.update()
        return True

    def keep_theirs(self) -> None:
        """After a conflict: show their value as saved (what I typed is dropped)."""
        conflict = self.conflict
        if conflict is None:
            return
        values = conflict.theirs
        theirs = values.get(self._theirs_key) if self._theirs_key else None
        if theirs is None and len(values) == 1:
            theirs = next(iter(values.values()))
        text = "" if theirs is None else str(theirs)
        self._show(text)
        self._saved = text
        self.error = ""
        self.end_burst()
        self._resolve()
        self._registry.update()

    def apply_mine(self) -> None:
        """After a conflict: save what was refused over theirs (one more step)."""
        conflict = self.conflict
        if conflict is None:
            return
        self._resolve()
        self._in_save = True
        try:
            with self._registry.saving():
                conflict.again()
        except WorkbenchError as exc:
            self._failed(str(exc), retry=False)
            return
        finally:
            self._in_save = False
        target, text = self._refused
        if self._target == target:
            self._saved = text
        self.error = ""
        self._registry.update()
        self.save_now()  # what was typed since, over mine

    def _changed_meanwhile(self, theirs: str) -> None:
        """The project's value changed under what is being typed: saving it now would quietly
        replace theirs, so the field asks first, as a refused save does."""
        target, burst = self._target, self._burst
        if target is None:
            return
        conflict = ConflictError(
            f"This was changed meanwhile to {theirs!r}; what you typed is not saved. "
            "Apply yours again?",
            theirs={self._theirs_key: theirs},
            who=None,
        )
        mine = self.text()
        self.conflict = ConflictOffer(conflict, lambda: self._save(target, mine, burst))
        self._refused = (target, mine)
        self.error, self.retrying = str(conflict), False
        for timer in (self._pause, self._max, self._retry):
            timer.stop()
        self.conflicted.emit(self.conflict)

    def _resolve(self) -> None:
        if self.conflict is not None:
            self.conflict = None
            self.resolved.emit()

    def save_waiting(self) -> None:
        """The job that wrote has ended: save the text typed meanwhile (other items' first)."""
        waiting, self._waiting = self._waiting, {}
        for target, text in waiting.items():
            if target == self._target:
                continue  # the field still shows it (or newer text): ``save_now`` saves that
            try:
                with self._registry.saving():
                    self._save(target, text, uuid.uuid4().hex)
            except WorkbenchError as exc:
                self._waiting[target] = text  # kept: ``failures`` names it
                self._failed(str(exc), retry=False)
        self.save_now()

    def _failed(self, message: str, *, retry: bool) -> None:
        if message != self.error and self._show_error is not None:
            self._show_error(message)
        self.error, self.retrying = message, retry
        if retry:
            self._retry.start(self._registry.timings.retry_ms)
        self._registry.update()

    def finish(self) -> bool:
        """Save pending text and end the burst; False if the save failed."""
        ok = self.save_now()
        if ok:
            self.end_burst()
        return ok

    def end_burst(self) -> None:
        """The next save starts a new undo step and audit entry."""
        self._burst = uuid.uuid4().hex
        self._idle.stop()

    # -- focus and keys -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.finish()
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y  # Ctrl+Y, as in the Edit menu
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            if undo or redo:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self._registry.undo() if undo else self._registry.redo()
                return True
        return super().eventFilter(watched, event)
