"""Copies for coders (normal and blind) and the file-format upgrade that added merge bases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Study

from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import ProjectFileError
from workbench.core.paths import backup_dir
from workbench.core.project import Project
from workbench.core.teamwork.merge import merge_copy
from workbench.core.teamwork.share_copy import share_copy


def test_a_copy_records_where_it_came_from(study: Study) -> None:
    info = study.project.info()
    with study.copy() as copy:
        mine = copy.info()
        assert mine.uuid == info.uuid and mine.file_id != info.file_id
        assert (mine.parent_file_id, mine.parent_revision) == (info.file_id, info.revision)
        assert len(copy.codings.segments()) == 1
    conn = sqlite3.connect(study.copy_path)
    row = conn.execute("SELECT other_file_id, other_revision, own_revision FROM merge_bases")
    assert row.fetchall() == [(info.file_id, info.revision, info.revision)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert study.project.info().revision == info.revision  # the project itself is unchanged


def test_share_refuses_to_overwrite(study: Study) -> None:
    with pytest.raises(ProjectFileError, match="already exists"):
        share_copy(study.project, study.copy_path, coder="Ana")
    with pytest.raises(ProjectFileError, match="project itself"):
        share_copy(study.project, study.project.path, coder="Ana", overwrite=True)


def test_a_blind_copy_has_no_codings_and_merging_it_back_keeps_them(
    study: Study, tmp_path: Path
) -> None:
    memo = study.project.memos.add(
        text="Ana's reading of this passage", target_kind="coding", target=study.coding, coder="Ana"
    ).created[-1]
    blind = tmp_path / "blind.qwb"
    result = share_copy(study.project, blind, coder="Ana", blind=True)
    assert result.codings_removed == 1
    raw = blind.read_bytes()
    assert b"Ana's reading of this passage" not in raw  # not even in free pages
    with Project.open(blind) as copy:
        assert copy.codings.segments() == []
        s = copy.sources.text(study.source).index("Slack")
        copy.codings.apply(source=study.source, code=study.slack, start=s, end=s + 5, coder="Ben")
    outcome = merge_copy(study.project, blind, coder="Ana")
    assert outcome.report.deleted == {} and outcome.report.added == {"coder": 1, "coding": 1}
    assert {s.coder for s in study.project.codings.segments()} == {"Ana", "Ben"}
    assert [m.uuid for m in study.project.memos.list()] == [memo]


def test_a_version_1_file_is_upgraded_with_its_copy_base(study: Study) -> None:
    study.project.close()
    conn = sqlite3.connect(study.copy_path)
    conn.execute("DROP TABLE merge_bases")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    (project_uuid, parent_revision) = conn.execute(
        "SELECT uuid, parent_revision FROM project"
    ).fetchone()
    conn.close()
    with Project.open(study.copy_path) as copy:
        assert copy.info().schema_version == SCHEMA_VERSION
        copy.codebook.add(name="Trust", coder="Ben")
    conn = sqlite3.connect(study.copy_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    bases = conn.execute("SELECT own_revision, how, diverged FROM merge_bases").fetchall()
    assert bases == [(parent_revision, "copy", "[]")]
    conn.close()
    backups = list(backup_dir(project_uuid).iterdir())
    assert any("before-upgrade-v1" in b.name for b in backups)
    with Project.open(study.project.path) as project:
        outcome = merge_copy(project, study.copy_path, coder="Ana")
        assert outcome.report.base is not None and outcome.report.added == {
            "coder": 1,
            "code": 1,
        }


def test_a_copy_in_the_older_file_format_is_merged_without_changing_it(study: Study) -> None:
    with study.copy() as copy:
        copy.codebook.add(name="Trust", coder="Ben")
    conn = sqlite3.connect(study.copy_path)
    conn.execute("DROP TABLE merge_bases")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = study.copy_path.read_bytes()
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.report.base == "copy of this project"
    assert outcome.report.added == {"coder": 1, "code": 1}
    assert study.copy_path.read_bytes() == before


def test_a_copy_from_before_categories_merges_with_every_code_codable(study: Study) -> None:
    study.project.codebook.set_codable(code=study.tools, codable=False, coder="Ana")
    with study.copy() as copy:
        copy.codebook.add(name="Trust", coder="Ben")
    conn = sqlite3.connect(study.copy_path)
    conn.execute("ALTER TABLE codes DROP COLUMN codable")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.report.added == {"coder": 1, "code": 1} and not outcome.report.conflicts
    assert not study.project.codebook.get(study.tools).codable
