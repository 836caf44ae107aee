"""The segments behind a report count: a list of segment cards (the Segments panel's look), and
the dialog that loads them in the background. Double-click (or Return) shows a segment in its
transcript through ``session.navigate_requested``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.progress import Progress
from workbench.core.reports import (
    ReportData,
    merge_passages,
    segments_for,
    write_retrieval_docx,
    write_retrieval_xlsx,
)
from workbench.core.text.wording import counted
from workbench.core.values import Segment
from workbench.gui.panels.segment_delegate import SegmentDelegate
from workbench.gui.panels.segments_model import SegmentsModel
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports import export_dialogs as dlg
from workbench.gui.widgets.jobs import JobRunner
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel
from workbench.gui.widgets.views import paint_placeholder

AskPath = Callable[[QWidget | None, str, Path, str], "Path | None"]


class SegmentList(QListView):
    """Segment cards; ``segment_opened`` on double-click or Return."""

    segment_opened = Signal(object)  # Segment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""
        self.items: list[Segment] = []
        self.cards = SegmentsModel(self)
        self.setModel(self.cards)
        self.delegate = SegmentDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(16)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.doubleClicked.connect(self._open)

    def set_segments(self, items: Sequence[Segment]) -> None:
        """Show ``items`` one card per passage: codings of two coders on one quote show once."""
        items = merge_passages(items)
        self.items = items
        self.delegate.clear_cache()
        colors = {s.code_uuid: s.code_color for s in items}
        labels = {s.code_uuid: s.code_path.replace("/", " › ") for s in items}
        self.cards.set_segments(items, colors, labels)

    def _open(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.items):
            self.segment_opened.emit(self.items[index.row()])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)


def show_segment(session: ProjectSession, segment: Segment) -> None:
    """Ask the main window to show the segment in its transcript."""
    session.navigate_requested.emit(segment.source_uuid, segment.start, segment.end)
    session.select_coding(segment.coding_uuid)


class SegmentsDialog(QDialog):
    """Lists the coded segments behind one count; ``loaded`` fires once they are shown."""

    loaded = Signal()
    exported = Signal(object)  # Path

    def __init__(
        self,
        session: ProjectSession,
        title: str,
        codings: Sequence[str],
        data: ReportData | None,
        parent: QWidget | None = None,
        *,
        ask_path: AskPath = dlg.ask_save_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportSegmentsDialog")
        self.setWindowTitle(f"Segments — {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 620)
        self.session = session
        self.title = title
        self.codings = list(codings)
        self.ask_path = ask_path
        heading = PlainLabel(title)
        heading.setObjectName("reportSegmentsTitle")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.count = small_label("Loading…", "reportSegmentsCount")
        self.list = SegmentList()
        self.list.setObjectName("reportSegmentsList")
        self.list.placeholder = "Loading the segments…"
        self.list.segment_opened.connect(lambda s: show_segment(session, s))
        self.message = MessageBar("reportSegmentsMessage")
        self.word_button = QPushButton("Word…")
        self.word_button.setObjectName("reportSegmentsDocx")
        self.word_button.setToolTip("Save these segments as a Word document, ready to quote")
        self.excel_button = QPushButton("Excel…")
        self.excel_button.setObjectName("reportSegmentsXlsx")
        self.excel_button.setToolTip("Save these segments as a spreadsheet, one per row")
        for button in (self.word_button, self.excel_button):
            button.setAutoDefault(False)
        self.word_button.clicked.connect(lambda: self.export("docx"))
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(small_label("Export"))
        row.addWidget(self.word_button)
        row.addWidget(self.excel_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.segments: list[Segment] = []
        self._set_busy(True)
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._loaded)
        self.runner.failed.connect(self._failed)
        self.export_runner = JobRunner(self)
        self.export_runner.finished.connect(self._exported)
        self.export_runner.failed.connect(self._export_failed)
        project = session.project
        wanted = list(codings)
        self.runner.start(lambda _p: segments_for(project, wanted, data=data))

    def _set_busy(self, busy: bool) -> None:
        self.word_button.setEnabled(not busy and bool(self.segments))
        self.excel_button.setEnabled(not busy and bool(self.segments))

    def _loaded(self, result: object) -> None:
        assert isinstance(result, list)
        self.segments = result
        self.list.set_segments(result)
        sources = len({s.source_uuid for s in result})
        self.count.setText(
            f"{counted(len(self.list.items), 'passage')} ({counted(len(result), 'coding')}) in "
            f"{counted(sources, 'source')}  ·  double-click one to show it in its transcript"
        )
        self.list.placeholder = "No segments lie behind this count."
        self._set_busy(False)
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.count.setText("")
        self.list.placeholder = ""
        self.message.show_error(message)
        self.loaded.emit()

    def export(self, kind: str) -> bool:
        """Save the listed segments as DOCX or XLSX in the background (asks where first);
        ``exported`` tells the path. False when the researcher cancelled."""
        filter_ = dlg.DOCX_FILTER if kind == "docx" else dlg.XLSX_FILTER
        suggested = self.session.project.path.parent / f"{dlg.safe_file_name(self.title)}.{kind}"
        path = self.ask_path(self, "Export segments", suggested, filter_)
        if path is None:
            return False
        items, title = list(self.segments), self.title
        self._set_busy(True)
        self.message.show_info(f"Saving {len(items):,} segments…")

        def write(_progress: Progress) -> Path:
            if kind == "docx":
                return write_retrieval_docx(merge_passages(items), path, title=title)
            return write_retrieval_xlsx(items, path)

        self.export_runner.start(write)
        return True

    def _exported(self, path: object) -> None:
        self._set_busy(False)
        self.message.show_info(f"Saved {len(self.segments):,} segments to {path}.")
        self.exported.emit(path)

    def _export_failed(self, message: str) -> None:
        self._set_busy(False)
        self.message.show_error(f"The segments were not saved: {message}")

    def done(self, result: int) -> None:
        self.runner.cancel()
        for runner in (self.runner, self.export_runner):
            runner.wait()
        super().done(result)
