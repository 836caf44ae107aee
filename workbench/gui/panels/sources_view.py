"""The Sources panel's table: sortable rows of sources, a done check box and an empty-state hint."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from workbench.gui.panels.check_delegate import CheckDelegate
from workbench.gui.widgets.views import fit_columns, pad_header, paint_placeholder

NAME_WIDEST = 180  # px: presence marks beside a name, still leaving room for the counts


class SourcesView(QTableView):
    """Shows ``model`` sorted by name, whole rows selected, with a custom context menu."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesView")
        self.setModel(model)
        self._fitted_columns = -1
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        pad_header(header)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        self.setItemDelegate(CheckDelegate(self))

    def fit_columns(self, done_column: int) -> None:
        """Size the columns to their contents when their number changes, not on every refresh."""
        count = self.model().columnCount()
        if self._fitted_columns == count:
            return
        self._fitted_columns = count
        fit_columns(self, 120)
        self.horizontalHeader().resizeSection(done_column, 60)

    def fit_names(self, widest: int = NAME_WIDEST) -> None:
        """Widen the name column (never narrow it) so names with who else has them open
        (``P07  · TR AL``) are not elided to "P07…"."""
        header = self.horizontalHeader()
        wanted = min(self.sizeHintForColumn(0) + 6, widest)
        if wanted > header.sectionSize(0):
            header.resizeSection(0, wanted)

    def selectAll(self) -> None:
        """Every source, those not fetched yet too (the model shows rows as they are scrolled)."""
        model = self.model()
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        super().selectAll()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, "No sources match." if self.model() else "")
