"""The bar chart of frequencies and word counts: one horizontal bar per row for the chosen
measure, in the code's colour, on a grid of round ticks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette

from workbench.gui.reports.chart_labels import CENTER, VCENTER, DrawnChart, paint_row_label
from workbench.gui.reports.chart_layout import BAR_ROW, MARGIN, BarLayout
from workbench.gui.reports.table_delegate import accent, mix
from workbench.gui.reports.table_model import count_text, shown_value
from workbench.gui.widgets.colors import dim_color


def paint_bars(
    chart: DrawnChart, painter: QPainter, palette: QPalette, layout: BarLayout, clip: QRectF
) -> None:
    """The value axis with its grid, then a labelled bar for each row inside ``clip``."""
    assert chart.table is not None
    table = chart.table
    bottom = layout.grid_top + layout.rows * BAR_ROW
    grid = QColor(palette.color(QPalette.ColorRole.Mid))
    grid.setAlpha(90)
    painter.setFont(chart.small_font())
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
        cell = table.cells[row][chart.column]
        value = shown_value(cell) or 0.0
        if chart.hover == (row, chart.column):
            painter.fillRect(band, hover)
        label_rect = QRectF(MARGIN, band.top(), layout.label_width, BAR_ROW)
        paint_row_label(chart, painter, palette, row, label_rect, swatch=False)
        bar = QRectF(layout.left, band.top() + 4, layout.bar_width(value), BAR_ROW - 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(header.color) if header.color else accent(palette))
        if value > 0:
            painter.drawRoundedRect(bar, 3, 3)
        painter.setFont(chart.small_font())
        painter.setPen(dim_color(palette, 0.15))
        text_rect = QRectF(bar.right() + 6, band.top(), 120, BAR_ROW)
        painter.drawText(text_rect, VCENTER, count_text(cell))
    painter.setPen(QColor(palette.color(QPalette.ColorRole.Mid)))
    painter.drawLine(QPointF(layout.left, layout.grid_top - 4), QPointF(layout.left, bottom))
