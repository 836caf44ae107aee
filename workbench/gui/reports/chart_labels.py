"""Text both report charts draw: the title with its subtitle, and the row labels."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette

from workbench.core.reports import ReportTable
from workbench.gui.reports.chart_layout import INDENT, MARGIN
from workbench.gui.widgets.colors import dim_color

CENTER = int(Qt.AlignmentFlag.AlignCenter)
VCENTER = int(Qt.AlignmentFlag.AlignVCenter)


class DrawnChart(Protocol):
    """What the chart painters (labels, bars, heat map) read of the chart widget."""

    @property
    def table(self) -> ReportTable | None: ...

    @property
    def column(self) -> int: ...

    @property
    def hover(self) -> tuple[int, int] | None: ...

    @property
    def mode(self) -> str: ...

    def bold_font(self, scale: float = 1.0) -> QFont: ...

    def small_font(self) -> QFont: ...

    def font(self, /) -> QFont: ...

    def width(self, /) -> int: ...


def paint_title(chart: DrawnChart, painter: QPainter, palette: QPalette) -> None:
    """The table's title and, dimmed below it, what the chart shows."""
    assert chart.table is not None
    font = chart.bold_font(1.12)
    line = QFontMetrics(font).height()
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.drawText(QRect(MARGIN, MARGIN, chart.width() - 2 * MARGIN, line), 0, chart.table.title)
    if chart.mode == "bar":
        subtitle = f"{chart.table.columns[chart.column].label} per {chart.table.corner.lower()}"
    else:
        subtitle = "Shading grows with the count; click a cell to read its segments"
    painter.setFont(chart.small_font())
    painter.setPen(dim_color(palette, 0.35))
    rect = QRect(MARGIN, MARGIN + line + 2, chart.width() - 2 * MARGIN, line)
    text = QFontMetrics(chart.small_font()).elidedText(
        subtitle, Qt.TextElideMode.ElideRight, rect.width()
    )
    painter.drawText(rect, 0, text)


def paint_row_label(
    chart: DrawnChart,
    painter: QPainter,
    palette: QPalette,
    row: int,
    rect: QRectF,
    *,
    swatch: bool,
) -> None:
    """Row ``row``'s label in ``rect``, indented by depth, optionally after its colour swatch."""
    assert chart.table is not None
    header = chart.table.rows[row]
    inner = rect.adjusted(header.depth * INDENT, 0, -10, 0)
    if swatch and header.color:
        painter.setPen(QColor(header.color).darker(130))
        painter.setBrush(QColor(header.color))
        painter.drawRoundedRect(QRectF(inner.left(), inner.center().y() - 4.5, 9, 9), 2, 2)
        inner.adjust(15, 0, 0, 0)
    levels = any(h.depth > 0 for h in chart.table.rows)
    font = chart.bold_font() if levels and header.depth == 0 else QFont(chart.font())
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    text = QFontMetrics(font).elidedText(
        header.label, Qt.TextElideMode.ElideRight, int(inner.width())
    )
    painter.drawText(inner, VCENTER, text)
