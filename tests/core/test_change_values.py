"""``Changes`` carries frozen values of what a change wrote, its revision and its initiator, and
``changes_since`` builds the same value from rows read afresh (a view catching up, a feed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.changes import VALUES_CAP, Changes
from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest
from workbench.core.teamwork.merge import merge_copy
from workbench.core.values import coding_info

C = "Maya Chen"


@pytest.fixture
def code(project: Project) -> str:
    return project.codebook.add(name="Video calls", coder=C).created[-1]


def test_a_new_coding_comes_with_its_values(project: Project, source: str, code: str) -> None:
    changes = project.codings.apply(source=source, code=code, start=3, end=9, coder=C)
    (row,) = changes.rows
    assert (row.kind, row.uuid) == ("coding", changes.created[0])
    coder = next(c for c in project.coders.list() if c.name == C)
    assert {k: row[k] for k in ("source_uuid", "code_uuid", "coder_uuid", "coder")} == {
        "source_uuid": source,
        "code_uuid": code,
        "coder_uuid": coder.uuid,
        "coder": C,
    }
    assert coding_info(row) == project.codings.of_source(source)[0]
    with pytest.raises(TypeError):
        row.values["start"] = 0  # type: ignore[index]
    assert not changes.bulk and changes.revision == project.revision()


def test_a_source_value_leaves_its_text_out(project: Project) -> None:
    changes = project.sources.add(name="Long", text="words " * 5000, coder=C)
    (row,) = changes.rows_of("source")
    assert row["name"] == "Long" and row["length"] == 30000 and row["imported_by"] == C
    assert "text" not in row.values and "meta" not in row.values
    assert all(len(str(v)) < 100 for v in row.values.values())


def test_changed_and_deleted_rows(project: Project, source: str, code: str) -> None:
    coding = project.codings.apply(source=source, code=code, start=3, end=9, coder=C).created[0]
    moved = project.codings.set_range(coding=coding, start=4, end=12, coder=C)
    assert moved.updated == (coding,) and (moved.rows[0]["start"], moved.rows[0]["end"]) == (4, 12)
    renamed = project.codebook.rename(code=code, name="Calls", coder=C)
    assert [(r.kind, r["name"]) for r in renamed.rows] == [("code", "Calls")]
    removed = project.codings.remove(codings=[coding], coder=C)
    (gone,) = removed.removed
    assert (gone.kind, gone.uuid, gone["source_uuid"], gone["code_uuid"]) == (
        "coding",
        coding,
        source,
        code,
    )
    assert not removed.rows
    back = project.restore(removed.undo, coder=C)  # undo brings the row back, with values
    assert [(r.uuid, r["start"], r["end"]) for r in back.rows_of("coding")] == [(coding, 4, 12)]


def test_deleting_a_source_names_its_codings(project: Project, source: str, code: str) -> None:
    coding = project.codings.apply(source=source, code=code, start=3, end=9, coder=C).created[0]
    changes = project.sources.delete(source=source, coder=C)
    assert {(r.kind, r.uuid) for r in changes.removed} >= {("source", source), ("coding", coding)}
    assert next(r for r in changes.removed if r.uuid == coding)["source_uuid"] == source


def test_beyond_the_cap_a_change_says_bulk(project: Project, source: str, code: str) -> None:
    project.coders.ensure(name=C)

    def requests(n: int, at: int) -> list[CodingRequest]:
        return [CodingRequest(source, code, at + i % 50, at + 51 + i // 50) for i in range(n)]

    within = project.codings.apply_many(requests(VALUES_CAP, 0), coder=C)
    assert not within.bulk and len(within.rows) == VALUES_CAP
    beyond = project.codings.apply_many(requests(VALUES_CAP + 1, 60), coder=C)
    assert beyond.bulk and beyond.rows == () and len(beyond.created) == VALUES_CAP + 1
    assert beyond.kinds == {"codings"} and beyond.revision == project.revision()
    removed = project.codings.remove(codings=list(beyond.created), coder=C)
    assert removed.bulk and removed.removed == () and len(removed.deleted) == VALUES_CAP + 1


def test_revisions_grow_with_every_commit(project: Project, source: str, code: str) -> None:
    revisions = [
        project.codings.apply(source=source, code=code, start=i, end=i + 5, coder=C).revision
        for i in range(5)
    ]
    assert revisions == sorted(set(revisions)) and revisions[-1] == project.revision()
    assert revisions == list(range(revisions[0], revisions[0] + 5))


def test_the_initiator_comes_back(project: Project, source: str, code: str) -> None:
    assert (
        project.codings.apply(source=source, code=code, start=0, end=4, coder=C).initiator is None
    )
    with project.write(coder=C, initiator="tab-1") as tx:
        tx.change("project")
    assert tx.result.initiator == "tab-1"
    with project.initiated_by("session-7"):
        done = project.codings.apply(source=source, code=code, start=5, end=9, coder=C)
        undone = project.restore(done.undo, coder=C)
    assert (done.initiator, undone.initiator) == ("session-7", "session-7")
    after = project.codings.apply(source=source, code=code, start=5, end=9, coder=C)
    assert after.initiator is None


def test_changes_since_reads_the_same_values(project: Project, source: str, code: str) -> None:
    start = project.revision()
    applied = project.codings.apply(source=source, code=code, start=3, end=9, coder=C)
    doomed = project.codings.apply(source=source, code=code, start=10, end=14, coder=C)
    project.codings.remove(codings=list(doomed.created), coder=C)
    feed = project.changes_since(start)
    assert feed.revision == project.revision() and feed.kinds == {"codings"}
    assert feed.rows == applied.rows  # the same function turned the rows into values
    assert [(r.kind, r.uuid) for r in feed.removed] == [("coding", doomed.created[0])]
    assert project.changes_since(project.revision()) == Changes(
        frozenset(), revision=project.revision()
    )


def test_an_import_of_many_files_returns_their_changes(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"interview-{i}.txt")
        paths[-1].write_text(f"Interview number {i}.\n", encoding="utf-8")
    report = project.sources.import_files(paths, coder=C)
    assert {r["name"] for r in report.changes.rows_of("source")} == {
        "interview-0",
        "interview-1",
        "interview-2",
    }
    assert report.changes.revision == project.revision() and not report.changes.bulk
    assert report.changes.created == tuple(o.source_uuid for o in report.imported)
    monkeypatch.setattr("workbench.core.changes.VALUES_CAP", 2)
    monkeypatch.setattr("workbench.core.db.transaction.VALUES_CAP", 2)  # one transaction
    for i, path in enumerate(paths):
        path.write_text(f"Another interview, number {i}.\n", encoding="utf-8")
    bulk = project.sources.import_files(paths, coder=C).changes
    assert bulk.bulk and bulk.rows == () and len(bulk.created) == 3


def test_merge_and_restore_return_changes(project: Project, source: str, tmp_path: Path) -> None:
    copy = project.save_copy(tmp_path / "copy.qwb")
    assert merge_copy(project, copy, coder=C).changes.empty  # nothing to merge
    with Project.open(copy) as theirs:
        theirs.codebook.add(name="From the copy", coder="Tomás")
    merged = merge_copy(project, copy, coder=C).changes
    assert merged.revision == project.revision()
    assert [r["name"] for r in merged.rows_of("code")] == ["From the copy"]
    backup = project.backups.make()
    before = project.revision()
    restored = project.backups.restore(backup, coder=C).changes
    assert restored.bulk and restored.revision > before and "codebook" in restored.kinds
