"""Painting a comparison of coders: a column per coder in the margin (headed by the coder's
initials), a red bar beside each disagreement, and the disagreements marked in the text (the
one being looked at outlined, the others underlined with a dashed line)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

from workbench.core.services.coders import initials
from workbench.gui.document.margin_layout import BAR_LANE, PAD
from workbench.gui.document.painting import VisibleBlock, is_dark, range_rects
from workbench.gui.document.roles import Placing, ShownSource

if TYPE_CHECKING:
    from workbench.gui.comparison import Comparison

DISAGREEMENT = "#d32f2f"
DISAGREEMENT_DARK = "#ff6e6e"
HEADER_HEIGHT = 16.0
MARK_WIDTH = 3.0


class LaneCount(Protocol):
    def lanes_shown(self) -> int: ...


class Compared(ShownSource, Placing, Protocol):
    """A view showing coders side by side: the comparison, and the margin's coder columns."""

    @property
    def comparison(self) -> Comparison | None: ...

    @property
    def margin(self) -> LaneCount: ...

    def palette(self, /) -> QPalette: ...


def disagreement_color(palette: QPalette) -> QColor:
    return QColor(DISAGREEMENT_DARK if is_dark(palette) else DISAGREEMENT)


def mark_extents(view: Compared, height: float) -> list[tuple[float, float, bool]]:
    """``(top, bottom, current)`` in viewport y of each marked range on screen."""
    blocks = view.visible_blocks()
    if not blocks or not view.layer.marks:
        return []
    lo, hi = blocks[0].start, blocks[-1].end
    current = _current(view)
    out = []
    for u_start, u_end in view.layer.marks:
        if u_end <= lo or u_start > hi:
            continue
        top = view.position_y(u_start, blocks=blocks) if u_start >= lo else 0.0
        bottom = (
            view.position_y(max(u_start, u_end - 1), bottom=True, blocks=blocks)
            if u_end <= hi + 1
            else height
        )
        is_current = current is not None and u_start < current[1] and current[0] < u_end
        out.append((max(0.0, top), min(height, bottom), is_current))
    return out


def _current(view: Compared) -> tuple[int, int] | None:
    compare = view.comparison
    span = compare.current_in(view.source) if compare is not None else None
    if span is None:
        return None
    u_start, u_end = view.loaded.offsets.to_utf16_many(list(span))
    return u_start, u_end


def _column_rects(view: Compared, height: float) -> list[tuple[str, QRectF]]:
    shown = view.margin.lanes_shown()
    out = []
    for column in view.layer.columns:
        if column.first >= shown:
            break
        lanes = min(column.end, shown) - column.first
        out.append(
            (column.coder, QRectF(PAD + column.first * BAR_LANE, 0, lanes * BAR_LANE, height))
        )
    return out


def paint_column_shading(view: Compared, painter: QPainter, height: float) -> None:
    """Every other coder's lanes faintly shaded, so the columns read apart."""
    shade = QColor(view.palette().color(QPalette.ColorRole.Text))
    shade.setAlphaF(0.06)
    for index, (_coder, rect) in enumerate(_column_rects(view, height)):
        if index % 2:
            painter.fillRect(rect, shade)


def paint_column_headers(view: Compared, painter: QPainter, font: QFont) -> None:
    """Each column headed by its coder's initials (over the stripes: they scroll under it)."""
    palette = view.palette()
    ink = QColor(palette.color(QPalette.ColorRole.Text))
    ink.setAlphaF(0.75)
    small = QFont(font)
    small.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    small.setBold(True)
    painter.setFont(small)
    for coder, rect in _column_rects(view, HEADER_HEIGHT):
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
        painter.setPen(ink)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), initials(coder))


def paint_margin_marks(view: Compared, painter: QPainter, height: float) -> None:
    """A red bar at the margin's inner edge beside each disagreement (thicker: the current)."""
    color = disagreement_color(view.palette())
    for top, bottom, current in mark_extents(view, height):
        width = MARK_WIDTH + (1.5 if current else 0.0)
        painter.fillRect(QRectF(1.0, top + 1, width, max(3.0, bottom - top - 2)), color)


def paint_text_marks(view: Compared, painter: QPainter, blocks: list[VisibleBlock]) -> None:
    """Disagreements outlined in the text: dashed, and solid for the one being looked at."""
    marks = view.layer.marks
    if not marks:
        return
    lo, hi = blocks[0].start, blocks[-1].end
    color = disagreement_color(view.palette())
    current = _current(view)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for u_start, u_end in marks:
        if u_end <= lo or u_start > hi:
            continue
        is_current = current is not None and u_start < current[1] and current[0] < u_end
        pen = QPen(color, 2.0 if is_current else 1.2)
        pen.setStyle(Qt.PenStyle.SolidLine if is_current else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for visible in blocks:
            for rect in range_rects(visible, u_start, u_end):
                if is_current:
                    painter.drawRoundedRect(rect.adjusted(-1.5, 0.5, 1.5, -0.5), 3, 3)
                else:
                    y = rect.bottom() - 1.5
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
