"""The Reports panel and the PDF export actions, driven through their widgets on the demo; every
count is compared with the core's own computation."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QWidget

from workbench.core.reports import (
    CodebookOptions,
    FindingsOptions,
    ReportTable,
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    load_report_data,
    merge_passages,
    segments_for,
    select_codings,
    word_frequencies,
)
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports import (
    ExportDialogs,
    ReportsPanel,
    export_codebook,
    export_coded_transcript,
    export_findings,
)
from workbench.gui.reports.export_dialogs import TranscriptOptions
from workbench.gui.reports.report_spec import ReportResult

VIDEO = "Communication Methods/Synchronous/Video calls"
THEME = "Communication Methods"


@pytest.fixture
def panel(session: ProjectSession, qtbot) -> Iterator[ReportsPanel]:
    widget = ReportsPanel(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def wait_result(qtbot, panel: ReportsPanel, kind: str, after: object = None) -> ReportResult:
    """Wait for a finished report of ``kind`` newer than ``after``."""

    def ready() -> bool:
        result = panel.result
        return (
            not panel.pending
            and result is not None
            and result is not after
            and result.spec.kind == kind
        )

    qtbot.waitUntil(ready, timeout=20_000)
    assert panel.result is not None
    return panel.result


def choose_kind(qtbot, panel: ReportsPanel, kind: str) -> ReportResult:
    before = panel.result
    button = panel.findChild(QAbstractButton, f"reportKind_{kind}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return wait_result(qtbot, panel, kind, before)


def values(table: ReportTable) -> list[list[object]]:
    return [[cell.value for cell in row] for row in table.cells]


def shown(panel: ReportsPanel, row: int, column: int) -> str:
    return str(panel.views.view_index(row, column).data())


def double_click_cell(qtbot, panel: ReportsPanel, row: int, column: int) -> None:
    view = panel.views.table
    index = panel.views.view_index(row, column)
    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_every_kind_is_computed_through_the_widgets(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    project = session.project
    data = load_report_data(project)
    everything = SegmentFilter()

    result = wait_result(qtbot, panel, "frequencies")
    assert result.table is not None
    assert values(result.table) == values(code_frequencies(data, everything))
    video = result.table.row_index(project.codebook.find(VIDEO))
    expected = code_frequencies(data, everything).cells[video][0].value
    assert shown(panel, video, 0) == f"{expected:,}"

    result = choose_kind(qtbot, panel, "cooccurrence")
    assert result.table is not None
    assert values(result.table) == values(code_cooccurrence(data, everything, depth=1))

    result = choose_kind(qtbot, panel, "matrix")
    assert result.table is not None
    assert result.spec.attribute == "role"
    assert values(result.table) == values(attribute_matrix(data, "role", everything, depth=0))

    result = choose_kind(qtbot, panel, "words")
    assert result.table is not None
    # word frequency leaves the interviewer out by default
    without = replace(everything, exclude_interviewer=True)
    core_words = word_frequencies(project, without, data=data)
    assert [h.label for h in result.table.rows] == [h.label for h in core_words.rows]
    assert values(result.table) == values(core_words)

    result = choose_kind(qtbot, panel, "retrieval")
    assert result.total == len(select_codings(data, everything))
    # one card per passage: the first 500 codings, two coders' codings of a quote merged
    assert len(panel.views.segments.items) == len(merge_passages(result.segments)) < 500
    assert "passages listed (907 codings)" in panel.notes.text()
    assert panel.docx_button.isVisible() and not panel.csv_button.isVisible()


def test_options_reach_the_core(qtbot, panel: ReportsPanel, session: ProjectSession) -> None:
    data = load_report_data(session.project)
    choose_kind(qtbot, panel, "matrix")
    options = panel.options
    before = panel.result
    options.attribute.setCurrentIndex(options.attribute.findData("case:age_group"))
    options.percent.setCurrentIndex(options.percent.findData("column"))
    result = wait_result(qtbot, panel, "matrix", before)
    expected = attribute_matrix(data, "age_group", SegmentFilter(), depth=0, percent="column")
    assert result.table is not None
    assert [[c.percent for c in row] for row in result.table.cells] == [
        [c.percent for c in row] for row in expected.cells
    ]
    assert shown(panel, 0, 0).endswith(f"({expected.cells[0][0].percent:.1f}%)")


def test_an_attribute_filter_counts_only_those_cases(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    result = wait_result(qtbot, panel, "frequencies")
    panel.filters.set_attribute("case", "age_group", ["20-29"])
    filtered = wait_result(qtbot, panel, "frequencies", result)
    flt = SegmentFilter(case_attributes={"age_group": ("20-29",)})
    assert filtered.flt == flt
    assert filtered.table is not None
    expected = code_frequencies(load_report_data(session.project), flt)
    assert values(filtered.table) == values(expected)
    assert values(filtered.table) != values(result.table)  # type: ignore[arg-type]
    assert panel.filters.values.text() == "20-29"
    with qtbot.waitSignal(panel.report_ready, timeout=20_000):
        qtbot.mouseClick(panel.filters.reset, Qt.MouseButton.LeftButton)
    assert panel.result is not None and panel.result.flt == SegmentFilter()


def test_a_count_opens_exactly_the_segments_behind_it(
    qtbot, panel: ReportsPanel, session: ProjectSession, tmp_path: Path
) -> None:
    project = session.project
    result = wait_result(qtbot, panel, "frequencies")
    assert result.table is not None
    row = result.table.row_index(project.codebook.find(VIDEO))
    cell = result.table.cell(row, 1)  # sources: the codings behind the count
    with qtbot.waitSignal(panel.segments_requested) as requested:
        double_click_cell(qtbot, panel, row, 1)
    assert requested.args == [list(cell.codings)]
    dialog = panel.segments_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.segments), timeout=10_000)
    core = segments_for(project, cell.codings)
    assert [s.coding_uuid for s in dialog.segments] == [s.coding_uuid for s in core]
    assert all(s.code_path == VIDEO for s in dialog.segments)

    first = dialog.segments[0]
    list_view = dialog.list
    point = list_view.visualRect(list_view.model().index(0, 0)).center()
    with qtbot.waitSignal(session.navigate_requested) as navigated:
        qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert navigated.args == [first.source_uuid, first.start, first.end]

    dialog.ask_path = lambda parent, title, suggested, filter_: tmp_path / "cell.xlsx"
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        qtbot.mouseClick(dialog.excel_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "cell.xlsx").active
    assert sheet is not None
    saved = [sheet.cell(row=r, column=13).value for r in range(2, sheet.max_row + 1)]
    assert saved == [s.coding_uuid for s in core]
    dialog.close()


def test_a_matrix_cell_and_a_chart_bar_open_their_segments(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    opened: list[tuple[str, list[str]]] = []
    panel.show_segments = lambda title, codings: opened.append((title, codings)) or None
    result = choose_kind(qtbot, panel, "cooccurrence")
    assert result.table is not None
    table = result.table
    row, column = max(
        ((r, c) for r in range(len(table.rows)) for c in range(len(table.columns))),
        key=lambda rc: table.cell(*rc).value or 0,
    )
    double_click_cell(qtbot, panel, row, column)
    assert opened and opened[-1][1] == list(table.cell(row, column).codings)
    assert " × " in opened[-1][0]

    result = choose_kind(qtbot, panel, "frequencies")
    panel.views.tabs.setCurrentIndex(1)
    chart = panel.views.chart
    qtbot.waitUntil(lambda: chart.cell_rect(0, 0) is not None)
    rect = chart.cell_rect(0, 0)
    assert rect is not None
    with qtbot.waitSignal(panel.segments_requested) as requested:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert result.table is not None
    assert requested.args == [list(result.table.cell(0, 0).codings)]


def test_table_exports_to_csv_and_xlsx(
    qtbot, panel: ReportsPanel, session: ProjectSession, tmp_path: Path
) -> None:
    result = wait_result(qtbot, panel, "frequencies")
    table = result.table
    assert table is not None
    targets = iter([tmp_path / "freq.csv", tmp_path / "freq.xlsx"])
    panel.ask_save_path = lambda parent, title, suggested, filter_: next(targets)
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        qtbot.mouseClick(panel.csv_button, Qt.MouseButton.LeftButton)
    with open(tmp_path / "freq.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Code", "Code path", "Passages"]
    assert rows[1][0] == table.rows[0].label
    assert int(rows[1][2]) == table.cells[0][0].value
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "freq.xlsx").active
    assert sheet is not None
    assert sheet.cell(row=1, column=3).value == "Passages"
    read_back = [sheet.cell(row=r + 2, column=3).value for r in range(len(table.rows))]
    assert read_back == [row[0].value for row in table.cells]


def test_retrieval_exports_every_filtered_segment(
    qtbot, panel: ReportsPanel, session: ProjectSession, tmp_path: Path
) -> None:
    project = session.project
    video = project.codebook.find(VIDEO)
    choose_kind(qtbot, panel, "retrieval")
    before = panel.result
    panel.filters.codes.set_keys([video])
    coders = panel.filters.coders.view  # tick the coder in the popup's list, as a click does
    item = coders.findItems("Tomás Rivera", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(0, Qt.CheckState.Checked)
    assert panel.filters.coders.text() == "Coders: Tomás Rivera"
    result = wait_result(qtbot, panel, "retrieval", before)
    expected = select_codings(
        load_report_data(project), SegmentFilter(codes=(video,), coders=("Tomás Rivera",))
    )
    assert result.total == len(expected) > 0
    assert {s.coding_uuid for s in result.segments} == {c.uuid for c in expected}
    targets = iter([tmp_path / "video.xlsx", tmp_path / "video.docx"])
    panel.ask_save_path = lambda parent, title, suggested, filter_: next(targets)
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        qtbot.mouseClick(panel.segments_xlsx_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "video.xlsx").active
    assert sheet is not None
    assert sheet.max_row - 1 == len(expected)
    assert {sheet.cell(row=r, column=10).value for r in range(2, sheet.max_row + 1)} == {
        "Tomás Rivera"
    }
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        qtbot.mouseClick(panel.docx_button, Qt.MouseButton.LeftButton)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "video.docx")).paragraphs)
    assert result.segments[0].text.strip()[:40] in text


def test_leaving_out_interviewer_turns_changes_counts_as_the_core_says(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    project = session.project
    video = project.codebook.find(VIDEO)
    source = project.sources.find("P01")
    turns = project.sources.metadata(source)["turns"]
    _speaker, start, end = next(t for t in turns if t[0] == "Interviewer")
    result = wait_result(qtbot, panel, "frequencies")
    session.execute(
        "Code an interviewer question",
        lambda coder: project.codings.apply(
            source=source, code=video, start=start + 12, end=end - 2, coder=coder
        ),
    )
    with_interviewer = wait_result(qtbot, panel, "frequencies", result)
    data = load_report_data(project)
    assert with_interviewer.table is not None
    row = with_interviewer.table.row_index(video)
    core_all = code_frequencies(data, SegmentFilter()).cells[row][0].value
    core_without = code_frequencies(data, SegmentFilter(exclude_interviewer=True)).cells[row][0]
    assert with_interviewer.table.cells[row][0].value == core_all
    assert core_without.value == core_all - 1  # type: ignore[operator]

    check = panel.findChild(QCheckBox, "reportExcludeInterviewer")
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))
    without = wait_result(qtbot, panel, "frequencies", with_interviewer)
    assert without.flt.exclude_interviewer
    assert without.table is not None
    assert without.table.cells[row][0].value == core_without.value
    assert shown(panel, row, 0) == f"{core_without.value:,}"


class FakeDialogs:
    """Answers every export question and records the closing message."""

    def __init__(self, path: Path, **answers: Any) -> None:
        self.path = path
        self.answers = answers
        self.done: list[tuple[str, Path, str]] = []
        self.failed: list[str] = []

    def make(self) -> ExportDialogs:
        answer = self.answers.get
        return ExportDialogs(
            ask_path=lambda parent, title, suggested, filter_: self.path,
            codebook_options=lambda parent, branches: answer("codebook"),
            findings_options=lambda parent: answer("findings"),
            transcript_options=lambda parent, name, coders: answer("transcript"),
            done=lambda parent, title, path, detail: self.done.append((title, path, detail)),
            failed=lambda parent, title, message: self.failed.append(message),
        )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_codebook_pdf_is_exported_in_the_background(
    qtbot, session: ProjectSession, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    fake = FakeDialogs(tmp_path / "codebook.pdf", codebook=CodebookOptions(max_quotes=1))
    job = export_codebook(parent, session, dialogs=fake.make())
    assert job is not None
    qtbot.waitUntil(lambda: bool(fake.done or fake.failed), timeout=30_000)
    assert fake.failed == []
    assert fake.done[0][1] == tmp_path / "codebook.pdf"
    assert "pages" in fake.done[0][2]
    text = pdf_text(tmp_path / "codebook.pdf")
    assert "Video calls" in text and "Real-time messaging" in text


def test_findings_pdf_and_coded_transcript(qtbot, session: ProjectSession, tmp_path: Path) -> None:
    fake = FakeDialogs(
        tmp_path / "findings.pdf", findings=FindingsOptions(exclude_interviewer=True)
    )
    assert export_findings(None, session, dialogs=fake.make()) is not None
    qtbot.waitUntil(lambda: bool(fake.done or fake.failed), timeout=30_000)
    assert fake.failed == []
    assert "Communication Methods" in pdf_text(tmp_path / "findings.pdf")

    source = session.project.sources.find("P01")
    fake = FakeDialogs(tmp_path / "p01.pdf", transcript=TranscriptOptions(coders=("Maya Chen",)))
    assert export_coded_transcript(None, session, source, dialogs=fake.make()) is not None
    qtbot.waitUntil(lambda: bool(fake.done or fake.failed), timeout=30_000)
    assert fake.failed == []
    text = pdf_text(tmp_path / "p01.pdf")
    assert "P01" in text and "Maya Chen" in text


def test_cancelling_a_question_or_the_export_writes_nothing(
    qtbot, session: ProjectSession, tmp_path: Path
) -> None:
    fake = FakeDialogs(tmp_path / "none.pdf", codebook=None)
    assert export_codebook(None, session, dialogs=fake.make()) is None
    fake = FakeDialogs(tmp_path / "stopped.pdf", codebook=CodebookOptions())
    job = export_codebook(None, session, dialogs=fake.make())
    assert job is not None
    job.cancel()
    qtbot.waitUntil(lambda: job.outcome != "", timeout=30_000)
    assert job.outcome == "cancelled"
    assert fake.done == [] and fake.failed == []
    assert list(tmp_path.glob("*.pdf*")) == []


def test_keyboard_opens_a_count_and_copies_cells(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    opened: list[list[str]] = []
    panel.show_segments = lambda title, codings: opened.append(codings) or None
    result = wait_result(qtbot, panel, "frequencies")
    assert result.table is not None
    table = result.table
    view = panel.views.table
    view.setFocus()
    view.setCurrentIndex(panel.views.view_index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [list(table.cell(2, 0).codings)]
    view.selectionModel().clearSelection()
    for column in (0, 1):
        view.selectionModel().select(
            panel.views.view_index(2, column), QItemSelectionModel.SelectionFlag.Select
        )
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0] == "\tPassages\tCodings"
    assert lines[1] == f"{table.rows[2].label}\t{table.cell(2, 0).text}\t{table.cell(2, 1).text}"


def test_a_failed_export_is_reported_and_the_buttons_come_back(
    qtbot, panel: ReportsPanel, tmp_path: Path
) -> None:
    wait_result(qtbot, panel, "frequencies")
    target = tmp_path / "no such folder" / "table.csv"
    panel.ask_save_path = lambda parent, title, suggested, filter_: target
    qtbot.mouseClick(panel.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be written" in panel.message.message(), timeout=10_000)
    assert str(target) in panel.message.message()
    assert panel.csv_button.isEnabled() and not target.exists()


def _pick(qtbot, combo: QComboBox, text: str) -> None:
    """Choose an item the way a user does: open the popup, click the item's row."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.showPopup()
    view = combo.view()
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    assert combo.currentIndex() == index


def test_whose_codings_chooser_changes_the_counts_and_is_stored(
    qtbot, panel: ReportsPanel, session: ProjectSession
) -> None:
    from workbench.core.reports import CoderScope, stored_scope

    project = session.project
    data = load_report_data(project)
    result = wait_result(qtbot, panel, "frequencies")
    assert result.table is not None and result.table.columns[0].key == "passages"
    theme = result.table.row_index(project.codebook.find(THEME))
    merged = code_frequencies(data).cells[theme][0].value
    assert shown(panel, theme, 0) == f"{merged:,}"
    assert "all coders merged (Maya Chen, Tomás Rivera)" in panel.notes.text()

    chooser = panel.findChild(QComboBox, "reportCoders")
    before = panel.result
    _pick(qtbot, chooser, "Only Maya Chen")
    result = wait_result(qtbot, panel, "frequencies", before)
    maya = code_frequencies(data, coders=CoderScope.of(["Maya Chen"])).cells[theme][0].value
    assert maya != merged and shown(panel, theme, 0) == f"{maya:,}"
    assert stored_scope(project) == CoderScope.of(["Maya Chen"])
    assert "coded by Maya Chen only" in panel.notes.text()

    before = panel.result
    _pick(qtbot, chooser, "Each coder side by side")
    result = wait_result(qtbot, panel, "frequencies", before)
    assert result.table is not None
    keys = [c.key for c in result.table.columns]
    assert keys[-2:] == ["coder:Maya Chen", "coder:Tomás Rivera"]
    assert shown(panel, theme, keys.index("coder:Maya Chen")) == f"{maya:,}"

    before = panel.result
    session.undo_stack.undo()  # back to Maya Chen only, in the project and on screen
    result = wait_result(qtbot, panel, "frequencies", before)
    assert chooser.currentText() == "Only Maya Chen"
    assert stored_scope(project) == CoderScope.of(["Maya Chen"])
    assert shown(panel, theme, 0) == f"{maya:,}"
