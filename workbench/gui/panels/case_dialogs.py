"""The Cases panel's questions: a new attribute (name, type, choices) and a source to link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.values import CaseInfo, SourceInfo
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.plain_text import PlainLabel


class AttributeSpec(NamedTuple):
    name: str
    type: str  # text, number, date, boolean or choice
    choices: tuple[str, ...] = ()


class LinkChoice(NamedTuple):
    source: str  # uuid
    speaker: str = ""  # "" links the whole source


AskAttribute = Callable[[], AttributeSpec | None]
AskLink = Callable[[CaseInfo, list[SourceInfo]], LinkChoice | None]
ChooseFile = Callable[[], Path | None]

TYPES: tuple[tuple[str, str], ...] = (
    ("text", "Text"),
    ("number", "Number"),
    ("date", "Date"),
    ("boolean", "Yes / no"),
    ("choice", "Choice from a list"),
)


class AttributeDialog(QDialog):
    """Asks for a case attribute: its name, type and (for a choice) the choices, one a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case attribute")
        self.setMinimumWidth(380)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. years_of_experience")
        self.type_combo = QComboBox()
        for key, text in TYPES:
            self.type_combo.addItem(text, key)
        self.choices_edit = QPlainTextEdit()
        self.choices_edit.setPlaceholderText("One choice a line")
        self.choices_edit.setFixedHeight(96)
        form = QFormLayout()
        form.addRow("Name:", self.name_edit)
        form.addRow("Type:", self.type_combo)
        self.choices_label = PlainLabel("Choices:")
        form.addRow(self.choices_label, self.choices_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(small_label("Every case gets this attribute; values start empty."))
        layout.addWidget(self.buttons)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.name_edit.textChanged.connect(self._validate)
        self.choices_edit.textChanged.connect(self._validate)
        self._type_changed()

    def _type_changed(self) -> None:
        is_choice = self.type_combo.currentData() == "choice"
        self.choices_edit.setVisible(is_choice)
        self.choices_label.setVisible(is_choice)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.name_edit.text().strip())
        if self.type_combo.currentData() == "choice":
            ok = ok and bool(self.spec().choices)
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)

    def spec(self) -> AttributeSpec:
        kind = str(self.type_combo.currentData())
        choices: tuple[str, ...] = ()
        if kind == "choice":
            lines = (line.strip() for line in self.choices_edit.toPlainText().splitlines())
            choices = tuple(dict.fromkeys(line for line in lines if line))
        return AttributeSpec(self.name_edit.text().strip(), kind, choices)


class LinkDialog(QDialog):
    """Chooses a source to link a case to, and optionally one speaker in it."""

    def __init__(
        self, case: CaseInfo, sources: list[SourceInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Link case {case.name}")
        self.setMinimumWidth(380)
        self._sources = sources
        self.source_combo = QComboBox()
        for info in sources:
            self.source_combo.addItem(info.name, info.uuid)
        same = self.source_combo.findText(case.name)
        if same >= 0:
            self.source_combo.setCurrentIndex(same)
        self.speaker_combo = QComboBox()
        form = QFormLayout()
        form.addRow("Source:", self.source_combo)
        form.addRow("Speaker:", self.speaker_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            small_label("Choose a speaker to link only their turns (for focus groups).")
        )
        layout.addWidget(buttons)
        self.source_combo.currentIndexChanged.connect(self._fill_speakers)
        self._fill_speakers()

    def _fill_speakers(self) -> None:
        uuid = self.source_combo.currentData()
        info = next((s for s in self._sources if s.uuid == uuid), None)
        self.speaker_combo.clear()
        self.speaker_combo.addItem("The whole source", "")
        for speaker in info.speakers if info else ():
            self.speaker_combo.addItem(speaker, speaker)

    def choice(self) -> LinkChoice | None:
        uuid = self.source_combo.currentData()
        if not uuid:
            return None
        return LinkChoice(str(uuid), str(self.speaker_combo.currentData() or ""))


def ask_attribute_dialog(parent: QWidget) -> AskAttribute:
    def ask() -> AttributeSpec | None:
        dialog = AttributeDialog(parent)
        return dialog.spec() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return ask


def ask_link_dialog(parent: QWidget) -> AskLink:
    def ask(case: CaseInfo, sources: list[SourceInfo]) -> LinkChoice | None:
        dialog = LinkDialog(case, sources, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return ask


def choose_csv_dialog(parent: QWidget) -> ChooseFile:
    def choose() -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import participants", "", "Tables (*.csv *.tsv *.txt);;All files (*)"
        )
        return Path(path) if path else None

    return choose
