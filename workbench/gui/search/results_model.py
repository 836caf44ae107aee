"""Search results as a two-level item model: one row per item (source, memo, code) with its
hit count, and one row per hit below it, in text order.

Rows are made as the view scrolls to them (``canFetchMore``/``fetchMore``) and a hit's
keyword-in-context text is read when its row is first shown, a block of rows at a time: showing
40,000 hits costs about what showing 500 does."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from workbench.core.search import SearchHit
from workbench.gui.widgets.plain_text import tip

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the SearchHit of a hit row (None on item rows)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # hits of an item row
_KIND_NAMES = {"source": "", "memo": "Memo · ", "annotation": "Note · ", "code": "Code · "}
BATCH = 100  # hit rows made at a time (a few screens)
BLOCK = 64  # hits given their context at a time
_KEPT = 4096  # hits kept with their context (the rows seen last)

_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
Index = QModelIndex | QPersistentModelIndex
Context = Callable[[list[SearchHit]], list[SearchHit]]


def _no_context(hits: list[SearchHit]) -> list[SearchHit]:
    return hits


class _Group:
    """One item's hits: their positions in the result, in text order."""

    __slots__ = ("hits", "made")

    def __init__(self, hits: list[int]) -> None:
        self.hits = hits
        self.made = 0  # hit rows made so far


class SearchResultsModel(QAbstractItemModel):
    """Read-only; ``set_hits`` replaces everything. ``context`` gives hits their
    keyword-in-context text (hits found without it are shown with it)."""

    def __init__(self, context: Context = _no_context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: tuple[SearchHit, ...] = ()
        self._context = context
        self._groups: list[_Group] = []
        self._shown = 0  # groups made rows so far; all but the last have all their hit rows
        self._with_context: OrderedDict[int, SearchHit] = OrderedDict()
        self._bold = QFont(QGuiApplication.font())
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = tuple(hits)
        # An item's hits come together: group runs (in C), joining any item seen before.
        groups: dict[str, list[int]] = {}
        at = 0
        for item, run in groupby(map(attrgetter("item"), self.hits)):
            size = len(list(run))
            groups.setdefault(item, []).extend(range(at, at + size))
            at += size
        self._groups = [_Group(positions) for positions in groups.values()]
        self._shown = 0
        self._with_context.clear()
        self._make_rows(BATCH, announce=False)
        self.endResetModel()

    # -- rows made as they are needed -----------------------------------------------------------
    def _make_rows(self, budget: int, *, announce: bool = True) -> None:
        """Make up to ``budget`` more hit rows: the rest of the last group shown, or else new
        groups; announced to views unless inside a reset."""
        if self._shown:
            row = self._shown - 1
            last = self._groups[row]
            more = min(budget, len(last.hits) - last.made)
            if more:
                if announce:
                    self.beginInsertRows(self.index(row, 0), last.made, last.made + more - 1)
                last.made += more
                if announce:
                    self.endInsertRows()
                return
        first = end = self._shown
        made: list[int] = []
        while budget > 0 and end < len(self._groups):
            group = self._groups[end]
            self._sort(group)
            made.append(min(budget, len(group.hits)))
            budget -= made[-1]
            end += 1
        if made and budget == 0 and made[-1] > 1:
            made[-1] -= 1  # one row held back: the next groups come when it is scrolled to
        if made:
            if announce:
                self.beginInsertRows(QModelIndex(), first, end - 1)
            for group, count in zip(self._groups[first:end], made, strict=True):
                group.made = count
            self._shown = end
            if announce:
                self.endInsertRows()

    def _sort(self, group: _Group) -> None:
        hits = self.hits
        group.hits.sort(key=lambda n: (hits[n].part != "text", hits[n].part, hits[n].start))

    def canFetchMore(self, parent: Index) -> bool:
        """The last group shown can make more of its rows; new groups come once it has made
        them all (a view asks for more rows at the top level until it has a screenful of
        them, and each group may hold thousands of hits)."""
        last = self._groups[self._shown - 1] if self._shown else None
        last_done = last is None or last.made == len(last.hits)
        if not parent.isValid():
            return self._shown < len(self._groups) and last_done
        return parent.internalId() == 0 and parent.row() == self._shown - 1 and not last_done

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._make_rows(BATCH)

    # -- the hits behind rows -------------------------------------------------------------------
    def hit(self, index: Index) -> SearchHit | None:
        """The hit of a hit row, with its context."""
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1]
        position = group.hits[index.row()]
        found = self._with_context.get(position)
        if found is None:
            self._read_context(group, index.row())
            found = self._with_context[position]
        return found

    def _read_context(self, group: _Group, row: int) -> None:
        """Give the block of hit rows around ``row`` their context (one read of the text)."""
        start = max(0, row - BLOCK // 4)
        positions = [p for p in group.hits[start : start + BLOCK] if p not in self._with_context]
        for position, hit in zip(
            positions, self._context([self.hits[p] for p in positions]), strict=True
        ):
            self._with_context[position] = hit
        while len(self._with_context) > _KEPT:
            self._with_context.popitem(last=False)

    # -- the model interface --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < self._shown else QModelIndex()
        if parent.internalId() != 0 or row >= self._groups[parent.row()].made:
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> Any:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return self._shown
        if parent.internalId() == 0 and parent.column() == 0:
            return self._groups[parent.row()].made
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._groups)
        return parent.internalId() == 0 and parent.column() == 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(self._groups[index.row()], role)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, HIT_ROLE):
            return None
        hit = self.hit(index)
        assert hit is not None
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.snippet
        where = f"{hit.part} " if hit.part != "text" else ""
        speaker = f" · {hit.speaker}" if hit.speaker else ""
        cases = f" · case {', '.join(hit.cases)}" if hit.cases else ""
        return tip(f"{where}{hit.start}–{hit.end}{speaker}{cases}")

    def _group_data(self, group: _Group, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            first = self.hits[group.hits[0]]
            count = len(group.hits)
            title = f"{_KIND_NAMES.get(first.item_type, '')}{first.label}"
            return f"{title}  —  {count:,} hit{'s' if count != 1 else ''}"
        if role == COUNT_ROLE:
            return len(group.hits)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
