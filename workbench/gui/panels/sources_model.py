"""The sources table: one row per source with counts, cases, source attributes and done marks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QStyle

from workbench.core.values import AttributeInfo, AttributeValue, SourceInfo
from workbench.gui.panels.check_delegate import NOTE_ROLE
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.icons import standard_icon
from workbench.gui.widgets.plain_text import escaped, tip

Index = QModelIndex | QPersistentModelIndex
UUID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

NAME, CHARACTERS, CODINGS, CASES = range(4)
_FIXED = ("Name", "Characters", "Codings", "Cases")
FETCH_BATCH = 200  # rows shown per fetch: more than a screen holds
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def format_value(value: AttributeValue, kind: str) -> str:
    """An attribute value as a researcher reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def attribute_title(name: str) -> str:
    """A column title for an attribute name: "interview_date" → "Interview date"."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def sort_key(value: AttributeValue, kind: str) -> Any:
    if kind == "number":
        return float(value) if isinstance(value, int | float) else float("-inf")
    return format_value(value, kind).casefold()


class SourcesModel(QAbstractTableModel):
    """Rows of SourceInfo; the Done column is the current coder's mark (a check box).

    The rows are held in name order but shown a batch at a time (``canFetchMore`` /
    ``fetchMore``, asked by the view as it scrolls): opening a project with thousands of
    sources lays out and paints one screenful, not every row (issue 18). On open only the
    first batch is read (``set_first_rows``); the rest follow through ``set_rows``."""

    done_toggled = Signal(str, bool)  # source uuid, done

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceInfo] = []
        self._shown = 0  # rows[:shown] are the model's rows; the rest wait to be fetched
        self._attributes: list[AttributeInfo] = []
        self._coder = ""
        self._total = 0  # every source, those not read yet included
        self._present: dict[str, tuple[str, ...]] = {}  # source uuid → who else has it open

    # -- filling --------------------------------------------------------------------------------
    def set_rows(self, rows: list[SourceInfo], attributes: list[AttributeInfo], coder: str) -> None:
        """Replace the contents; the rows shown update in place when only their values or the
        rows not shown yet changed (e.g. the rest after ``set_first_rows``)."""
        rows = sorted(rows, key=lambda r: r.name.casefold())  # the view's order: fetched first
        self._total = len(rows)
        shown = self._shown
        same_shape = (
            len(rows) >= shown
            and [r.uuid for r in rows[:shown]] == [r.uuid for r in self._rows[:shown]]
            and [a.name for a in attributes] == [a.name for a in self._attributes]
        )
        if same_shape:
            self._rows, self._attributes, self._coder = rows, list(attributes), coder
            if shown:
                last = self.index(shown - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self.fetch_until(FETCH_BATCH - 1)  # a first batch, if none was shown
            return
        self.beginResetModel()
        self._rows, self._attributes, self._coder = rows, list(attributes), coder
        self._shown = min(len(rows), max(FETCH_BATCH, self._shown))  # as far as was scrolled
        self.endResetModel()

    def set_first_rows(
        self, rows: list[SourceInfo], total: int, attributes: list[AttributeInfo], coder: str
    ) -> None:
        """Show ``rows``, the first of ``total`` sources; ``set_rows`` brings every row."""
        self.set_rows(rows, attributes, coder)
        self._total = max(total, len(rows))

    @property
    def complete(self) -> bool:
        """False while only the first rows have been read."""
        return len(self._rows) == self._total

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        self.fetch_until(self._shown + FETCH_BATCH - 1, parent)

    def fetch_until(self, row: int, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Show the rows up to ``row`` (those before it that were not shown yet too)."""
        last = min(row, len(self._rows) - 1)
        if parent.isValid() or last < self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, last)
        self._shown = last + 1
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Show every row (before a filter or a sort that must see them all)."""
        self.fetch_until(len(self._rows) - 1)

    @property
    def total(self) -> int:
        """Every source, shown, still to be fetched or still to be read."""
        return self._total

    def update_counts(self, counts: dict[str, int], *, every: bool = True) -> None:
        """New coding counts per source uuid (after codings changed; nothing else did): for
        every source (one missing has none), or only for those in ``counts``."""
        column = _FIXED.index("Codings")
        for row, info in enumerate(self._rows):
            if not every and info.uuid not in counts:
                continue
            count = counts.get(info.uuid, 0)
            if count != info.codings:
                self._rows[row] = replace(info, codings=count)
                if row < self._shown:
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index)

    @property
    def done_column(self) -> int:
        return len(_FIXED) + len(self._attributes)

    def source(self, row: int) -> SourceInfo:
        return self._rows[row]

    def row_of(self, uuid: str) -> int:
        """The row of ``uuid`` (fetched if it was not yet), -1 if none."""
        for row, info in enumerate(self._rows):
            if info.uuid == uuid:
                self.fetch_until(row)
                return row
        return -1

    def sources(self) -> list[SourceInfo]:
        return list(self._rows)

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_FIXED) + len(self._attributes) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(_FIXED):
                return _FIXED[section]
            if section < self.done_column:
                return attribute_title(self._attributes[section - len(_FIXED)].name)
            return "Done"
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.done_column:
                return tip(f"Whether you ({self._coder}) have finished coding this source")
            if len(_FIXED) <= section < self.done_column:
                attr = self._attributes[section - len(_FIXED)]
                return tip(f"Source attribute {attr.name!r} ({attr.type})")
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (CHARACTERS, CODINGS):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.TextAlignmentRole and section == self.done_column:
            return int(_CENTER)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.done_column:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == UUID_ROLE:
            return info.uuid
        if role == SEARCH_ROLE:
            values = [format_value(v, "") for v in info.attributes.values()]
            return " ".join([info.name, *info.cases, *values]).casefold()
        if column == self.done_column:
            return self._done_data(info, role)
        if column == NAME:
            return self._name_data(info, role)
        if column == CHARACTERS:
            return self._number(info.length, role, f"{info.length:,}")
        if column == CODINGS:
            return self._number(info.codings, role, f"{info.codings:,}")
        if column == CASES:
            text = ", ".join(info.cases)
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(text)
            if role == SORT_ROLE:
                return text.casefold()
            return None
        attr = self._attributes[column - len(_FIXED)]
        value = info.attributes.get(attr.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, attr.type)
        if role == SORT_ROLE:
            return sort_key(value, attr.type)
        if role == Qt.ItemDataRole.TextAlignmentRole and attr.type == "number":
            return int(_RIGHT)
        return None

    @staticmethod
    def _number(value: int, role: int, text: str) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT)
        return None

    def set_presence(self, present: dict[str, tuple[str, ...]]) -> None:
        """Who else has each source open (a server project's presence); names show beside
        the source's name."""
        if present == self._present:
            return
        self._present = present
        if self._shown:
            self.dataChanged.emit(self.index(0, NAME), self.index(self._shown - 1, NAME))

    def _name_data(self, info: SourceInfo, role: int) -> Any:
        present = self._present.get(info.uuid, ())
        if role == Qt.ItemDataRole.DisplayRole:  # initials: the names are in the tooltip
            return f"{info.name}  · {' '.join(map(initials, present))}" if present else info.name
        if role == SORT_ROLE:
            return info.name.casefold()
        if role == Qt.ItemDataRole.DecorationRole:
            if present:
                return swatch_icon(PRESENT_COLOR)
            return standard_icon(QStyle.StandardPixmap.SP_FileIcon)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{escaped(info.name)}</b>"]
            if info.original_name:
                lines.append(f"from {escaped(info.original_name)}")
            if info.imported_by:
                lines.append(f"imported by {escaped(info.imported_by)}")
            if info.speakers:
                lines.append("speakers: " + escaped(", ".join(info.speakers)))
            if present:
                lines.append("open now by " + escaped(", ".join(present)))
            return "<br>".join(lines)
        return None

    def _done_data(self, info: SourceInfo, role: int) -> Any:
        mine = self._coder in info.done_by
        others = [name for name in info.done_by if name != self._coder]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            return (2 if mine else 0) + len(others) / 100
        if role == NOTE_ROLE:
            return f"+{len(others)}" if others else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if not info.done_by:
                return "Nobody has marked this source done yet."
            return tip("Marked done by " + ", ".join(info.done_by))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != self.done_column
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        # The table only changes when the command's refresh arrives: the view never edits a copy.
        self.done_toggled.emit(self._rows[index.row()].uuid, checked)
        return True


class SourcesFilter(QSortFilterProxyModel):
    """Sorting by typed keys, and filtering by text and by a source set."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._members: frozenset[str] | None = None

    def _fetch_all(self) -> None:
        model = self.sourceModel()
        if isinstance(model, SourcesModel):
            model.fetch_all()

    @property
    def filtering(self) -> bool:
        """True when rows are filtered or sorted out of the rows' own order: every row must
        be fetched for it."""
        return bool(
            self._text
            or self._members is not None
            or self.sortColumn() > NAME
            or (self.sortColumn() == NAME and self.sortOrder() != Qt.SortOrder.AscendingOrder)
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column > NAME or order != Qt.SortOrder.AscendingOrder:  # not the rows' own order
            self._fetch_all()
        super().sort(column, order)

    def set_text(self, text: str) -> None:
        if text.strip():
            self._fetch_all()
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_members(self, members: frozenset[str] | None) -> None:
        """Show only these sources (None: all)."""
        if members is not None:
            self._fetch_all()
        self.beginFilterChange()
        self._members = members
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._members is not None and index.data(UUID_ROLE) not in self._members:
            return False
        return not self._text or all(
            word in str(index.data(SEARCH_ROLE)) for word in self._text.split()
        )


PRESENT_COLOR = "#2e7d32"  # a source someone else has open


def initials(name: str) -> str:
    """``Tomás Rivera`` → ``TR``: who has a source open, short enough for the name column."""
    return "".join(word[0] for word in name.split())[:3].upper() or "?"
