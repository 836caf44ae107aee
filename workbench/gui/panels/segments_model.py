"""Coded segments as a list model: one row per segment, with the code's colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.values import Segment

Index = QModelIndex | QPersistentModelIndex
SEGMENT_ROLE = Qt.ItemDataRole.UserRole
COLOR_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2  # the code as shown on the card


def quote_line(segment: Segment) -> str:
    """One segment as a citation: “text” — Source (case), coder."""
    text = " ".join(segment.text.split())
    where = segment.source + (f" ({', '.join(segment.cases)})" if segment.cases else "")
    return f"“{text}” — {where}, {segment.coder}"


class SegmentsModel(QAbstractListModel):
    """Holds the segments the panel shows (already filtered)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Segment] = []
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

    def segment(self, row: int) -> Segment:
        return self._rows[row]

    def segments(self) -> list[Segment]:
        return list(self._rows)

    def row_of(self, coding: str) -> int:
        for row, segment in enumerate(self._rows):
            if segment.coding_uuid == coding:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        segment = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return quote_line(segment)
        if role == SEGMENT_ROLE:
            return segment
        if role == LABEL_ROLE:
            return self._labels.get(segment.code_uuid, segment.code_path)
        if role == COLOR_ROLE:
            return self._colors.get(segment.code_uuid, "#888888")
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{segment.code_path}\n{segment.source}, characters {segment.start:,}–"
                f"{segment.end:,}\nDouble-click to show it in the document."
            )
        return None
