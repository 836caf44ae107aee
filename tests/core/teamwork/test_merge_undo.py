"""Undoing a merge as a whole, from the backup the merge wrote: everything comes back (codes,
codings, the merge record), a later change makes it refuse without touching anything, and merging
the same copy again afterwards gives the same result as the first time."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TEXT, Study

from workbench.core.backups import restore as restore_module
from workbench.core.backups.store import read_info
from workbench.core.errors import BackupError, ValidationError
from workbench.core.project import Project
from workbench.core.teamwork import (
    MergeOutcome,
    merge_copy,
    share_copy,
    undo_merge,
    undoable_merge,
)

Rows = dict[str, list[tuple[Any, ...]]]
# Columns that only say when or at which revision a row was written (they differ between two
# merges made at different revisions); everything else must be identical.
WHEN = frozenset({"id", "modified_at", "version", "own_revision", "recorded_at", "deleted_at"})


def tables(path: Path, skip: frozenset[str] = frozenset()) -> Rows:
    """Every row of every table but the project row and the audit log, in a stable order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT IN ('project', 'audit_log') ORDER BY name"
            )
        ]
        found: Rows = {}
        for name in names:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})") if r[1] not in skip]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
        return found
    finally:
        conn.close()


def merge_record(project: Project, copy: Path) -> list[tuple[Any, ...]]:
    with Project.open(copy, read_only=True) as other:
        file_id = other.info().file_id
    conn = sqlite3.connect(f"file:{project.path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT other_file_id, other_revision FROM merge_bases WHERE other_file_id = ?",
            (file_id,),
        ).fetchall()
    finally:
        conn.close()


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def ben_works_in_the_copy(study: Study) -> None:
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, **_range("Slack"), coder="Ben")
        copy.codings.remove(codings=[study.coding], coder="Ben")
        copy.codebook.rename(code=study.feelings, name="Emotions", coder="Ben")
        copy.codebook.define(code=study.zoom, description="Video calls", coder="Ben")


def _range(word: str) -> dict[str, int]:
    start, end = at(word)
    return {"start": start, "end": end}


def report_of(outcome: MergeOutcome) -> tuple[Any, ...]:
    r = outcome.report
    conflicts = [(c.key, c.kind, c.mine, c.theirs, c.choice) for c in r.conflicts]
    return dict(r.added), dict(r.changed), dict(r.deleted), conflicts, r.notes


# -- undo restores everything ---------------------------------------------------------------------
def test_undo_puts_back_everything_the_merge_changed(study: Study) -> None:
    project = study.project
    ben_works_in_the_copy(study)
    before = tables(project.path)
    info = project.info()
    outcome = merge_copy(project, study.copy_path, coder="Ana")
    assert outcome.revision == project.revision() == info.revision + 1
    merged = tables(project.path)
    assert merged != before and merge_record(project, study.copy_path)
    assert "Emotions" in {n.name for n in project.codebook.all()}

    undone = undo_merge(project, outcome, coder="Ana")

    assert tables(project.path) == before  # codes, codings, coders, tombstones, merge bases…
    assert merge_record(project, study.copy_path) == []
    after = project.info()
    assert (after.name, after.uuid, after.codes, after.codings) == (
        info.name,
        info.uuid,
        info.codes,
        info.codings,
    )
    assert after.revision > outcome.revision and after.file_id != info.file_id
    assert {s.code_path for s in project.codings.segments()} == {"Tools/Zoom"}
    assert project.codebook.get(study.zoom).description == ""
    # The merged state is kept, so even the undo can be taken back.
    assert undone.kept.exists() and tables(undone.kept) == merged
    assert undone.merge.other_name == study.copy_path.name and "codings" in undone.changes.kinds
    assert undoable_merge(project) is None
    with project.read() as s:
        actions = [
            r[0]
            for r in s.connection().exec_driver_sql(
                "SELECT action FROM audit_log WHERE revision = ?", (after.revision,)
            )
        ]
    assert sorted(actions) == ["restore backup", "undo merge"]


def test_the_last_merge_is_found_from_the_project_alone(study: Study) -> None:
    ben_works_in_the_copy(study)
    before = tables(study.project.path)
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    path = study.project.path
    study.project.close()
    with Project.open(path) as project:
        found = undoable_merge(project)
        assert found is not None and found.revision == outcome.revision
        assert found.backup.path == outcome.backup and found.backup.reason == "before merge"
        undone = undo_merge(project, coder="Ana")
        assert undone.merge.other == str(study.copy_path)
        assert tables(path) == before
        with pytest.raises(ValidationError, match="was already undone"):
            undo_merge(project, coder="Ana")


# -- refusals leave the project untouched --------------------------------------------------------
def test_a_change_after_the_merge_makes_it_refuse_without_touching_anything(
    study: Study,
) -> None:
    project = study.project
    ben_works_in_the_copy(study)
    outcome = merge_copy(project, study.copy_path, coder="Ana")
    project.codebook.rename(code=study.tools, name="Software", coder="Ana")
    state, info = tables(project.path), project.info()
    backups = {b.path for b in project.backups.list()}
    for merge in (outcome, None):
        with pytest.raises(ValidationError) as refused:
            undo_merge(project, merge, coder="Ana")
        message = str(refused.value)
        assert message.startswith(f"{project.path.name} has changed since copy-ben.qwb was merged")
        assert "1 later change" in message and "'Tools' renamed to 'Software'" in message
        assert "File → Restore from backup…" in message
        if merge is not None:
            assert outcome.backup is not None and f"({outcome.backup.name})" in message
    assert tables(project.path) == state
    after = project.info()
    assert (after.revision, after.file_id) == (info.revision, info.file_id)
    assert {b.path for b in project.backups.list()} == backups  # not even a "before restore"
    assert undoable_merge(project) is None


def test_a_failed_restore_leaves_the_project_as_it_was(
    study: Study, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = study.project
    ben_works_in_the_copy(study)
    outcome = merge_copy(project, study.copy_path, coder="Ana")
    state, info = tables(project.path), project.info()

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise BackupError("The backup of project.qwb could not be written (No space left).")

    with monkeypatch.context() as patched, pytest.raises(BackupError, match="No space left"):
        patched.setattr(restore_module, "write_backup", disk_full)  # keeping the merged state
        undo_merge(project, outcome, coder="Ana")
    assert tables(project.path) == state
    assert not list(project.backups.folder.glob(".restoring-*"))
    assert (project.info().revision, project.info().file_id) == (info.revision, info.file_id)
    assert undoable_merge(project) is not None  # and it can still be undone


def test_nothing_to_undo(study: Study) -> None:
    project = study.project
    with pytest.raises(ValidationError, match="no coder's copy was ever merged"):
        undo_merge(project, coder="Ana")
    unchanged = merge_copy(project, study.copy_path, coder="Ana")
    assert unchanged.backup is None and unchanged.revision is None
    with pytest.raises(ValidationError, match="changed nothing, so there is nothing to undo"):
        undo_merge(project, unchanged, coder="Ana")


def test_a_missing_backup_is_named(study: Study) -> None:
    ben_works_in_the_copy(study)
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.backup is not None
    outcome.backup.unlink()
    with pytest.raises(ValidationError, match="is no longer there") as refused:
        undo_merge(study.project, outcome, coder="Ana")
    assert str(outcome.backup) in str(refused.value)
    assert undoable_merge(study.project) is None


# -- merge, undo, merge again ---------------------------------------------------------------------
@pytest.mark.parametrize("blind", [False, True])
def test_merging_again_after_the_undo_gives_the_same_result(
    project: Project, tmp_path: Path, blind: bool
) -> None:
    source = project.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
    zoom = project.codebook.add(name="Zoom", coder="Ana").created[-1]
    slack = project.codebook.add(name="Slack", coder="Ana").created[-1]
    project.codings.apply(source=source, code=zoom, **_range("Zoom"), coder="Ana")
    project.codebook.rename(code=zoom, name="Zoom 1", coder="Ana")  # just before the copy
    copy = tmp_path / "ben.qwb"
    share_copy(project, copy, coder="Ana", blind=blind)
    project.codebook.rename(code=zoom, name="Zoom 2", coder="Ana")  # after it, here only
    project.codebook.define(code=slack, inclusion="Ana's rule", coder="Ana")
    with Project.open(copy) as other:
        other.codings.apply(source=source, code=slack, **_range("Slack"), coder="Ben")
        other.codebook.define(code=slack, inclusion="Ben's rule", coder="Ben")
    first = merge_copy(project, copy, coder="Ana", prefer="theirs")
    assert [c.kind for c in first.report.conflicts] == ["definition"]
    merged = tables(project.path, WHEN)

    undo_merge(project, first, coder="Ana")
    assert merge_record(project, copy) == []
    again = merge_copy(project, copy, coder="Ana", prefer="theirs")

    assert report_of(again) == report_of(first)
    assert again.report.base is not None  # still a three-way merge, not a union
    assert tables(project.path, WHEN) == merged
    assert project.codebook.name(zoom) == "Zoom 2"
    assert project.codebook.get(slack).inclusion == "Ben's rule"
    assert merge_copy(project, copy, coder="Ana").report.total_changes == 0  # recorded again


def test_a_project_that_is_itself_a_copy_keeps_its_base_with_the_original(
    study: Study, tmp_path: Path
) -> None:
    original = study.project
    mine_path = original.save_copy(tmp_path / "mine.qwb")
    start = original.info()
    with Project.open(mine_path) as mine:
        ben = tmp_path / "ben-of-mine.qwb"
        share_copy(mine, ben, coder="Ana")
        with Project.open(ben) as other:
            other.codebook.add(name="From Ben", coder="Ben")
        outcome = merge_copy(mine, ben, coder="Ana")
        undo_merge(mine, outcome, coder="Ana")
        assert outcome.backup is not None and outcome.revision is not None
        merged_file = read_info(outcome.backup).file_id
        info = mine.info()
        # The undone file continues the merged one up to the backup's revision...
        assert (info.parent_file_id, info.parent_revision) == (merged_file, outcome.revision - 1)
    conn = sqlite3.connect(f"file:{mine_path}?mode=ro", uri=True)
    try:
        kept = conn.execute(
            "SELECT other_revision, own_revision, how FROM merge_bases WHERE other_file_id = ?",
            (start.file_id,),
        ).fetchall()
    finally:
        conn.close()
    assert kept == [(start.revision, start.revision, "copy")]  # ...and still knows its origin
    original.codebook.add(name="Late in the original", coder="Ana")
    assert merge_copy(original, mine_path, coder="Ana").report.base == "copy of this project"
