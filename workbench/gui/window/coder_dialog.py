"""Who is coding: pick one of the project's coders or add yourself, with a colour (your initials
show as you type). Asked before the first edit, so no work lands under the login name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.palette import coder_color
from workbench.core.services.coders import initials
from workbench.core.values import CoderInfo
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.plain_text import PlainLabel

NAME_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class CoderChoice:
    """The name to code under, and the colour for a new coder (None: the project picks)."""

    name: str
    color: str | None = None


class CoderDialog(QDialog):
    """Choose who you are in this project. It has no Cancel: the work must carry a name."""

    def __init__(
        self, coders: Sequence[CoderInfo], suggested: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("coderDialog")
        self.setWindowTitle("Who is coding?")
        self._known = {c.name: c for c in coders}
        self._color = coder_color(len(coders))
        intro = PlainLabel(
            "Your codings, memos and the project's history carry this name, and team views "
            "show your initials and colour. Choose yourself or add your name."
        )
        intro.setWordWrap(True)
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("coderList")
        for coder in coders:
            item = QListWidgetItem(
                swatch_icon(coder.color), f"{coder.name}  ({initials(coder.name)})"
            )
            item.setData(NAME_ROLE, coder.name)
            self.coder_list.addItem(item)
        self.coder_list.setVisible(bool(coders))
        rows = min(max(len(coders), 1), 6)  # the list as tall as its coders (it scrolls past 6)
        self.coder_list.setFixedHeight(
            rows * self.coder_list.sizeHintForRow(0) + 2 * self.coder_list.frameWidth() + 4
        )
        self.coder_list.itemClicked.connect(self._picked)
        self.coder_list.itemActivated.connect(self._picked)
        self.name = QLineEdit()
        self.name.setObjectName("coderName")
        self.name.setPlaceholderText("Your name, e.g. Maya Chen")
        self.name.textChanged.connect(self._typed)
        self.initials = PlainLabel()
        self.initials.setObjectName("coderInitials")
        self.color_button = QPushButton("Colour…")
        self.color_button.setObjectName("coderColor")
        self.color_button.clicked.connect(self._choose_color)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.initials)
        row.addWidget(self.color_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("coderOk")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if coders:
            layout.addWidget(PlainLabel("This project's coders:"))
            layout.addWidget(self.coder_list)
            layout.addWidget(PlainLabel("Or add a new coder:"))
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.name.setText(suggested)
        self.name.setFocus()
        self._choice = CoderChoice(suggested)
        self.resize(440, self.sizeHint().height())

    def choice(self) -> CoderChoice:
        """What was chosen when OK was pressed."""
        return self._choice

    def accept(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            return
        self._choice = CoderChoice(name, None if name in self._known else self._color)
        super().accept()

    def reject(self) -> None:  # Esc: the name must be settled; the dialog stays
        return

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.name.setText(str(item.data(NAME_ROLE)))

    def _typed(self, text: str) -> None:
        name = " ".join(text.split())
        known = self._known.get(name)
        color = known.color if known else self._color
        self.initials.setText(f"Initials: {initials(name)}" if name else "")
        self.color_button.setIcon(swatch_icon(color))
        self.color_button.setEnabled(known is None)
        self.ok.setEnabled(bool(name))
        self.ok.setText(f"Code as {name}" if name else "OK")
        for row in range(self.coder_list.count()):
            item = self.coder_list.item(row)
            if item.data(NAME_ROLE) == name and not item.isSelected():
                self.coder_list.setCurrentItem(item)

    def _choose_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self, "Your colour")
        if chosen.isValid():
            self._color = chosen.name()
            self._typed(self.name.text())


def ask_coder_dialog(
    parent: QWidget | None, coders: Sequence[CoderInfo], suggested: str
) -> CoderChoice:
    """The default question: the dialog, answered (it cannot be cancelled)."""
    dialog = CoderDialog(coders, suggested, parent)
    dialog.exec()
    return dialog.choice()
