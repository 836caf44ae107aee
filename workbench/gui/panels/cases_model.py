"""The cases table: one row per case, one column per case attribute, then linked sources.

Edits never change the table directly: ``commit`` (set by the panel) runs a command, and the
table is refilled from the database when the change arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.core.values import AttributeInfo, AttributeValue, CaseInfo
from workbench.gui.panels.sources_model import (
    SORT_ROLE,
    UUID_ROLE,
    attribute_title,
    format_value,
    sort_key,
)
from workbench.gui.widgets.plain_text import tip

Index = QModelIndex | QPersistentModelIndex
ATTRIBUTE_ROLE = Qt.ItemDataRole.UserRole + 10  # the AttributeInfo of an attribute cell
WHOLE_NUMBERS_ROLE = Qt.ItemDataRole.UserRole + 11  # True when a number column holds only ints
NAME = 0
Commit = Callable[
    [str, str | None, AttributeValue], bool
]  # case uuid, attribute (None: name), value
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CasesModel(QAbstractTableModel):
    """Cases with typed attribute values; the last column lists the linked sources."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseInfo] = []
        self._attributes: list[AttributeInfo] = []
        self.commit: Commit = lambda _case, _attribute, _value: False

    # -- filling --------------------------------------------------------------------------------
    def set_rows(self, rows: list[CaseInfo], attributes: list[AttributeInfo]) -> None:
        """Refill; rows keep their places (and open editors survive) when no case came or went."""
        by_uuid = {r.uuid: r for r in rows}
        same_shape = set(by_uuid) == {r.uuid for r in self._rows} and [
            (a.name, a.type, a.choices) for a in attributes
        ] == [(a.name, a.type, a.choices) for a in self._attributes]
        if same_shape:
            self._rows = [by_uuid[r.uuid] for r in self._rows]
            self._attributes = list(attributes)
            if rows:
                last = self.index(len(rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows, self._attributes = list(rows), list(attributes)
        self.endResetModel()

    @property
    def sources_column(self) -> int:
        return 1 + len(self._attributes)

    def attribute(self, column: int) -> AttributeInfo | None:
        if 1 <= column <= len(self._attributes):
            return self._attributes[column - 1]
        return None

    def attributes(self) -> list[AttributeInfo]:
        return list(self._attributes)

    def column_of(self, attribute: str) -> int:
        for column, attr in enumerate(self._attributes, start=1):
            if attr.name == attribute:
                return column
        return -1

    def case(self, row: int) -> CaseInfo:
        return self._rows[row]

    def cases(self) -> list[CaseInfo]:
        return list(self._rows)

    def row_of(self, uuid: str) -> int:
        for row, info in enumerate(self._rows):
            if info.uuid == uuid:
                return row
        return -1

    def _whole_numbers(self, attr: AttributeInfo) -> bool:
        return all(
            not isinstance(v, float) for v in (r.attributes.get(attr.name) for r in self._rows)
        )

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._attributes) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        attr = self.attribute(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == NAME:
                return "Case"
            if attr is not None:
                return attribute_title(attr.name)
            return "Linked sources"
        if role == Qt.ItemDataRole.ToolTipRole and attr is not None:
            kind = {"boolean": "yes/no"}.get(attr.type, attr.type)
            extra = f": {', '.join(attr.choices)}" if attr.choices else ""
            return tip(f"{attr.name} ({kind}{extra})")
        if role == ATTRIBUTE_ROLE:
            return attr
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        attr = self.attribute(index.column())
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif attr is not None and attr.type == "boolean":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif attr is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == UUID_ROLE:
            return info.uuid
        if column == NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return info.name
            if role == SORT_ROLE:
                return info.name.casefold()
            if role == Qt.ItemDataRole.ToolTipRole and info.description:
                return tip(info.description)
            return None
        if column == self.sources_column:
            text = ", ".join(info.sources)
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(text or "Not linked yet")
            if role == SORT_ROLE:
                return text.casefold()
            return None
        attr = self._attributes[column - 1]
        value = info.attributes.get(attr.name)
        return self._value_data(attr, value, role)

    def _value_data(self, attr: AttributeInfo, value: AttributeValue, role: int) -> Any:
        if role == ATTRIBUTE_ROLE:
            return attr
        if role == WHOLE_NUMBERS_ROLE:
            return self._whole_numbers(attr)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            return sort_key(value, attr.type)
        if attr.type == "boolean":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, attr.type)
        if role == Qt.ItemDataRole.TextAlignmentRole and attr.type == "number":
            return int(_RIGHT)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        info = self._rows[index.row()]
        column = index.column()
        if column == NAME and role == Qt.ItemDataRole.EditRole:
            name = str(value).strip()
            return name == info.name or self.commit(info.uuid, None, name)
        attr = self.attribute(column)
        if attr is None:
            return False
        if attr.type == "boolean" and role == Qt.ItemDataRole.CheckStateRole:
            return self.commit(info.uuid, attr.name, Qt.CheckState(value) == Qt.CheckState.Checked)
        if role != Qt.ItemDataRole.EditRole:
            return False
        if value == info.attributes.get(attr.name) or (
            value == "" and attr.name not in info.attributes
        ):
            return True
        return self.commit(info.uuid, attr.name, value)
