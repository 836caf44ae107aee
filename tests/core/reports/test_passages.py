"""Passages: the definition (overlap by a character merges, touching does not), roll-up over a
subtree, whose codings count, the stored choice, and each report that counts them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from report_helpers import LEAD, SECOND, TEXT_A, Study, span

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.reports import (
    CoderScope,
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    group_passages,
    load_report_data,
    reference,
    store_scope,
    stored_scope,
)
from workbench.core.reports.dataset import CodingRecord
from workbench.core.reports.quotes import TextCache, pick_quotes


def rec(n: int, start: int, end: int, *, source: int = 1, coder: str = LEAD) -> CodingRecord:
    return CodingRecord(n, f"u{n}", source, 1, coder, start, end)


def spans(codings: list[CodingRecord]) -> list[tuple[int, int, int]]:
    return [(p.source_id, p.start, p.end) for p in group_passages(codings)]


def test_overlap_by_one_character_merges_touching_stays_apart() -> None:
    assert spans([rec(1, 0, 10), rec(2, 9, 20)]) == [(1, 0, 20)]
    assert spans([rec(1, 0, 10), rec(2, 10, 20)]) == [(1, 0, 10), (1, 10, 20)]
    # a chain merges through its middle; another source never merges
    assert spans([rec(3, 18, 30), rec(1, 0, 10), rec(2, 5, 20), rec(4, 0, 30, source=2)]) == [
        (1, 0, 30),
        (2, 0, 30),
    ]
    # a long range swallows later ones that overlap it, not only the last one
    assert spans([rec(1, 0, 100), rec(2, 10, 20), rec(3, 50, 60)]) == [(1, 0, 100)]
    assert group_passages([]) == []


def test_roll_up_counts_subtree_passages_not_the_sum_of_children(study: Study) -> None:
    data = load_report_data(study.project)
    table = code_frequencies(data)
    c = study.codes
    x, y = table.value(c["X"], "passages"), table.value(c["Y"], "passages")
    assert (x, y) == (3, 4)
    # "Email is slow" (Y) lies inside "Email is slow, so …" (X); "Slack messages" (Y) inside
    # "Slack messages all day" (X): C's subtree has 5 passages, not 3 + 4.
    assert table.value(c["C"], "passages") == table.value(c["T"], "passages") == 5
    own = code_frequencies(data, rollup=False)
    assert own.value(c["C"], "passages") == 0 and own.value(c["X"], "passages") == 3


def test_one_coder_coding_a_code_and_its_sub_code_counts_once(study: Study) -> None:
    start, end = span(TEXT_A, "We talk on Zoom every week.")
    study.project.codings.apply(
        source=study.sources["A"], code=study.codes["C"], start=start, end=end, coder=LEAD
    )
    table = code_frequencies(load_report_data(study.project), coders=CoderScope.of([LEAD]))
    c = study.codes
    assert table.value(c["C"], "codings") == 7  # 6 of the lead's in the subtree, plus this one
    assert table.value(c["C"], "passages") == 5
    assert table.value(c["T"], "passages") == 5


def test_whose_codings_count(study: Study) -> None:
    data = load_report_data(study.project)
    c = study.codes

    def passages(scope: CoderScope, code: str = "X") -> object:
        return code_frequencies(data, coders=scope).value(c[code], "passages")

    assert passages(CoderScope.of([LEAD])) == 3
    assert passages(CoderScope.of([SECOND])) == 1
    assert passages(CoderScope.of([LEAD, SECOND])) == 3
    assert passages(CoderScope.of(consensus=True)) == 1  # only {a1, a3} has both coders
    assert passages(CoderScope.of(consensus=True), "C") == 2  # and {b1, b2} under C
    assert passages(CoderScope.of([LEAD], consensus=True)) == 3
    notes = code_frequencies(data).notes
    assert f"Counts: passages, all coders merged ({LEAD}, {SECOND})" in notes
    assert "consensus only" in code_frequencies(data, coders=CoderScope.of(consensus=True)).notes
    with pytest.raises(ValidationError):
        CoderScope("chosen")


def test_quote_coded_by_two_coders_is_listed_once_with_each_range(study: Study) -> None:
    data = load_report_data(study.project)
    x = data.code_id(study.codes["X"])
    own = [c for c in data.codings if c.code_id == x and c.source_id == data.codings[0].source_id]
    quotes = pick_quotes(data, own, TextCache(study.project), 5)
    assert len(quotes) == 2
    both = quotes[0]
    assert both.text == "We talk on Zoom every week." and both.coders == (LEAD, SECOND)
    a1, a3 = span(TEXT_A, "We talk on Zoom every week."), span(TEXT_A, "We talk on Zoom")
    assert both.ranges == ((LEAD, *a1), (SECOND, *a3))


def test_cooccurrence_counts_a_pair_of_passages_once(study: Study) -> None:
    p, c, a = study.project, study.codes, study.sources["A"]
    for code, needle in (("X", "Email is slow, so I prefer Zoom calls."), ("Y", "Email is slow")):
        start, end = span(TEXT_A, needle)
        p.codings.apply(source=a, code=c[code], start=start, end=end, coder=SECOND)
    data = load_report_data(p)
    same = code_cooccurrence(data, depth=2)
    # both coders pair X and Y on "Email is slow": still one pair of passages
    assert same.value(c["X"], c["Y"]) == 1
    assert "pairing only codings by the same coder" in same.notes
    anyone = code_cooccurrence(data, depth=2, same_coder=False)
    assert anyone.value(c["X"], c["Y"]) == 2
    assert "pairing codings of different coders too" in anyone.notes
    assert "all coders merged" in anyone.notes


def test_matrix_counts_passages(study: Study) -> None:
    data = load_report_data(study.project)
    x = study.codes["X"]
    merged = attribute_matrix(data, "age", depth=2, count="segments")
    second = attribute_matrix(
        data, "age", depth=2, count="segments", coders=CoderScope.of([SECOND])
    )
    assert merged.value(x, "20-29") == 2 and merged.value(x, "Total") == 3
    assert second.value(x, "20-29") == 1 and f"coded by {SECOND} only" in second.notes


def test_stored_choice(study: Study) -> None:
    p = study.project
    assert stored_scope(p) == CoderScope()
    chosen = CoderScope.of([SECOND], side_by_side=True)
    changes = store_scope(p, scope=chosen, coder=LEAD)
    assert changes.kinds == {"project"} and stored_scope(p) == chosen
    revision = p.revision()
    assert store_scope(p, scope=chosen, coder=LEAD).empty and p.revision() == revision
    with pytest.raises(ValidationError, match="'Nobody' is not a coder"):
        store_scope(p, scope=CoderScope.of(["Nobody"]), coder=LEAD)
    assert stored_scope(p) == chosen and p.revision() == revision


def test_older_file_gains_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "old.qwb"
    Project.create(path, name="Old", coder=LEAD).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE project DROP COLUMN settings")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert stored_scope(project) == CoderScope()
        store_scope(project, scope=CoderScope.of(consensus=True), coder=LEAD)
    with Project.open(path, read_only=True) as project:
        assert stored_scope(project).mode == "consensus"


def test_retrieval_lists_a_passage_once_and_exports_keep_each_coding(
    study: Study, tmp_path: Path
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from workbench.core.reports import retrieve, write_retrieval_docx, write_retrieval_xlsx
    from workbench.core.reports.retrieval import merge_passages

    x = SegmentFilter(codes=(study.codes["X"],))
    segments = retrieve(study.project, x)
    assert len(segments) == 4 and [s.passage for s in segments] == [1, 1, 2, 3]
    merged = merge_passages(segments)
    assert [m.text for m in merged] == [
        "We talk on Zoom every week.",
        "Email is slow, so I prefer Zoom calls.",
        "Slack messages all day",
    ]
    first = merged[0]
    a1, a3 = span(TEXT_A, "We talk on Zoom every week."), span(TEXT_A, "We talk on Zoom")
    assert first.ranges == ((LEAD, *a1), (SECOND, *a3))
    assert f"coded by {LEAD} ({a1[0]}–{a1[1]}), {SECOND} ({a3[0]}–{a3[1]})" in reference(first)
    assert len(first.codings) == 2
    doc = write_retrieval_docx(merged, tmp_path / "x.docx")
    text = "\n".join(p.text for p in Document(str(doc)).paragraphs)
    assert text.count("“We talk on Zoom") == 1 and "3 passages" in text
    sheet = load_workbook(write_retrieval_xlsx(segments, tmp_path / "x.xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Passage")
    assert [r[column] for r in rows[1:]] == [1, 1, 2, 3]
    agreed = retrieve(study.project, x, coders=CoderScope.of(consensus=True))
    assert {s.passage for s in agreed} == {1} and len(agreed) == 2
