"""The code tree's rows for a Qt item model: stable item ids per code, lookups by uuid, and
updating in place from a new tree with the proper begin/end calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex

from workbench.core.services.codebook_tree import flatten
from workbench.core.values import CodeNode

Index = QModelIndex | QPersistentModelIndex

NAME, CODINGS, SOURCES = range(3)
COLUMNS = 3
RESET_ABOVE = 200  # codes added or removed at once (an import, a merge): one reset is cheaper


@dataclass
class _Item:
    node: CodeNode | None  # None only for the invisible root
    parent: int
    row: int
    children: list[int] = field(default_factory=list)


def _shown(node: CodeNode) -> tuple[object, ...]:
    """What a row shows, apart from its children: a change here repaints the row."""
    return (
        node.name,
        node.color,
        node.description,
        node.path,
        node.codable,
        node.parent_uuid,
        node.codings,
        node.sources,
        node.total_codings,
        node.total_sources,
    )


class CodeRows(QAbstractItemModel):
    """Codes as rows under their parents, three columns. Each code keeps its internal id for the
    model's lifetime, so views keep expansion, selection and persistent indexes across
    ``sync``; ``node(index)`` gives the CodeNode behind an index, ``index_for(uuid)`` the
    index of a code."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: dict[int, _Item] = {0: _Item(None, -1, 0)}
        self._ids: dict[str, int] = {}
        self._next_id = 1
        self._edited = False

    # -- building -----------------------------------------------------------------------------
    def _new_item(self, node: CodeNode, parent: int, row: int) -> int:
        item_id = self._next_id
        self._next_id += 1
        self._items[item_id] = _Item(node, parent, row)
        self._ids[node.uuid] = item_id
        return item_id

    def _load(self, forest: list[CodeNode]) -> None:
        self._items = {0: _Item(None, -1, 0)}
        self._ids = {}

        def add(node: CodeNode, parent: int, row: int) -> None:
            item_id = self._new_item(node, parent, row)
            self._items[parent].children.append(item_id)
            for child_row, child in enumerate(node.children):
                add(child, item_id, child_row)

        for row, root in enumerate(forest):
            add(root, 0, row)

    def sync(self, forest: list[CodeNode]) -> bool:
        """Bring the rows in line with ``forest``: rows inserted, removed and moved, changed
        rows reported by ``dataChanged`` (a reset only for big changes). True when codes came,
        went, moved, or changed name, colour or wording (not only counts)."""
        new = {node.uuid for node in flatten(forest)}
        if len(new ^ self._ids.keys()) > RESET_ABOVE:
            self.beginResetModel()
            self._load(forest)
            self.endResetModel()
            return True
        self._edited = False
        self._place_children(0, forest)
        gone = {i for u, i in self._ids.items() if u not in new}
        for item_id in [i for i in gone if self._items[i].parent not in gone]:
            self._remove(item_id)  # with its sub-codes, all gone too: survivors moved above
        return self._edited

    def _place_children(self, parent_id: int, nodes: Sequence[CodeNode]) -> None:
        """Make ``nodes`` the first children of ``parent_id``, in order; children still there
        after them are codes that moved elsewhere (placed later) or are gone (removed later)."""
        for row, node in enumerate(nodes):
            item_id = self._ids.get(node.uuid)
            if item_id is None:
                self._insert(node, parent_id, row)
                item_id = self._ids[node.uuid]
            else:
                item = self._items[item_id]
                if item.parent != parent_id or item.row != row:
                    self._move(item_id, parent_id, row)
                elif item.node is node:
                    continue  # the same node object: its whole branch is unchanged
                self._update(item_id, node)
            self._place_children(item_id, node.children)

    def _parent_index(self, item_id: int) -> QModelIndex:
        if item_id == 0:
            return QModelIndex()
        return self.createIndex(self._items[item_id].row, 0, item_id)

    def _renumber(self, parent_id: int, start: int = 0) -> None:
        children = self._items[parent_id].children
        for row in range(start, len(children)):
            self._items[children[row]].row = row

    def _insert(self, node: CodeNode, parent_id: int, row: int) -> None:
        self.beginInsertRows(self._parent_index(parent_id), row, row)
        item_id = self._new_item(node, parent_id, row)
        self._items[parent_id].children.insert(row, item_id)
        self._renumber(parent_id, row)
        self.endInsertRows()
        self._edited = True

    def _move(self, item_id: int, parent_id: int, row: int) -> None:
        item = self._items[item_id]
        old_parent, old_row = item.parent, item.row
        if not self.beginMoveRows(
            self._parent_index(old_parent), old_row, old_row, self._parent_index(parent_id), row
        ):
            raise AssertionError("a code cannot move into itself")  # placed top-down: never
        del self._items[old_parent].children[old_row]
        self._items[parent_id].children.insert(row, item_id)
        item.parent = parent_id
        self._renumber(old_parent, old_row if old_parent != parent_id else 0)
        self._renumber(parent_id, row if old_parent != parent_id else 0)
        self.endMoveRows()
        self._edited = True

    def _update(self, item_id: int, node: CodeNode) -> None:
        item = self._items[item_id]
        old = item.node
        item.node = node
        assert old is not None
        if _shown(old) == _shown(node):
            return
        first = self.createIndex(item.row, NAME, item_id)
        self.dataChanged.emit(first, first.siblingAtColumn(SOURCES))
        if _shown(old)[:6] != _shown(node)[:6]:
            self._edited = True

    def _remove(self, item_id: int) -> None:
        item = self._items[item_id]
        self.beginRemoveRows(self._parent_index(item.parent), item.row, item.row)
        del self._items[item.parent].children[item.row]
        self._renumber(item.parent, item.row)
        stack = [item_id]
        while stack:
            gone = self._items.pop(stack.pop())
            stack.extend(gone.children)
            if gone.node is not None:
                self._ids.pop(gone.node.uuid, None)
        self.endRemoveRows()
        self._edited = True

    # -- lookups ------------------------------------------------------------------------------
    def node(self, index: Index) -> CodeNode | None:
        if not index.isValid() or index.model() is not self:
            return None
        item = self._items.get(index.internalId())
        return item.node if item is not None else None

    def index_for(self, uuid: str, column: int = NAME) -> QModelIndex:
        item_id = self._ids.get(uuid)
        if item_id is None:
            return QModelIndex()
        return self.createIndex(self._items[item_id].row, column, item_id)

    def node_for(self, uuid: str) -> CodeNode | None:
        item_id = self._ids.get(uuid)
        return self._items[item_id].node if item_id is not None else None

    def nodes(self) -> list[CodeNode]:
        """Every code in tree order."""
        return [item.node for item in self._walk(0) if item.node is not None]

    def roots(self) -> list[CodeNode]:
        return [n for i in self._items[0].children if (n := self._items[i].node) is not None]

    def parent_uuid(self, uuid: str) -> str | None:
        node = self.node_for(uuid)
        return node.parent_uuid if node else None

    def ancestors(self, uuid: str) -> list[str]:
        """The uuids above ``uuid``, nearest first."""
        out: list[str] = []
        item_id = self._ids.get(uuid)
        while item_id:
            item_id = self._items[item_id].parent
            node = self._items[item_id].node
            if node is None:
                break
            out.append(node.uuid)
        return out

    def theme_of(self, uuid: str) -> CodeNode | None:
        above = self.ancestors(uuid)
        return self.node_for(above[-1]) if above else self.node_for(uuid)

    def children_uuids(self, parent: str | None) -> list[str]:
        item_id = 0 if parent is None else self._ids.get(parent)
        if item_id is None:
            return []
        return [n.uuid for i in self._items[item_id].children if (n := self._items[i].node)]

    def _walk(self, item_id: int) -> list[_Item]:
        out: list[_Item] = []
        for child in self._items[item_id].children:
            out.append(self._items[child])
            out.extend(self._walk(child))
        return out

    # -- the model interface ------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= COLUMNS or row < 0:
            return QModelIndex()
        parent_id = parent.internalId() if parent.isValid() else 0
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._items[parent_id].children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> Any:
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        parent_id = self._items[child.internalId()].parent
        if parent_id <= 0:
            return QModelIndex()
        return self.createIndex(self._items[parent_id].row, 0, parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._items[parent.internalId()].children)
        return len(self._items[0].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS
