"""The Reports panel: pick a report kind, its options and filters; the table and chart are
computed on a worker thread from one snapshot of the project, and every count opens the coded
segments behind it. Tables export to CSV and XLSX, retrievals to DOCX and XLSX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.progress import Progress
from workbench.core.reports import (
    CoderScope,
    ReportData,
    merge_passages,
    retrieve,
    stored_scope,
    write_csv,
    write_retrieval_docx,
    write_retrieval_xlsx,
    write_xlsx,
)
from workbench.gui.codebook.flow_layout import FlowLayout
from workbench.gui.operations.report_scope import choose_scope
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports import export_dialogs as dlg
from workbench.gui.reports.filter_bar import FilterBar
from workbench.gui.reports.options_bar import OptionsBar
from workbench.gui.reports.report_spec import (
    KINDS,
    RETRIEVAL_SHOWN,
    Kind,
    ReportResult,
    run_report,
)
from workbench.gui.reports.report_views import ReportViews
from workbench.gui.reports.segments_dialog import AskPath, SegmentsDialog, show_segment
from workbench.gui.widgets.jobs import JobRunner
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar

DATA_DELAY = 1200  # ms after the last change before a visible report is recounted
_KINDS = frozenset({"codings", "codebook", "sources", "cases", "attributes", "coders", "sets"})


class ReportsPanel(QWidget):
    """Signals: ``segments_requested(coding uuids)`` when a count is opened,
    ``word_search_requested(word)`` for a word count, ``report_ready(ReportResult)`` and
    ``exported(Path)``. ``ask_save_path`` and ``show_segments`` are replaceable for tests."""

    segments_requested = Signal(list)
    word_search_requested = Signal(str)
    report_ready = Signal(object)
    exported = Signal(object)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPanel")
        self.session = session
        self.ask_save_path: AskPath = dlg.ask_save_path
        self.show_segments: Callable[[str, list[str]], QWidget | None] = self._open_dialog
        self.result: ReportResult | None = None
        self.segments_dialog: SegmentsDialog | None = None
        self._data: ReportData | None = None
        self._revision = -1
        self._epoch = 0  # grows with every change of the project: older snapshots are not kept
        self._stale = True
        self.kind: Kind = "frequencies"

        self.kind_buttons = QButtonGroup(self)
        self.kind_buttons.setExclusive(True)
        kinds = QWidget()
        kinds_flow = FlowLayout(kinds, spacing=2)
        for order, (kind, label, tip) in enumerate(KINDS):
            kind_button = QToolButton()
            kind_button.setObjectName(f"reportKind_{kind}")
            kind_button.setText(label)
            kind_button.setToolTip(tip)
            kind_button.setCheckable(True)
            kind_button.setChecked(kind == self.kind)
            self.kind_buttons.addButton(kind_button, order)
            kinds_flow.addWidget(kind_button)
        kind_row = QHBoxLayout()
        kind_row.addWidget(kinds, 1)
        self.busy = QProgressBar()
        self.busy.setObjectName("reportBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("reportRun")
        self.run_button.setToolTip("Read the project again and compute the report")
        kind_row.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignTop)
        kind_row.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)

        self.options = OptionsBar()
        self.filters = FilterBar()
        self.views = ReportViews()
        self.notes = small_label(object_name="reportNotes")
        self.notes.setWordWrap(True)
        self.message = MessageBar("reportMessage")
        self.csv_button = self._export_button("CSV…", "reportExportCsv", "Save the table as CSV")
        self.xlsx_button = self._export_button(
            "Excel…", "reportExportXlsx", "Save the table as an Excel workbook"
        )
        self.docx_button = self._export_button(
            "Word…", "reportExportDocx", "Save every selected segment as a Word document"
        )
        self.segments_xlsx_button = self._export_button(
            "Excel…", "reportExportSegmentsXlsx", "Save every selected segment in a spreadsheet"
        )
        footer = QHBoxLayout()
        footer.addWidget(self.notes, 1)
        footer.addWidget(small_label("Export"))
        for button in (
            self.csv_button,
            self.xlsx_button,
            self.docx_button,
            self.segments_xlsx_button,
        ):
            footer.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(kind_row)
        layout.addWidget(self.options)
        layout.addWidget(self.filters)
        layout.addWidget(self.views, 1)
        layout.addLayout(footer)
        layout.addWidget(self.message)

        self.runner = JobRunner(self)
        self.runner.finished.connect(self._computed)
        self.runner.failed.connect(self._failed)
        self.runner.busy_changed.connect(self._busy_changed)
        self.export_runner = JobRunner(self)
        self.export_runner.finished.connect(self._exported)
        self.export_runner.failed.connect(self._export_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)

        self.kind_buttons.idClicked.connect(lambda i: self.set_kind(KINDS[i][0]))
        self.run_button.clicked.connect(self.refresh)
        self.options.changed.connect(self._schedule)
        self.options.coders.chosen.connect(self.choose_coders)
        self.filters.changed.connect(self._schedule)
        self.views.cell_activated.connect(self.open_cell)
        self.views.segments.segment_opened.connect(lambda s: show_segment(session, s))
        self.views.save_chart.clicked.connect(self.save_chart)
        self.csv_button.clicked.connect(lambda: self.export_table("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export_table("xlsx"))
        self.docx_button.clicked.connect(lambda: self.export_segments("docx"))
        self.segments_xlsx_button.clicked.connect(lambda: self.export_segments("xlsx"))
        session.changed.connect(self._on_changed)
        self.options.coders.set_scope(stored_scope(session.project))
        self.options.show_kind(self.kind)
        self._update_buttons()
        self.views.set_placeholder("The report appears here once it is computed.")

    def _export_button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    # -- choosing and running ----------------------------------------------------------------
    def set_kind(self, kind: Kind) -> None:
        """Show ``kind`` (as a click on its button does) and compute it."""
        if kind != self.kind:
            self.kind = kind
            self.kind_buttons.button([k for k, _, _ in KINDS].index(kind)).setChecked(True)
            self.options.show_kind(kind)
            self._update_buttons()
        self._schedule()

    @property
    def pending(self) -> bool:
        """True while a report is about to run or running."""
        return self._timer.isActive() or self.runner.busy

    def _schedule(self, *_args: object, delay: int = 250) -> None:
        if self.isVisible():
            self._timer.start(delay)
        else:
            self._stale = True

    def refresh(self) -> None:
        """Read the project again (a new snapshot), then compute."""
        self._data = None
        self.run()

    def run(self) -> None:
        """Compute the current report now, on the worker thread."""
        self._timer.stop()
        self._stale = False
        spec = self.options.spec(self.kind)
        flt = self.filters.segment_filter()
        project, data, revision = self.session.project, self._data, self._revision
        epoch = self._epoch
        self.runner.start(lambda _p: (epoch, run_report(project, spec, flt, data, revision)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def choose_coders(self, scope: CoderScope) -> None:
        """Count the codings of ``scope`` in every report (stored in the project; undoable)."""
        # A read-only project cannot store the choice: it then counts for this view only.
        read_only = self.session.project.read_only
        if read_only or choose_scope(self.session, scope, self.message.show_error):
            self._schedule()
        else:
            self.options.coders.set_scope(stored_scope(self.session.project))

    def _on_changed(self, changes: Changes) -> None:
        if "project" in changes.kinds:  # e.g. the choice of coders, or its undo
            scope = stored_scope(self.session.project)
            if scope != self.options.coders.scope():
                self.options.coders.set_scope(scope)
                self._schedule()
        if changes.kinds & _KINDS:
            self._data = None
            self._epoch += 1  # a snapshot being read now may predate the change
            self._schedule(delay=DATA_DELAY)  # coding goes on: recount once it pauses

    def _busy_changed(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._update_buttons()

    def _computed(self, payload: object) -> None:
        assert isinstance(payload, tuple)
        epoch, result = payload
        assert isinstance(result, ReportResult)
        if result.data is not self._data and epoch == self._epoch:
            self._data, self._revision = result.data, result.revision
            self.filters.refill(result.data)
            self.options.refill(result.data)
        self.result = result
        self.message.hide()
        self.views.show_result(result)
        self._show_notes(result)
        self._update_buttons()
        self.report_ready.emit(result)

    def _failed(self, message: str) -> None:
        self.result = None
        self.views.clear()
        self.views.set_placeholder("")
        self.notes.setText("")
        self.message.show_error(message)
        self._update_buttons()

    def _show_notes(self, result: ReportResult) -> None:
        if result.table is not None:
            self.notes.setText(result.table.notes)
            return
        shown = len(result.segments)
        passages = len(self.views.segments.items)
        text = f"{passages:,} passage{'s' if passages != 1 else ''} listed"
        text += f" ({result.total:,} coding{'s' if result.total != 1 else ''})"
        if result.total > shown:
            text += f"; the first {RETRIEVAL_SHOWN:,} codings are listed, the exports hold all"
        describe = result.flt.describe()
        scope = result.spec.coders.describe(result.data)
        self.notes.setText(text + f"; {scope}" + (f"; {describe}" if describe else "") + ".")

    def _update_buttons(self) -> None:
        retrieval = self.kind == "retrieval"
        result = self.result
        has_table = result is not None and result.table is not None and not retrieval
        has_segments = result is not None and retrieval and result.total > 0
        for button in (self.csv_button, self.xlsx_button):
            button.setVisible(not retrieval)
            button.setEnabled(has_table and not self.export_runner.busy)
        for button in (self.docx_button, self.segments_xlsx_button):
            button.setVisible(retrieval)
            button.setEnabled(has_segments and not self.export_runner.busy)
        self.views.save_chart.setEnabled(has_table)

    # -- opening counts ----------------------------------------------------------------------
    def open_cell(self, row: int, column: int) -> None:
        """Open what lies behind table cell (row, column): its segments, or a word search."""
        result = self.result
        if result is None or result.table is None:
            return
        table = result.table
        cell = table.cell(row, column)
        if cell.value is None:
            return
        if cell.codings:
            codings = list(cell.codings)
            self.segments_requested.emit(codings)
            link = " × " if table.kind in ("cooccurrence", "matrix") else " · "
            title = f"{table.rows[row].label}{link}{table.columns[column].label}: {cell.text}"
            self.show_segments(title, codings)
        elif cell.search:
            self.word_search_requested.emit(cell.search)
            self.message.show_info(f"Searching the sources for “{cell.search}”.")

    def _open_dialog(self, title: str, codings: list[str]) -> QWidget | None:
        data = self.result.data if self.result is not None else None
        dialog = SegmentsDialog(
            self.session, title, codings, data, self, ask_path=self.ask_save_path
        )
        self.segments_dialog = dialog
        dialog.destroyed.connect(lambda *_: self._dialog_gone(dialog))
        dialog.show()
        return dialog

    def _dialog_gone(self, dialog: SegmentsDialog) -> None:
        if self.segments_dialog is dialog:
            self.segments_dialog = None

    # -- exports -----------------------------------------------------------------------------
    def _ask(self, title: str, name: str, kind: str, filter_: str) -> Path | None:
        folder = self.session.project.path.parent
        return self.ask_save_path(
            self, title, folder / f"{dlg.safe_file_name(name)}.{kind}", filter_
        )

    def export_table(self, kind: str) -> bool:
        """Save the shown table as CSV or XLSX (asks where, writes in the background)."""
        result = self.result
        if result is None or result.table is None:
            return False
        table = result.table
        filter_ = dlg.CSV_FILTER if kind == "csv" else dlg.XLSX_FILTER
        path = self._ask("Export table", table.title, kind, filter_)
        if path is None:
            return False
        writer = write_csv if kind == "csv" else write_xlsx
        self.export_runner.start(lambda _p: writer(table, path))
        self._update_buttons()
        return True

    def export_segments(self, kind: str) -> bool:
        """Save every segment the retrieval selects as DOCX or XLSX, with full references."""
        result = self.result
        if result is None or result.spec.kind != "retrieval":
            return False
        filter_ = dlg.DOCX_FILTER if kind == "docx" else dlg.XLSX_FILTER
        path = self._ask("Export segments", "Coded segments", kind, filter_)
        if path is None:
            return False
        project, flt, data = self.session.project, result.flt, result.data
        coders = result.spec.coders
        title = "Coded segments" + (f" ({flt.describe()})" if flt.describe() else "")

        def write(_progress: Progress) -> Path:
            segments = retrieve(project, flt, data=data, coders=coders)
            if kind == "docx":
                return write_retrieval_docx(merge_passages(segments), path, title=title)
            return write_retrieval_xlsx(segments, path)

        self.export_runner.start(write)
        self._update_buttons()
        return True

    def save_chart(self) -> bool:
        """Save the chart as a PNG image."""
        table = self.views.chart.table
        if table is None:
            return False
        path = self._ask("Save chart", f"{table.title} chart", "png", "PNG images (*.png)")
        if path is None:
            return False
        if self.views.save_chart_image(path):
            self.message.show_info(f"Saved the chart to {path}.")
            return True
        self.message.show_error(f"The chart could not be saved to {path}.")
        return False

    def _export_failed(self, message: str) -> None:
        self._update_buttons()
        self.message.show_error(f"Not saved: {message}")

    def _exported(self, path: object) -> None:
        self._update_buttons()
        self.message.show_info(f"Saved to {path}.")
        self.exported.emit(path)

    # -- closing -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Forget running work and wait for it (call before the project closes)."""
        self._timer.stop()
        self.runner.cancel()
        for runner in (self.runner, self.export_runner):
            runner.wait()
        if self.segments_dialog is not None:
            self.segments_dialog.close()
