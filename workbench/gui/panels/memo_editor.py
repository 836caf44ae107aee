"""The editing half of the Memos panel: title, text, byline and the New / Delete / Save buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.core.values import MemoInfo
from workbench.gui.panels.memos_model import target_text
from workbench.gui.widgets.icons import line_icon, standard_icon
from workbench.gui.widgets.labels import local_time, small_label
from workbench.gui.widgets.plain_text import tip


class MemoEditor(QWidget):
    """Shows one memo for editing; ``edited`` fires as the user types (never while loading)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.memo: MemoInfo | None = None
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("memoTitle")
        self.title_edit.setPlaceholderText("Title")
        title_font = self.title_edit.font()
        title_font.setBold(True)
        self.title_edit.setFont(title_font)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("memoText")
        self.text_edit.setPlaceholderText("Write the memo here…")
        self.text_edit.document().setDocumentMargin(8)
        self.meta_label = small_label(object_name="memoMeta")

        self.new_button = QPushButton(line_icon("plus"), "New")
        self.new_button.setObjectName("memosNew")
        self.save_button = QPushButton(
            standard_icon(QStyle.StandardPixmap.SP_DialogSaveButton), "Save"
        )
        self.save_button.setObjectName("memosSave")
        self.save_button.setToolTip("Save the memo (Ctrl+S)")
        self.delete_button = QPushButton(
            standard_icon(QStyle.StandardPixmap.SP_TrashIcon), "Delete"
        )
        self.delete_button.setObjectName("memosDelete")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_edit)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.meta_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.title_edit.textChanged.connect(self._typed)
        self.text_edit.textChanged.connect(self._typed)
        self.load(None)

    def _typed(self) -> None:
        self.edited.emit()

    def load(self, memo: MemoInfo | None) -> None:
        """Show ``memo`` (None: an empty, disabled editor)."""
        self.memo = memo
        for widget in (self.title_edit, self.text_edit):
            widget.blockSignals(True)
        try:
            self.title_edit.setText(memo.title if memo else "")
            self.text_edit.setPlainText(memo.text if memo else "")
        finally:
            for widget in (self.title_edit, self.text_edit):
                widget.blockSignals(False)
        for widget in (self.title_edit, self.text_edit):
            widget.setEnabled(memo is not None)
        if memo is None:
            self.meta_label.setText("Select a memo, or press New.")
            self.meta_label.setToolTip("")
            return
        meta = f"{memo.author}  ·  written {local_time(memo.created_at)}"
        if memo.modified_at != memo.created_at:
            meta += f"  ·  edited {local_time(memo.modified_at)}"
        self.meta_label.setText(meta)
        self.meta_label.setToolTip(tip(target_text(memo)))

    def title(self) -> str:
        return self.title_edit.text()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def is_dirty(self) -> bool:
        """Whether the title or text differ from the loaded memo."""
        memo = self.memo
        if memo is None:
            return False
        return self.title() != memo.title or self.text() != memo.text
