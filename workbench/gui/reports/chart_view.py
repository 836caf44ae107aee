"""Charts of a report drawn with QPainter in the palette's colours: a horizontal bar chart for
frequencies and word counts, a heat map for co-occurrence and code × attribute matrices.

A click on a bar or a cell reports it as ``cell_activated(row, column)`` in table coordinates,
so the chart opens the same segments as the table. Only the rows and cells inside the repainted
area are drawn, so a 500 × 500 co-occurrence map scrolls smoothly."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from workbench.core.reports import ReportTable
from workbench.core.reports.charts import all_whole, nice_step
from workbench.gui.reports.chart_bars import paint_bars
from workbench.gui.reports.chart_heat import paint_heat
from workbench.gui.reports.chart_labels import CENTER, paint_title
from workbench.gui.reports.chart_layout import (
    INDENT,
    MARGIN,
    MAX_LABEL,
    MIN_CELL,
    BarLayout,
    HeatLayout,
)
from workbench.gui.reports.table_model import BAR_KINDS, TOTAL_KEY, count_text, shown_value
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.plain_text import tip


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
        self.hover: tuple[int, int] | None = None  # (row, column) under the mouse

    def set_table(self, table: ReportTable | None, column: int = 0) -> None:
        self.table = table
        self.column = column if table is not None and 0 <= column < len(table.columns) else 0
        self.hover = None
        self._update_size()
        self.update()

    @property
    def mode(self) -> str:
        """ "bar", "heat" or "" (nothing to draw)."""
        if self.table is None or not self.table.rows:
            return ""
        return "bar" if self.table.kind in BAR_KINDS else "heat"

    # -- fonts and sizes ---------------------------------------------------------------------
    def bold_font(self, scale: float = 1.0) -> QFont:
        """The font of the title (scaled up) and of top-level row labels."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def small_font(self) -> QFont:
        """The font of axis ticks, column labels and the subtitle."""
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.86))
        return font

    def _label_width(self) -> int:
        assert self.table is not None
        metrics = QFontMetrics(self.bold_font())
        widest = max(
            (metrics.horizontalAdvance(h.label) + h.depth * INDENT + 34 for h in self.table.rows),
            default=60,
        )
        return min(widest, MAX_LABEL, max(120, int(self.width() * 0.38)))

    def _plot_top(self) -> int:
        title = QFontMetrics(self.bold_font(1.12)).height()
        return MARGIN + title + QFontMetrics(self.small_font()).height() + 12

    def _longest_column_label(self) -> int:
        assert self.table is not None
        metrics = QFontMetrics(self.small_font())
        return min(
            max((metrics.horizontalAdvance(c.label) for c in self.table.columns), default=0), 170
        )

    def bar_layout(self) -> BarLayout:
        assert self.table is not None
        values = [shown_value(row[self.column]) or 0.0 for row in self.table.cells]
        peak = max(values, default=0.0)
        step = nice_step(peak, whole=all_whole(values))
        top = step * math.ceil(peak / step) if peak > 0 else 1.0
        label = self._label_width()
        room = QFontMetrics(self.small_font()).horizontalAdvance(f"{peak:,.0f}00") + 8
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
        line = QFontMetrics(self.small_font()).height()
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
        paint_title(self, painter, palette)
        if self.mode == "bar":
            paint_bars(self, painter, palette, self.bar_layout(), clip)
        else:
            paint_heat(self, painter, palette, self.heat_layout(), clip)
        painter.end()

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
        if found != self.hover:
            self.hover = found
            self.update()
        if found is not None and self.table is not None:
            row, column = found
            cell = self.table.cells[row][column]
            text = f"{self.table.rows[row].label} · {self.table.columns[column].label}: "
            text += count_text(cell) + (
                f" ({cell.percent:.1f}%)" if cell.percent is not None else ""
            )
            QToolTip.showText(event.globalPosition().toPoint(), tip(text), self)
        else:
            QToolTip.hideText()
        cursor = Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor
        self.setCursor(cursor)

    def leaveEvent(self, event: QEvent) -> None:
        if self.hover is not None:
            self.hover = None
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            found = self.hit(event.position())
            if found is not None:
                self.cell_activated.emit(*found)
