"""The editing half of the Memos panel: title, text, byline and the New / Delete buttons.

Title and text save themselves as the user types (``AutosaveField``): one undo step per burst."""

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

from workbench.core.errors import ValidationError
from workbench.core.values import MemoInfo
from workbench.gui.operations import memos
from workbench.gui.panels.memos_model import target_text
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.autosave import AutosaveField, ShowMessage
from workbench.gui.widgets.conflict_bar import ConflictBar
from workbench.gui.widgets.icons import line_icon, standard_icon
from workbench.gui.widgets.labels import local_time, small_label
from workbench.gui.widgets.plain_text import tip


class MemoEditor(QWidget):
    """Shows one memo for editing and saves what is typed; ``edited`` fires as the user types
    (never while loading). ``buttons=False`` leaves out New and Delete."""

    edited = Signal()

    def __init__(
        self,
        session: ProjectSession,
        show_error: ShowMessage,
        parent: QWidget | None = None,
        *,
        buttons: bool = True,
    ) -> None:
        super().__init__(parent)
        self.session = session
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
        self.conflict_bar = ConflictBar("memoConflict")
        layout.addWidget(self.conflict_bar)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        self.new_button.setVisible(buttons)
        self.delete_button.setVisible(buttons)

        registry = session.autosave
        self.title_field = AutosaveField(
            self.title_edit,
            self._save_title,
            registry,
            what="Memo title",
            show_error=show_error,
            theirs_key="title",
        )
        self.text_field = AutosaveField(
            self.text_edit,
            self._save_text,
            registry,
            what="Memo text",
            show_error=show_error,
            theirs_key="text",
        )
        for field in (self.title_field, self.text_field):
            self.conflict_bar.watch(field)
        self.title_edit.textEdited.connect(self._typed)
        self.text_edit.textChanged.connect(self._typed)
        self.load(None)

    def _typed(self) -> None:
        if self.memo is not None:
            self.edited.emit()

    def _check_not_empty(self) -> None:
        if not self.title().strip() and not self.text().strip():
            raise ValidationError("A memo needs a title or some text.")

    def _save_title(self, memo: str, title: str, burst: str) -> None:
        self._check_not_empty()
        memos.edit_title(self.session, memo=memo, title=title, burst=burst, shown=self._version())

    def _save_text(self, memo: str, text: str, burst: str) -> None:
        self._check_not_empty()
        title = self.memo.title if self.memo is not None else ""
        memos.edit_text(
            self.session, memo=memo, text=text, title=title, burst=burst, shown=self._version()
        )

    def _version(self) -> int | None:
        """The shown memo's version as read (None: none shown)."""
        return self.memo.version if self.memo is not None else None

    def flush(self) -> bool:
        """Save what is typed now; False if it could not be saved (it stays shown)."""
        return self.title_field.finish() & self.text_field.finish()

    def load(self, memo: MemoInfo | None) -> None:
        """Show ``memo`` (None: an empty, disabled editor); pending text of another memo is
        saved first, and text still being typed into this one stays."""
        target = memo.uuid if memo else None
        if self.memo is not None and self.memo.uuid != target:
            self.flush()
        self.memo = memo
        self.title_field.load(target, memo.title if memo else "")
        self.text_field.load(target, memo.text if memo else "")
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
        """Whether the title or text hold typing not saved yet."""
        return self.title_field.pending() or self.text_field.pending()
