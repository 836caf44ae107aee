"""Agreement on a project: units of analysis, scope, undefined values; disagreements and
consensus resolution with its audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.core.db.models import AuditEntry
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.teamwork.agreement import agreement
from workbench.core.teamwork.agreement_units import UNIT_CAVEATS
from workbench.core.teamwork.consensus import disagreements, resolve

# 4 paragraphs of 24 characters (+ "\n"), as speaker turns.
LINES = [
    "Interviewer: one two th",
    "P01: four five six seven",
    "Interviewer: eight nine.",
    "P01: ten eleven twelve!.",
]
TEXT = "\n".join(LINES) + "\n"


def para(k: int) -> tuple[int, int]:
    start = sum(len(line) + 1 for line in LINES[:k])
    return start, start + len(LINES[k])


@pytest.fixture
def coded(project: Project) -> tuple[Project, str, str, str]:
    source = project.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
    a = project.codebook.add(name="A", coder="Ana").created[-1]
    b = project.codebook.add(name="B", coder="Ana").created[-1]
    # Code A: Ana codes paragraphs 0-1, Ben paragraph 1 and half of 2.
    project.codings.apply(source=source, code=a, start=para(0)[0], end=para(1)[1], coder="Ana")
    project.codings.apply(source=source, code=a, start=para(1)[0], end=para(2)[0] + 10, coder="Ben")
    # Code B: both code paragraph 3 exactly.
    project.codings.apply(source=source, code=b, start=para(3)[0], end=para(3)[1], coder="Ana")
    project.codings.apply(source=source, code=b, start=para(3)[0], end=para(3)[1], coder="Ben")
    for coder in ("Ana", "Ben"):
        project.sources.set_done(source=source, coder=coder)
    return project, source, a, b


def test_character_units(coded: tuple[Project, str, str, str]) -> None:
    project, _, _, _ = coded
    report = agreement(project, coders=["Ana", "Ben"], unit="char")
    a, b = report.per_code
    assert (a.code, b.code) == ("A", "B")
    total = len(TEXT)
    # Code A: both on paragraph 1 (24 chars + newline = 25 -> Ana covers 0..49, Ben 25..85).
    ana = set(range(0, para(1)[1]))
    ben = set(range(para(1)[0], para(2)[0] + 10))
    agree = total - len(ana ^ ben)
    assert a.percent_agreement.value == pytest.approx(100 * agree / total)
    assert a.units == total and a.coded == {"Ana": len(ana), "Ben": len(ben)}
    assert b.percent_agreement.value == 100.0 and b.cohen_kappa is not None
    assert b.cohen_kappa.value == pytest.approx(1.0)
    assert b.krippendorff_alpha.value == pytest.approx(1.0)
    assert report.overall.units == 2 * total


def test_paragraph_and_turn_units(coded: tuple[Project, str, str, str]) -> None:
    project, _, _, _ = coded
    for unit in ("paragraph", "turn"):
        report = agreement(project, coders=["Ana", "Ben"], unit=unit)  # type: ignore[arg-type]
        a = report.per_code[0]
        # Paragraphs: Ana {0,1}, Ben {1,2}: agree on 1 (both) and 3 (neither) -> 50 %.
        assert a.units == 4 and a.percent_agreement.value == 50.0, unit
        assert a.cohen_kappa is not None and a.cohen_kappa.value == pytest.approx(0.0)


def test_segment_units_ignore_uncoded_text(coded: tuple[Project, str, str, str]) -> None:
    project, _, _, _ = coded
    report = agreement(project, coders=["Ana", "Ben"], unit="segment")
    a, b = report.per_code
    assert a.units == 1 and a.percent_agreement.value == 100.0  # one overlapping cluster
    assert b.units == 1 and b.krippendorff_alpha.value is None
    assert "chance agreement is 1" in b.krippendorff_alpha.reason


def test_a_code_nobody_used_is_undefined_with_a_reason(
    coded: tuple[Project, str, str, str],
) -> None:
    project, _, _, _ = coded
    unused = project.codebook.add(name="Unused", coder="Ana").created[-1]
    report = agreement(project, coders=["Ana", "Ben"], unit="char", codes=[unused])
    (row,) = report.per_code
    assert row.cohen_kappa is not None and row.cohen_kappa.value is None
    assert "neither used this code" in row.cohen_kappa.reason
    assert row.to_json()["reasons"]["krippendorff_alpha"]


def test_only_sources_every_coder_marked_done_by_default(
    coded: tuple[Project, str, str, str],
) -> None:
    project, _, a, _ = coded
    other = project.sources.add(name="P02", text="Something else entirely.\n", coder="Ana")
    project.codings.apply(source=other.created[-1], code=a, start=0, end=9, coder="Ana")
    report = agreement(project, coders=["Ana", "Ben"])
    assert report.sources == ("P01",) and "left out" in report.notes[0]
    everything = agreement(project, coders=["Ana", "Ben"], only_done=False)
    assert everything.sources == ("P01", "P02")
    # Ben neither coded P02 nor marked it done: missing there, so P02 adds no pairable units.
    assert everything.per_code[0].units == report.per_code[0].units


def test_three_coders_give_pairwise_kappas(coded: tuple[Project, str, str, str]) -> None:
    project, source, _, b = coded
    project.codings.apply(source=source, code=b, start=para(3)[0], end=para(3)[1], coder="Cleo")
    project.sources.set_done(source=source, coder="Cleo")
    report = agreement(project, coders=["Ana", "Ben", "Cleo"], unit="paragraph")
    row = report.per_code[1]
    assert row.cohen_kappa is None and len(row.pairwise_kappa) == 3
    assert row.krippendorff_alpha.value == pytest.approx(1.0)


def test_the_default_unit_is_the_coded_segment(coded: tuple[Project, str, str, str]) -> None:
    project, _, a, _ = coded
    # a long source where the two coders never agree on what to code
    long = project.sources.add(name="Long", text="word " * 200, coder="Ana").created[-1]
    project.codings.apply(source=long, code=a, start=0, end=10, coder="Ana")
    project.codings.apply(source=long, code=a, start=20, end=30, coder="Ben")
    for coder in ("Ana", "Ben"):
        project.sources.set_done(source=long, coder=coder)
    report = agreement(project, coders=["Ana", "Ben"], sources=[long], codes=[a])
    assert report.unit == "segment" and report.caveat == UNIT_CAVEATS["segment"]
    assert report.to_json()["caveat"] == UNIT_CAVEATS["segment"]
    assert report.overall.percent_agreement.value == pytest.approx(0.0)
    by_char = agreement(project, coders=["Ana", "Ben"], unit="char", sources=[long], codes=[a])
    assert "counts as agreement" in by_char.caveat
    assert by_char.overall.percent_agreement.value == pytest.approx(98.0)  # uncoded text


def test_agreement_needs_two_known_coders(coded: tuple[Project, str, str, str]) -> None:
    project, _, _, _ = coded
    with pytest.raises(ValidationError):
        agreement(project, coders=["Ana"])
    with pytest.raises(ValidationError, match="unit"):
        agreement(project, coders=["Ana", "Ben"], unit="word")  # type: ignore[arg-type]


def test_disagreements_and_consensus(coded: tuple[Project, str, str, str]) -> None:
    project, _, a, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    assert found.code_path == "A" and (found.start, found.end) == (0, para(2)[0] + 10)
    assert found.ranges["Ana"] == ((0, para(1)[1]),)
    changes = resolve(project, found, resolution="keep", keep="Ben", coder="Maya")
    assert changes.created and changes.deleted
    assert disagreements(project, coders=["Ana", "Ben"]) == []
    ranges = {(s.coder, s.start, s.end) for s in project.codings.segments(code=a)}
    assert ranges == {("Ana", para(1)[0], para(2)[0] + 10), ("Ben", para(1)[0], para(2)[0] + 10)}
    report = agreement(project, coders=["Ana", "Ben"], unit="char")
    assert report.per_code[0].krippendorff_alpha.value == pytest.approx(1.0)
    with project.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "consensus")).one()
        assert entry.coder_name == "Maya" and "kept Ben's coding" in entry.summary
        assert entry.details["before"]["Ana"] == [[0, para(1)[1]]]
    project.restore(changes.undo, coder="Maya")
    assert len(disagreements(project, coders=["Ana", "Ben"])) == 1


@pytest.mark.parametrize(
    ("resolution", "expected"),
    [("both", [(0, para(2)[0] + 10)]), ("neither", []), ("adjust", [(5, 30)])],
)
def test_other_resolutions(
    coded: tuple[Project, str, str, str], resolution: str, expected: list[tuple[int, int]]
) -> None:
    project, _, a, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    resolve(project, found, resolution=resolution, coder="Maya", start=5, end=30)  # type: ignore[arg-type]
    for coder in ("Ana", "Ben"):
        got = [(s.start, s.end) for s in project.codings.segments(code=a, coder=coder)]
        assert got == expected


def test_consensus_into_a_separate_coder_keeps_the_originals(
    coded: tuple[Project, str, str, str],
) -> None:
    project, _, a, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    resolve(project, found, resolution="both", coder="Maya", apply_to=["Consensus"])
    assert len(project.codings.segments(code=a, coder="Ana")) == 1
    assert [(s.start, s.end) for s in project.codings.segments(code=a, coder="Consensus")] == [
        (0, para(2)[0] + 10)
    ]


def test_a_stale_disagreement_is_refused(coded: tuple[Project, str, str, str]) -> None:
    project, source, a, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    project.codings.apply(source=source, code=a, start=2, end=4, coder="Ben")
    with pytest.raises(ValidationError, match="refresh"):
        resolve(project, found, resolution="neither", coder="Maya")


def test_the_table_exports_to_csv_xlsx_and_pdf(
    coded: tuple[Project, str, str, str], tmp_path: Path
) -> None:
    import csv

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from workbench.core.teamwork.agreement_export import write_agreement

    project, _, _, _ = coded
    unused = project.codebook.add(name="Unused", coder="Ana").created[-1]
    codes = [n.uuid for n in project.codebook.all() if n.uuid != unused] + [unused]
    report = agreement(project, coders=["Ana", "Ben"], unit="paragraph", codes=codes)
    table = list(csv.reader(write_agreement(report, tmp_path / "a.csv").open(encoding="utf-8")))
    assert table[0][:3] == ["code", "units", "percent agreement"]
    assert table[1][0] == "(all codes)" and table[2][:3] == ["A", "4.0", "50.0"]
    assert table[4][3] == "" and "neither used this code" in table[4][5]
    sheet = load_workbook(write_agreement(report, tmp_path / "a.xlsx")).active
    assert sheet is not None and sheet["A4"].value == "(all codes)" and sheet["C5"].value == 50.0
    assert sheet["A2"].value == UNIT_CAVEATS["paragraph"]
    text = PdfReader(write_agreement(report, tmp_path / "a.pdf")).pages[0].extract_text()
    assert "Krippendorff" in text and "Unused" in text and "All codes (overall)" in text
    flat = text.replace("\n", " ")
    assert "50.0" in text and "Cohen's kappa:" in flat and "(neither used this code)" in flat
    assert "Paragraphs that neither coder coded count as agreement" in flat
    with pytest.raises(ValidationError, match=".csv"):
        write_agreement(report, tmp_path / "a.txt")


def test_agreement_steps_once_per_source_and_can_be_cancelled(
    coded: tuple[Project, str, str, str],
) -> None:
    from workbench.core.progress import Cancelled, Progress

    project = coded[0]
    steps: list[tuple[int, int]] = []
    agreement(
        project, coders=["Ana", "Ben"], progress=Progress(lambda d, t, _l: steps.append((d, t)))
    )
    assert steps == [(0, 1), (1, 1)]
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(Cancelled):
        agreement(project, coders=["Ana", "Ben"], progress=stopped)


def test_a_consensus_coder_is_created_like_every_coder(
    coded: tuple[Project, str, str, str],
) -> None:
    """The coder a consensus creates has a cleaned name and its own audit entry."""
    project, _, a, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    changes = resolve(project, found, resolution="both", coder="Maya", apply_to=[" Team\nview "])
    created = project.coders.find("Team view")
    assert created.uuid in changes.created and "coders" in changes.kinds
    assert len(project.codings.segments(code=a, coder="Team view")) == 1
    with project.read() as s:
        entries = s.execute(
            select(
                AuditEntry.action, AuditEntry.entity_kind, AuditEntry.summary, AuditEntry.coder_name
            ).where(AuditEntry.entity_uuid == created.uuid)
        ).all()
    assert [tuple(e) for e in entries] == [("create", "coder", "Coder 'Team view' added", "Maya")]


def test_a_consensus_coder_with_a_control_character_changes_nothing(
    coded: tuple[Project, str, str, str],
) -> None:
    project, _, _, _ = coded
    (found,) = disagreements(project, coders=["Ana", "Ben"])
    before = project.revision()
    with pytest.raises(ValidationError, match="control characters"):
        resolve(project, found, resolution="both", coder="Maya", apply_to=["Con\x1bsensus"])
    assert project.revision() == before
    assert "Con\x1bsensus" not in {c.name for c in project.coders.list()}
