"""The code tree as a Qt item model: names (editable), swatches, roll-up counts, drag and drop."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication

from workbench.core.errors import WorkbenchError
from workbench.core.services.codebook_tree import flatten
from workbench.core.values import Changes, CodeNode
from workbench.gui.codebook.code_mime import (
    CODE_MIME,
    SELECTION_MIME,
    decode_codes,
    decode_selection,
    encode_codes,
)
from workbench.gui.codebook.code_moves import move_codes
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import dim_color, swatch_icon
from workbench.gui.widgets.plain_text import tip

Index = QModelIndex | QPersistentModelIndex

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # name and description, case-folded, for filtering
NODE_ROLE = Qt.ItemDataRole.UserRole + 4

NAME, CODINGS, SOURCES = range(3)
_HEADERS = ("Code", "Codings", "Sources")
_HEADER_TIPS = (
    "Code name (double-click to open, F2 to rename)",
    "Coded segments, sub-codes included",
    "Sources with at least one coded segment, sub-codes included",
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
REFRESH_KINDS = frozenset({"codebook", "codings", "sources", "project"})
COUNT_KINDS = frozenset({"codings", "annotations"})  # only counts can change: refresh later
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


class CodebookModel(QAbstractItemModel):
    """The project's codebook as a tree. Items are addressed by internal ids that stay with a
    code for the model's lifetime; ``node(index)`` gives the CodeNode behind an index and
    ``index_for(uuid)`` finds it again.

    After a change the model updates in place: rows are inserted, removed and moved, and rows
    whose name, colour or counts changed report ``dataChanged``, so views keep what was open,
    selected and scrolled to. Both code panels share one model per session (``for_session``).

    Renames, moves and drops become undoable commands through the session; a refused edit is
    reported through ``message`` and nothing changes."""

    message = Signal(str)  # a refusal to show the user
    refreshed = Signal()  # codes were added, removed, moved, renamed or recoloured

    @classmethod
    def for_session(cls, session: ProjectSession) -> CodebookModel:
        """The session's one codebook model (the codebook and coding panels share it)."""
        model = session.findChild(cls, "codebookModel")
        if model is None:
            model = cls(session, session)
            model.setObjectName("codebookModel")
        return model

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._items: dict[int, _Item] = {0: _Item(None, -1, 0)}
        self._ids: dict[str, int] = {}
        self._next_id = 1
        self._hold = 0
        self._stale = False
        self._edited = False
        # Counts after a coding wait one event-loop turn: the transcript repaints first, and a
        # burst of codings (auto-code, undo of a merge) costs one update.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        self._load(self.session.code_tree())
        session.changed.connect(self._on_changed)

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

    def refresh(self) -> None:
        """Bring the tree in line with the project, row by row (a reset only for big changes)."""
        self._later.stop()
        if self._hold:
            self._stale = True
            return
        forest = self.session.code_tree()
        new = {node.uuid for node in flatten(forest)}
        if len(new ^ self._ids.keys()) > RESET_ABOVE:
            self.beginResetModel()
            self._load(forest)
            self.endResetModel()
            self.refreshed.emit()
            return
        self._edited = False
        self._place_children(0, forest)
        gone = {i for u, i in self._ids.items() if u not in new}
        for item_id in [i for i in gone if self._items[i].parent not in gone]:
            self._remove(item_id)  # with its sub-codes, all gone too: survivors moved above
        if self._edited:
            self.refreshed.emit()

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

    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds <= COUNT_KINDS:
            self._later.start()
        elif changes.kinds & REFRESH_KINDS:
            self.refresh()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """A context in which refreshes wait until the end (one update for a batch of edits)."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if not self._hold and self._stale:
                self._stale = False
                self.refresh()

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
        if column < 0 or column >= len(_HEADERS) or row < 0:
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
        return len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == UUID_ROLE:
            return node.uuid
        if role == PATH_ROLE:
            return node.path
        if role == NODE_ROLE:
            return node
        if role == SEARCH_ROLE:
            return f"{node.name}\n{node.description}".casefold()
        if column == NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return node.name
            if role == Qt.ItemDataRole.DecorationRole:
                return swatch_icon(node.color)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(node.description) or None
            if role == Qt.ItemDataRole.FontRole and node.parent_uuid is None:
                font = QGuiApplication.font()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(node.total_codings if column == CODINGS else node.total_sources)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT)
        if role == Qt.ItemDataRole.ForegroundRole:
            return dim_color()
        if role == Qt.ItemDataRole.ToolTipRole:
            own, total = (
                (node.codings, node.total_codings)
                if column == CODINGS
                else (node.sources, node.total_sources)
            )
            what = "coded segments" if column == CODINGS else "sources"
            return tip(f"{total} {what} ({own} on {node.name!r} itself)")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != NAME:
            return int(_RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value or "").strip()
        if name == node.name:
            return True
        uuid, old = node.uuid, node.name
        try:
            self.session.execute(
                f"Rename code {old!r} to {name!r}",
                lambda coder: self.session.project.codebook.rename(
                    code=uuid, name=name, coder=coder
                ),
            )
        except WorkbenchError as exc:
            self.message.emit(str(exc))
            return False
        return True

    # -- drag and drop ------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME, SELECTION_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        order = {node.uuid: n for n, node in enumerate(self.nodes())}
        uuids = sorted(
            {node.uuid for index in indexes if (node := self.node(index)) is not None},
            key=lambda u: order.get(u, 0),
        )
        return encode_codes(uuids, "\n".join(n.path for u in uuids if (n := self.node_for(u))))

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        target = self.node(parent)
        if data.hasFormat(CODE_MIME):
            uuids = decode_codes(data)
            if not uuids or not all(u in self._ids for u in uuids):
                return False
            if target is None:
                return True
            blocked = {target.uuid, *self.ancestors(target.uuid)}
            return not blocked & set(uuids)
        if data.hasFormat(SELECTION_MIME):
            return target is not None and row == -1 and decode_selection(data) is not None
        return False

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            if data.hasFormat(CODE_MIME) and (target := self.node(parent)) is not None:
                self.message.emit(
                    f"A code cannot be moved under itself or one of its own sub-codes "
                    f"({target.name!r})."
                )
            return False
        target = self.node(parent)
        if data.hasFormat(CODE_MIME):
            return self._move_codes(decode_codes(data), target.uuid if target else None, row)
        selection = decode_selection(data)
        assert target is not None and selection is not None
        source, start, end = selection
        try:
            self.session.apply_code(code=target.uuid, source=source, start=start, end=end)
        except WorkbenchError as exc:
            self.message.emit(str(exc))
            return False
        return True

    def _move_codes(self, uuids: list[str], target: str | None, row: int) -> bool:
        return move_codes(self, uuids, target, row)
