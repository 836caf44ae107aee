"""'Merge a coder's copy…': plan the merge in a job, review the conflicts (mine or theirs per
item), apply it as one unstacked change and name the backup. Every dialog is injectable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.teamwork import Choice, MergeOutcome, MergePlan, apply_merge, plan_merge
from workbench.core.teamwork.merge_report import MergeReport
from workbench.gui.project_session import ProjectSession
from workbench.gui.teamwork.share_dialog import PROJECT_FILTER, inform, warn
from workbench.gui.widgets.jobs import background_runner, follow_in_dialog
from workbench.gui.widgets.plain_text import PlainLabel, ask_yes, tip

ITEM, MINE, THEIRS, CHOICE, RESULT = range(5)
CHOICES: tuple[Choice, Choice] = ("mine", "theirs")

AskPath = Callable[[QWidget | None], "Path | None"]
Review = Callable[[MergePlan, QWidget | None], "dict[str, Choice] | None"]
Confirm = Callable[[QWidget | None, MergePlan], bool]
Inform = Callable[[QWidget | None, str, str], None]
Done = Callable[["MergeOutcome | None"], None]


def _nothing(_outcome: MergeOutcome | None) -> None:
    pass


def _counts(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}" for kind, n in sorted(counts.items()) if n]
    return ", ".join(parts) if parts else "nothing"


def summary(report: MergeReport) -> str:
    """The counts of a merge report in three lines, for the review and the confirmation."""
    return (
        f"Adds: {_counts(report.added)}\n"
        f"Changes: {_counts(report.changed)}\n"
        f"Deletes: {_counts(report.deleted)}\n"
        f"Conflicts: {len(report.conflicts)}"
    )


class MergeReviewDialog(QDialog):
    """The counts, a warning when the copies share no base, and one row per conflict with its
    two values, a Mine/Theirs choice and what that choice does."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        report = plan.report
        self.setObjectName("mergeReview")
        self.setWindowTitle(f"Merge {report.other_name or plan.other.name}")
        layout = QVBoxLayout(self)
        self.summary = PlainLabel(summary(report))
        self.summary.setObjectName("mergeSummary")
        layout.addWidget(self.summary)
        self.union_warning = QWidget(self)
        self.union_warning.setObjectName("mergeUnionWarning")
        warning_row = QHBoxLayout(self.union_warning)
        warning_row.setContentsMargins(0, 0, 0, 0)
        icon = PlainLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(24, 24)
        )
        text = PlainLabel(
            "No common base: these copies were not made from one another, so the merge is a "
            "union — it only adds what this project lacks and deletes nothing."
        )
        text.setWordWrap(True)
        warning_row.addWidget(icon)
        warning_row.addWidget(text, 1)
        layout.addWidget(self.union_warning)
        self.union_warning.setVisible(report.union)
        if report.notes:
            notes = PlainLabel("\n".join(f"• {note}" for note in report.notes))
            notes.setObjectName("mergeNotes")
            notes.setWordWrap(True)
            layout.addWidget(notes)
        self.table = QTableWidget(len(plan.conflicts), 5, self)
        self.table.setObjectName("mergeConflicts")
        self.table.setHorizontalHeaderLabels(["Item", "This project", "Their copy", "Keep", "Then"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (ITEM, MINE, THEIRS, RESULT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHOICE, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: dict[str, QComboBox] = {}
        for row, conflict in enumerate(plan.conflicts):
            item = QTableWidgetItem(f"{conflict.label}\n{conflict.title}")
            item.setToolTip(tip(f"{conflict.label}: {conflict.title}"))
            self.table.setItem(row, ITEM, item)
            for column, value in ((MINE, conflict.mine), (THEIRS, conflict.theirs)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(tip(value))
                self.table.setItem(row, column, cell)
            combo = QComboBox()
            combo.addItem("Mine", "mine")
            combo.addItem("Theirs", "theirs")
            combo.setCurrentIndex(CHOICES.index(conflict.choice))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._show_result(r))
            self.table.setCellWidget(row, CHOICE, combo)
            self.combos[conflict.key] = combo
            self.table.setItem(row, RESULT, QTableWidgetItem())
            self._show_result(row)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(plan.conflicts))
        layout.addWidget(self.table, 1)
        buttons_row = QHBoxLayout()
        self.all_mine = QPushButton("All mine")
        self.all_mine.setObjectName("mergeAllMine")
        self.all_theirs = QPushButton("All theirs")
        self.all_theirs.setObjectName("mergeAllTheirs")
        self.all_mine.clicked.connect(lambda: self.set_all("mine"))
        self.all_theirs.clicked.connect(lambda: self.set_all("theirs"))
        for button in (self.all_mine, self.all_theirs):
            button.setVisible(bool(plan.conflicts))
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            "Apply merge", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("mergeApply")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        buttons_row.addWidget(self.buttons)
        layout.addLayout(buttons_row)
        self.resize(860, 520 if plan.conflicts else 260)

    def _show_result(self, row: int) -> None:
        conflict = self.plan.conflicts[row]
        choice = self.choice_at(row)
        text = conflict.if_mine if choice == "mine" else conflict.if_theirs
        text = text or ("Keep this project's value." if choice == "mine" else "Take their value.")
        cell = self.table.item(row, RESULT)
        if cell is not None:
            cell.setText(text)
            cell.setToolTip(tip(text))

    def choice_at(self, row: int) -> Choice:
        combo = self.combos[self.plan.conflicts[row].key]
        return "theirs" if combo.currentData() == "theirs" else "mine"

    def set_choice(self, key: str, choice: Choice) -> None:
        self.combos[key].setCurrentIndex(CHOICES.index(choice))

    def set_all(self, choice: Choice) -> None:
        for key in self.combos:
            self.set_choice(key, choice)

    def choices(self) -> dict[str, Choice]:
        return {c.key: self.choice_at(row) for row, c in enumerate(self.plan.conflicts)}


def review_merge(plan: MergePlan, parent: QWidget | None) -> dict[str, Choice] | None:
    dialog = MergeReviewDialog(plan, parent)
    try:
        return dialog.choices() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def confirm_merge(parent: QWidget | None, plan: MergePlan) -> bool:
    report = plan.report
    union = "\n\nNo common base: the merge is a union (it only adds)." if report.union else ""
    return ask_yes(
        parent,
        "Merge a coder's copy",
        f"Merge {plan.other.name} into this project?\n\n{summary(report)}{union}\n\n"
        "A backup is written first. The merge cannot be undone step by step, but until the "
        "next change File → Team → Undo the last merge takes it back as a whole.",
    )


def ask_merge_path(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Merge a coder's copy", "", PROJECT_FILTER)
    return Path(name) if name else None


def merge_copy_flow(
    parent: QWidget | None,
    session: ProjectSession,
    path: Path | str | None = None,
    *,
    ask_path: AskPath = ask_merge_path,
    review: Review = review_merge,
    confirm: Confirm = confirm_merge,
    inform: Inform = inform,
    show_error: Inform = warn,
    inform_merged: Inform | None = None,
    done: Done = _nothing,
) -> None:
    """Merge the copy at ``path`` (asked for when None) into the session's project: plan in a
    job, review conflicts (or confirm the counts when there are none), apply in a job that
    writes, report (with ``inform_merged`` when given, e.g. a message offering to undo the
    merge, else ``inform``). Both jobs show a progress dialog whose Cancel stops them (a
    cancelled merge leaves the project as it was). ``done`` then receives the outcome, or None
    when cancelled or refused (the refusal is shown)."""
    title = "Merge a coder's copy"
    other = Path(path) if path is not None else ask_path(parent)
    if other is None or session.busy:
        done(None)
        return
    project = session.project

    def refused(message: str) -> None:
        show_error(parent, title, message)
        done(None)

    def planned(plan: object) -> None:
        assert isinstance(plan, MergePlan)
        if plan.conflicts:
            choices = review(plan, parent)
            if choices is None:
                done(None)
                return
        elif confirm(parent, plan):
            choices = {}
        else:
            done(None)
            return
        if session.busy:  # another job began to write while the researcher reviewed
            refused("Another change is being saved; merge again when it has finished.")
            return
        session.flush_edits()  # typed text is saved before the merge, not merged over
        coder = session.coder
        job = background_runner().start(
            lambda progress: apply_merge(
                project, plan, coder=coder, choices=choices, progress=progress
            ),
            writing=session,
            what="the merge",
        )
        follow_in_dialog(job, parent, f"Merging {other.name}…", title=title, name="mergeProgress")
        job.succeeded.connect(merged)
        job.failed.connect(refused)
        job.cancelled.connect(lambda: done(None))

    def merged(result: object) -> None:
        assert isinstance(result, MergeOutcome)
        if session.closed:  # closed while the merge ran: it is in the file, nothing to show
            done(result)
            return
        session.run_unstacked("merge", lambda _coder: result.changes)
        if result.backup is None:
            inform(parent, title, f"Nothing to merge: {other.name} has nothing this project lacks.")
        else:
            taken = sum(1 for c in result.report.conflicts if c.choice == "theirs")
            (inform_merged or inform)(
                parent,
                title,
                f"{other.name} was merged.\n\n{summary(result.report)} "
                f"({taken} settled with their version)\n\n"
                f"A backup of the project as it was is at\n{result.backup}\n\n"
                "Until the next change, the whole merge can be undone (File → Team → Undo the "
                "last merge).",
            )
        done(result)

    job = background_runner().start(lambda progress: plan_merge(project, other, progress=progress))
    follow_in_dialog(job, parent, f"Comparing {other.name}…", title=title, name="mergeProgress")
    job.succeeded.connect(planned)
    job.failed.connect(refused)
    job.cancelled.connect(lambda: done(None))
