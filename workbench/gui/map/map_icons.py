"""Toolbar icons of the theme map, drawn in the button text colour (light and dark palettes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication


def map_icon(kind: str, palette: QPalette | None = None) -> QIcon:
    pal = palette or QApplication.palette()
    color = pal.color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 16, size / 16)
        pen = QPen(color, 1.35)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        _DRAW[kind](painter, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _dot(p: QPainter, x: float, y: float, r: float = 1.7) -> None:
    p.drawEllipse(QPointF(x, y), r, r)


def _tree(p: QPainter, color: QColor) -> None:
    p.drawLine(QPointF(4, 8), QPointF(11, 3.5))
    p.drawLine(QPointF(4, 8), QPointF(11, 8))
    p.drawLine(QPointF(4, 8), QPointF(11, 12.5))
    p.setBrush(color)
    for x, y in ((3, 8), (12, 3.5), (12, 8), (12, 12.5)):
        _dot(p, x, y)


def _force(p: QPainter, color: QColor) -> None:
    points = ((8, 8), (3, 4), (13, 3.5), (3.5, 12.5), (12.5, 12.5))
    for x, y in points[1:]:
        p.drawLine(QPointF(8, 8), QPointF(x, y))
    p.drawLine(QPointF(3, 4), QPointF(3.5, 12.5))
    p.setBrush(color)
    for x, y in points:
        _dot(p, x, y)


def _fit(p: QPainter, color: QColor) -> None:
    for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        cx, cy = 8 + sx * 6, 8 + sy * 6
        p.drawPolyline([QPointF(cx, cy - sy * 3.5), QPointF(cx, cy), QPointF(cx - sx * 3.5, cy)])
    p.drawRect(QRectF(5.5, 5.5, 5, 5))


def _zoom(p: QPainter, color: QColor, plus: bool) -> None:
    p.drawEllipse(QPointF(6.8, 6.8), 4.6, 4.6)
    p.drawLine(QPointF(10.2, 10.2), QPointF(14, 14))
    p.drawLine(QPointF(4.6, 6.8), QPointF(9, 6.8))
    if plus:
        p.drawLine(QPointF(6.8, 4.6), QPointF(6.8, 9))


def _relate(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(3.5, 12))
    path.quadTo(QPointF(5, 3.5), QPointF(12, 4.5))
    p.drawPath(path)
    p.drawPolyline([QPointF(9.5, 2.5), QPointF(12.5, 4.6), QPointF(10, 7.2)])
    p.setBrush(color)
    _dot(p, 3.5, 12.5, 1.9)


def _unrelate(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(2.5, 13))
    path.quadTo(QPointF(3.5, 4), QPointF(9, 3.5))
    p.drawPath(path)
    p.drawLine(QPointF(9.5, 9.5), QPointF(14, 14))
    p.drawLine(QPointF(14, 9.5), QPointF(9.5, 14))


def _theme(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6.5, 8.5), 4.5, 4.5)
    p.drawLine(QPointF(12.5, 1.5), QPointF(12.5, 6.5))
    p.drawLine(QPointF(10, 4), QPointF(15, 4))


def _export(p: QPainter, color: QColor) -> None:
    p.drawPolyline([QPointF(3, 9), QPointF(3, 14), QPointF(13, 14), QPointF(13, 9)])
    p.drawLine(QPointF(8, 2), QPointF(8, 10.5))
    p.drawPolyline([QPointF(5, 5), QPointF(8, 2), QPointF(11, 5)])


_DRAW: dict[str, Callable[[QPainter, QColor], None]] = {
    "tree": _tree,
    "force": _force,
    "fit": _fit,
    "zoom_in": lambda p, c: _zoom(p, c, True),
    "zoom_out": lambda p, c: _zoom(p, c, False),
    "relate": _relate,
    "unrelate": _unrelate,
    "theme": _theme,
    "export": _export,
}
