"""Helpers for item views: padded table headers, fitted columns and an empty-state hint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTableView,
    QWidget,
)

from workbench.gui.widgets.colors import dim_color

HEADER_PAD = 3


class _HeaderStyle(QProxyStyle):
    """The application style with wider header margins, so titles line up with padded cells."""

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        return value + HEADER_PAD if metric == QStyle.PixelMetric.PM_HeaderMargin else value


def pad_header(header: QHeaderView) -> None:
    """Give a table header the same extra text margin as CheckDelegate's cells."""
    style = _HeaderStyle()  # no base given: it follows the application style, owning nothing
    style.setParent(header)
    header.setStyle(style)


def fit_columns(view: QTableView, widest: int) -> None:
    """Columns as narrow as their titles and contents allow, none wider than ``widest``
    (longer values are elided); the first column keeps room for the sort arrow."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # sample rows: a 1,000-source project stays instant
    model = view.model()
    metrics = header.fontMetrics()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        room = metrics.horizontalAdvance(title) + (34 if column == 0 else 18)
        header.resizeSection(column, min(max(room, view.sizeHintForColumn(column) + 6), widest))


def paint_placeholder(view: QAbstractItemView, text: str) -> None:
    """Draw a dimmed, centred hint in an empty view (call from the view's paintEvent)."""
    model = view.model()
    if not text or model is None or model.rowCount() > 0:
        return
    painter = QPainter(view.viewport())
    painter.setPen(dim_color(view.palette(), 0.45))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
    painter.end()
