"""Line icons drawn in the button text colour (so they follow light and dark palettes), and the
style's standard icons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle


def standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    """One of the application style's built-in icons."""
    return QApplication.style().standardIcon(pixmap)


def line_icon(kind: str, palette: QPalette | None = None) -> QIcon:
    """The line icon ``kind`` (a key of ``_DRAW``; unknown kinds draw a dot), drawn on a 16-unit
    grid at 16 and 32 pixels in the palette's button text colour."""
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
        _DRAW.get(kind, _draw_dot)(painter, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _line(p: QPainter, *points: tuple[float, float]) -> None:
    p.drawPolyline([QPointF(x, y) for x, y in points])


def _dot(p: QPainter, x: float, y: float, r: float = 1.7) -> None:
    p.drawEllipse(QPointF(x, y), r, r)


# -- codebook and panels ------------------------------------------------------------------------
def _draw_theme(p: QPainter, color: QColor) -> None:
    p.drawRoundedRect(QRectF(2, 3.5, 8, 8), 2, 2)
    _line(p, (12.5, 9), (12.5, 15))
    _line(p, (9.5, 12), (15.5, 12))


def _draw_child(p: QPainter, color: QColor) -> None:
    _line(p, (3, 2), (3, 8.5), (7, 8.5))
    p.drawRoundedRect(QRectF(1, 0.8, 4, 3), 1, 1)
    _line(p, (12, 6), (12, 13))
    _line(p, (8.5, 9.5), (15.5, 9.5))


def _draw_rename(p: QPainter, color: QColor) -> None:
    _line(p, (3, 13), (3.6, 10.4), (11, 3), (13, 5), (5.6, 12.4), (3, 13))
    _line(p, (9.6, 4.4), (11.6, 6.4))


def _draw_delete(p: QPainter, color: QColor) -> None:
    _line(p, (2.5, 4), (13.5, 4))
    _line(p, (6, 4), (6.5, 2), (9.5, 2), (10, 4))
    _line(p, (4, 4), (4.8, 14), (11.2, 14), (12, 4))
    _line(p, (6.8, 6.5), (7, 11.5))
    _line(p, (9.2, 6.5), (9, 11.5))


def _draw_merge(p: QPainter, color: QColor) -> None:
    _line(p, (2, 2.5), (2, 5), (8, 9), (8, 14))
    _line(p, (14, 2.5), (14, 5), (8, 9))
    _line(p, (5.5, 11.5), (8, 14), (10.5, 11.5))


def _draw_color(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QRectF(1.5, 1.5, 13, 13))
    p.setPen(Qt.PenStyle.NoPen)
    for (x, y), tint in zip(
        ((5.2, 5.5), (10.4, 5.2), (11, 10), (5.6, 10.8)),
        ("#e0574f", "#e8b73a", "#4fa368", "#4f7fd1"),
        strict=True,
    ):
        p.setBrush(QColor(tint))
        _dot(p, x, y)


def _draw_expand(p: QPainter, color: QColor) -> None:
    _line(p, (4, 3), (8, 6.5), (12, 3))
    _line(p, (4, 9.5), (8, 13), (12, 9.5))


def _draw_collapse(p: QPainter, color: QColor) -> None:
    _line(p, (4, 6.5), (8, 3), (12, 6.5))
    _line(p, (4, 13), (8, 9.5), (12, 13))


def _draw_search(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6.5, 6.5), 4, 4)
    _line(p, (9.5, 9.5), (13.5, 13.5))


def _draw_set(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6, 8), 4.2, 4.2)
    p.drawEllipse(QPointF(10, 8), 4.2, 4.2)


def _draw_plus(p: QPainter, color: QColor) -> None:
    _line(p, (3, 8), (13, 8))
    _line(p, (8, 3), (8, 13))


def _draw_memo(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(3, 2))
    for x, y in ((10, 2), (13, 5), (13, 14), (3, 14), (3, 2)):
        path.lineTo(x, y)
    p.drawPath(path)
    _line(p, (5.5, 7), (10.5, 7))
    _line(p, (5.5, 9.5), (10.5, 9.5))
    _line(p, (5.5, 12), (8.5, 12))


def _draw_copy(p: QPainter, color: QColor) -> None:
    p.drawRoundedRect(QRectF(5, 5, 8, 9), 1, 1)
    _line(p, (3, 10), (3, 2), (10, 2))


def _draw_split(p: QPainter, color: QColor) -> None:
    _line(p, (3, 3), (3, 13))
    _line(p, (3, 8), (12, 8))
    _line(p, (9.5, 5.5), (12, 8), (9.5, 10.5))


def _draw_dot(p: QPainter, color: QColor) -> None:
    _dot(p, 8, 8, 2)


# -- theme map ----------------------------------------------------------------------------------
def _draw_tree(p: QPainter, color: QColor) -> None:
    _line(p, (4, 8), (11, 3.5))
    _line(p, (4, 8), (11, 8))
    _line(p, (4, 8), (11, 12.5))
    p.setBrush(color)
    for x, y in ((3, 8), (12, 3.5), (12, 8), (12, 12.5)):
        _dot(p, x, y)


def _draw_force(p: QPainter, color: QColor) -> None:
    points = ((8, 8), (3, 4), (13, 3.5), (3.5, 12.5), (12.5, 12.5))
    for x, y in points[1:]:
        _line(p, (8, 8), (x, y))
    _line(p, (3, 4), (3.5, 12.5))
    p.setBrush(color)
    for x, y in points:
        _dot(p, x, y)


def _draw_fit(p: QPainter, color: QColor) -> None:
    for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        cx, cy = 8 + sx * 6, 8 + sy * 6
        _line(p, (cx, cy - sy * 3.5), (cx, cy), (cx - sx * 3.5, cy))
    p.drawRect(QRectF(5.5, 5.5, 5, 5))


def _draw_zoom(p: QPainter, plus: bool) -> None:
    p.drawEllipse(QPointF(6.8, 6.8), 4.6, 4.6)
    _line(p, (10.2, 10.2), (14, 14))
    _line(p, (4.6, 6.8), (9, 6.8))
    if plus:
        _line(p, (6.8, 4.6), (6.8, 9))


def _draw_relate(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(3.5, 12))
    path.quadTo(QPointF(5, 3.5), QPointF(12, 4.5))
    p.drawPath(path)
    _line(p, (9.5, 2.5), (12.5, 4.6), (10, 7.2))
    p.setBrush(color)
    _dot(p, 3.5, 12.5, 1.9)


def _draw_unrelate(p: QPainter, color: QColor) -> None:
    path = QPainterPath(QPointF(2.5, 13))
    path.quadTo(QPointF(3.5, 4), QPointF(9, 3.5))
    p.drawPath(path)
    _line(p, (9.5, 9.5), (14, 14))
    _line(p, (14, 9.5), (9.5, 14))


def _draw_map_theme(p: QPainter, color: QColor) -> None:
    p.drawEllipse(QPointF(6.5, 8.5), 4.5, 4.5)
    _line(p, (12.5, 1.5), (12.5, 6.5))
    _line(p, (10, 4), (15, 4))


def _draw_export(p: QPainter, color: QColor) -> None:
    _line(p, (3, 9), (3, 14), (13, 14), (13, 9))
    _line(p, (8, 2), (8, 10.5))
    _line(p, (5, 5), (8, 2), (11, 5))


_DRAW: dict[str, Callable[[QPainter, QColor], None]] = {
    "theme": _draw_theme,
    "child": _draw_child,
    "rename": _draw_rename,
    "delete": _draw_delete,
    "merge": _draw_merge,
    "color": _draw_color,
    "expand": _draw_expand,
    "collapse": _draw_collapse,
    "search": _draw_search,
    "set": _draw_set,
    "plus": _draw_plus,
    "memo": _draw_memo,
    "copy": _draw_copy,
    "split": _draw_split,
    "tree": _draw_tree,
    "force": _draw_force,
    "fit": _draw_fit,
    "zoom_in": lambda p, c: _draw_zoom(p, True),
    "zoom_out": lambda p, c: _draw_zoom(p, False),
    "relate": _draw_relate,
    "unrelate": _draw_unrelate,
    "map_theme": _draw_map_theme,
    "export": _draw_export,
}
