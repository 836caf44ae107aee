"""File → Restore from backup…: the open project's backups with date, reason and contents, and
restoring one through the core (the project as it is now is kept first). Also the offer made
when a project cannot be opened because it is damaged and a good backup exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.backups import BackupInfo, RestoreResult, restore_damaged
from workbench.core.backups.store import read_info
from workbench.core.changes import Changes
from workbench.core.errors import CorruptProjectError, WorkbenchError
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import ask_yes, escaped, rich_label, show_warning, tip

COLUMNS = ["Date", "Reason", "Contents", "Size", "Check"]


def describe_date(backup: BackupInfo) -> str:
    return backup.created.astimezone().strftime("%d %b %Y, %H:%M")


def describe_size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1e3))} kB"


class RestoreDialog(QDialog):
    """Lists ``session.project.backups`` newest first; Restore replaces the project by the
    selected one (after asking), clears the undo history and tells every panel."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.resize(760, 380)
        # Injectable answers, so tests (and scripts) can drive the dialog.
        self.confirm: Callable[[str], bool] = lambda text: ask_yes(self, "Restore", text)
        self.show_error: Callable[[str], object] = lambda text: show_warning(
            self, "Restore from backup", text
        )
        project = session.project
        intro = rich_label(
            f"Backups of <b>{escaped(project.path.name)}</b> are kept on this computer in "
            f"<code>{escaped(str(project.backups.folder))}</code>: one when the project is "
            "opened (at most hourly), one every 15 minutes while you work, and the last 10 "
            "plus one a day for a week are kept. Restoring keeps the project as it is now as a "
            "backup first."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTreeWidget()
        self.table.setObjectName("backupList")
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.backup_now = QPushButton("Back up now")
        self.backup_now.setObjectName("backupNowButton")
        self.backup_now.clicked.connect(self.make_backup)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.backup_now, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.backup_now.setEnabled(not project.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.backups: list[BackupInfo] = []
        self.reload()

    def reload(self) -> None:
        """Read the backup folder again."""
        self.backups = self.session.project.backups.list()
        self.table.clear()
        for backup in self.backups:
            item = QTreeWidgetItem(
                [
                    describe_date(backup),
                    backup.reason,
                    backup.counts_text(),
                    describe_size(backup.size),
                    "verified" if backup.verified else "damaged",
                ]
            )
            item.setToolTip(0, tip(str(backup.path)))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        for column in range(len(COLUMNS)):
            self.table.resizeColumnToContents(column)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None:
            return None
        return self.backups[self.table.indexOfTopLevelItem(item)]

    def make_backup(self) -> None:
        try:
            self.session.project.backups.make("by hand")
        except WorkbenchError as exc:
            self.show_error(str(exc))
        self.reload()

    def restore_selected(self) -> RestoreResult | None:
        """Restore the selected backup after the user agrees; None if not restored."""
        backup = self.selected()
        if backup is None or not backup.verified or self.session.project.read_only:
            return None
        question = (
            f"Replace {self.session.project.path.name} by the backup of {describe_date(backup)} "
            f"({backup.counts_text()})?\n\nThe project as it is now is kept as a backup first, "
            "so this can be reversed. The undo history is cleared."
        )
        if not self.confirm(question):
            return None
        outcome: list[RestoreResult] = []

        def restore(coder: str) -> Changes:
            outcome.append(self.session.project.backups.restore(backup, coder=coder))
            return outcome[0].changes

        try:
            self.session.run_unstacked("restore", restore)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            self.reload()
            return None
        self.restored.emit(outcome[0])
        self.accept()
        return outcome[0]

    def _update_buttons(self) -> None:
        backup = self.selected()
        usable = backup is not None and backup.verified
        self.restore_button.setEnabled(usable and not self.session.project.read_only)


def offer_backup_for_damaged(
    parent: QWidget | None,
    error: CorruptProjectError,
    *,
    ask: Callable[[str], bool] | None = None,
) -> Path | None:
    """Opening failed because the file is damaged: if a good backup exists, offer to put it in
    place (the damaged file is kept in the backup folder). Returns the project path to open
    again, or None if there is no backup, the user declined, or the restore failed. The core
    checks the file again under its lock: one that passes now is opened, not replaced, and one
    that changed since it was judged is never replaced."""
    if error.backup is None:
        return None
    backup = read_info(error.backup)
    question = (
        f"{error.path.name} {error.problem}\n\nThe newest good backup is from "
        f"{describe_date(backup)} ({backup.counts_text()}). Restore it? The damaged file is "
        "kept, so nothing is thrown away."
    )
    agreed = ask(question) if ask is not None else ask_yes(parent, "Damaged project", question)
    if not agreed:
        return None
    try:
        restore_damaged(error.path, backup, judged=error.fingerprint)  # None: it is sound now
    except WorkbenchError as exc:
        show_warning(parent, "Damaged project", str(exc))
        return None
    return error.path
