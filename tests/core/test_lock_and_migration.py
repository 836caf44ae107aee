"""The lock file beside an open project, and upgrading older file formats."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection

from workbench.core.db import migrations
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import ProjectLockedError
from workbench.core.lockfile import ABANDONED_AFTER, lock_path, read_lock
from workbench.core.paths import backup_dir
from workbench.core.project import Project


def write_lock(project: Path, *, pid: int, host: str | None = None, age: float = 0) -> None:
    now = time.time() - age
    lock_path(project).write_text(
        json.dumps(
            {
                "user": "someone",
                "host": host or socket.gethostname(),
                "pid": pid,
                "app": "workbench",
                "started": now,
                "heartbeat": now,
            }
        )
    )


def test_a_live_lock_refuses_a_second_writer(project_path: Path) -> None:
    with Project.open(project_path):
        info = read_lock(lock_path(project_path))
        assert info is not None and info.pid == os.getpid()
        with pytest.raises(ProjectLockedError, match="open in another program"):
            Project.open(project_path)
        with Project.open(project_path, read_only=True) as reader:
            assert reader.info().name == "Test project"
    assert not lock_path(project_path).exists()


def test_a_lock_file_left_empty_by_a_crash_does_not_lock_anyone_out(project_path: Path) -> None:
    """A writer killed between creating and filling its lock file leaves it empty."""
    lock = lock_path(project_path)
    lock.write_text("")
    old = time.time() - 5
    os.utime(lock, (old, old))
    with Project.open(project_path):
        holder = read_lock(lock)
        assert holder is not None and holder.pid == os.getpid()
    assert not lock.exists()


def test_lock_of_a_dead_process_is_stale_at_once(project_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_lock(project_path, pid=dead.pid)
    with Project.open(project_path) as project:
        assert project.info().name == "Test project"
        assert read_lock(lock_path(project_path)).pid == os.getpid()  # type: ignore[union-attr]


def test_abandoned_lock_on_another_machine_needs_a_takeover(project_path: Path) -> None:
    write_lock(project_path, pid=12345, host="other-laptop", age=ABANDONED_AFTER + 5)
    with pytest.raises(ProjectLockedError, match="take it over"):
        Project.open(project_path)
    with Project.open(project_path, takeover=True):
        pass


def test_live_lock_on_another_machine_is_honoured(project_path: Path) -> None:
    write_lock(project_path, pid=12345, host="other-laptop")
    with pytest.raises(ProjectLockedError, match="other-laptop"):
        Project.open(project_path, takeover=True)


def _v2_step(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE codes ADD COLUMN shorthand TEXT NOT NULL DEFAULT ''")
    conn.exec_driver_sql("UPDATE codes SET shorthand = substr(name, 1, 3)")


def test_a_v1_file_is_migrated_in_one_transaction_after_a_backup(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(project_path) as project:
        project.codebook.add(name="Mentoring", coder="Ana")
        project_uuid = project.info().uuid
    v1_bytes = project_path.read_bytes()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("workbench.core.project.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION, _v2_step)
    with Project.open(project_path) as project:
        assert project.codebook.tree()[0].name == "Mentoring"
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT shorthand FROM codes").fetchone()[0] == "Men"
    conn.close()
    backups = [b for b in backup_dir(project_uuid).glob("*.qwb") if "before-upgrade" in b.name]
    assert len(backups) == 1 and f"before-upgrade-v{SCHEMA_VERSION}" in backups[0].name
    saved = sqlite3.connect(backups[0])
    assert saved.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert saved.execute("SELECT name FROM codes").fetchone()[0] == "Mentoring"
    saved.close()
    assert v1_bytes != project_path.read_bytes()


def test_a_failing_migration_leaves_the_file_as_it_was(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE codes ADD COLUMN shorthand TEXT")
        conn.exec_driver_sql("DROP TABLE codings")
        raise RuntimeError("simulated failure half-way")

    before = hashlib.sha256(project_path.read_bytes()).hexdigest()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("workbench.core.project.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(RuntimeError, match="half-way"):
        Project.open(project_path)
    assert hashlib.sha256(project_path.read_bytes()).hexdigest() == before
    assert not lock_path(project_path).exists()
