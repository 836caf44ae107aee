"""Geometry and colours shared by the text, the gutter and the stripe margin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextLine

LIGHT_ALPHA = 0.28
DARK_ALPHA = 0.38


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line: block-relative text range, viewport x range (with trailing blanks)."""

    index: int
    start: int
    end: int
    left: float
    right: float
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class VisibleBlock:
    """A block on screen, its rectangle and its lines, in viewport coordinates."""

    block: QTextBlock
    rect: QRectF
    start: int  # document position of the first character
    end: int  # position after the last character (before the newline)
    lines: tuple[Line, ...]

    @classmethod
    def measure(cls, block: QTextBlock, rect: QRectF) -> VisibleBlock:
        layout = block.layout()
        lines = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            start = line.textStart()
            end = start + line.textLength()
            lines.append(
                Line(
                    i,
                    start,
                    end,
                    rect.left() + line_x(line, start),
                    rect.left() + line_x(line, end),
                    rect.top() + line.y(),
                    line.height(),
                )
            )
        position = block.position()
        return cls(block, rect, position, position + block.length() - 1, tuple(lines))

    def line_of(self, position: int) -> Line | None:
        """The line holding a document position of this block."""
        relative = position - self.start
        for line in self.lines:
            if relative < line.end or line is self.lines[-1]:
                return line
        return None


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def highlight_color(color: str, palette: QPalette) -> QColor:
    """A code colour as a translucent highlight, stronger on dark backgrounds."""
    shade = QColor(color)
    shade.setAlphaF(DARK_ALPHA if is_dark(palette) else LIGHT_ALPHA)
    return shade


def side_background(palette: QPalette) -> QColor:
    """The gutter and margin background: a step away from the text background."""
    base = palette.color(QPalette.ColorRole.Base)
    return base.lighter(115) if is_dark(palette) else base.darker(104)


def muted_text(palette: QPalette) -> QColor:
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.5)
    return color


def range_rects(visible: VisibleBlock, start: int, end: int) -> list[QRectF]:
    """Line rectangles covering ``[start, end)`` (document UTF-16 positions) inside one block."""
    a = max(start, visible.start) - visible.start
    b = min(end, visible.end) - visible.start
    if a >= b:
        return []
    rects: list[QRectF] = []
    layout = None
    for line in visible.lines:
        if line.end <= a:
            continue
        if line.start >= b:
            break
        if a > line.start or b < line.end:  # a partial line: ask the layout for the x
            layout = layout or visible.block.layout()
            qline = layout.lineAt(line.index)
            offset = visible.rect.left()
            x1 = offset + line_x(qline, a) if a > line.start else line.left
            x2 = offset + line_x(qline, b) if b < line.end else line.right
        else:
            x1, x2 = line.left, line.right
        rects.append(QRectF(x1, line.top, x2 - x1, line.height))
    return rects


def line_x(line: QTextLine, position: int) -> float:
    """The x of a block-relative position on ``line`` (PySide returns ``(x, position)``)."""
    return cast(tuple[float, int], line.cursorToX(position))[0]
