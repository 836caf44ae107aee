"""The result area of the Reports panel: a Table and a Chart tab for counting reports, a list of
segment cards for retrieval. Both report a count the researcher opens as ``cell_activated``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.export_files import write_file
from workbench.core.reports import ReportTable
from workbench.gui.reports.chart_view import ReportChart
from workbench.gui.reports.report_spec import ReportResult
from workbench.gui.reports.segments_dialog import SegmentList
from workbench.gui.reports.table_delegate import ReportDelegate
from workbench.gui.reports.table_model import SORT_ROLE, ReportTableModel
from workbench.gui.widgets.plain_text import PlainLabel
from workbench.gui.widgets.views import pad_header, paint_placeholder
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec

TABLE_PAGE, LIST_PAGE = 0, 1
WIDEST_COLUMN = 150


class ReportTableView(QTableView):
    placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)


class ReportViews(QStackedWidget):
    """Shows a ReportResult; ``cell_activated(row, column)`` is in table coordinates."""

    cell_activated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReportTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = ReportTableView()
        self.table.setObjectName("reportTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(ReportDelegate(self.model, self.table))
        self._setup_table()
        self.chart = ReportChart()
        self.measure = QComboBox()
        self.measure.setObjectName("reportChartMeasure")
        self.measure.setToolTip("The column the bars show")
        self.measure.currentIndexChanged.connect(self._measure_picked)
        self.save_chart = QToolButton()
        self.save_chart.setObjectName("reportSaveChart")
        self.save_chart.setText("Save image…")
        self.save_chart.setToolTip("Save the chart as a PNG image")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self._chart_page(), "Chart")
        self.segments = SegmentList()
        self.segments.setObjectName("reportSegments")
        self.addWidget(self.tabs)
        self.addWidget(self.segments)
        self.table.doubleClicked.connect(self._table_activated)
        self.registry = ActionRegistry(self, "Reports")
        self.open_action, self.copy_action = (
            self.registry.add(
                ActionSpec(
                    name,
                    text,
                    slot,
                    keys,
                    context=Qt.ShortcutContext.WidgetShortcut,
                    on=self.table,
                )
            )
            for name, text, slot, keys in (
                (
                    "reportOpenSegments",
                    "Open the segments behind this count",
                    lambda: self._table_activated(self.table.currentIndex()),
                    QKeySequence(Qt.Key.Key_Return),
                ),
                ("reportCopy", "Copy", self.copy_selection, QKeySequence.StandardKey.Copy),
            )
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.chart.cell_activated.connect(self.cell_activated)
        self.set_placeholder("")

    def _setup_table(self) -> None:
        view = self.table
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setMouseTracking(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        pad_header(header)

    def _chart_page(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setObjectName("reportChartScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.chart)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        self.measure_label = PlainLabel("Bars show")
        bar.addWidget(self.measure_label)
        bar.addWidget(self.measure)
        bar.addStretch(1)
        bar.addWidget(self.save_chart)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        return page

    # -- showing -----------------------------------------------------------------------------
    def set_placeholder(self, text: str) -> None:
        self.table.placeholder = text
        self.chart.placeholder = text
        self.segments.placeholder = text
        for view in (self.table.viewport(), self.chart, self.segments.viewport()):
            view.update()

    def clear(self) -> None:
        """Show no report (after a failure)."""
        self.model.set_table(None)
        self.chart.set_table(None)
        self.segments.set_segments([])

    def show_result(self, result: ReportResult) -> None:
        if result.spec.kind == "retrieval":
            self.model.set_table(None)
            self.chart.set_table(None)
            self.segments.set_segments(result.segments)
            self.segments.placeholder = "No coded segments match the filters."
            self.setCurrentIndex(LIST_PAGE)
            return
        self.segments.set_segments([])
        self.setCurrentIndex(TABLE_PAGE)
        table = result.table
        assert table is not None
        self.table.placeholder = "Nothing to count: no codes or no segments match the filters."
        self.chart.placeholder = self.table.placeholder
        previous = self.measure.currentText()
        self.model.set_table(table)
        self._fit_columns(table)
        bars = table.kind in ("frequencies", "words")
        self.measure.blockSignals(True)
        self.measure.clear()
        if bars:
            for column in table.columns:
                self.measure.addItem(column.label)
        at = self.measure.findText(previous)
        self.measure.setCurrentIndex(max(0, at))
        self.measure.blockSignals(False)
        self.measure.setVisible(bars)
        self.measure_label.setVisible(bars)
        self.chart.set_table(table, self.measure.currentIndex() if bars else 0)

    def _fit_columns(self, table: ReportTable) -> None:
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        first = max(
            (
                self.table.fontMetrics().horizontalAdvance(h.label) + h.depth * 14 + 44
                for h in table.rows[:400]
            ),
            default=120,
        )
        header.resizeSection(0, min(max(first, 140), 340))
        for column in range(1, self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = metrics.horizontalAdvance(title) + 26
            contents = self.table.sizeHintForColumn(column) if len(table.rows) < 400 else 60
            if column == 1 and table.kind in ("frequencies", "words"):
                contents = max(contents, 120)  # room for the data bar beside the number
            header.resizeSection(column, min(max(width, contents, 64), WIDEST_COLUMN))

    def _measure_picked(self, index: int) -> None:
        if self.chart.table is not None and index >= 0:
            self.chart.set_table(self.chart.table, index)

    def _table_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid() and source.column() > 0:
            self.cell_activated.emit(source.row(), source.column() - 1)

    def copy_selection(self) -> str:
        """Put the selected cells on the clipboard as tab-separated text with their titles."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        title = [str(self.proxy.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
        lines = ["\t".join(title)]
        for row in rows:
            cells = [
                str(self.proxy.index(row, c).data() or "") if (row, c) in chosen else ""
                for c in columns
            ]
            if 0 not in columns:
                cells.insert(0, str(self.proxy.index(row, 0).data() or ""))
            lines.append("\t".join(cells))
        if 0 not in columns:
            lines[0] = "\t" + lines[0]
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        return text

    # -- helpers for the panel and tests -----------------------------------------------------
    def view_index(self, row: int, column: int) -> QModelIndex:
        """The table view's index of table cell (row, column)."""
        return self.proxy.mapFromSource(self.model.index(row, column + 1))

    def save_chart_image(self, path: Path) -> bool:
        """Render the chart at its full size (not only the visible part) as PNG."""
        image = self.chart.grab()

        def write(partial: Path) -> None:
            if not image.save(str(partial), "PNG"):
                raise OSError(f"could not write {partial}")

        try:
            write_file(path, write)
        except OSError:
            return False
        return True
