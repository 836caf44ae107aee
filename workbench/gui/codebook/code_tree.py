"""The code tree view both code panels use: a recursive name/description filter in front of the
CodebookModel, and a view that keeps expansion, selection and scroll position by uuid when the
model is rebuilt or the filter changes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QWidget,
)

from workbench.core.values import CodeNode
from workbench.gui.codebook.codebook_model import (
    CODINGS,
    NAME,
    NODE_ROLE,
    SEARCH_ROLE,
    SOURCES,
    UUID_ROLE,
    CodebookModel,
)
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.plain_text import escaped, tip

Index = QModelIndex | QPersistentModelIndex


class CodeFilterProxy(QSortFilterProxyModel):
    """Shows codes whose name or description holds every word typed (and their ancestors), and
    optionally only the members of one code set."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._words: tuple[str, ...] = ()
        self._allowed: frozenset[str] | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return self._words

    @property
    def allowed(self) -> frozenset[str] | None:
        return self._allowed

    @property
    def active(self) -> bool:
        return bool(self._words) or self._allowed is not None

    def set_text(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_allowed(self, uuids: Iterable[str] | None) -> None:
        allowed = None if uuids is None else frozenset(uuids)
        if allowed != self._allowed:
            self.beginFilterChange()
            self._allowed = allowed
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, NAME, source_parent)
        if self._allowed is not None and index.data(UUID_ROLE) not in self._allowed:
            return False
        if not self._words:
            return True
        text = str(index.data(SEARCH_ROLE) or "")
        return all(word in text for word in self._words)

    def code_model(self) -> CodebookModel:
        model = self.sourceModel()
        assert isinstance(model, CodebookModel)
        return model


class CodeDelegate(QStyledItemDelegate):
    """Rows with a little air; count columns in a slightly smaller, tabular font."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + (6 if index.column() != NAME else 0), size.height() + 6)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.column() in (CODINGS, SOURCES):
            font = option.font
            font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
            option.font = font


class CodeTreeView(QTreeView):
    """A tree of codes over a CodeFilterProxy; remembers what was open and selected by uuid."""

    def __init__(self, proxy: CodeFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.placeholder = "No codes yet."
        self.filtered_placeholder = "No codes match."
        self._saved_expanded: set[str] | None = None  # expansion from before filtering
        self._state: tuple[set[str], list[str], str, int] | None = None
        self.setModel(proxy)
        self.setItemDelegate(CodeDelegate(self))
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setIndentation(16)
        self.setIconSize(QSize(14, 14))
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setExpandsOnDoubleClick(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (CODINGS, SOURCES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            width = self.fontMetrics().horizontalAdvance(" Sources ") + 16
            header.resizeSection(column, width)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        proxy.modelAboutToBeReset.connect(self._save_state)
        proxy.modelReset.connect(self._restore_state)
        self.expand_themes()

    # -- uuids --------------------------------------------------------------------------------
    def code_model(self) -> CodebookModel:
        return self.proxy.code_model()

    def view_index(self, uuid: str, column: int = NAME) -> QModelIndex:
        return self.proxy.mapFromSource(self.code_model().index_for(uuid, column))

    def uuid_at(self, index: Index) -> str:
        return str(index.data(UUID_ROLE) or "") if index.isValid() else ""

    def node_at(self, index: Index) -> CodeNode | None:
        node = index.data(NODE_ROLE) if index.isValid() else None
        return node if isinstance(node, CodeNode) else None

    def current_uuid(self) -> str:
        return self.uuid_at(self.currentIndex())

    def selected_uuids(self) -> list[str]:
        """Selected codes in tree order."""
        rows = {self.uuid_at(i) for i in self.selectionModel().selectedRows(NAME)}
        return [n.uuid for n in self.code_model().nodes() if n.uuid in rows]

    def select_uuids(self, uuids: list[str], current: str | None = None) -> None:
        selection = QItemSelection()
        for uuid in uuids:
            index = self.view_index(uuid)
            if index.isValid():
                self._reveal(index)
                selection.select(index, index.siblingAtColumn(SOURCES))
        model = self.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        model.select(selection, flags | QItemSelectionModel.SelectionFlag.Rows)
        target = current if current is not None else (uuids[0] if uuids else "")
        index = self.view_index(target) if target else QModelIndex()
        if index.isValid():
            model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(index)
        elif not uuids:
            model.clearCurrentIndex()

    def expanded_uuids(self) -> set[str]:
        out: set[str] = set()

        def visit(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, NAME, parent)
                if self.isExpanded(index):
                    out.add(self.uuid_at(index))
                    visit(index)

        visit(QModelIndex())
        return out

    def set_expanded_uuids(self, uuids: Iterable[str]) -> None:
        for uuid in uuids:
            index = self.view_index(uuid)
            if index.isValid():
                self.setExpanded(index, True)

    def expand_themes(self) -> None:
        self.expandToDepth(0)

    def _reveal(self, index: QModelIndex) -> None:
        parent = index.parent()
        while parent.isValid():
            self.setExpanded(parent, True)
            parent = parent.parent()

    # -- filtering and resets -----------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Filter by name and description; matches are shown opened, and the tree opens as it
        was when the filter is cleared."""
        if tuple(text.casefold().split()) == self.proxy.words:
            return
        if not self.proxy.active and text.strip():
            self._saved_expanded = self.expanded_uuids()
        selected = self.selected_uuids()
        self.proxy.set_text(text)
        self._after_filter(selected)

    def set_allowed(self, uuids: Iterable[str] | None) -> None:
        allowed = None if uuids is None else frozenset(uuids)
        if allowed == self.proxy.allowed:
            return
        if not self.proxy.active and allowed is not None:
            self._saved_expanded = self.expanded_uuids()
        selected = self.selected_uuids()
        self.proxy.set_allowed(allowed)
        self._after_filter(selected)

    def _after_filter(self, selected: list[str]) -> None:
        if self.proxy.active:
            self.expandAll()
        else:
            self.collapseAll()
            if self._saved_expanded is not None:
                self.set_expanded_uuids(self._saved_expanded)
                self._saved_expanded = None
            else:
                self.expand_themes()
        if selected:
            self.select_uuids(selected, self.current_uuid() or None)

    def _save_state(self) -> None:
        self._state = (
            self.expanded_uuids(),
            self.selected_uuids(),
            self.current_uuid(),
            self.verticalScrollBar().value(),
        )

    def _restore_state(self) -> None:
        if self._state is None:
            return
        expanded, selected, current, scroll = self._state
        self._state = None
        if self.proxy.active:
            self.expandAll()
        else:
            self.set_expanded_uuids(expanded)
        blocker = self.selectionModel().blockSignals(True)
        try:
            self.select_uuids([u for u in selected if self.view_index(u).isValid()], current)
        finally:
            self.selectionModel().blockSignals(blocker)
        self.verticalScrollBar().setValue(scroll)

    # -- painting and tooltips ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.proxy.rowCount() > 0:
            return
        text = self.filtered_placeholder if self.proxy.active else self.placeholder
        painter = QPainter(self.viewport())
        painter.setPen(dim_color(self.palette()))
        rect = self.viewport().rect().adjusted(16, 16, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            node = self.node_at(index)
            if node is not None and index.column() == NAME:
                text = f"<b>{escaped(node.path)}</b>"
                if node.description:
                    text += tip(node.description)
                QToolTip.showText(event.globalPos(), f"<div style='max-width:360px'>{text}</div>")
                return True
        return super().viewportEvent(event)
