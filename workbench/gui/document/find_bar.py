"""Find in the document: the ``find_all`` hook and the bar under the text (``findBar``)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from workbench.core.errors import ValidationError
from workbench.core.search.service import find_in_text
from workbench.gui.widgets.plain_text import PlainLabel


def find_all(
    text: str, query: str, turns: list[list[object]] | None = None
) -> list[tuple[int, int]]:
    """The hits of ``query`` as ``(start, end)`` code points, found exactly as the project
    search finds them (words with their stems, "phrases", OR/NOT, wildcards, ``speaker:``).
    A query that is not (yet) well formed, such as an open quote while typing, is matched
    literally, ignoring case."""
    if not query.strip():
        return []
    try:
        return find_in_text(text, query, stemming=True, turns=turns)
    except ValidationError:
        return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


class _FindEdit(QLineEdit):
    stepped = Signal(bool)  # True: forward
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepped.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QFrame):
    """Query field, "3 of 12", previous/next and close; the view does the searching."""

    query_changed = Signal(str)
    stepped = Signal(bool)  # True: to the next match, False: to the previous one
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.backgroundRole().Window)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.setSpacing(4)
        self.edit = _FindEdit()
        self.edit.setObjectName("findField")
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.count = PlainLabel("")
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(80)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        style = self.style()
        self.previous_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), "Previous match (Shift+Enter)"
        )
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Next match (Enter)"
        )
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton), "Close (Esc)"
        )
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(6)
        layout.addWidget(self.close_button)
        self.edit.textChanged.connect(self.query_changed)
        self.edit.stepped.connect(self.stepped)
        self.edit.escaped.connect(self.close_bar)
        self.previous_button.clicked.connect(lambda: self.stepped.emit(False))
        self.next_button.clicked.connect(lambda: self.stepped.emit(True))
        self.close_button.clicked.connect(self.close_bar)
        self.hide()

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def open_bar(self, query: str = "") -> None:
        self.show()
        if query:
            self.edit.setText(query)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def query(self) -> str:
        return self.edit.text()

    def set_count(self, current: int, total: int) -> None:
        """Show "3 of 12" (``current`` counts from 0; -1 for none chosen)."""
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        elif current < 0:
            self.count.setText(f"{total:,} matches")
        else:
            self.count.setText(f"{current + 1:,} of {total:,}")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)
