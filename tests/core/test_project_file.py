"""The .qwb file: creation, pragmas, the header check, and refusing bad files untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.db.sqlite_file import APPLICATION_ID
from workbench.core.errors import (
    CorruptProjectError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    ProjectFileError,
    ReadOnlyProjectError,
    ValidationError,
)
from workbench.core.project import Project


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_create_stamps_the_file_and_leaves_one_file(tmp_path: Path) -> None:
    path = tmp_path / "study.qwb"
    with Project.create(path, name="Study", coder="Ana") as project:
        assert siblings(path) == ["study.qwb", "study.qwb.lock"]
        info = project.info()
        assert (info.name, info.coders, info.schema_version) == ("Study", 1, SCHEMA_VERSION)
    assert siblings(path) == ["study.qwb"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_every_connection_has_our_pragmas(project: Project) -> None:
    with project.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_create_never_overwrites(project_path: Path) -> None:
    before = digest(project_path)
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(project_path, name="Again")
    assert digest(project_path) == before


def _assert_refused(path: Path, error: type[ProjectFileError], message: str, **kw: bool) -> None:
    before = digest(path) if path.exists() else None
    names = siblings(path)
    with pytest.raises(error, match=message) as info:
        Project.open(path, **kw)
    assert path.name in str(info.value)
    if before is not None:
        assert digest(path) == before
    assert siblings(path) == names


def test_text_file_named_qwb(tmp_path: Path) -> None:
    path = tmp_path / "notes.qwb"
    path.write_text("Interview notes, not a project\n" * 10)
    _assert_refused(path, NotAProjectError, "not an SQLite database")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.qwb"
    path.touch()
    _assert_refused(path, NotAProjectError, "empty")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="does not exist"):
        Project.open(tmp_path / "nowhere.qwb")
    assert list(tmp_path.iterdir()) == []


def test_sqlite_database_of_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.qwb"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    _assert_refused(path, ForeignDatabaseError, "another application")


def test_truncated_project(project_path: Path) -> None:
    data = project_path.read_bytes()
    project_path.write_bytes(data[: len(data) // 2 + 100])
    _assert_refused(project_path, CorruptProjectError, "truncated")


def test_truncated_mid_header(project_path: Path) -> None:
    project_path.write_bytes(project_path.read_bytes()[:60])
    _assert_refused(project_path, CorruptProjectError, "truncated")


def test_corrupted_page(project_path: Path) -> None:
    with Project.open(project_path) as project:
        for i in range(40):
            project.codebook.add(name=f"Code {i}", description="x" * 500, coder="Ana")
    data = bytearray(project_path.read_bytes())
    page = 4096
    # Scribble over the second half of the file, past the schema page.
    for offset in range(2 * page + 40, len(data), 97):
        data[offset] = (data[offset] + 113) % 256
    project_path.write_bytes(bytes(data))
    _assert_refused(project_path, CorruptProjectError, "damaged")


def test_newer_schema(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _assert_refused(project_path, NewerSchemaError, "newer version")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_file_is_refused_for_writing(project_path: Path) -> None:
    project_path.chmod(0o444)
    _assert_refused(project_path, ReadOnlyProjectError, "read-only")


def test_read_only_open_cannot_write(project_path: Path) -> None:
    before = digest(project_path)
    with Project.open(project_path, read_only=True) as project:
        assert project.info().name == "Test project"
        assert siblings(project_path) == ["project.qwb"]  # no lock for read-only
        with pytest.raises(ReadOnlyProjectError):
            project.codebook.add(name="X", coder="Ana")
    assert digest(project_path) == before


def test_failed_change_leaves_the_file_byte_identical(project: Project) -> None:
    project.codebook.add(name="Theme", coder="Ana")
    before = digest(project.path)
    with pytest.raises(Exception, match="already a code"):
        project.codebook.add(name="Theme", coder="Ana")
    assert digest(project.path) == before


def test_save_copy_is_a_consistent_copy_with_its_own_file_id(
    project: Project, source: str, tmp_path: Path
) -> None:
    copy_path = project.save_copy(tmp_path / "copy.qwb")
    original = project.info()
    with Project.open(copy_path, read_only=True) as copy:
        info = copy.info()
        assert copy.sources.text(source) == project.sources.text(source)
    assert info.uuid == original.uuid
    assert info.file_id != original.file_id
    assert info.parent_file_id == original.file_id
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.qwb"]


def test_save_copy_refuses_the_project_itself_and_existing_files(
    project: Project, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="is the project itself"):
        project.save_copy(project.path)
    (tmp_path / "taken.qwb").write_bytes(b"x")
    with pytest.raises(ValidationError, match="already exists"):
        project.save_copy(tmp_path / "taken.qwb")
    assert (tmp_path / "taken.qwb").read_bytes() == b"x"
