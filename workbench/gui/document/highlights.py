"""Painting over the text: translucent coding highlights (under the glyphs), find matches, the
dotted underline of annotated spans and the outline of the hovered coding (over them)."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from workbench.gui.document.compare_paint import Compared, paint_text_marks
from workbench.gui.document.painting import VisibleBlock, highlight_color, is_dark, range_rects

if TYPE_CHECKING:
    from workbench.gui.document.finder import Finder

MATCH_COLOR = "#ffd54f"
NOTE_LINE = "#d08a00"


class Highlighted(Compared, Protocol):
    """What the highlights show besides the codings: find matches, the hovered coding and the
    range a dragged stripe end would give."""

    @property
    def finder(self) -> Finder: ...

    @property
    def hover_coding(self) -> str: ...

    @property
    def drag_preview(self) -> tuple[str, int, int] | None: ...


def paint_under(
    view: Highlighted, painter: QPainter, blocks: list[VisibleBlock], clip: QRect
) -> None:
    """Highlights in each code's colour: overlapping codings stack, so overlaps look darker."""
    palette = view.palette()
    shades: dict[str, QColor] = {}
    preview = view.drag_preview
    shown = view.layer.overlapping(blocks[0].start, blocks[-1].end)
    if preview is not None:
        shown = [c for c in shown if c.uuid != preview[0]]
    for visible in blocks:
        if visible.rect.bottom() < clip.top() or visible.rect.top() > clip.bottom():
            continue
        for coding in shown:
            if coding.u_end <= visible.start or coding.u_start >= visible.end:
                continue
            shade = shades.get(coding.color)
            if shade is None:
                shade = shades[coding.color] = highlight_color(coding.color, palette)
            for rect in range_rects(visible, coding.u_start, coding.u_end):
                painter.fillRect(rect, shade)
        if preview is not None:  # a stripe end being dragged: show the range it would get
            dragged = view.layer.codings[preview[0]]
            shade = highlight_color(dragged.color, palette)
            shade.setAlphaF(min(1.0, shade.alphaF() * 1.8))
            for rect in range_rects(visible, preview[1], preview[2]):
                painter.fillRect(rect, shade)
    matches = view.finder.matches
    if matches:
        _paint_matches(painter, blocks, matches)


def _paint_matches(
    painter: QPainter, blocks: list[VisibleBlock], matches: list[tuple[int, int]]
) -> None:
    lo, hi = blocks[0].start, blocks[-1].end
    first = max(0, bisect_left(matches, (lo, lo)) - 1)
    fill = QColor(MATCH_COLOR)
    fill.setAlphaF(0.55)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    for u_start, u_end in matches[first:]:
        if u_start > hi:
            break
        for visible in blocks:
            for rect in range_rects(visible, u_start, u_end):
                painter.drawRoundedRect(rect.adjusted(-1, 1, 1, -1), 3, 3)


def paint_over(view: Highlighted, painter: QPainter, blocks: list[VisibleBlock]) -> None:
    paint_text_marks(view, painter, blocks)
    notes = view.layer.annotations_overlapping(blocks[0].start, blocks[-1].end)
    if notes:
        painter.setPen(QPen(QColor(NOTE_LINE), 1.6, Qt.PenStyle.DotLine))
        for note in notes:
            for visible in blocks:
                for rect in range_rects(visible, note.u_start, note.u_end):
                    y = rect.bottom() - 2.5
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
    hovered = view.layer.codings.get(view.hover_coding)
    if hovered is not None and view.drag_preview is None:
        color = QColor(hovered.color)
        color = color.lighter(130) if is_dark(view.palette()) else color.darker(130)
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for visible in blocks:
            for rect in range_rects(visible, hovered.u_start, hovered.u_end):
                painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))
