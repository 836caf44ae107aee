"""Paints a hit as a keyword-in-context line: context dimmed, the hit highlighted, centred."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.core.search import SearchHit
from workbench.gui.search.results_model import HIT_ROLE
from workbench.gui.widgets.colors import dim_color

Index = QModelIndex | QPersistentModelIndex
_HIGHLIGHT = QColor("#ffe08a")
_PAD = 6


class KwicDelegate(QStyledItemDelegate):
    """Hit rows: ``…before [match] after…`` with the match at about a third of the width."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        painter.save()
        if style is not None:
            option.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = QRect(option.rect).adjusted(_PAD, 0, -_PAD, 0)
        metrics = QFontMetrics(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = text_color if selected else dim_color(option.palette, 0.45)
        match = bold_metrics.elidedText(hit.match, Qt.TextElideMode.ElideMiddle, rect.width() // 2)
        match_width = bold_metrics.horizontalAdvance(match)
        left_width = max(0, min(rect.width() // 3, rect.width() - match_width))
        before = metrics.elidedText(hit.before, Qt.TextElideMode.ElideLeft, left_width)
        after_width = max(0, rect.width() - left_width - match_width)
        after = metrics.elidedText(hit.after, Qt.TextElideMode.ElideRight, after_width)
        flags = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(dim)
        painter.setFont(option.font)
        left = QRect(rect.left(), rect.top(), left_width, rect.height())
        painter.drawText(left, flags | Qt.AlignmentFlag.AlignRight, before)
        middle = QRect(rect.left() + left_width, rect.top(), match_width, rect.height())
        if not selected:
            painter.fillRect(middle.adjusted(-1, 2, 1, -2), _HIGHLIGHT)
        painter.setPen(text_color if selected else QColor("#202020"))
        painter.setFont(bold)
        painter.drawText(middle, flags | Qt.AlignmentFlag.AlignLeft, match)
        painter.setPen(dim)
        painter.setFont(option.font)
        right = QRect(middle.right() + 1, rect.top(), after_width, rect.height())
        painter.drawText(right, flags | Qt.AlignmentFlag.AlignLeft, after)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height() + 6))
