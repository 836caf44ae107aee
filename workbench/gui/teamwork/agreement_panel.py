"""The inter-coder agreement view: choose coders, unit and scope; percent agreement, Cohen's κ and
Krippendorff's α per code (computed in a job); export; and below the table the disagreements
(disagreements_view.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import WorkbenchError
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.teamwork import (
    DEFAULT_UNIT,
    UNIT_CAVEATS,
    UNITS,
    AgreementReport,
    AgreementRow,
    Disagreement,
    Stat,
    Unit,
    agreement,
    disagreements,
    write_agreement,
)
from workbench.core.text.wording import counted
from workbench.gui.project_session import ProjectSession
from workbench.gui.teamwork.disagreements_view import DisagreementsView
from workbench.gui.teamwork.share_dialog import inform, warn
from workbench.gui.widgets.jobs import JobRunner
from workbench.gui.widgets.plain_text import PlainLabel, tip
from workbench.gui.widgets.when_shown import WhenShown

UNIT_LABELS: dict[str, str] = {
    "char": "Characters",
    "paragraph": "Paragraphs",
    "turn": "Speaker turns",
    "segment": "Coded segments",
    "second": "Seconds of a recording",
}
HEADER = ["Code", "Units", "Agreement %", "Cohen's κ", "Krippendorff's α"]
EXPORT_FILTER = "CSV tables (*.csv);;Excel workbooks (*.xlsx);;PDF documents (*.pdf)"
DASH = "—"
VALUE_ROLE = Qt.ItemDataRole.UserRole

AskExportPath = Callable[[QWidget | None, str, str], "Path | None"]  # parent, title, suggested
Inform = Callable[[QWidget | None, str, str], None]


def ask_export_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, EXPORT_FILTER)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".csv", ".xlsx", ".pdf"):
        ext = ".xlsx" if "xlsx" in chosen else ".pdf" if "pdf" in chosen else ".csv"
        path = path.with_name(path.name + ext)
    return path


def stat_item(stat: Stat | None, digits: int, why_none: str = "") -> QTableWidgetItem:
    """A cell for one coefficient: the value, or "—" with the reason as tooltip."""
    if stat is None or stat.value is None:
        item = QTableWidgetItem(DASH)
        item.setToolTip(tip(stat.reason if stat is not None else why_none))
        item.setData(VALUE_ROLE, None)
    else:
        item = QTableWidgetItem(f"{stat.value:.{digits}f}")
        item.setData(VALUE_ROLE, stat.value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _failure(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, WorkbenchError) else f"Agreement failed: {exc!r}"


class AgreementPanel(QWidget):
    """Agreement between the checked coders, and consensus on where they differ."""

    computed = Signal(object)  # AgreementReport
    failed = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("agreementPanel")
        self.ask_export_path: AskExportPath = ask_export_path
        self.inform: Inform = inform
        self.show_error: Inform = warn
        self.report: AgreementReport | None = None
        self._runner = JobRunner(self, describe=_failure)
        self._runner.finished.connect(self._on_computed)
        self._runner.failed.connect(self._on_failed)
        self._runner.busy_changed.connect(lambda _busy: self._sync_buttons())
        self._closed = False
        self._build()
        self.reload_coders()
        self._catch_up = WhenShown(self, self._bring_up_to_date)
        session.changed.connect(self._on_changed)

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        # Inside a scroll area: the bottom docks are tabbed together, so this panel's minimum
        # height would otherwise be everyone's, taking rows from the transcript on a laptop.
        inner = QWidget()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        top = QHBoxLayout()
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("agreementCoders")
        self.coder_list.setMaximumHeight(64)  # two rows show; it scrolls for more coders
        self.coder_list.itemChanged.connect(lambda _item: self._sync_buttons())
        top.addWidget(self.coder_list, 1)
        options = QGridLayout()
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("agreementUnit")
        for unit in UNITS:
            self.unit_combo.addItem(UNIT_LABELS.get(unit, unit), unit)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(DEFAULT_UNIT))
        self.unit_combo.currentIndexChanged.connect(lambda _i: self._show_caveat())
        self.only_done = QCheckBox("Only sources every coder marked done")
        self.only_done.setObjectName("agreementOnlyDone")
        self.only_done.setChecked(True)
        self.compute_button = QPushButton("Compute")
        self.compute_button.setObjectName("agreementCompute")
        self.compute_button.clicked.connect(self._compute_or_cancel)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("agreementExport")
        self.export_button.clicked.connect(self.export)
        unit_label = PlainLabel("Unit")
        unit_label.setBuddy(self.unit_combo)
        options.addWidget(unit_label, 0, 0)
        options.addWidget(self.unit_combo, 0, 1)
        options.addWidget(self.compute_button, 0, 2)
        options.addWidget(self.only_done, 1, 0, 1, 2)
        options.addWidget(self.export_button, 1, 2)
        options.setRowStretch(2, 1)
        top.addLayout(options)
        layout.addLayout(top)
        self.status = PlainLabel("Check two or more coders, then Compute.")
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.caveat = PlainLabel()
        self.caveat.setObjectName("agreementCaveat")
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.caveat)
        self._show_caveat()
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(HEADER))
        self.table.setObjectName("agreementTable")
        self.table.setHorizontalHeaderLabels(HEADER)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(56)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.table)
        self.disagreement_view = DisagreementsView(self.session, lambda *a: self.show_error(*a))
        self.disagreement_view.resolved.connect(self.compute)
        splitter.addWidget(self.disagreement_view)
        splitter.setStretchFactor(0, 3)  # the table gets the room; the disagreements scroll
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._sync_buttons()

    def reload_coders(self) -> None:
        checked = set(self.checked_coders())
        self.coder_list.blockSignals(True)
        self.coder_list.clear()
        for coder in self.session.project.coders.list():
            item = QListWidgetItem(coder.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = coder.name in checked if checked else True
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.coder_list.addItem(item)
        self.coder_list.blockSignals(False)
        self._sync_buttons()

    def checked_coders(self) -> list[str]:
        return [
            item.text()
            for item in (self.coder_list.item(i) for i in range(self.coder_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_coders(self, names: list[str]) -> None:
        for i in range(self.coder_list.count()):
            item = self.coder_list.item(i)
            on = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _show_caveat(self, unit: Unit | None = None) -> None:
        """What the unit (the chosen one, or the table's) does to the figures."""
        unit = unit or self.unit_combo.currentData()
        assert unit is not None
        self.caveat.setText(f"{UNIT_LABELS[unit]}: {UNIT_CAVEATS[unit]}")

    @property
    def busy(self) -> bool:
        """True while agreement is being computed."""
        return self._runner.busy

    def _sync_buttons(self) -> None:
        busy = self._runner.busy
        self.compute_button.setText("Cancel" if busy else "Compute")
        self.compute_button.setEnabled(busy or len(self.checked_coders()) >= 2)
        self.export_button.setEnabled(self.report is not None and not busy)
        self.disagreement_view.set_busy(busy)

    # -- computing -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop a running computation and drop its result (call before the project closes: a
        result delivered afterwards would read the closed project)."""
        self._closed = True
        self._runner.cancel()
        self._runner.wait()

    def _compute_or_cancel(self) -> None:
        if self._runner.busy:
            self._runner.cancel()
            self.status.setText("Cancelled.")
        else:
            self.compute()

    def _work(self) -> Callable[[Progress], tuple[AgreementReport, list[Disagreement]]] | None:
        """The computation for the checked coders and options, or None (with a hint)."""
        coders = self.checked_coders()
        if self._closed or len(coders) < 2:
            if not self._closed:
                self.status.setText("Check two or more coders.")
            return None
        unit: Unit = self.unit_combo.currentData()
        only_done = self.only_done.isChecked()
        project = self.session.project

        def work(progress: Progress) -> tuple[AgreementReport, list[Disagreement]]:
            report = agreement(
                project, coders=coders, unit=unit, only_done=only_done, progress=progress
            )
            return report, disagreements(project, coders=coders)

        return work

    def compute(self) -> None:
        """Compute agreement and list the disagreements in a job (``computed`` follows); a
        computation still running is cancelled, the newest wins."""
        work = self._work()
        if work is None:
            return
        job = self._runner.start(work)
        job.progressed.connect(self._progressed)
        self.status.setText("Computing…")

    def compute_now(self) -> bool:
        """Compute on the calling thread (the screenshot tool needs the figures before it
        grabs the window); True if it succeeded."""
        work = self._work()
        if work is None:
            return False
        try:
            result = work(NO_PROGRESS)
        except WorkbenchError as exc:
            self._on_failed(str(exc))
            return False
        self._on_computed(result)
        return True

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self._runner.busy and total:
            self.status.setText(f"Computing… {done}/{total} sources")

    def _on_failed(self, text: str) -> None:
        if self._closed:
            return
        self.status.setText(text)
        self.failed.emit(text)

    def _on_computed(self, result: object) -> None:
        if self._closed:
            return
        assert isinstance(result, tuple)
        report: AgreementReport = result[0]
        found: list[Disagreement] = result[1]
        self.report = report
        self._show_caveat(report.unit)
        self._fill_table(report)
        self.disagreement_view.set_disagreements(report.coders, found)
        notes = " ".join(report.notes)
        self.status.setText(
            f"{counted(len(report.sources), 'source')} · unit: {UNIT_LABELS.get(report.unit)} · "
            f"{counted(len(found), 'disagreement')}. {notes}".strip()
        )
        self._sync_buttons()
        self.computed.emit(report)

    def _fill_table(self, report: AgreementReport) -> None:
        rows: list[AgreementRow] = [report.overall, *report.per_code]
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.code or "All codes (overall)")
            name.setData(VALUE_ROLE, row.code_uuid)
            whole = float(row.units).is_integer()
            units = QTableWidgetItem(f"{row.units:,.0f}" if whole else f"{row.units:,.1f}")
            units.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells = [
                name,
                units,
                stat_item(row.percent_agreement, 1),
                stat_item(row.cohen_kappa, 3, "Cohen's κ is for exactly two coders."),
                stat_item(row.krippendorff_alpha, 3),
            ]
            for c, cell in enumerate(cells):
                if r == 0:
                    cell.setFont(bold)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _on_changed(self, _changes: Changes) -> None:
        self._catch_up.request()  # while the dock is hidden: once, when it is shown

    def _bring_up_to_date(self) -> None:
        names = [c.name for c in self.session.project.coders.list()]
        if names != [self.coder_list.item(i).text() for i in range(self.coder_list.count())]:
            self.reload_coders()  # a merge or a consensus can bring new coders
        if self.report is not None and not self._runner.busy:
            self.status.setText("The project changed: Compute again to update.")

    # -- export --------------------------------------------------------------------------------
    def export(self) -> Path | None:
        if self.report is None:
            return None
        project = self.session.project.path
        suggested = project.with_name(f"{project.stem} - agreement.csv")
        path = self.ask_export_path(self, "Export agreement", str(suggested))
        if path is None:
            return None
        try:
            written = write_agreement(self.report, path)
        except (WorkbenchError, OSError) as exc:
            self.show_error(self, "Export agreement", str(exc))
            return None
        self.inform(self, "Agreement exported", f"The agreement table was saved to\n{written}")
        return written
