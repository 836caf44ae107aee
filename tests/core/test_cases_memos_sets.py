"""Cases with typed attributes and CSV import, memos, annotations, sets, done marks, the map."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workbench.core.errors import ValidationError
from workbench.core.project import Project

C = "Maya Chen"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_csv_import_infers_types_and_links_sources(
    project: Project, source: str, tmp_path: Path
) -> None:
    table = tmp_path / "participants.csv"
    table.write_text(
        "case,role,age,joined,consented,notes\n"
        "P01,mentee,27,2024-09-01,yes,first cohort\n"
        "P02,mentor,41,2024-09-03,no,\n"
        "P03,mentee,33,2024-10-11,yes,moved city\n",
        encoding="utf-8",
    )
    project.cases.import_csv(table, coder=C)
    kinds = {a.name: a.type for a in project.cases.attributes("case")}
    assert kinds == {
        "role": "choice",
        "age": "number",
        "joined": "date",
        "consented": "boolean",
        "notes": "text",
    }
    cases = {c.name: c for c in project.cases.list()}
    assert cases["P01"].attributes == {
        "role": "mentee",
        "age": 27,
        "joined": "2024-09-01",
        "consented": True,
        "notes": "first cohort",
    }
    assert cases["P01"].sources == ("P01",) and cases["P02"].sources == ()
    assert "notes" not in cases["P02"].attributes
    assert project.sources.get(source).cases == ("P01",)
    # Importing again updates values and adds nothing.
    table.write_text("case,age\nP01,28\n", encoding="utf-8")
    project.cases.import_csv(table, coder=C)
    assert {c.name: c.attributes["age"] for c in project.cases.list()}["P01"] == 28


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the table is empty"),
        ("case,role\n", "header but no cases"),
        (",role\nP01,mentee\n", "first column must name the cases"),
        ("case,role,role\nP01,a,b\n", "'role' appears twice"),
        ("case,role,\nP01,a,b\n", "column 3 has no name"),
        ("case,role\nP01,a,b,c\n", "row 2: 4 cells but the header has 2"),
        ("case,role\nP01,a\nP01,b\n", "row 3: the case 'P01' appears twice"),
        ("case,role\n,mentee\n", "row 2: the case name"),
    ],
)
def test_bad_csv_tables_change_nothing(
    project: Project, tmp_path: Path, content: str, message: str
) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(content, encoding="utf-8")
    before = digest(project.path)
    with pytest.raises(ValidationError, match=message) as info:
        project.cases.import_csv(table, coder=C)
    assert str(info.value).startswith("bad.csv")
    assert digest(project.path) == before


def test_csv_value_against_an_existing_type(project: Project, tmp_path: Path) -> None:
    project.cases.define_attribute(name="age", type="number", coder=C)
    table = tmp_path / "ages.csv"
    table.write_text("case,age\nP01,31\nP02,thirty\n", encoding="utf-8")
    before = digest(project.path)
    with pytest.raises(ValidationError, match=r"ages.csv, row 3: age: 'thirty' is not a number"):
        project.cases.import_csv(table, coder=C)
    assert digest(project.path) == before and project.cases.list() == []


def test_binary_csv(project: Project, tmp_path: Path) -> None:
    table = tmp_path / "photo.csv"
    table.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(ValidationError, match="photo.csv: the file is not text"):
        project.cases.import_csv(table, coder=C)


def test_source_attributes_and_choice_validation(project: Project, source: str) -> None:
    project.cases.define_attribute(
        name="mode", type="choice", scope="source", choices=["Zoom", "Teams"], coder=C
    )
    project.cases.define_attribute(name="date", type="date", scope="source", coder=C)
    project.cases.set_value(scope="source", item=source, attribute="mode", value="Zoom", coder=C)
    project.cases.set_value(
        scope="source", item=source, attribute="date", value="2025-03-04", coder=C
    )
    assert project.sources.get(source).attributes == {"mode": "Zoom", "date": "2025-03-04"}
    with pytest.raises(ValidationError, match="not one of the choices"):
        project.cases.set_value(
            scope="source", item=source, attribute="mode", value="Skype", coder=C
        )
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        project.cases.set_value(
            scope="source", item=source, attribute="date", value="4 March", coder=C
        )


def test_memos_several_per_item_and_annotations(project: Project, source: str) -> None:
    code = project.codebook.add(name="Zoom", coder=C).created[-1]
    coding = project.codings.apply(source=source, code=code, start=0, end=5, coder=C).created[-1]
    project.memos.add(text="Plan", title="Analytic plan", coder=C)
    project.memos.add(text="One", target_kind="code", target=code, coder=C)
    project.memos.add(text="Two", target_kind="code", target=code, coder="Tomás Rivera")
    project.memos.add(text="On a coding", target_kind="coding", target=coding, coder=C)
    project.memos.add(text="On a source", target_kind="source", target=source, coder=C)
    labels = [(m.target_label, m.author) for m in project.memos.list()]
    assert labels == [
        ("project", C),
        ("code:Zoom", C),
        ("code:Zoom", "Tomás Rivera"),
        ("coding:P01:0-5:Zoom", C),
        ("source:P01", C),
    ]
    assert [m.text for m in project.memos.list(target_kind="code", target=code)] == ["One", "Two"]
    project.codings.remove(codings=[coding], coder=C)
    assert "On a coding" not in [m.text for m in project.memos.list()]
    with pytest.raises(ValidationError):
        project.memos.add(text=" ", coder=C)


def test_sets_done_marks_and_map(project: Project, source: str) -> None:
    a = project.codebook.add(name="A", coder=C).created[-1]
    b = project.codebook.add(name="B", coder=C).created[-1]
    project.sets.create(name="Mentors", kind="source", members=[source], coder=C)
    project.sets.create(name="Candidates", kind="code", members=[a, b], coder=C)
    assert [(s.name, len(s.members)) for s in project.sets.list()] == [
        ("Candidates", 2),
        ("Mentors", 1),
    ]
    project.sources.set_done(source=source, coder=C)
    project.sources.set_done(source=source, coder="Tomás Rivera")
    project.sources.set_done(source=source, coder="Tomás Rivera", done=False)
    assert project.sources.done_by(source) == [C]
    rel = project.map.relate(from_code=a, to_code=b, label="leads to", coder=C).created[-1]
    project.map.place(positions={a: (10.0, 20.0)}, coder=C)
    assert project.map.relations()[0].uuid == rel
    assert project.map.positions()[0].x == 10.0
    project.codebook.merge(code=a, into=b, coder=C)
    assert project.map.relations() == []  # a relation of B to itself is dropped
