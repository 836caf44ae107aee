"""Coded segments as a list model: one row per segment, with the code's colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from workbench.core.values import Segment
from workbench.gui.media.clock import time_span
from workbench.gui.widgets.list_model import RowListModel
from workbench.gui.widgets.plain_text import tip

SEGMENT_ROLE = Qt.ItemDataRole.UserRole
COLOR_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2  # the code as shown on the card


def quote_line(segment: Segment) -> str:
    """One segment as a citation: “text” — Source (case), coder."""
    text = " ".join(segment.text.split())
    where = segment.place + (f" ({', '.join(segment.cases)})" if segment.cases else "")
    return f"“{text}” — {where}, {segment.coder}"


class SegmentsModel(RowListModel[Segment]):
    """Holds the segments the panel shows (already filtered)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colors: dict[str, str] = {}
        self._labels: dict[str, str] = {}

    def set_segments(
        self, rows: list[Segment], colors: dict[str, str], labels: dict[str, str] | None = None
    ) -> None:
        """Show ``rows``; ``colors`` and ``labels`` (optional short code names) by code uuid."""
        self.beginResetModel()
        self._rows = list(rows)
        self._colors = dict(colors)
        self._labels = dict(labels or {})
        self.endResetModel()

    def key_of(self, segment: Segment) -> str:
        return segment.coding_uuid

    def item_data(self, segment: Segment, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return quote_line(segment)
        if role == SEGMENT_ROLE:
            return segment
        if role == LABEL_ROLE:
            return self._labels.get(segment.code_uuid, segment.code_path)
        if role == COLOR_ROLE:
            return self._colors.get(segment.code_uuid, "#888888")
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"characters {segment.start:,}–{segment.end:,}"
            if segment.start_ms is not None:
                where += f", heard at {time_span(segment.start_ms, segment.end_ms)}"
            return tip(
                f"{segment.code_path}\n{segment.place}, {where}\n"
                "Double-click to show it in the document."
            )
        return None
