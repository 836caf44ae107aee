"""The heat map of co-occurrence and code × attribute matrices: a grid of cells shaded by their
count, with column labels on top (leaning when narrow) and a legend below."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QLinearGradient, QPainter, QPalette

from workbench.gui.reports.chart_labels import CENTER, DrawnChart, paint_row_label
from workbench.gui.reports.chart_layout import MARGIN, HeatLayout
from workbench.gui.reports.table_delegate import accent, heat_color, mix, readable_on
from workbench.gui.reports.table_model import count_text, shown_value
from workbench.gui.widgets.colors import dim_color


def paint_heat(
    chart: DrawnChart, painter: QPainter, palette: QPalette, layout: HeatLayout, clip: QRectF
) -> None:
    """Column labels, the shaded cells inside ``clip`` with their row labels, and the legend."""
    assert chart.table is not None
    table = chart.table
    body = [shown_value(table.cells[r][c]) for r in range(layout.rows) for c in layout.columns]
    peak = max((v for v in body if v is not None), default=0.0)
    small = chart.small_font()
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
    empty = mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Mid), 0.2)
    for r in rows:
        label_rect = QRectF(
            MARGIN,
            layout.grid_top + r * layout.cell_height,
            layout.label_width,
            layout.cell_height,
        )
        paint_row_label(chart, painter, palette, r, label_rect, swatch=True)
        for i in positions:
            column = layout.columns[i]
            cell = table.cells[r][column]
            value = shown_value(cell)
            rect = layout.cell_rect(r, i)
            fill = empty if value is None else heat_color(palette, value / peak if peak else 0.0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2, 2)
            if chart.hover == (r, column):
                painter.setPen(accent(palette).darker(130))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, 2, 2)
            if value is not None and numbers:
                ink = readable_on(fill, palette)
                painter.setPen(ink if value else mix(ink, fill, 0.6))
                text = f"{cell.percent:.0f}%" if cell.percent is not None else count_text(cell)
                painter.drawText(rect, CENTER, text)
    low = min((v for v in body if v), default=0.0)
    _paint_legend(chart, painter, palette, layout.left, layout.bottom + 18, low, peak)


def _paint_legend(
    chart: DrawnChart,
    painter: QPainter,
    palette: QPalette,
    left: float,
    top: float,
    low: float,
    peak: float,
) -> None:
    """A swatch for zero, then the ramp from the smallest count above zero to ``peak``."""
    assert chart.table is not None
    percent = chart.table.has_percent

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
    painter.setFont(chart.small_font())
    painter.setPen(dim_color(palette, 0.35))
    painter.drawText(QRectF(left - 23, top + 12, 60, 16), CENTER, "0")
    left_aligned = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if 0 < low < peak:
        painter.drawText(QRectF(ramp, top + 12, 60, 16), left_aligned, text(low))
    painter.drawText(QRectF(ramp + width - 40, top + 12, 80, 16), CENTER, text(peak))
