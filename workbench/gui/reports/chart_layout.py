"""Where a report chart puts things: one computation shared by painting and hit testing, so a
click lands on the bar or cell drawn under it even when only part of the chart was repainted."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

MARGIN = 18
BAR_ROW = 22
INDENT = 12
MAX_LABEL = 260
MIN_CELL = 18.0


@dataclass(frozen=True)
class BarLayout:
    """Horizontal bars: one row per table row below an axis of ``step`` ticks up to ``top``."""

    rows: int
    label_width: float
    left: float  # where bars start
    width: float  # the bar area's width
    grid_top: float
    right: float  # the widget's right margin
    step: float
    top: float

    def row_rect(self, row: int) -> QRectF:
        return QRectF(MARGIN, self.grid_top + row * BAR_ROW, self.right - MARGIN, BAR_ROW)

    def row_at(self, pos: QPointF) -> int | None:
        if not MARGIN <= pos.x() <= self.right:
            return None
        row = math.floor((pos.y() - self.grid_top) / BAR_ROW)
        return row if 0 <= row < self.rows and pos.y() >= self.grid_top else None

    def bar_width(self, value: float) -> float:
        return max(1.5, self.width * value / self.top) if self.top > 0 else 1.5

    def visible_rows(self, clip: QRectF) -> range:
        first = max(0, math.floor((clip.top() - self.grid_top) / BAR_ROW))
        last = min(self.rows, math.ceil((clip.bottom() - self.grid_top) / BAR_ROW) + 1)
        return range(first, max(first, last))


@dataclass(frozen=True)
class HeatLayout:
    """A grid of ``rows`` × ``len(columns)`` cells; ``columns`` are table column indexes."""

    rows: int
    columns: tuple[int, ...]
    label_width: float
    left: float
    grid_top: float
    cell_width: float
    cell_height: float
    rotated: bool

    def cell_rect(self, row: int, position: int) -> QRectF:
        """The cell of ``row`` at ``position`` among the drawn columns."""
        return QRectF(
            self.left + position * self.cell_width,
            self.grid_top + row * self.cell_height,
            self.cell_width,
            self.cell_height,
        ).adjusted(1, 1, -1, -1)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(row, table column) under ``pos``."""
        if pos.x() < self.left or pos.y() < self.grid_top:
            return None
        position = math.floor((pos.x() - self.left) / self.cell_width)
        row = math.floor((pos.y() - self.grid_top) / self.cell_height)
        if 0 <= row < self.rows and 0 <= position < len(self.columns):
            return row, self.columns[position]
        return None

    @property
    def bottom(self) -> float:
        return self.grid_top + self.rows * self.cell_height

    def visible(self, clip: QRectF) -> tuple[range, range]:
        """Rows and column positions that intersect ``clip``."""
        first_row = max(0, math.floor((clip.top() - self.grid_top) / self.cell_height))
        last_row = min(self.rows, math.ceil((clip.bottom() - self.grid_top) / self.cell_height))
        first_col = max(0, math.floor((clip.left() - self.left) / self.cell_width))
        last_col = min(len(self.columns), math.ceil((clip.right() - self.left) / self.cell_width))
        return range(first_row, max(first_row, last_row)), range(
            first_col, max(first_col, last_col)
        )
