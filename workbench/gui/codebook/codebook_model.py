"""The code tree as a Qt item model: names (editable), swatches, roll-up counts, drag and drop."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication

from workbench.core.changes import Changes
from workbench.gui.codebook.code_mime import (
    CODE_MIME,
    SELECTION_MIME,
    decode_codes,
    decode_selection,
    encode_codes,
)
from workbench.gui.codebook.code_moves import move_codes
from workbench.gui.codebook.code_rows import CODINGS as CODINGS  # the columns, re-exported
from workbench.gui.codebook.code_rows import NAME as NAME
from workbench.gui.codebook.code_rows import SOURCES as SOURCES
from workbench.gui.codebook.code_rows import CodeRows, Index
from workbench.gui.operations import codes, codings
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import dim_color, swatch_icon
from workbench.gui.widgets.plain_text import tip

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # name and description, case-folded, for filtering
NODE_ROLE = Qt.ItemDataRole.UserRole + 4

_HEADERS = ("Code", "Codings", "Sources")
_HEADER_TIPS = (
    "Code name (double-click to open, F2 to rename)",
    "Coded segments, sub-codes included",
    "Sources with at least one coded segment, sub-codes included",
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
REFRESH_KINDS = frozenset({"codebook", "codings", "media_codings", "sources", "project"})
# Only counts can change: refresh later.
COUNT_KINDS = frozenset({"codings", "media_codings", "annotations"})


class CodebookModel(CodeRows):
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
        self._hold = 0
        self._stale = False
        # Counts after a coding wait one event-loop turn: the transcript repaints first, and a
        # burst of codings (auto-code, undo of a merge) costs one update.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        self._load(self.session.code_tree())
        session.changed.connect(self._on_changed)

    # -- following the project ------------------------------------------------------------------
    def refresh(self) -> None:
        """Bring the tree in line with the project, row by row (a reset only for big changes)."""
        self._later.stop()
        if self._hold:
            self._stale = True
            return
        if self.sync(self.session.code_tree()):
            self.refreshed.emit()

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
        done = codes.rename(self.session, code=node.uuid, name=name, show=self.message.emit)
        return done is not None

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
        done = codings.apply(
            self.session,
            code=target.uuid,
            source=source,
            start=start,
            end=end,
            show=self.message.emit,
        )
        return done is not None

    def _move_codes(self, uuids: list[str], target: str | None, row: int) -> bool:
        return move_codes(self, uuids, target, row)
