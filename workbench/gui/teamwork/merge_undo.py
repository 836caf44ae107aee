"""File → Team → Undo the last merge (and the "Undo merge" button of the message shown after a
merge): the whole merge is taken back through the core's ``undo_merge``, from the backup the merge
wrote, after asking. Offered only while the merge is the project's latest change; the views are
reloaded the way File → Restore from backup reloads them. Every dialog is injectable."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.changes import Changes
from workbench.core.errors import WorkbenchError
from workbench.core.teamwork import MergeUndone, UndoableMerge, undo_merge, undoable_merge
from workbench.core.teamwork.merge_undo import why_no_undo
from workbench.gui.project_session import ProjectSession
from workbench.gui.teamwork.share_dialog import inform, warn
from workbench.gui.widgets.dialogs import confirm_dialog
from workbench.gui.widgets.plain_text import message_box

TITLE = "Undo the merge"

Ask = Callable[[QWidget | None, str], bool]
Inform = Callable[[QWidget | None, str, str], None]
Offer = Callable[[QWidget | None, str, str], bool]


def ask_undo(parent: QWidget | None, question: str) -> bool:
    return confirm_dialog(parent)(TITLE, question)


def offer_undo(parent: QWidget | None, title: str, text: str) -> bool:
    """The message shown after a merge, with an "Undo merge" button; True if it was clicked."""
    box = message_box(
        None, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok
    )
    box.setParent(parent, box.windowFlags())
    box.setObjectName("mergeDoneMessage")
    undo = box.addButton("Undo merge", QMessageBox.ButtonRole.ActionRole)
    undo.setObjectName("undoMergeButton")
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.exec()
    clicked = box.clickedButton() is undo
    box.deleteLater()
    return clicked


def question_for(merge: UndoableMerge, project_name: str) -> str:
    backup = merge.backup
    when = backup.created.astimezone().strftime("%d %b %Y, %H:%M")
    return (
        f"Undo the merge of {merge.other_name}?\n\n{project_name} goes back to the backup "
        f"written just before the merge ({when}: {backup.counts_text()}): everything the merge "
        "added, changed or deleted is taken back.\n\nThe project as it is now is kept as a "
        "backup first, so this can be reversed with File → Restore from backup…. The undo "
        "history is cleared."
    )


def undo_merge_flow(
    parent: QWidget | None,
    session: ProjectSession,
    *,
    confirm: Ask = ask_undo,
    show_error: Inform = warn,
) -> MergeUndone | None:
    """Undo the merge that made the project's latest change, after asking; every view reloads.
    Returns what was undone, or None when declined or refused (the reason is shown)."""
    project = session.project
    try:
        merge = undoable_merge(project)
        if merge is None:
            show_error(parent, TITLE, why_no_undo(project))
            return None
    except WorkbenchError as exc:
        show_error(parent, TITLE, str(exc))
        return None
    if not confirm(parent, question_for(merge, project.path.name)):
        return None
    done: list[MergeUndone] = []

    def undo(coder: str) -> Changes:
        done.append(undo_merge(project, merge, coder=coder))
        return done[0].changes

    try:
        session.run_unstacked("restore", undo)
    except WorkbenchError as exc:
        show_error(parent, TITLE, str(exc))
        return None
    return done[0]


class MergeUndoOffer(QObject):
    """Keeps the "Undo the last merge" action enabled only while the project's latest change is a
    merge that can be undone (checked when a project opens, after each unstacked change, and at
    the first change after a merge); ``undo()`` (the action's slot) runs it after asking and
    ``undone`` follows a finished undo."""

    undone = Signal(object)  # MergeUndone

    def __init__(self, action: QAction, parent: QWidget) -> None:
        super().__init__(parent)
        self.action = action
        self.dialog_parent = parent
        self.session: ProjectSession | None = None
        self.merge: UndoableMerge | None = None
        # Injectable answers, so tests (and scripts) can drive it.
        self.confirm: Ask = ask_undo
        self.show_error: Inform = warn
        self.inform: Inform = inform
        self.offer: Offer = offer_undo
        action.setEnabled(False)

    def attach(self, session: ProjectSession | None) -> None:
        """Follow ``session`` (None: no writable project is open)."""
        if self.session is not None and self.session is not session:
            for signal, slot in (
                (self.session.stack_cleared, self._stack_cleared),
                (self.session.changed, self._changed),
            ):
                with contextlib.suppress(RuntimeError, TypeError):  # gone with its session
                    signal.disconnect(slot)
        if session is not None and session is not self.session:
            session.stack_cleared.connect(self._stack_cleared)
            session.changed.connect(self._changed)
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        """Look again whether the latest change is a merge that can be undone."""
        merge: UndoableMerge | None = None
        if self.session is not None:
            try:
                merge = undoable_merge(self.session.project)
            except WorkbenchError:
                merge = None
        self.merge = merge
        self.action.setEnabled(merge is not None)
        tip = (
            f"Put the project back as it was before merging {merge.other_name}"
            if merge is not None
            else "Possible right after a merge, until the next change"
        )
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)

    def undo(self) -> MergeUndone | None:
        """Undo the last merge after asking (the action and the message's button)."""
        if self.session is None:
            return None
        done = undo_merge_flow(
            self.dialog_parent, self.session, confirm=self.confirm, show_error=self.show_error
        )
        self.refresh()
        if done is not None:
            self.undone.emit(done)
        return done

    def after_merge(self, parent: QWidget | None, title: str, text: str) -> None:
        """Show the message that ends a merge, with "Undo merge" while that is possible."""
        self.refresh()
        if self.merge is None:
            self.inform(parent, title, text)
            return
        if self.offer(parent, title, text):
            self.undo()

    def _stack_cleared(self, _why: str) -> None:
        self.refresh()  # a merge, an import, a restore: each may start or end the offer

    def _changed(self, _changes: object) -> None:
        merge, session = self.merge, self.session
        if (
            merge is not None
            and session is not None
            and session.project.revision() != merge.revision
        ):
            self.refresh()  # the first change after the merge ends the offer
