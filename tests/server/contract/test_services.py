"""Every service's visible results, the same on a project file and on a server project."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from media_files import write_wav
from undo_world import CODER, P01, World

from workbench.core.errors import UndoRefusedError, ValidationError
from workbench.core.project import Project
from workbench.core.refi.qdc import export_qdc, import_qdc
from workbench.core.reports import CoderScope, store_scope, stored_scope
from workbench.core.services.codings import CodingRequest
from workbench.core.text.replace import Replacement


def _codings(project: Project, source: str) -> list[tuple[str, int, int, str]]:
    return sorted(
        (project.codebook.name(c.code_uuid), c.start, c.end, c.coder)
        for c in project.codings.of_source(source)
    )


def test_sources_add_import_rename_correct_delete(project: Project, tmp_path: Path) -> None:
    added = project.sources.add(name="P01", text=P01, coder=CODER).created[-1]
    (tmp_path / "P02.txt").write_text("Interviewer: Hi?\n\nP02: Hello.\n", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("Interviewer: Ready?")
    document.add_paragraph("P03: Yes, ready — ça va.")
    document.save(str(tmp_path / "P03.docx"))
    report = project.sources.import_files(
        [tmp_path / "P02.txt", tmp_path / "P03.docx"], coder=CODER
    )
    assert [o.status for o in report.outcomes] == ["imported", "imported"]
    p03 = project.sources.find("P03")
    assert project.sources.text(p03) == "Interviewer: Ready?\nP03: Yes, ready — ça va."
    project.sources.rename(source=added, name="Alex 1", coder=CODER)
    assert [s.name for s in project.sources.list()] == ["Alex 1", "P02", "P03"]

    code = project.codebook.add(name="Zoom", coder=CODER).created[-1]
    project.codings.apply(source=added, code=code, start=59, end=63, coder=CODER)
    corrected = project.sources.replace_text(
        source=added, replacements=[Replacement(4, 4, "!!")], coder=CODER
    )
    assert project.sources.text(added, 61, 65) == "Zoom"  # the coding followed the text
    assert _codings(project, added) == [("Zoom", 61, 65, CODER)]
    project.restore(corrected.undo, coder=CODER)
    assert project.sources.text(added) == P01
    assert _codings(project, added) == [("Zoom", 59, 63, CODER)]

    deleted = project.sources.delete(source=added, coder=CODER)
    assert [s.name for s in project.sources.list()] == ["P02", "P03"]
    assert project.codebook.get(code).codings == 0
    project.restore(deleted.undo, coder=CODER)
    assert _codings(project, added) == [("Zoom", 59, 63, CODER)]


def test_codebook_add_rename_move_merge_delete(project: Project, world: World) -> None:
    project.codebook.rename(code=world.zoom, name="Video", coder=CODER)
    project.codebook.move(code=world.slack, parent=world.feelings, position=0, coder=CODER)
    assert project.codebook.path(world.slack) == "Feelings/Slack"
    with pytest.raises(ValidationError):
        project.codebook.rename(code=world.awkward, name="Slack", coder=CODER)  # a sibling's
    project.codebook.merge(code=world.slack, into=world.awkward, coder=CODER)
    assert _codings(project, world.s1) == [
        ("Awkward", 98, 122, CODER),
        ("Awkward", 164, 169, CODER),
        ("Video", 59, 63, CODER),
    ]
    deleted = project.codebook.delete(code=world.tools, mode="delete_all", coder=CODER)
    assert [n.name for n in project.codebook.all()] == ["Feelings", "Awkward", "Unused"]
    assert _codings(project, world.s2) == []
    project.restore(deleted.undo, coder=CODER)
    assert [n.name for n in project.codebook.all()] == [
        "Tools", "Video", "Feelings", "Awkward", "Unused",
    ]  # fmt: skip
    assert _codings(project, world.s2) == [("Tools", 32, 37, "Ana"), ("Tools", 32, 67, "Ben")]


def test_codings_apply_many_remove_set_range_change_code(project: Project, world: World) -> None:
    many = project.codings.apply_many(
        [CodingRequest(world.s2, world.slack, 0, 11), CodingRequest(world.s2, world.zoom, 32, 37)],
        coder=CODER,
    )
    assert len(many.created) == 2
    project.codings.set_range(coding=world.c_ana, start=33, end=40, coder=CODER)
    project.codings.change_code(coding=world.c_ben, code=world.awkward, coder=CODER)
    project.codings.remove(codings=[many.created[0]], coder=CODER)
    assert _codings(project, world.s2) == [
        ("Awkward", 32, 67, "Ben"),
        ("Tools", 33, 40, "Ana"),
        ("Zoom", 32, 37, CODER),
    ]
    removed = project.codings.remove(codings=[world.c_ana], coder=CODER)
    project.codings.apply(source=world.s2, code=world.tools, start=0, end=5, coder="Ana")
    project.restore(removed.undo, coder=CODER)  # another row changed meanwhile: still fine
    assert ("Tools", 33, 40, "Ana") in _codings(project, world.s2)
    changed = project.codings.set_range(coding=world.c_ana, start=34, end=40, coder=CODER)
    project.codings.set_range(coding=world.c_ana, start=35, end=40, coder="Ana")
    with pytest.raises(UndoRefusedError):  # the row moved on since that step
        project.restore(changed.undo, coder=CODER)


def test_annotations_memos_cases_attributes_sets_map(project: Project, world: World) -> None:
    project.annotations.edit(annotation=world.note, text="Check again", coder=CODER)
    assert [(a.text, a.start, a.end) for a in project.annotations.list()] == [
        ("Check again", 44, 47)
    ]
    project.memos.edit(memo=world.project_memo, text="Overall plan", title="Plan B", coder=CODER)
    memos = {m.uuid: (m.title, m.text) for m in project.memos.list()}
    assert memos[world.project_memo] == ("Plan B", "Overall plan")
    project.memos.delete(memo=world.code_memo, coder=CODER)
    assert world.code_memo not in {m.uuid for m in project.memos.list()}

    sam = project.cases.add(name="Sam", coder=CODER).created[-1]
    project.cases.link(case=sam, source=world.s2, coder=CODER)
    project.cases.set_value(scope="case", item=sam, attribute="Age", value=41, coder=CODER)
    project.cases.rename(case=world.case, name="Alexa", coder=CODER)
    assert [(c.name, c.attributes, c.sources) for c in project.cases.list()] == [
        ("Alexa", {"Age": 34}, ("P01",)),
        ("Sam", {"Age": 41}, ("P02",)),
    ]
    assert [a.name for a in project.cases.attributes("source")] == ["Site"]

    project.sets.add_members(set=world.code_set, members=[world.awkward], coder=CODER)
    project.sets.remove_members(set=world.code_set, members=[world.zoom], coder=CODER)
    assert sorted((s.name, len(s.members)) for s in project.sets.list()) == [
        ("Digital", 2),
        ("Wave 1", 1),
    ]

    project.map.place(positions={world.zoom: (1.5, -2.25)}, coder=CODER)
    project.map.relabel(relation=world.relation, label="versus", coder=CODER)
    assert {(p.code_uuid, p.x, p.y) for p in project.map.positions()} == {
        (world.zoom, 1.5, -2.25),
        (world.slack, 80.0, 20.0),
    }
    assert [r.label for r in project.map.relations()] == ["versus"]


def test_media_and_media_codings(project: Project, world: World, tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "P02.wav", 2.0)
    project.media.attach(source_id=world.s2, path=wav, coder=CODER)
    info = project.media.get(world.s2)
    assert info is not None and info.duration_ms == 2000
    assert project.media.locate(world.s2) == wav
    made = project.media_codings.apply(
        source_id=world.s2, code_id=world.zoom, start_ms=100, end_ms=900, coder="Ana"
    )
    assert [(m.start_ms, m.end_ms) for m in project.media_codings.for_source(world.s2)] == [
        (100, 900)
    ]
    assert [n.codings for n in project.codebook.tree() if n.uuid == world.tools] == [2]
    project.restore(made.undo, coder=CODER)
    assert project.media_codings.for_source(world.s2) == []


def test_the_writes_undone_otherwise(project: Project, world: World, tmp_path: Path) -> None:
    """The writers the undo cases leave out: renaming the project, the reports' coders, a
    coder made on first use, and a REFI-QDA codebook exchanged with another project."""
    project.rename(name="Mentoring study", description="Wave 1", coder=CODER)
    assert (project.info().name, project.info().description) == ("Mentoring study", "Wave 1")
    store_scope(project, scope=CoderScope.of(["Ana"]), coder=CODER)
    assert stored_scope(project).coders == ("Ana",)
    project.coders.ensure(name="Chidi")
    assert "Chidi" in [c.name for c in project.coders.list()]
    export_qdc(project, tmp_path / "codebook.qdc")
    with Project.create(tmp_path / "other.qwb", name="Other") as other:
        other.codebook.add(name="Places", coder="Zed")
        export_qdc(other, tmp_path / "other.qdc")
    import_qdc(project, tmp_path / "other.qdc", coder=CODER)
    names = [n.name for n in project.codebook.all()]
    assert names == ["Tools", "Zoom", "Slack", "Feelings", "Awkward", "Unused", "Places"]
