"""A base for list models over a plain Python list of rows (one item a row)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class RowListModel(QAbstractListModel, Generic[T]):
    """Holds the rows; subclasses fill ``_rows`` (inside a model reset) and say what an item
    shows for each role in ``item_data``, and what identifies it in ``key_of``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def item(self, row: int) -> T:
        return self._rows[row]

    def items(self) -> list[T]:
        return list(self._rows)

    def key_of(self, item: T) -> str:
        """What ``row_of`` looks an item up by."""
        raise NotImplementedError

    def row_of(self, key: str) -> int:
        """The row of the item whose ``key_of`` is ``key``, or -1."""
        return next((row for row, item in enumerate(self._rows) if self.key_of(item) == key), -1)

    def item_data(self, item: T, role: int) -> Any:
        """The value of ``role`` for ``item`` (None: nothing)."""
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.item_data(self._rows[index.row()], role)
