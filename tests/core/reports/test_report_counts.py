"""Report counts on a small study, checked against values worked out by hand (see conftest)."""

from __future__ import annotations

import pytest
from report_helpers import LEAD, SECOND, Study

from workbench.core.errors import ValidationError
from workbench.core.reports import (
    CoderScope,
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    is_interviewer_label,
    load_report_data,
    segments_for,
    select_codings,
)


def test_frequencies_roll_up_and_count_per_coder(study: Study) -> None:
    table = code_frequencies(load_report_data(study.project), coders=CoderScope(side_by_side=True))
    c = study.codes
    assert [h.label for h in table.rows] == ["T", "C", "X", "Y", "U"]
    assert [h.depth for h in table.rows] == [0, 1, 2, 2, 0]
    assert table.value(c["X"], "passages") == 3  # a1 and a3 overlap: one passage
    assert table.value(c["X"], "codings") == 4
    assert table.value(c["X"], "sources") == 2
    assert table.value(c["X"], "cases") == 2
    assert table.value(c["X"], f"coder:{LEAD}") == 3
    assert table.value(c["X"], f"coder:{SECOND}") == 1
    assert table.value(c["C"], "codings") == 8
    assert table.value(c["T"], "codings") == 8
    assert table.value(c["U"], "codings") == 1
    behind = table.cell(table.row_index(c["X"]), 0).codings
    k = study.codings
    assert set(behind) == {k["a1"], k["a3"], k["a6"], k["b1"]}


def test_frequencies_without_roll_up_or_interviewer(study: Study) -> None:
    data = load_report_data(study.project)
    own = code_frequencies(data, rollup=False)
    assert own.value(study.codes["C"], "codings") == 0
    assert own.value(study.codes["X"], "codings") == 4
    quiet = code_frequencies(data, SegmentFilter(exclude_interviewer=True))
    assert quiet.value(study.codes["U"], "codings") == 0
    assert quiet.value(study.codes["T"], "codings") == 8
    assert "interviewer turns left out" in quiet.notes


def test_filters_by_coder_case_attribute_and_code(study: Study) -> None:
    data = load_report_data(study.project)
    k = study.codings
    second = select_codings(data, SegmentFilter(coders=(SECOND,)))
    assert {c.uuid for c in second} == {k["a3"], k["b2"]}
    bob = select_codings(data, SegmentFilter(case_attributes={"age": ("30-39",)}))
    assert {c.uuid for c in bob} == {k["b1"], k["b2"], k["b3"]}
    theme = select_codings(
        data, SegmentFilter(codes=(study.codes["C"],), sources=(study.sources["B"],))
    )
    assert {c.uuid for c in theme} == {k["b1"], k["b2"], k["b3"]}


def test_cooccurrence_counts_pairs(study: Study) -> None:
    data = load_report_data(study.project)
    x, y = study.codes["X"], study.codes["Y"]
    k = study.codings
    table = code_cooccurrence(data, depth=2)
    assert [h.key for h in table.rows] == [x, y]
    assert table.value(x, y) == table.value(y, x) == 1
    assert table.value(x, x) is None
    assert set(table.cell(0, 1).codings) == {k["a5"], k["a6"]}
    assert code_cooccurrence(data, depth=2, same_coder=False).value(x, y) == 2
    assert code_cooccurrence(data, depth=2, proximity=1).value(x, y) == 2
    assert code_cooccurrence(data, depth=2, proximity=10).value(x, y) == 3
    themes = code_cooccurrence(data, depth=0)
    assert themes.value(study.codes["T"], study.codes["U"]) == 0


def test_attribute_matrix_cases_segments_and_percentages(study: Study) -> None:
    data = load_report_data(study.project)
    x, y = study.codes["X"], study.codes["Y"]
    cases = attribute_matrix(data, "age", depth=2)
    assert [c.label for c in cases.columns] == ["20-29 (n=1)", "30-39 (n=1)", "Total (n=2)"]
    assert cases.value(x, "20-29") == 1 and cases.value(x, "30-39") == 1
    assert cases.value(x, "Total") == 2
    column = attribute_matrix(data, "age", depth=2, percent="column")
    assert column.cell(column.row_index(x), 0).percent == pytest.approx(100.0)
    row = attribute_matrix(data, "age", depth=2, percent="row")
    assert row.cell(row.row_index(x), 0).percent == pytest.approx(50.0)
    segments = attribute_matrix(data, "age", depth=2, count="segments", percent="column")
    # passages: X in A is {a1, a3} and {a6}; the 20-29 base is A's own passages of X, Y and U
    assert segments.value(x, "20-29") == 2 and segments.value(y, "30-39") == 2
    assert segments.cell(segments.row_index(x), 0).percent == pytest.approx(40.0)
    assert set(segments.cell(segments.row_index(x), 1).codings) == {study.codings["b1"]}
    assert "passages per case attribute" in segments.notes
    themes = attribute_matrix(data, "age", depth=0)
    assert themes.value(study.codes["U"], "20-29") == 1
    quiet = attribute_matrix(data, "age", SegmentFilter(exclude_interviewer=True), depth=0)
    assert quiet.value(study.codes["U"], "20-29") == 0
    roles = attribute_matrix(data, "role", depth=2)
    assert [c.key for c in roles.columns] == ["mentee", "mentor", "Total"]
    with pytest.raises(ValidationError):
        attribute_matrix(data, "height")


def test_segments_behind_a_cell(study: Study) -> None:
    data = load_report_data(study.project)
    table = code_frequencies(data)
    cell = table.cell(table.row_index(study.codes["Y"]), 0)
    segments = segments_for(study.project, cell.codings, data=data)
    assert [s.text for s in segments] == [
        "Zoom works well.",
        "Email is slow",
        "Slack messages",
        "a Zoom call on Friday",
    ]


def test_interviewer_labels() -> None:
    for label in ("Interviewer", "interviewer 2", "Moderator (Anna)", "I", "Facilitator"):
        assert is_interviewer_label(label), label
    for label in ("P01", "Ann", "Respondent", "Interviewee"):
        assert not is_interviewer_label(label), label


def test_case_linked_to_one_speaker(study: Study) -> None:
    p = study.project
    text = "Moderator: Go ahead.\nAnn: I use Zoom.\nCy: I use Slack.\nAnn: Me too.\nCy: Fine.\n"
    group = p.sources.add(name="Group", text=text, coder=LEAD).created[-1]
    cy = p.cases.add(name="Cy", coder=LEAD).created[0]
    p.cases.link(case=cy, source=group, speaker="Cy", coder=LEAD)
    p.cases.link(case=study.cases["Ann"], source=group, speaker="Ann", coder=LEAD)
    start = text.index("I use Slack.")
    p.codings.apply(source=group, code=study.codes["Y"], start=start, end=start + 12, coder=LEAD)
    data = load_report_data(p)
    coding = next(
        c
        for c in data.codings
        if c.source_id == next(s.id for s in data.sources.values() if s.name == "Group")
    )
    assert [data.cases[i].name for i in data.cases_of(coding)] == ["Cy"]
    assert data.speakers_of(coding) == ("Cy",)
