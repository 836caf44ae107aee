"""The reading font and its zoom (keys and Ctrl+wheel)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import QWidget

BASE_POINT_SIZE = 11.0
FONT_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]
MIN_POINT_SIZE = 4.0
MAX_POINT_SIZE = 40.0


def reading_font() -> QFont:
    """The serif font the text is read in, at the base size."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


class FontZoom:
    """Points added to the base size of a widget's font; ``changed`` runs after each change."""

    def __init__(self, widget: QWidget, changed: Callable[[], None]) -> None:
        self.widget = widget
        self.points = 0.0
        self._changed = changed

    def step(self, steps: float) -> None:
        self.set(self.points + steps)

    def set(self, points: float) -> None:
        """Zoom to ``points`` above the base size (kept between 4 pt and 40 pt in all)."""
        lowest, highest = MIN_POINT_SIZE - BASE_POINT_SIZE, MAX_POINT_SIZE - BASE_POINT_SIZE
        points = max(lowest, min(highest, points))
        if points != self.points:
            self.points = points
            font = self.widget.font()
            font.setPointSizeF(BASE_POINT_SIZE + points)
            self.widget.setFont(font)
            self._changed()

    def wheel(self, event: QWheelEvent) -> bool:
        """Zoom by Ctrl+wheel; False for other wheel events (the widget scrolls)."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y() / 120
        if steps:
            self.step(steps)
        event.accept()
        return True
