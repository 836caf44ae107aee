"""Paints a memo as three lines: title and time, author (and target), the first line of text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.core.values import MemoInfo
from workbench.gui.panels.memos_model import MEMO_ROLE, TARGET_ROLE, first_line
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.labels import local_time

Index = QModelIndex | QPersistentModelIndex
PAD_X, PAD_Y, GAP = 10, 6, 2


class MemoDelegate(QStyledItemDelegate):
    """A compact memo card; the selected card gets a soft highlight so text stays readable."""

    @staticmethod
    def _fonts(font: QFont) -> tuple[QFont, QFont]:
        title = QFont(font)
        title.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.5, font.pointSizeF() * 0.88))
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, small = self._fonts(option.font)
        height = (
            QFontMetrics(title).height()
            + QFontMetrics(small).height()
            + QFontMetrics(option.font).height()
        )
        return QSize(200, 2 * PAD_Y + height + 2 * GAP + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        memo = index.data(MEMO_ROLE)
        if not isinstance(memo, MemoInfo):
            super().paint(painter, option, index)
            return
        palette = option.palette
        rect = QRect(option.rect)
        painter.save()
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        if option.state & QStyle.StateFlag.State_Selected:
            highlight.setAlpha(56)
            painter.fillRect(rect, highlight)
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), palette.highlight())
        elif option.state & QStyle.StateFlag.State_MouseOver:
            highlight.setAlpha(18)
            painter.fillRect(rect, highlight)
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(90)
        painter.setPen(line)
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

        title_font, small = self._fonts(option.font)
        tm, sm, nm = QFontMetrics(title_font), QFontMetrics(small), QFontMetrics(option.font)
        left, width = rect.left() + PAD_X, rect.width() - 2 * PAD_X
        top = rect.top() + PAD_Y
        text_color = palette.color(QPalette.ColorRole.Text)
        dim = dim_color(palette, 0.42)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        when = local_time(memo.modified_at)
        when_width = sm.horizontalAdvance(when)
        painter.setFont(small)
        painter.setPen(dim)
        painter.drawText(
            QRect(left + width - when_width, top, when_width, tm.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            when,
        )
        title = memo.title or first_line(memo.text) or "Untitled memo"
        painter.setFont(title_font)
        painter.setPen(text_color)
        room = width - when_width - 12
        painter.drawText(
            QRect(left, top, room, tm.height()),
            flags,
            tm.elidedText(title, Qt.TextElideMode.ElideRight, room),
        )
        top += tm.height() + GAP

        byline = memo.author
        target = str(index.data(TARGET_ROLE) or "")
        if target:
            byline += f"  ·  {target}"
        painter.setFont(small)
        painter.setPen(dim)
        painter.drawText(
            QRect(left, top, width, sm.height()),
            flags,
            sm.elidedText(byline, Qt.TextElideMode.ElideRight, width),
        )
        top += sm.height() + GAP

        preview = first_line(memo.text) if memo.title else ""
        if not preview and memo.title:
            preview = "(no text)"
        painter.setFont(option.font)
        painter.setPen(dim_color(palette, 0.22))
        painter.drawText(
            QRect(left, top, width, nm.height()),
            flags,
            nm.elidedText(preview, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()
