"""The memos of one code, inside the code editor: a list with author and date, the selected memo
editable below it (saved as it is typed), and add and delete as undoable commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.values import MemoInfo
from workbench.gui.operations import memos
from workbench.gui.operations.run import ShowMessage
from workbench.gui.panels.memo_editor import MemoEditor
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.dialogs import Confirm, confirm_dialog
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.plain_text import PlainLabel, tip

MEMO_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def short_time(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    local = aware.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"today {local:%H:%M}"
    return f"{local.day} {local:%b %Y}"


class _MemoDelegate(QStyledItemDelegate):
    """Title in bold, "author · date" dimmed, then the first line of the text, elided."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 3 * line + 2 * self.PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        memo = index.data(MEMO_ROLE)
        if not isinstance(memo, MemoInfo):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect: QRect = opt.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        font = QFont(opt.font)
        line = QFontMetrics(font).height()
        painter.save()
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = memo.title or "(untitled)"
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(font)
        painter.setPen(text_color if selected else dim_color(palette))
        meta = f"{memo.author} · {short_time(memo.modified_at)}"
        body = " ".join(memo.text.split())
        metrics = QFontMetrics(font)
        for row, text in ((1, meta), (2, body)):
            painter.drawText(
                QRect(rect.left(), rect.top() + row * line, rect.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()


class _MemoList(QListWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(dim_color(self.palette()))
        rect = self.viewport().rect().adjusted(12, 12, -12, -12)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), "No memos on this code yet. Add one with +.")
        painter.end()


class CodeMemos(QWidget):
    """The memos attached to one code."""

    def __init__(
        self, session: ProjectSession, show_error: ShowMessage, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.show_error = show_error
        self.code = ""
        self.confirm: Confirm = confirm_dialog(self)
        self._refreshing = False

        self.title = PlainLabel("Memos")
        self.title.setObjectName("codeMemosTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.add_button = self._button("plus", "Add a memo to this code", self.add_memo)
        self.add_button.setObjectName("codeMemoAdd")
        self.edit_button = self._button("rename", "Write in the selected memo", self.edit_selected)
        self.delete_button = self._button(
            "delete", "Delete the selected memo", self.delete_selected
        )
        self.list = _MemoList()
        self.list.setObjectName("codeMemoList")
        self.list.setItemDelegate(_MemoDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(80)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.list.currentRowChanged.connect(lambda _row: self._current_changed())
        self.editor = MemoEditor(session, show_error, buttons=False)
        self.editor.setObjectName("codeMemoEditor")
        self.editor.text_edit.setMinimumHeight(80)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addWidget(self.title)
        head.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor, 1)
        session.changed.connect(self._on_changed)
        self._update_buttons()

    def _button(self, icon: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setIcon(line_icon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- content ------------------------------------------------------------------------------
    def set_code(self, code: str) -> None:
        self.editor.flush()
        self.code = code
        self.refresh()

    def memos(self) -> list[MemoInfo]:
        out = []
        for row in range(self.list.count()):
            memo = self.list.item(row).data(MEMO_ROLE)
            if isinstance(memo, MemoInfo):
                out.append(memo)
        return out

    def refresh(self) -> None:
        keep = self.editor.memo
        self._refreshing = True
        self.list.clear()
        try:
            memos = (
                self.session.project.memos.list(target_kind="code", target=self.code)
                if self.code
                else []
            )
        except NotFoundError:  # the code was just deleted or merged away
            self.code, memos = "", []
        try:
            for memo in memos:
                item = QListWidgetItem(memo.title)
                item.setData(MEMO_ROLE, memo)
                item.setToolTip(tip(memo.text[:600]))
                self.list.addItem(item)
                if keep is not None and memo.uuid == keep.uuid:
                    self.list.setCurrentItem(item)
        finally:
            self._refreshing = False
        self.title.setText(f"Memos ({len(memos)})" if memos else "Memos")
        self.editor.load(self.current_memo())  # text still being typed stays
        self._update_buttons()

    def _current_changed(self) -> None:
        if not self._refreshing:
            memo = self.current_memo()
            shown = self.editor.memo
            if shown is not None and (memo is None or memo.uuid != shown.uuid):
                saved = self.editor.flush()  # refreshes the list: find the memo chosen again
                wanted = memo if saved else shown  # not saved: its text stays in the editor
                for row, item in enumerate(self.memos()):
                    if wanted is not None and item.uuid == wanted.uuid:
                        self._refreshing = True
                        self.list.setCurrentRow(row)
                        self._refreshing = False
                memo = self.current_memo()
            self.editor.load(memo)
        self._update_buttons()

    def current_memo(self) -> MemoInfo | None:
        item = self.list.currentItem()
        memo = item.data(MEMO_ROLE) if item is not None else None
        return memo if isinstance(memo, MemoInfo) else None

    def _on_changed(self, changes: Changes) -> None:
        if self.code and changes.kinds & {"memos", "codebook", "coders", "project"}:
            self.refresh()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(bool(self.code))
        has = self.current_memo() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- edits --------------------------------------------------------------------------------
    def add_memo(self) -> None:
        """Add an untitled memo to the code and open it for writing."""
        if not self.code:
            return
        done = memos.add(self.session, target_kind="code", target=self.code, show=self.show_error)
        if done is None or not done.created:
            return
        for row, memo in enumerate(self.memos()):
            if memo.uuid == done.created[0]:
                self.list.setCurrentRow(row)
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()

    def edit_selected(self) -> None:
        if self.current_memo() is not None:
            self.editor.text_edit.setFocus()

    def delete_selected(self) -> None:
        memo = self.current_memo()
        if memo is None or not self.confirm(
            "Delete memo", f"Delete the memo “{memo.title or '(untitled)'}”?"
        ):
            return
        self.editor.flush()
        memos.delete(self.session, memo=memo.uuid, title=memo.title, show=self.show_error)
