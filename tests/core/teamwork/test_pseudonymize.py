"""Pseudonymized copies: every name replaced everywhere, codings moved, no trace in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.teamwork.pseudonymize import pseudonymize_copy, suggest_mapping

TEXT = (
    "Interviewer: Tell me about Jonas.\n"
    "Maria: Jonas was my mentor; we met on Zoom. Maria's sister knew him.\n"
    "Interviewer: Thanks, Maria.\n"
    "Maria: Jonas always joined on Zoom.\n"
)
NAMES = {"Maria": "Participant 01", "Jonas": "Person B"}


@pytest.fixture
def named(project: Project) -> Project:
    source = project.sources.add(
        name="Maria interview", text=TEXT, coder="Ana", original_name="Maria_interview.docx"
    ).created[-1]
    code = project.codebook.add(
        name="Mentor", coder="Ana", example="Jonas was my mentor", description="As Maria put it"
    ).created[-1]
    zoom = project.codebook.add(name="Zoom", coder="Ana").created[-1]
    for word, code_id in (("Jonas was my mentor", code), ("Zoom", zoom)):
        start = TEXT.index(word)
        project.codings.apply(
            source=source, code=code_id, start=start, end=start + len(word), coder="Ana"
        )
    last = TEXT.rindex("Zoom")
    project.codings.apply(source=source, code=zoom, start=last, end=last + 4, coder="Ben")
    case = project.cases.add(name="Maria", description="Jonas's mentee", coder="Ana").created[-1]
    project.cases.link(case=case, source=source, coder="Ana", speaker="Maria")
    project.memos.add(text="Ask Jonas for consent", title="Maria", coder="Ana")
    project.annotations.add(source=source, start=0, end=11, text="Maria hesitated", coder="Ana")
    project.cases.define_attribute(name="mentor", type="text", coder="Ana")
    project.cases.set_value(scope="case", item=case, attribute="mentor", value="Jonas", coder="Ana")
    project.rename(name="Maria and Jonas study", coder="Ana")
    return project


def test_every_name_is_replaced_and_nothing_of_it_remains(named: Project, tmp_path: Path) -> None:
    before = named.path.read_bytes()
    out = tmp_path / "anonymous.qwb"
    report = pseudonymize_copy(named, out, mapping=NAMES, coder="Ana")
    raw = out.read_bytes()
    for name in NAMES:
        assert name.encode() not in raw, name
        assert name.encode("utf-16-le") not in raw, name
    assert named.path.read_bytes() == before  # the original is untouched
    assert report.by_name["Maria"] >= 6 and report.by_name["Jonas"] >= 5
    assert report.by_place["source texts"] == 7 and report.total > 12
    with Project.open(out) as copy:
        info = copy.info()
        assert info.name == "Participant 01 and Person B study"
        assert info.uuid != named.info().uuid and info.parent_file_id is None
        (source,) = copy.sources.list()
        assert source.name == "Participant 01 interview"
        assert source.original_name == "Participant 01_interview.docx"
        assert "Participant 01" in source.speakers
        text = copy.sources.text(source.uuid)
        assert text == TEXT.replace("Maria", "Participant 01").replace("Jonas", "Person B")
        segments = {(s.code_path, s.coder, s.text) for s in copy.codings.segments()}
        assert segments == {
            ("Mentor", "Ana", "Person B was my mentor"),
            ("Zoom", "Ana", "Zoom"),
            ("Zoom", "Ben", "Zoom"),
        }
        (case,) = copy.cases.list()
        assert (case.name, case.description) == ("Participant 01", "Person B's mentee")
        assert case.attributes == {"mentor": "Person B"}
        node = copy.codebook.get(copy.codebook.find("Mentor"))
        assert (node.example, node.description) == (
            "Person B was my mentor",
            "As Participant 01 put it",
        )
        memos = {(m.title, m.text) for m in copy.memos.list()}
        assert memos == {("Participant 01", "Ask Person B for consent")}
        (note,) = copy.annotations.list()
        assert note.text == "Participant 01 hesitated"


def test_a_blind_pseudonymized_copy(named: Project, tmp_path: Path) -> None:
    out = tmp_path / "blind.qwb"
    report = pseudonymize_copy(named, out, mapping=NAMES, coder="Ana", blind=True)
    assert report.codings_removed == 3
    with Project.open(out) as copy:
        assert copy.codings.segments() == []


def test_suggested_mapping_and_bad_mappings(named: Project, tmp_path: Path) -> None:
    assert suggest_mapping(named) == {"Maria": "Participant 01"}
    with pytest.raises(ValidationError, match="same pseudonym"):
        pseudonymize_copy(
            named, tmp_path / "x.qwb", mapping={"Maria": "A", "Jonas": "A"}, coder="Ana"
        )
    with pytest.raises(ValidationError, match="at least one"):
        pseudonymize_copy(named, tmp_path / "x.qwb", mapping={}, coder="Ana")
    assert not (tmp_path / "x.qwb").exists()
