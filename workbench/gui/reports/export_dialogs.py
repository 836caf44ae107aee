"""The small dialogs of the exports, each a plain function or a dialog class so tests can replace
them: where to save, the codebook, findings and transcript options, and the closing message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.reports import CodebookOptions, FindingsOptions
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.plain_text import PlainLabel, message_box, show_warning

PDF_FILTER = "PDF documents (*.pdf)"
CSV_FILTER = "CSV tables (*.csv)"
XLSX_FILTER = "Excel workbooks (*.xlsx)"
DOCX_FILTER = "Word documents (*.docx)"
PAGE_SIZES = ("A4", "Letter")


def safe_file_name(text: str) -> str:
    """A file name from a title: no path separators or characters Windows refuses."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return " ".join(cleaned.split())[:120] or "export"


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filter_: str) -> Path | None:
    """A native save dialog; the filter's extension is added when the name has none."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_)
    if not name:
        return None
    path = Path(name)
    match = re.search(r"\*(\.\w+)", filter_)
    if match and path.suffix.lower() != match.group(1):
        path = path.with_name(path.name + match.group(1))
    return path


def show_exported(parent: QWidget | None, title: str, path: Path, detail: str = "") -> None:
    """Say where the file went, with a button that opens it in its default program."""
    box = message_box(parent, QMessageBox.Icon.Information, title, f"Saved to {path}")
    box.setObjectName("exportDoneMessage")
    if detail:
        box.setInformativeText(detail)
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif box.clickedButton() is folder_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_failed(parent: QWidget | None, title: str, message: str) -> None:
    show_warning(parent, title, message)


@dataclass(frozen=True)
class BranchChoice:
    """A code the codebook export may be limited to."""

    uuid: str
    name: str
    depth: int
    color: str


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _page_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for size in PAGE_SIZES:
        combo.addItem(size, size)
    return combo


class CodebookOptionsDialog(QDialog):
    """Quotes (and how many), one branch or the whole codebook, contents, history, paper."""

    def __init__(self, branches: Sequence[BranchChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookExportDialog")
        self.setWindowTitle("Export codebook")
        self.quotes = QCheckBox("Include representative quotes")
        self.quotes.setObjectName("codebookQuotes")
        self.quotes.setChecked(True)
        self.max_quotes = QSpinBox()
        self.max_quotes.setObjectName("codebookMaxQuotes")
        self.max_quotes.setRange(1, 20)
        self.max_quotes.setValue(3)
        self.max_quotes.setSuffix(" per code")
        self.quotes.toggled.connect(self.max_quotes.setEnabled)
        self.branch = QComboBox()
        self.branch.setObjectName("codebookBranch")
        self.branch.addItem("The whole codebook", None)
        for choice in branches:
            self.branch.addItem(
                swatch_icon(choice.color, 12), "    " * choice.depth + choice.name, choice.uuid
            )
        self.toc = QCheckBox("Table of contents")
        self.toc.setChecked(True)
        self.history = QCheckBox("How the codebook changed (from the project's history)")
        self.history.setChecked(True)
        self.page = _page_combo("codebookPageSize")
        form = QFormLayout()
        form.addRow("Codes", self.branch)
        form.addRow("Quotes", self.quotes)
        form.addRow("", self.max_quotes)
        form.addRow("Sections", self.toc)
        form.addRow("", self.history)
        form.addRow("Paper", self.page)
        layout = QVBoxLayout(self)
        intro = PlainLabel("Definitions, counts and quotes of every code, as a PDF to share.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Export…"))

    def options(self) -> CodebookOptions:
        return CodebookOptions(
            quotes=self.quotes.isChecked(),
            max_quotes=self.max_quotes.value(),
            branch=self.branch.currentData(),
            toc=self.toc.isChecked(),
            history=self.history.isChecked(),
            page_size=str(self.page.currentData()),
        )


class FindingsOptionsDialog(QDialog):
    """Leave out interviewer turns, quotes per category, paper."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsExportDialog")
        self.setWindowTitle("Export findings report")
        self.exclude_interviewer = QCheckBox("Leave out interviewer turns")
        self.exclude_interviewer.setObjectName("findingsExcludeInterviewer")
        self.exclude_interviewer.setChecked(True)
        self.quotes = QSpinBox()
        self.quotes.setObjectName("findingsQuotes")
        self.quotes.setRange(0, 10)
        self.quotes.setValue(2)
        self.quotes.setSuffix(" per category")
        self.page = _page_combo("findingsPageSize")
        form = QFormLayout()
        form.addRow("Counts", self.exclude_interviewer)
        form.addRow("Quotes", self.quotes)
        form.addRow("Paper", self.page)
        layout = QVBoxLayout(self)
        intro = PlainLabel(
            "Themes, categories and concepts with their counts, the participants, the frequency "
            "chart and representative quotes: the shape of a results section."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Export…"))

    def options(self) -> FindingsOptions:
        return FindingsOptions(
            exclude_interviewer=self.exclude_interviewer.isChecked(),
            quotes_per_category=self.quotes.value(),
            page_size=str(self.page.currentData()),
        )


@dataclass(frozen=True)
class TranscriptOptions:
    """Which codings the coded transcript shows, and the paper."""

    coders: tuple[str, ...] = ()
    exclude_interviewer: bool = False
    page_size: str = "A4"


class TranscriptOptionsDialog(QDialog):
    def __init__(self, source: str, coders: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptExportDialog")
        self.setWindowTitle("Export coded transcript")
        self.coder = QComboBox()
        self.coder.setObjectName("transcriptCoder")
        self.coder.addItem("Every coder", "")
        for name in coders:
            self.coder.addItem(name, name)
        self.exclude_interviewer = QCheckBox("Leave out codings in interviewer turns")
        self.exclude_interviewer.setObjectName("transcriptExcludeInterviewer")
        self.page = _page_combo("transcriptPageSize")
        form = QFormLayout()
        form.addRow("Codings of", self.coder)
        form.addRow("", self.exclude_interviewer)
        form.addRow("Paper", self.page)
        layout = QVBoxLayout(self)
        intro = PlainLabel(f"“{source}” with its coding stripes and code labels in the margin.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Export…"))

    def options(self) -> TranscriptOptions:
        coder = str(self.coder.currentData() or "")
        return TranscriptOptions(
            coders=(coder,) if coder else (),
            exclude_interviewer=self.exclude_interviewer.isChecked(),
            page_size=str(self.page.currentData()),
        )


def ask_codebook_options(
    parent: QWidget | None, branches: Sequence[BranchChoice]
) -> CodebookOptions | None:
    dialog = CodebookOptionsDialog(branches, parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_findings_options(parent: QWidget | None) -> FindingsOptions | None:
    dialog = FindingsOptionsDialog(parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_transcript_options(
    parent: QWidget | None, source: str, coders: Sequence[str]
) -> TranscriptOptions | None:
    dialog = TranscriptOptionsDialog(source, coders, parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
