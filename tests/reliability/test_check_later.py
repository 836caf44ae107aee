"""An open may leave SQLite's whole-file check for later (issue 18): the header, the size and
the journal are judged at once, the rest by ``check_file``, which words a damaged file as an open
does and holds back the backup on open until the file is known sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.core.errors import CorruptProjectError
from workbench.core.project import Project

CODER = "Maya Chen"


def _damage_one_index(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_log_at'"
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0
    path.write_bytes(bytes(data))


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.qwb"
    with Project.create(path, name="P", coder=CODER) as project:
        project.codebook.add(name="Trust", coder=CODER)
    with Project.open(path):
        pass  # its backup on open: a good backup
    return path


def test_a_damaged_page_is_found_by_the_later_check_which_names_the_good_backup(
    project_path: Path,
) -> None:
    _damage_one_index(project_path)
    with pytest.raises(CorruptProjectError):
        Project.open(project_path).close()  # the whole check at once: refused
    project = Project.open(project_path, check_later=True)
    try:
        assert project.unchecked
        assert [n.name for n in project.codebook.tree()] == ["Trust"]
        with pytest.raises(CorruptProjectError) as caught:
            project.check_file()
        assert caught.value.backup is not None and caught.value.fingerprint is not None
        assert project.unchecked
    finally:
        project.close()


def test_a_sound_file_passes_the_later_check_and_then_backs_up(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.codebook.add(name="Care", coder=CODER)
    project = Project.open(project_path, check_later=True)
    try:
        project.backups.on_open_every = 0  # a backup on open is due whenever it is asked for
        before = len(project.backups.list())
        project.check_file()
        project.backups.wait()
        assert not project.unchecked and len(project.backups.list()) == before + 1
    finally:
        project.close()


def test_a_read_only_open_checks_the_whole_file_at_once(project_path: Path) -> None:
    _damage_one_index(project_path)
    with pytest.raises(CorruptProjectError):
        Project.open(project_path, read_only=True, check_later=True)
