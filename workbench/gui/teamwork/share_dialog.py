"""'Save a copy for a coder…': the options (blind, pseudonymized with an editable mapping), the
path, the core call in a job, and a message naming the copy. Every dialog is injectable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.progress import Progress
from workbench.core.teamwork import pseudonymize_copy, share_copy, suggest_mapping
from workbench.core.text.wording import counted
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import background_runner, follow_in_dialog
from workbench.gui.widgets.plain_text import PlainLabel, show_information, show_warning

PROJECT_FILTER = "Workbench projects (*.qwb)"


@dataclass(frozen=True)
class ShareOptions:
    blind: bool = False
    pseudonymize: bool = False
    mapping: Mapping[str, str] = field(default_factory=dict)


AskOptions = Callable[[QWidget | None, Mapping[str, str]], "ShareOptions | None"]
AskPath = Callable[[QWidget | None, str, str], "Path | None"]  # parent, title, suggested
Inform = Callable[[QWidget | None, str, str], None]  # parent, title, text


class ShareOptionsDialog(QDialog):
    """Blind and pseudonymize check boxes; the mapping (original → pseudonym) in a table."""

    def __init__(self, mapping: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareOptions")
        self.setWindowTitle("Save a copy for a coder")
        layout = QVBoxLayout(self)
        intro = PlainLabel(
            "The copy can be merged back later (File ▸ Merge a coder's copy…). "
            "The project itself is not changed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.blind = QCheckBox("Blind: leave out every coding (the coder sees no one's work)")
        self.blind.setObjectName("shareBlind")
        self.pseudonymize = QCheckBox("Pseudonymize: replace these names everywhere in the copy")
        self.pseudonymize.setObjectName("sharePseudonymize")
        layout.addWidget(self.blind)
        layout.addWidget(self.pseudonymize)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shareMapping")
        self.table.setHorizontalHeaderLabels(["Name", "Pseudonym"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for original, pseudonym in mapping.items():
            self.add_row(original, pseudonym)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add name")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(lambda: self.add_row("", ""))
        self.remove_button.clicked.connect(self._remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.note = PlainLabel(
            "The mapping is never written into the copy; a pseudonymized copy is a new "
            "project and cannot be merged back."
        )
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.pseudonymize.toggled.connect(self._sync)
        self._sync(False)
        self.resize(520, 460)

    def add_row(self, original: str, pseudonym: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(original))
        self.table.setItem(row, 1, QTableWidgetItem(pseudonym))

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _sync(self, on: bool) -> None:
        for widget in (self.table, self.add_button, self.remove_button, self.note):
            widget.setEnabled(on)

    def mapping(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            a, b = self.table.item(row, 0), self.table.item(row, 1)
            original = a.text().strip() if a else ""
            pseudonym = b.text().strip() if b else ""
            if original and pseudonym:
                out[original] = pseudonym
        return out

    def options(self) -> ShareOptions:
        pseudonymize = self.pseudonymize.isChecked()
        return ShareOptions(
            blind=self.blind.isChecked(),
            pseudonymize=pseudonymize,
            mapping=self.mapping() if pseudonymize else {},
        )


def ask_share_options(parent: QWidget | None, mapping: Mapping[str, str]) -> ShareOptions | None:
    dialog = ShareOptionsDialog(mapping, parent)
    try:
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_copy_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, PROJECT_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".qwb" else path.with_name(path.name + ".qwb")


def inform(parent: QWidget | None, title: str, text: str) -> None:
    show_information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    show_warning(parent, title, text)


def share_copy_dialog(
    parent: QWidget | None,
    session: ProjectSession,
    *,
    ask_options: AskOptions = ask_share_options,
    ask_path: AskPath = ask_copy_path,
    inform: Inform = inform,
    show_error: Inform = warn,
    done: Callable[[Path | None], None] = lambda _path: None,
) -> None:
    """Ask how and where, write the copy (in a job, with progress and Cancel) and say where it
    went; ``done`` then receives the copy's path, or None when cancelled or refused (the
    refusal is shown)."""
    title = "Save a copy for a coder"
    project = session.project
    options = ask_options(parent, suggest_mapping(project))
    if options is None:
        done(None)
        return
    if options.pseudonymize and not options.mapping:
        show_error(parent, title, "Give at least one name and its pseudonym.")
        done(None)
        return
    kind = "pseudonymized copy" if options.pseudonymize else "copy for a coder"
    suggested = project.path.with_name(f"{project.path.stem} - {kind}.qwb")
    path = ask_path(parent, title, str(suggested))
    if path is None:
        done(None)
        return
    coder = session.coder

    def work(_progress: Progress) -> tuple[Path, str]:
        if options.pseudonymize:
            report = pseudonymize_copy(
                project,
                path,
                mapping=options.mapping,
                coder=coder,
                blind=options.blind,
                overwrite=True,
            )
            detail = "\n".join(
                [
                    f"{counted(report.total, 'replacement')} of "
                    f"{counted(len(report.by_name), 'name')}.",
                    *(f"Warning: {w}" for w in report.warnings),
                ]
            )
            return report.path, detail
        result = share_copy(project, path, coder=coder, blind=options.blind, overwrite=True)
        return result.path, "It can be merged back with “Merge a coder's copy…”."

    def written(result: object) -> None:
        assert isinstance(result, tuple)
        copy, detail = result
        blind = " It has no codings (blind)." if options.blind else ""
        inform(parent, "Copy saved", f"The {kind} was saved to\n{copy}\n\n{detail}{blind}")
        done(copy)

    def failed(message: str) -> None:
        show_error(parent, title, message)
        done(None)

    label = "Writing the pseudonymized copy…" if options.pseudonymize else "Writing the copy…"
    job = background_runner().start(work)
    follow_in_dialog(job, parent, label, title=title, name="shareProgress", can_cancel=False)
    job.succeeded.connect(written)
    job.failed.connect(failed)
    job.cancelled.connect(lambda: done(None))
