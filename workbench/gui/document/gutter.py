"""The left gutter: paragraph numbers, and a note marker where an annotation starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.gui.document.painting import muted_text, side_background
from workbench.gui.document.roles import Placing, ShownSource
from workbench.gui.widgets.plain_text import tip

if TYPE_CHECKING:
    from workbench.gui.document.layer import ShownAnnotation

MARKER = 16.0
NOTE_COLOR = "#e8a317"


class Numbered(ShownSource, Placing, Protocol):
    """The text the gutter numbers, in the view's font and colours."""

    def font(self, /) -> QFont: ...

    def palette(self, /) -> QPalette: ...


class ParagraphGutter(QWidget):
    def __init__(
        self,
        view: Numbered,
        parent: QWidget,
        edit_note: Callable[[ShownAnnotation], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paragraphGutter")
        self.view = view
        self._edit_note = edit_note

    def _font(self) -> QFont:
        font = QFont(self.view.font())
        font.setFamilies(["DejaVu Sans", "Segoe UI", "Helvetica Neue", "sans-serif"])
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.78))
        return font

    def preferred_width(self) -> int:
        if not self.view.source:
            return 0
        digits = len(str(max(self.view.loaded.paragraphs, default=0) or 1))
        advance = QFontMetricsF(self._font()).horizontalAdvance("9")
        return int(10 + max(2, digits) * advance + 6 + MARKER + 4)

    def markers(self) -> list[tuple[QRectF, list[ShownAnnotation]]]:
        """Note markers on screen: one per line that an annotation starts on."""
        blocks = self.view.visible_blocks()
        if not blocks:
            return []
        lo, hi = blocks[0].start, blocks[-1].end
        rows: dict[float, list[ShownAnnotation]] = {}
        for note in self.view.layer.annotations_overlapping(lo, hi + 1):
            if lo <= note.u_start <= hi:
                top = self.view.position_y(note.u_start)
                rows.setdefault(top, []).append(note)
        x = self.width() - MARKER - 3
        line = QFontMetricsF(self.view.font()).height()
        return [
            (QRectF(x, top + (line - MARKER) / 2 + 1, MARKER - 2, MARKER - 1), notes)
            for top, notes in rows.items()
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.view.palette()
        painter.fillRect(self.rect(), side_background(palette))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(self.width() - 0.5, 0), QPointF(self.width() - 0.5, self.height()))
        if not self.view.source:
            return
        font = self._font()
        painter.setFont(font)
        painter.setPen(muted_text(palette))
        number_right = self.width() - MARKER - 8
        loaded = self.view.loaded
        for visible in self.view.visible_blocks():
            number = loaded.paragraph_number(visible.block.blockNumber())
            if not number:
                continue
            line = visible.block.layout().lineAt(0)
            top = visible.rect.top() + (line.y() if line.isValid() else 0.0)
            height = line.height() if line.isValid() else visible.rect.height()
            painter.drawText(
                QRectF(0, top, number_right, height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(number),
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect, notes in self.markers():
            _note_glyph(painter, rect, len(notes), palette)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), tip(self.tooltip_at(event.pos())), self)
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPoint) -> str:
        notes = self.notes_at(pos)
        if not notes:
            return ""
        told = "\n\n".join(f"{note.coder}: {note.text}" for note in notes)
        return f"{told}\n\n(double-click to edit)" if self._edit_note else told

    def notes_at(self, pos: QPoint) -> list[ShownAnnotation]:
        """The notes whose marker is at ``pos`` (none: [])."""
        for rect, notes in self.markers():
            if rect.adjusted(-3, -3, 3, 3).contains(QPointF(pos)):
                return notes
        return []

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        notes = self.notes_at(event.position().toPoint())
        if notes and self._edit_note is not None:
            self._edit_note(notes[0])
            return
        super().mouseDoubleClickEvent(event)


def _note_glyph(painter: QPainter, rect: QRectF, count: int, palette: QPalette) -> None:
    """A small sticky note with a folded corner (a count if several notes start here)."""
    fold = rect.width() * 0.35
    path = QPainterPath()
    path.moveTo(rect.topLeft())
    path.lineTo(rect.right() - fold, rect.top())
    path.lineTo(rect.right(), rect.top() + fold)
    path.lineTo(rect.bottomRight())
    path.lineTo(rect.bottomLeft())
    path.closeSubpath()
    color = QColor(NOTE_COLOR)
    painter.setPen(QPen(color.darker(135), 1))
    painter.setBrush(color)
    painter.drawPath(path)
    corner = QPainterPath()
    corner.moveTo(rect.right() - fold, rect.top())
    corner.lineTo(rect.right() - fold, rect.top() + fold)
    corner.lineTo(rect.right(), rect.top() + fold)
    painter.setBrush(color.lighter(135))
    painter.drawPath(corner)
    ink = QColor("#5a3d00")
    if count > 1:
        font = painter.font()
        font.setBold(True)
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(ink)
        center = int(Qt.AlignmentFlag.AlignCenter)
        painter.drawText(rect.adjusted(0, 1, -fold / 2, 0), center, str(count))
        return
    painter.setPen(QPen(ink, 1))
    for i in (0.42, 0.62, 0.8):
        y = rect.top() + rect.height() * i
        painter.drawLine(QPointF(rect.left() + 3, y), QPointF(rect.right() - 3, y))
