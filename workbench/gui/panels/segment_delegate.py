"""Paints a coded segment as a small card: a meta line, then the text with dimmed context."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.core.values import Segment
from workbench.gui.media.clock import time_span
from workbench.gui.panels.segments_model import COLOR_ROLE, LABEL_ROLE, SEGMENT_ROLE
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.plain_text import escaped

Index = QModelIndex | QPersistentModelIndex
PAD_X, PAD_Y, BAR = 12, 7, 4


def _context_before(segment: Segment) -> str:
    text = segment.before
    if text and segment.start > len(text):  # cut mid-text: start at a word
        cut = text.find(" ")
        text = "…" + (text[cut + 1 :] if 0 <= cut < len(text) - 1 else text)
    return text


def _context_after(segment: Segment) -> str:
    text = segment.after
    if text and not text.endswith("\n"):
        cut = text.rfind(" ")
        text = (text[:cut] if cut > 0 else text) + "…"
    return text


def _context_html(text: str) -> str:
    """Context on one line: paragraph breaks become a dimmed pilcrow, spacing is kept."""
    return escaped(re.sub(r"[ \t]*\n\s*", " ¶ ", text))


def segment_html(segment: Segment, dim: QColor) -> str:
    """The segment in bold between its dimmed context, paragraphs kept inside the segment."""
    body = escaped(segment.text.strip("\n"))
    before = _context_html(_context_before(segment))
    after = _context_html(_context_after(segment))
    span = f'<span style="color:{dim.name()}">'
    return f"{span}{before}</span><b>{body}</b>{span}{after}</span>"


class SegmentDelegate(QStyledItemDelegate):
    """Word-wrapped segment cards; rich text is laid out once per row and width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._docs: dict[tuple[str, int], QTextDocument] = {}

    def clear_cache(self) -> None:
        self._docs.clear()

    def _meta_font(self, font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.5, font.pointSizeF() * 0.88))
        return small

    def _text_width(self) -> int:
        return max(120, self._view.viewport().width() - 2 * PAD_X - BAR)

    def _document(
        self, segment: Segment, width: int, palette: QPalette, font: QFont
    ) -> QTextDocument:
        key = (segment.coding_uuid, width)
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 2000:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(font)
            doc.setHtml(segment_html(segment, dim_color(palette, 0.5)))
            doc.setTextWidth(width)
            self._docs[key] = doc
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        segment = index.data(SEGMENT_ROLE)
        if not isinstance(segment, Segment):
            return super().sizeHint(option, index)
        width = self._text_width()
        doc = self._document(segment, width, option.palette, option.font)
        meta = QFontMetrics(self._meta_font(option.font)).height()
        height = PAD_Y + meta + 4 + int(doc.size().height()) + PAD_Y + 1
        return QSize(width + 2 * PAD_X + BAR, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        segment = index.data(SEGMENT_ROLE)
        if not isinstance(segment, Segment):
            super().paint(painter, option, index)
            return
        palette = option.palette
        rect = QRect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(48)
            painter.fillRect(rect, tint)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            hover = QColor(palette.color(QPalette.ColorRole.Highlight))
            hover.setAlpha(16)
            painter.fillRect(rect, hover)
        color = QColor(str(index.data(COLOR_ROLE)))
        painter.fillRect(QRect(rect.left(), rect.top() + 4, BAR, rect.height() - 8), color)
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(90)
        painter.setPen(line)
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

        left = rect.left() + BAR + PAD_X
        width = rect.width() - BAR - 2 * PAD_X
        meta_font = self._meta_font(option.font)
        metrics = QFontMetrics(meta_font)
        painter.setFont(meta_font)
        top = rect.top() + PAD_Y
        line_rect = QRect(left, top, width, metrics.height())
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        bold = QFont(meta_font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        rest = (f"  ·  {', '.join(segment.cases)}" if segment.cases else "") + (
            f"  ·  {time_span(segment.start_ms, segment.end_ms)}"
            if segment.start_ms is not None
            else ""
        )
        rest += f"  ·  {segment.coder}"
        head_room = int(width * 0.58)
        source = bold_metrics.elidedText(segment.place, Qt.TextElideMode.ElideRight, head_room)
        used = bold_metrics.horizontalAdvance(source)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(line_rect, align, source)
        dim = dim_color(palette, 0.4)
        painter.setFont(meta_font)
        painter.setPen(dim)
        rest = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max(0, head_room - used))
        painter.drawText(line_rect.adjusted(used, 0, 0, 0), align, rest)
        used += metrics.horizontalAdvance(rest)
        path_room = width - used - 16
        if path_room > 30:
            label = str(index.data(LABEL_ROLE) or segment.code_path)
            path = metrics.elidedText(label, Qt.TextElideMode.ElideLeft, path_room)
            path_width = metrics.horizontalAdvance(path)
            swatch = QRect(0, 0, 8, 8)
            swatch.moveCenter(line_rect.center())
            swatch.moveRight(line_rect.right() - path_width - 5)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(swatch, 2, 2)
            painter.setPen(dim)
            painter.drawText(
                line_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), path
            )
        doc = self._document(segment, width, palette, option.font)
        painter.translate(left, top + metrics.height() + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = palette
        context.clip = QRectF(0, 0, width, doc.size().height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
