"""Retrieval references, word frequency, and the CSV / XLSX / DOCX files read back."""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from report_helpers import LEAD, SECOND, Study

from workbench.core.reports import (
    SegmentFilter,
    code_cooccurrence,
    code_frequencies,
    load_report_data,
    reference,
    retrieve,
    word_frequencies,
    write_csv,
    write_retrieval_docx,
    write_retrieval_xlsx,
    write_xlsx,
)


def test_retrieval_gives_full_references(study: Study) -> None:
    p = study.project
    p.memos.add(
        text="Weekly rhythm.",
        title="Note",
        target_kind="coding",
        target=study.codings["a1"],
        coder=LEAD,
    )
    segments = retrieve(p, SegmentFilter(codes=(study.codes["X"],)))
    assert [s.text for s in segments] == [
        "We talk on Zoom",
        "We talk on Zoom every week.",
        "Email is slow, so I prefer Zoom calls.",
        "Slack messages all day",
    ]
    first, second = segments[0], segments[1]
    assert first.coder == SECOND and second.coder == LEAD
    assert second.paragraph == 2 and segments[2].paragraph == 4
    assert second.speakers == ("Ann",)
    assert second.cases == ("Ann",)
    assert second.case_attributes == {"Ann": {"age": "20-29", "role": "mentee"}}
    assert second.memos == ("Note: Weekly rhythm.",)
    assert second.code_path == "T/C/X"
    assert "Ann (20-29, mentee)" in reference(second) and "¶2" in reference(second)


def test_word_frequency_of_sources_and_of_segments(study: Study) -> None:
    p = study.project
    table = word_frequencies(p, SegmentFilter())  # every speaker's turns
    assert table.rows[0].label == "zoom"
    assert table.value("zoom", "count") == 4 and table.value("zoom", "sources") == 2
    assert table.value("email", "count") == 2
    assert "interviewer" not in [h.key for h in table.rows]  # speaker labels are left out
    assert "you" not in [h.key for h in table.rows]  # a stop word
    assert table.cell(0, 0).search == "zoom"
    quiet = word_frequencies(p)  # by default without the interviewer's turns
    assert quiet.value("email", "count") == 1
    assert "keep" not in [h.key for h in quiet.rows]
    coded = word_frequencies(p, SegmentFilter(codes=(study.codes["X"],)), within_codings=True)
    assert coded.value("zoom", "count") == 2  # a1 and a3 overlap: their passage counts once
    k = study.codings
    assert set(coded.cell(coded.row_index("zoom"), 0).codings) == {k["a1"], k["a3"], k["a6"]}
    short = word_frequencies(p, min_length=6, stop_words=())
    assert all(len(h.key) >= 6 for h in short.rows)


def test_csv_and_xlsx_read_back(study: Study, tmp_path: Path) -> None:
    data = load_report_data(study.project)
    freq = code_frequencies(data)
    path = write_csv(freq, tmp_path / "freq.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:6] == ["Code", "Code path", "Passages", "Codings", "Sources", "Cases"]
    x_row = next(r for r in rows if r[1] == "T/C/X")
    assert x_row[2:6] == ["3", "4", "2", "2"]
    co = code_cooccurrence(data, depth=2)
    book_path = write_xlsx([freq, co], tmp_path / "tables.xlsx")
    book = load_workbook(book_path)
    assert book.sheetnames == ["Code frequencies", "Code co-occurrence"]
    sheet = book["Code frequencies"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Code", "Code path", "Passages"]
    assert values[3][:6] == ["X", "T/C/X", 3, 4, 2, 2]
    co_rows = [[c.value for c in row] for row in book["Code co-occurrence"].iter_rows()]
    assert co_rows[1][:4] == ["X", "T/C/X", None, 1]


def test_retrieval_docx_and_xlsx_read_back(study: Study, tmp_path: Path) -> None:
    segments = retrieve(study.project, SegmentFilter(codes=(study.codes["C"],)))
    docx_path = write_retrieval_docx(segments, tmp_path / "segments.docx", title="Segments")
    doc = Document(str(docx_path))
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "■ T/C/X".replace("/", " › ") in text and "T › C › Y" in text
    assert "“Email is slow, so I prefer Zoom calls.”" in text
    assert "— Ann (20-29, mentee) · A, ¶4 · speaker Ann · coded by Maya Chen" in text
    xlsx_path = write_retrieval_xlsx(segments, tmp_path / "segments.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(xlsx_path).active.iter_rows()]
    assert rows[0][:3] == ["Code", "Source", "Cases"]
    assert len(rows) == 1 + len(segments) == 9
    assert {r[10] for r in rows[1:]} >= {"Slack messages all day", "a Zoom call on Friday"}
    assert rows[1][6] == 2  # paragraph
