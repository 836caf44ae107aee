"""Colours shared by the widgets: dimmed secondary text, theme shades and colour swatches."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap


def dim_color(palette: QPalette | None = None, amount: float = 0.42) -> QColor:
    """Secondary text: the text colour pulled ``amount`` of the way towards the base colour
    (right in dark mode too); without ``palette``, the application's."""
    pal = palette or QGuiApplication.palette()
    text = pal.color(QPalette.ColorRole.Text)
    base = pal.color(QPalette.ColorRole.Base)
    return QColor(
        round(text.red() + (base.red() - text.red()) * amount),
        round(text.green() + (base.green() - text.green()) * amount),
        round(text.blue() + (base.blue() - text.blue()) * amount),
    )


def shade(color: str, index: int, depth: int) -> str:
    """A lighter or darker variant of a theme colour for its ``index``-th child at ``depth``.

    Alternates lighter/darker and steps further away with every pair, so siblings stay
    distinguishable while clearly belonging to their theme."""
    base = QColor(color)
    hue, sat, light = base.hslHueF(), base.hslSaturationF(), base.lightnessF()
    step = 0.07 * (1 + index // 2) + 0.03 * max(0, depth - 1)
    light = light + step if index % 2 == 0 else light - step
    if not 0.2 <= light <= 0.85:  # ran off one end: fold back to the other side
        light = min(0.85, max(0.2, 2 * base.lightnessF() - light))
    out = QColor.fromHslF(max(0.0, hue), sat, light)
    return out.name()


@lru_cache(maxsize=512)
def _swatch_pixmap(color: str, size: int, ratio: float, border: str) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.setPen(QPen(QColor(border), 1))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(rect, 3, 3)
    painter.end()
    return pixmap


def swatch_icon(color: str, size: int = 14) -> QIcon:
    """A rounded colour square with a faint outline (visible on light and dark backgrounds)."""
    ratio = 2.0 if size <= 16 else 1.0
    border = QColor(color).darker(135).name()
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):  # no tint on select
        icon.addPixmap(_swatch_pixmap(color, size, 1.0, border), mode)
        icon.addPixmap(_swatch_pixmap(color, size, ratio, border), mode)
    return icon
