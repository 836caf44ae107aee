"""A ReportTable as a table model: column 0 holds the row headers, then one column per count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.reports import Cell, Header, ReportTable
from workbench.gui.widgets.plain_text import tip

Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole  # the core Cell (count columns)
HEADER_ROLE = Qt.ItemDataRole.UserRole + 1  # the row Header (every column)
HEAT_ROLE = Qt.ItemDataRole.UserRole + 2  # 0..1 share of the largest value, or None
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
TOTAL_KEY = "Total"
SHADED_KINDS = frozenset({"cooccurrence", "matrix"})
BAR_KINDS = frozenset({"frequencies", "words"})


def count_text(cell: Cell) -> str:
    """A count with thousands separators; fractions with two decimals."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def shown_value(cell: Cell) -> float | None:
    """What a cell's shading and bar measure: the percentage when there is one."""
    if cell.percent is not None:
        return cell.percent
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return float(cell.value)
    return None


class ReportTableModel(QAbstractTableModel):
    """Read-only; the view sorts through a proxy on ``SORT_ROLE`` (column 0: tree order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: ReportTable | None = None
        self._top: list[float] = []

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self._top = self._maxima(table) if table is not None else []
        self.endResetModel()

    def _maxima(self, table: ReportTable) -> list[float]:
        """The largest value per column (bars), or over the whole body (heat maps)."""
        columns = range(len(table.columns))
        tops = [
            max((shown_value(row[c]) or 0.0 for row in table.cells), default=0.0) for c in columns
        ]
        if table.kind in SHADED_KINDS:
            body = [t for c, t in zip(columns, tops, strict=True) if not self.is_total(c)]
            top = max(body, default=0.0)
            return [top] * len(tops)
        return tops

    def column_max(self, column: int) -> float:
        """The largest shown value in table column ``column`` (0-based)."""
        return self._top[column] if 0 <= column < len(self._top) else 0.0

    def is_total(self, column: int) -> bool:
        """Is table column ``column`` (0-based, without the header column) a Total column?"""
        return (
            self.table is not None
            and self.table.kind == "matrix"
            and self.table.columns[column].key == TOTAL_KEY
        )

    def cell(self, index: Index) -> Cell | None:
        if self.table is None or not index.isValid() or index.column() == 0:
            return None
        return self.table.cells[index.row()][index.column() - 1]

    def header(self, row: int) -> Header | None:
        return None if self.table is None else self.table.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self.table
        if table is None or orientation != Qt.Orientation.Horizontal:
            return None
        label = table.corner if section == 0 else table.columns[section - 1].label
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        header = table.rows[row]
        if role == HEADER_ROLE:
            return header
        if column == 0:
            return self._label_data(header, row, role)
        cell = table.cells[row][column - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            text = count_text(cell)
            return f"{text}  ({cell.percent:.1f}%)" if cell.percent is not None else text
        if role == CELL_ROLE:
            return cell
        if role == SORT_ROLE:
            value = shown_value(cell)
            return -1.0 if value is None else value
        if role == HEAT_ROLE:
            value, top = shown_value(cell), self._top[column - 1]
            return None if value is None or top <= 0 else value / top
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._cell_tip(header, table.columns[column - 1], cell))
        return None

    def _label_data(self, header: Header, row: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return header.label
        if role == SORT_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(header.path.replace("/", " › ") if header.path else header.label)
        return None

    def _cell_tip(self, row: Header, column: Header, cell: Cell) -> str:
        if cell.value is None:
            return ""
        where = f"{row.label} · {column.label}"
        if cell.codings:
            n = len(cell.codings)
            return (
                f"{where}\nDouble-click to read the {n:,} segment{'s' if n != 1 else ''} behind it."
            )
        if cell.search:
            return f"{where}\nDouble-click to search the sources for “{cell.search}”."
        return where
