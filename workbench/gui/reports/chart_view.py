"""Charts of a report drawn with QPainter in the palette's colours: a horizontal bar chart for
frequencies and word counts, a heat map for co-occurrence and code × attribute matrices.

A click on a bar or a cell reports it as ``cell_activated(row, column)`` in table coordinates,
so the chart opens the same segments as the table. Only the rows and cells inside the repainted
area are drawn, so a 500 × 500 co-occurrence map scrolls smoothly."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from workbench.core.reports import ReportTable
from workbench.gui.reports.chart_layout import (
    BAR_ROW,
    INDENT,
    MARGIN,
    MAX_LABEL,
    MIN_CELL,
    BarLayout,
    HeatLayout,
    nice_step,
)
from workbench.gui.reports.table_delegate import accent, heat_color, mix, readable_on
from workbench.gui.reports.table_model import BAR_KINDS, TOTAL_KEY, count_text, shown_value
from workbench.gui.widgets.colors import dim_color

CENTER = int(Qt.AlignmentFlag.AlignCenter)
VCENTER = int(Qt.AlignmentFlag.AlignVCenter)


class ReportChart(QWidget):
    """Set a table with ``set_table``; ``column`` picks the bar chart's measure."""

    cell_activated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.setMouseTracking(True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table: ReportTable | None = None
        self.column = 0
        self.placeholder = ""
        self._hover: tuple[int, int] | None = None

    def set_table(self, table: ReportTable | None, column: int = 0) -> None:
        self.table = table
        self.column = column if table is not None and 0 <= column < len(table.columns) else 0
        self._hover = None
        self._update_size()
        self.update()

    @property
    def mode(self) -> str:
        """ "bar", "heat" or "" (nothing to draw)."""
        if self.table is None or not self.table.rows:
            return ""
        return "bar" if self.table.kind in BAR_KINDS else "heat"

    # -- fonts and sizes ---------------------------------------------------------------------
    def _bold(self, scale: float = 1.0) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def _small(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.86))
        return font

    def _label_width(self) -> int:
        assert self.table is not None
        metrics = QFontMetrics(self._bold())
        widest = max(
            (metrics.horizontalAdvance(h.label) + h.depth * INDENT + 34 for h in self.table.rows),
            default=60,
        )
        return min(widest, MAX_LABEL, max(120, int(self.width() * 0.38)))

    def _plot_top(self) -> int:
        title = QFontMetrics(self._bold(1.12)).height()
        return MARGIN + title + QFontMetrics(self._small()).height() + 12

    def _longest_column_label(self) -> int:
        assert self.table is not None
        metrics = QFontMetrics(self._small())
        return min(
            max((metrics.horizontalAdvance(c.label) for c in self.table.columns), default=0), 170
        )

    def bar_layout(self) -> BarLayout:
        assert self.table is not None
        values = [shown_value(row[self.column]) or 0.0 for row in self.table.cells]
        peak = max(values, default=0.0)
        step = nice_step(peak)
        top = step * math.ceil(peak / step) if peak > 0 else 1.0
        label = self._label_width()
        room = QFontMetrics(self._small()).horizontalAdvance(f"{peak:,.0f}00") + 8
        left = MARGIN + label
        width = max(40.0, self.width() - MARGIN - left - room)
        return BarLayout(
            rows=len(self.table.rows),
            label_width=label,
            left=left,
            width=width,
            grid_top=self._plot_top() + 22,
            right=self.width() - MARGIN,
            step=step,
            top=top,
        )

    def heat_layout(self) -> HeatLayout:
        assert self.table is not None
        columns = tuple(i for i, c in enumerate(self.table.columns) if c.key != TOTAL_KEY)
        count = max(1, len(columns))
        label = self._label_width()
        longest = self._longest_column_label()
        line = QFontMetrics(self._small()).height()
        widest = 140.0 if self.table.kind == "matrix" else 64.0
        room = self.width() - 2 * MARGIN - label
        cell = max(MIN_CELL, min(widest, room / count))
        rotated = cell < longest + 12
        if rotated:  # labels lean right past the last column: keep room for them
            cell = max(MIN_CELL, min(widest, (room - longest * 0.72) / count))
        head = int(longest * 0.72) + line + 6 if rotated else line + 10
        return HeatLayout(
            rows=len(self.table.rows),
            columns=columns,
            label_width=label,
            left=MARGIN + label,
            grid_top=self._plot_top() + head,
            cell_width=cell,
            cell_height=max(20.0, min(cell, 30.0)),
            rotated=rotated,
        )

    def _needed(self) -> QSize:
        if self.table is None or not self.mode:
            return QSize(200, 120)
        if self.mode == "bar":
            return QSize(360, int(self.bar_layout().row_rect(len(self.table.rows)).top()) + MARGIN)
        layout = self.heat_layout()
        extra = int(self._longest_column_label() * 0.72) if layout.rotated else 0
        width = 2 * MARGIN + min(self._label_width(), 160) + int(MIN_CELL * len(layout.columns))
        return QSize(width + extra, int(layout.bottom) + 56 + MARGIN)

    def _update_size(self) -> None:
        needed = self._needed()
        self.setMinimumSize(needed.width(), needed.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._needed().height()
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def sizeHint(self) -> QSize:
        return self._needed()

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        clip = QRectF(event.rect())
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        if self.table is None or not self.mode:
            painter.setPen(dim_color(palette, 0.45))
            flags = CENTER | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(self.rect().adjusted(16, 16, -16, -16), flags, self.placeholder)
            return
        self._paint_title(painter, palette)
        if self.mode == "bar":
            self._paint_bars(painter, palette, self.bar_layout(), clip)
        else:
            self._paint_heat(painter, palette, self.heat_layout(), clip)
        painter.end()

    def _paint_title(self, painter: QPainter, palette: QPalette) -> None:
        assert self.table is not None
        font = self._bold(1.12)
        line = QFontMetrics(font).height()
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(MARGIN, MARGIN, self.width() - 2 * MARGIN, line), 0, self.table.title
        )
        if self.mode == "bar":
            subtitle = f"{self.table.columns[self.column].label} per {self.table.corner.lower()}"
        else:
            subtitle = "Shading grows with the count; click a cell to read its segments"
        painter.setFont(self._small())
        painter.setPen(dim_color(palette, 0.35))
        rect = QRect(MARGIN, MARGIN + line + 2, self.width() - 2 * MARGIN, line)
        text = QFontMetrics(self._small()).elidedText(
            subtitle, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect, 0, text)

    def _paint_row_label(
        self, painter: QPainter, palette: QPalette, row: int, rect: QRectF, *, swatch: bool
    ) -> None:
        assert self.table is not None
        header = self.table.rows[row]
        inner = rect.adjusted(header.depth * INDENT, 0, -10, 0)
        if swatch and header.color:
            painter.setPen(QColor(header.color).darker(130))
            painter.setBrush(QColor(header.color))
            painter.drawRoundedRect(QRectF(inner.left(), inner.center().y() - 4.5, 9, 9), 2, 2)
            inner.adjust(15, 0, 0, 0)
        levels = any(h.depth > 0 for h in self.table.rows)
        font = self._bold() if levels and header.depth == 0 else QFont(self.font())
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text = QFontMetrics(font).elidedText(
            header.label, Qt.TextElideMode.ElideRight, int(inner.width())
        )
        painter.drawText(inner, VCENTER, text)

    def _paint_bars(
        self, painter: QPainter, palette: QPalette, layout: BarLayout, clip: QRectF
    ) -> None:
        assert self.table is not None
        table = self.table
        bottom = layout.grid_top + layout.rows * BAR_ROW
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        painter.setFont(self._small())
        tick = 0.0
        while tick <= layout.top + 1e-9:
            x = layout.left + layout.width * tick / layout.top
            painter.setPen(grid)
            painter.drawLine(QPointF(x, layout.grid_top - 4), QPointF(x, bottom))
            painter.setPen(dim_color(palette, 0.4))
            text = f"{tick:,.0f}" if layout.step >= 1 else f"{tick:,.2f}"
            painter.drawText(QRectF(x - 40, layout.grid_top - 22, 80, 18), CENTER, text)
            tick += layout.step
        hover = mix(palette.color(QPalette.ColorRole.Base), accent(palette), 0.12)
        for row in layout.visible_rows(clip):
            band = layout.row_rect(row)
            header = table.rows[row]
            cell = table.cells[row][self.column]
            value = shown_value(cell) or 0.0
            if self._hover == (row, self.column):
                painter.fillRect(band, hover)
            label_rect = QRectF(MARGIN, band.top(), layout.label_width, BAR_ROW)
            self._paint_row_label(painter, palette, row, label_rect, swatch=False)
            bar = QRectF(layout.left, band.top() + 4, layout.bar_width(value), BAR_ROW - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(header.color) if header.color else accent(palette))
            if value > 0:
                painter.drawRoundedRect(bar, 3, 3)
            painter.setFont(self._small())
            painter.setPen(dim_color(palette, 0.15))
            text_rect = QRectF(bar.right() + 6, band.top(), 120, BAR_ROW)
            painter.drawText(text_rect, VCENTER, count_text(cell))
        painter.setPen(QColor(palette.color(QPalette.ColorRole.Mid)))
        painter.drawLine(QPointF(layout.left, layout.grid_top - 4), QPointF(layout.left, bottom))

    def _paint_heat(
        self, painter: QPainter, palette: QPalette, layout: HeatLayout, clip: QRectF
    ) -> None:
        assert self.table is not None
        table = self.table
        body = [shown_value(table.cells[r][c]) for r in range(layout.rows) for c in layout.columns]
        peak = max((v for v in body if v is not None), default=0.0)
        small = self._small()
        metrics = QFontMetrics(small)
        rows, positions = layout.visible(clip)
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for i in positions:
            label = table.columns[layout.columns[i]].label
            x = layout.left + (i + 0.5) * layout.cell_width
            painter.save()
            painter.translate(x, layout.grid_top - 6)
            if layout.rotated:
                painter.rotate(-45)
                text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, 170)
                painter.drawText(QPointF(0, metrics.ascent() / 2 - 2), text)
            else:
                width = layout.cell_width
                text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width) - 4)
                painter.drawText(QRectF(-width / 2, -20, width, 18), CENTER, text)
            painter.restore()
        numbers = layout.cell_width >= metrics.horizontalAdvance("000") + 8
        empty = mix(
            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Mid), 0.2
        )
        for r in rows:
            label_rect = QRectF(
                MARGIN,
                layout.grid_top + r * layout.cell_height,
                layout.label_width,
                layout.cell_height,
            )
            self._paint_row_label(painter, palette, r, label_rect, swatch=True)
            for i in positions:
                column = layout.columns[i]
                cell = table.cells[r][column]
                value = shown_value(cell)
                rect = layout.cell_rect(r, i)
                fill = (
                    empty if value is None else heat_color(palette, value / peak if peak else 0.0)
                )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(rect, 2, 2)
                if self._hover == (r, column):
                    painter.setPen(accent(palette).darker(130))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(rect, 2, 2)
                if value is not None and numbers:
                    ink = readable_on(fill, palette)
                    painter.setPen(ink if value else mix(ink, fill, 0.6))
                    text = f"{cell.percent:.0f}%" if cell.percent is not None else count_text(cell)
                    painter.drawText(rect, CENTER, text)
        low = min((v for v in body if v), default=0.0)
        self._paint_legend(painter, palette, layout.left, layout.bottom + 18, low, peak)

    def _paint_legend(
        self, painter: QPainter, palette: QPalette, left: float, top: float, low: float, peak: float
    ) -> None:
        """A swatch for zero, then the ramp from the smallest count above zero to ``peak``."""
        assert self.table is not None
        percent = self.table.has_percent

        def text(value: float) -> str:
            return f"{value:.0f}%" if percent else f"{value:,.0f}"

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(heat_color(palette, 0.0))
        painter.drawRoundedRect(QRectF(left, top, 14, 10), 2, 2)
        ramp, width = left + 26, 150.0
        gradient = QLinearGradient(ramp, 0, ramp + width, 0)
        gradient.setColorAt(0, heat_color(palette, 1e-9))
        gradient.setColorAt(1, heat_color(palette, 1.0))
        painter.setBrush(gradient)
        painter.drawRoundedRect(QRectF(ramp, top, width, 10), 2, 2)
        painter.setFont(self._small())
        painter.setPen(dim_color(palette, 0.35))
        painter.drawText(QRectF(left - 23, top + 12, 60, 16), CENTER, "0")
        left_aligned = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if 0 < low < peak:
            painter.drawText(QRectF(ramp, top + 12, 60, 16), left_aligned, text(low))
        painter.drawText(QRectF(ramp + width - 40, top + 12, 80, 16), CENTER, text(peak))

    # -- interaction -------------------------------------------------------------------------
    def hit(self, pos: QPointF) -> tuple[int, int] | None:
        """The (row, column) of the table drawn at ``pos``, if any."""
        if self.table is None or not self.mode:
            return None
        if self.mode == "bar":
            row = self.bar_layout().row_at(pos)
            return None if row is None else (row, self.column)
        found = self.heat_layout().cell_at(pos)
        if found is None or self.table.cells[found[0]][found[1]].value is None:
            return None
        return found

    def cell_rect(self, row: int, column: int) -> QRectF | None:
        """Where table cell (row, column) is drawn."""
        if self.table is None or not self.mode:
            return None
        if self.mode == "bar":
            return self.bar_layout().row_rect(row) if column == self.column else None
        layout = self.heat_layout()
        if column not in layout.columns:
            return None
        return layout.cell_rect(row, layout.columns.index(column))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if found != self._hover:
            self._hover = found
            self.update()
        if found is not None and self.table is not None:
            row, column = found
            cell = self.table.cells[row][column]
            text = f"{self.table.rows[row].label} · {self.table.columns[column].label}: "
            text += count_text(cell) + (
                f" ({cell.percent:.1f}%)" if cell.percent is not None else ""
            )
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        cursor = Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor
        self.setCursor(cursor)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            found = self.hit(event.position())
            if found is not None:
                self.cell_activated.emit(*found)
