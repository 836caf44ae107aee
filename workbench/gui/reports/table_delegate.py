"""Paints report cells: code headers with their swatch and indentation, counts right-aligned with
dimmed percentages, heat-map shading for matrices and data bars for frequencies — all from the
palette, so light and dark themes both read well."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from workbench.core.reports import Cell, Header
from workbench.gui.reports.table_model import (
    BAR_KINDS,
    CELL_ROLE,
    HEADER_ROLE,
    HEAT_ROLE,
    SHADED_KINDS,
    ReportTableModel,
    count_text,
)
from workbench.gui.widgets.colors import dim_color

Index = QModelIndex | QPersistentModelIndex
PAD = 8
INDENT = 14
SWATCH = 10


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    amount = min(1.0, max(0.0, amount))
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


def heat_color(palette: QPalette, share: float) -> QColor:
    """The shading of a heat-map cell: the base colour towards the accent. Any count above
    zero is clearly tinted, so a single co-occurrence is not lost next to a large one."""
    amount = 0.04 if share <= 0 else 0.2 + 0.7 * min(share, 1.0)
    return mix(palette.color(QPalette.ColorRole.Base), accent(palette), amount)


def accent(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Highlight)


def readable_on(color: QColor, palette: QPalette) -> QColor:
    """Text or base colour, whichever contrasts more with ``color``."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)

    def distance(other: QColor) -> float:
        return abs(other.lightnessF() - color.lightnessF())

    return text if distance(text) >= distance(base) else base


class ReportDelegate(QStyledItemDelegate):
    """One delegate for every column of the report table."""

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def _kind(self) -> str:
        return self._model.table.kind if self._model.table is not None else ""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        header = index.data(HEADER_ROLE)
        extra = 2 * PAD
        if index.column() == 0 and isinstance(header, Header):
            extra += header.depth * INDENT + (SWATCH + 6 if header.color else 0)
        return QSize(
            size.width() + extra, max(size.height(), QFontMetrics(option.font).height() + 8)
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        palette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        rect = QRect(opt.rect)
        if index.column() == 0:
            self._paint_label(painter, opt, index, selected)
        else:
            self._paint_count(painter, opt, index, selected)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(70)
        painter.setPen(grid)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if selected:
            ring = QColor(accent(palette))
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()

    # -- the row header column ---------------------------------------------------------------
    def _paint_label(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, selected: bool
    ) -> None:
        palette = opt.palette
        rect = QRect(opt.rect)
        header = index.data(HEADER_ROLE)
        background = palette.color(QPalette.ColorRole.AlternateBase)
        if selected:
            background = mix(background, accent(palette), 0.25)
        painter.fillRect(rect, background)
        left = rect.left() + PAD
        font = QFont(opt.font)
        if isinstance(header, Header):
            left += header.depth * INDENT
            if header.depth == 0 and self._kind() in ("frequencies", "cooccurrence", "matrix"):
                font.setBold(self._model.table is not None and self._has_levels())
            if header.color:
                swatch = QRectF(left, rect.center().y() - SWATCH / 2 + 0.5, SWATCH, SWATCH)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QColor(header.color).darker(130))
                painter.setBrush(QColor(header.color))
                painter.drawRoundedRect(swatch, 2.5, 2.5)
                left += SWATCH + 6
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_rect = QRect(left, rect.top(), rect.right() - left - PAD // 2, rect.height())
        label = QFontMetrics(font).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), label)

    def _has_levels(self) -> bool:
        table = self._model.table
        return table is not None and any(h.depth > 0 for h in table.rows)

    # -- count columns -----------------------------------------------------------------------
    def _paint_count(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, selected: bool
    ) -> None:
        palette = opt.palette
        rect = QRect(opt.rect)
        cell = index.data(CELL_ROLE)
        share = index.data(HEAT_ROLE)
        kind = self._kind()
        total = self._model.is_total(index.column() - 1)
        text_color = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        if not isinstance(cell, Cell) or cell.value is None:
            painter.fillRect(rect, mix(base, palette.color(QPalette.ColorRole.Mid), 0.18))
            return
        if kind in SHADED_KINDS and not total and isinstance(share, float):
            fill = heat_color(palette, share)
            painter.fillRect(rect, fill)
            text_color = readable_on(fill, palette)
        elif total:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        if kind in BAR_KINDS and index.column() == 1 and isinstance(share, float) and share > 0:
            self._paint_bar(painter, rect, share, index, opt)
        if total:
            edge = QColor(palette.color(QPalette.ColorRole.Mid))
            painter.setPen(edge)
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
        font = QFont(opt.font)
        font.setBold(total)
        if kind in BAR_KINDS and index.column() == 1:
            font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text_rect = rect.adjusted(PAD, 0, -PAD, 0)
        align = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if cell.percent is not None:
            percent = f"{cell.percent:.1f}%"
            painter.setPen(text_color)
            painter.drawText(text_rect, align, percent)
            used = metrics.horizontalAdvance(percent) + 8
            painter.setPen(mix(text_color, base, 0.45) if text_color != base else text_color)
            painter.setFont(opt.font)
            painter.drawText(text_rect.adjusted(0, 0, -used, 0), align, count_text(cell))
            return
        zero = cell.value == 0
        painter.setPen(dim_color(palette, 0.55) if zero else text_color)
        painter.drawText(text_rect, align, count_text(cell))

    def _paint_bar(
        self, painter: QPainter, rect: QRect, share: float, index: Index, opt: QStyleOptionViewItem
    ) -> None:
        """A data bar left of the number; every row of the column shares its scale."""
        header = index.data(HEADER_ROLE)
        color = QColor(header.color) if isinstance(header, Header) and header.color else None
        bar = QColor(color or accent(opt.palette))
        bar.setAlphaF(0.55)
        bold = QFont(opt.font)
        bold.setBold(True)
        widest = QFontMetrics(bold).horizontalAdvance(f"{self._model.column_max(0):,.0f}")
        room = rect.adjusted(6, 6, -(PAD + widest + 8), -6)
        if room.width() < 12:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar)
        width = max(2.0, room.width() * share)
        painter.drawRoundedRect(QRectF(room.left(), room.top(), width, room.height()), 2, 2)
