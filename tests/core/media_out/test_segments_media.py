"""Retrieved segments carry their time in the recording, media codings are segments too, and the
DOCX/XLSX exports show the time ranges as hh:mm:ss.mmm."""

from __future__ import annotations

from pathlib import Path

from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.reports.retrieval import merge_passages, retrieve, segments_for
from workbench.core.reports.retrieval_export import (
    XLSX_COLUMNS,
    write_retrieval_docx,
    write_retrieval_xlsx,
)


def test_segments_have_time_ranges_and_media_codings_are_listed(recorded: Recorded) -> None:
    segments = retrieve(recorded.project)
    got = [(s.code_path, s.coder, s.start_ms, s.end_ms, s.text.strip()) for s in segments]
    text = recorded.project.sources.text(recorded.source)
    cue = [line for line in text.split("\n") if line.strip()]
    assert (
        got
        == [
            ("Joy", "Ann", 0, 1500, cue[0]),  # a media coding: the cue it overlaps
            ("Joy", "Ben", 200, 1200, cue[0]),
            ("Joy", "Ann", 1500, 3000, "glad"),  # a text coding: the time of its cue
            ("Doubt", "Ben", 1500, 2200, cue[1]),
            ("Doubt", "Ann", 2500, 3600, text[text.index(cue[1]) :].strip()),
        ]
    )
    # each media coding is a passage of its own, never merged with a text coding's
    assert len(merge_passages(segments)) == 5


def test_xlsx_and_docx_show_the_time_ranges(recorded: Recorded, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    segments = retrieve(recorded.project)
    sheet = load_workbook(write_retrieval_xlsx(segments, tmp_path / "s.xlsx")).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Time start", "Time end") == XLSX_COLUMNS[-2:]
    assert [r[-2:] for r in rows[1:]] == [
        ("00:00:00.000", "00:00:01.500"),
        ("00:00:00.200", "00:00:01.200"),
        ("00:00:01.500", "00:00:03.000"),
        ("00:00:01.500", "00:00:02.200"),
        ("00:00:02.500", "00:00:03.600"),
    ]
    doc = Document(str(write_retrieval_docx(merge_passages(segments), tmp_path / "s.docx")))
    references = [p.text for p in doc.paragraphs if p.text.startswith("— ")]
    assert "00:00:01.500–00:00:03.000" in references[2]
    assert all("00:00:0" in ref for ref in references)


def test_a_source_without_cues_or_recording_has_no_times(recorded: Recorded) -> None:
    p = recorded.project
    other = p.sources.add(name="Notes", text="Plain notes here.", coder="Ann").created[-1]
    p.codings.apply(source=other, code=recorded.joy, start=0, end=5, coder="Ann")
    plain = [s for s in retrieve(p) if s.source == "Notes"]
    assert [(s.text, s.start_ms, s.end_ms) for s in plain] == [("Plain", None, None)]


def test_the_segments_behind_a_report_cell_have_their_times(recorded: Recorded) -> None:
    (coding,) = recorded.project.codings.of_source(recorded.source)
    (segment,) = segments_for(recorded.project, [coding.uuid])
    assert (segment.text, segment.start_ms, segment.end_ms) == ("glad", 1500, 3000)
