"""A small dialog to set a coding's range precisely, with a live preview of the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.text.offsets import OffsetMap
from workbench.gui.widgets.plain_text import PlainLabel

_CONTEXT = 160


class RangeDialog(QDialog):
    """Start and end (code points) of a range of ``text``; the preview shows it in context."""

    def __init__(
        self, text: str, start: int, end: int, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rangeDialog")
        self.setWindowTitle("Adjust range")
        self._text = text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 10)
        layout.setSpacing(10)
        if title:
            heading = PlainLabel(title)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            layout.addWidget(heading)
        form = QFormLayout()
        self.start = QSpinBox()
        self.start.setObjectName("rangeStart")
        self.end = QSpinBox()
        self.end.setObjectName("rangeEnd")
        for box in (self.start, self.end):
            box.setRange(0, len(text))
            box.setGroupSeparatorShown(True)
            box.setAccelerated(True)
        self.start.setValue(start)
        self.end.setValue(end)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        layout.addLayout(form)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("rangePreview")
        self.preview.setReadOnly(True)
        self.preview.setMinimumSize(460, 150)
        layout.addWidget(self.preview, 1)
        self.length = PlainLabel()
        self.length.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.length)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.start.valueChanged.connect(self._changed)
        self.end.valueChanged.connect(self._changed)
        self._changed()

    def value(self) -> tuple[int, int]:
        return self.start.value(), self.end.value()

    def _changed(self) -> None:
        start, end = self.value()
        valid = start < end
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)
        lo, hi = max(0, start - _CONTEXT), min(len(self._text), max(start, end) + _CONTEXT)
        before, inside, after = self._text[lo:start], self._text[start:end], self._text[end:hi]
        shown = ("…" if lo else "") + before + inside + after
        self.preview.setPlainText(shown)
        if valid:
            cursor = QTextCursor(self.preview.document())
            first = len(before) + (1 if lo else 0)
            offsets = OffsetMap(shown)
            cursor.setPosition(offsets.to_utf16(first))
            cursor.setPosition(
                offsets.to_utf16(first + len(inside)), QTextCursor.MoveMode.KeepAnchor
            )
            chosen = QTextCharFormat()
            chosen.setFontWeight(QFont.Weight.Bold)
            chosen.setBackground(self.palette().color(QPalette.ColorRole.Highlight).lighter(160))
            chosen.setForeground(self.palette().color(QPalette.ColorRole.Text))
            cursor.mergeCharFormat(chosen)
            self.preview.setTextCursor(cursor)
            self.preview.moveCursor(QTextCursor.MoveOperation.Left)
            self.preview.centerCursor()
        words = len(inside.split())
        self.length.setText(
            f"{end - start:,} characters, {words:,} words"
            if valid
            else "The end must come after the start."
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, text: str, start: int, end: int, title: str = ""
    ) -> tuple[int, int] | None:
        """Run the dialog; the new range, or None when cancelled or unchanged."""
        dialog = cls(text, start, end, title, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.value()
        return None if chosen == (start, end) else chosen
