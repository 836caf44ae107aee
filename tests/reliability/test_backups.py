"""Backups: made on open and after 15 minutes of changes, verified, listed, kept by the retention
rule, restored without losing the current file; a damaged project names its newest good backup."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reliability_helpers import CODER, digest

from workbench.core.backups import KEEP_LAST, BackupInfo, restore_damaged
from workbench.core.backups import service as backup_service
from workbench.core.backups.store import prunable, sidecar_path
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import (
    BackupError,
    CorruptProjectError,
    DiskFullError,
    ValidationError,
)
from workbench.core.paths import user_data_dir
from workbench.core.project import Project


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_backup_on_open_is_verified_described_and_kept_outside_the_project_folder(
    project_path: Path,
) -> None:
    with Project.open(project_path) as project:
        backups = project.backups.list()
        info = project.info()
    assert len(backups) == 1
    backup = backups[0]
    assert backup.reason == "on open" and backup.verified
    assert (backup.sources, backup.codes, backup.codings) == (2, 2, 2)
    assert backup.counts_text() == "2 sources · 2 codes · 2 codings · 0 cases · 0 memos"
    assert backup.size == backup.path.stat().st_size > 0
    assert backup.revision == info.revision and backup.file_id == info.file_id
    assert abs((datetime.now(UTC) - backup.created).total_seconds()) < 60
    assert backup.path.is_relative_to(user_data_dir() / "backups" / info.uuid)
    assert names(project_path.parent) == ["study.qwb"]
    copy = sqlite3.connect(backup.path)
    assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM codings").fetchone()[0] == 2
    copy.close()


def test_opening_backs_up_at_most_once_an_hour(project_path: Path) -> None:
    with Project.open(project_path):
        pass
    with Project.open(project_path) as project:
        assert [b.reason for b in project.backups.list()] == ["on open"]
        first = project.backups.list()[0]
    data = json.loads(sidecar_path(first.path).read_text())
    data["created"] = (first.created - timedelta(minutes=61)).isoformat()
    sidecar_path(first.path).write_text(json.dumps(data))
    with Project.open(project_path) as project:
        assert [b.reason for b in project.backups.list()] == ["on open", "on open"]


def test_a_new_empty_project_is_not_backed_up(tmp_path: Path) -> None:
    with Project.create(tmp_path / "new.qwb", name="New") as project:
        assert project.backups.list() == []


def test_changes_are_backed_up_once_15_minutes_have_passed(project: Project) -> None:
    project.backups.wait()  # for the backup made on open
    start = project.backups.clock()
    now = [start]
    project.backups.clock = lambda: now[0]
    assert len(project.backups.list()) == 1  # on open
    project.codebook.add(name="Early", coder=CODER)
    now[0] = start + 14 * 60
    project.codebook.add(name="Still early", coder=CODER)
    assert len(project.backups.list()) == 1
    now[0] = start + 15 * 60 + 1
    project.codebook.add(name="Due", coder=CODER)
    backups = project.backups.list()
    assert [b.reason for b in backups] == ["every 15 minutes", "on open"]
    assert backups[0].codes == 5  # the change that made it due is in the backup
    project.codebook.add(name="Right after", coder=CODER)
    assert len(project.backups.list()) == 2


def test_a_full_disk_refuses_a_backup_by_hand_and_never_fails_a_change(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.backups.wait()  # for the backup made on open
    before = names(project.backups.folder)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", full)
        with pytest.raises(DiskFullError, match="not enough disk space for the backup of study"):
            project.backups.make("by hand")
        assert names(project.backups.folder) == before  # no half-written copy or description
        now = project.backups.clock() + 16 * 60
        project.backups.clock = lambda: now
        project.codebook.add(name="Saved anyway", coder=CODER)
        project.backups.wait()  # the automatic backup runs in the background
    problem = project.backups.problem
    assert problem is not None and "not enough disk space for the backup" in problem
    assert "Saved anyway" in [n.name for n in project.codebook.all()]
    assert names(project.backups.folder) == before


def test_retention_keeps_the_last_ten_one_a_day_for_a_week_and_recent_safety_copies() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def backup(hours_ago: float, reason: str = "every 15 minutes") -> BackupInfo:
        created = now - timedelta(hours=hours_ago)
        path = Path(f"/b/{created:%Y%m%d-%H%M}-{reason[:6]}.qwb")
        return BackupInfo(
            path, created, reason, "/p.qwb", "u", "P", "f", 1, 2, 0, 0, 0, 0, 0, 1, True
        )

    recent = [backup(h * 0.25) for h in range(12)]  # the last three hours, every 15 minutes
    daily = [backup(24 * d + h) for d in range(1, 10) for h in (1, 5)]  # two a day, nine days
    upgrade = backup(30, "before upgrade from file format 1")
    stale_upgrade = backup(24 * 8.5, "before restore")
    gone = {b.path for b in prunable([*recent, *daily, upgrade, stale_upgrade], now=now)}
    kept = [b for b in [*recent, *daily, upgrade, stale_upgrade] if b.path not in gone]
    assert set(recent[:KEEP_LAST]) <= set(kept) and not set(recent[KEEP_LAST:]) & set(kept)
    local_days = {b.created.astimezone().date() for b in kept if b not in recent}
    week_ago = now - timedelta(days=7)
    for b in daily:
        newest_of_day = max(
            (d for d in daily if d.created.astimezone().date() == b.created.astimezone().date()),
            key=lambda d: d.created,
        )
        assert (b in kept) == (b is newest_of_day and b.created >= week_ago)
    assert upgrade in kept and stale_upgrade not in kept
    assert len(local_days) <= 8


def test_retention_is_applied_after_each_backup(project: Project) -> None:
    for i in range(KEEP_LAST + 3):
        project.backups.make(f"by hand {i}")
    backups = project.backups.list()
    assert len(backups) == KEEP_LAST
    assert backups[0].reason == f"by hand {KEEP_LAST + 2}"
    assert len(list(project.backups.folder.glob("*.qwb.json"))) == KEEP_LAST


def test_restore_keeps_the_current_file_and_gives_a_new_file_id(project: Project) -> None:
    backup = project.backups.make("by hand")
    project.codebook.add(name="Added after the backup", coder=CODER)
    before = project.info()
    token = project.text_token()
    result = project.backups.restore(backup, coder=CODER)
    after = project.info()
    assert "Added after the backup" not in [n.name for n in project.codebook.all()]
    assert (after.codes, after.codings) == (backup.codes, backup.codings)
    assert after.file_id not in (before.file_id, backup.file_id)
    assert after.revision == before.revision + 1
    assert project.text_token() != token  # the search cache key changes
    kept = next(b for b in project.backups.list() if b.path == result.kept)
    assert kept.reason == "before restore" and kept.codes == before.codes
    assert kept.file_id == before.file_id
    assert result.changes.kinds >= {"codebook", "codings", "sources"}
    with project.read() as s:
        summary = (
            s.connection()
            .exec_driver_sql("SELECT summary FROM audit_log ORDER BY id DESC LIMIT 1")
            .scalar()
        )
    assert summary.startswith("Project restored from the backup of")
    project.codebook.add(name="Work goes on", coder=CODER)
    conn = project.sqlite_connection()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_restore_can_keep_the_current_file_as_a_named_copy(
    project: Project, tmp_path: Path
) -> None:
    backup = project.backups.make("by hand")
    project.codebook.add(name="Precious", coder=CODER)
    (tmp_path / "taken.qwb").write_bytes(b"x")
    before = digest(project.path)
    with pytest.raises(ValidationError, match="already exists"):
        project.backups.restore(backup, keep_current_as=tmp_path / "taken.qwb")
    assert digest(project.path) == before and (tmp_path / "taken.qwb").read_bytes() == b"x"
    result = project.backups.restore(backup, keep_current_as=tmp_path / "as it was.qwb")
    with Project.open(result.kept, read_only=True) as kept:
        assert "Precious" in [n.name for n in kept.codebook.all()]


def test_a_damaged_backup_is_not_restored(project: Project) -> None:
    backup = project.backups.make("by hand")
    data = bytearray(backup.path.read_bytes())
    for offset in range(4096 + 40, len(data), 61):
        data[offset] = (data[offset] + 77) % 256
    backup.path.write_bytes(bytes(data))
    assert not project.backups.verify(backup)
    before = digest(project.path)
    with pytest.raises(BackupError, match="damaged or unreadable"):
        project.backups.restore(backup)
    assert digest(project.path) == before


def test_a_backup_from_an_older_file_format_is_upgraded_when_restored(
    project: Project,
) -> None:
    backup = project.backups.make("by hand")
    conn = sqlite3.connect(backup.path)
    conn.execute("DROP TABLE merge_bases")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    project.backups.restore(backup)
    conn = project.sqlite_connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM merge_bases").fetchone()[0] == 0
    conn.close()


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096 + 40, len(data), 97):
        data[offset] = (data[offset] + 113) % 256
    path.write_bytes(bytes(data))


def test_a_damaged_project_names_its_newest_good_backup(project_path: Path) -> None:
    with Project.open(project_path) as project:
        for i in range(40):
            project.codebook.add(name=f"Code {i}", description="x" * 500, coder=CODER)
        older = project.backups.make("by hand")
        newest = project.backups.make("by hand")
    corrupt(newest.path)  # the newest backup is itself damaged: the next one is offered
    corrupt(project_path)
    before = digest(project_path)
    with pytest.raises(CorruptProjectError) as caught:
        Project.open(project_path)
    error = caught.value
    assert error.backup == older.path
    assert str(error).startswith("study.qwb: is damaged")
    assert f"The newest good backup is from {older.created.astimezone():%d %b %Y, %H:%M}" in str(
        error
    )
    assert str(older.path) in str(error) and "the damaged file is kept" in str(error)
    assert digest(project_path) == before
    assert names(project_path.parent) == ["study.qwb"]

    kept = restore_damaged(project_path, error.backup, coder=CODER)
    assert digest(kept) == before
    with Project.open(project_path) as restored:
        assert restored.info().codes == older.codes == 42
        assert restored.info().file_id != older.file_id


def test_a_damaged_project_without_backups_says_so_plainly(project_path: Path) -> None:
    with Project.open(project_path) as project:
        for i in range(40):
            project.codebook.add(name=f"Code {i}", description="x" * 500, coder=CODER)
        for backup in project.backups.list():
            backup.path.unlink()
    corrupt(project_path)
    with pytest.raises(CorruptProjectError, match="Restore it from a backup") as caught:
        Project.open(project_path)
    assert caught.value.backup is None


def test_backups_of_another_copy_are_listed_only_on_request(
    project: Project, tmp_path: Path
) -> None:
    copy_path = project.save_copy(tmp_path / "coder copy.qwb")
    with Project.open(copy_path) as copy:
        copy.backups.make("by hand")
        assert [b.reason for b in copy.backups.list()] == ["by hand", "on open"]
    assert [b.reason for b in project.backups.list()] == ["on open"]
    assert len(project.backups.list(every_copy=True)) == 3


def test_the_15_minute_check_is_cheap_when_no_backup_is_due(project: Project) -> None:
    project.backups.wait()  # for the backup made on open
    calls = []
    project.backups.clock = lambda: calls.append(1) or 0.0
    project.codebook.add(name="One more", coder=CODER)
    assert calls == [1]  # one clock read per commit, nothing else
    assert backup_service.EVERY_SECONDS == 15 * 60


def test_what_an_interrupted_backup_left_is_cleared_and_never_listed(project: Project) -> None:
    folder = project.backups.folder
    project.backups.wait()
    partial = folder / "study-every-15-minutes-20260101-000000-000000.qwb.partial"
    partial.write_bytes(b"half a copy")
    orphan = folder / "study-by-hand-20260101-000000-000000.qwb.json"
    orphan.write_text("{}")
    assert [b.reason for b in project.backups.list()] == ["on open"]
    old = datetime.now().timestamp() - 3600
    for path in (partial, orphan):
        os.utime(path, (old, old))
    project.backups.make("by hand")
    assert not partial.exists() and not orphan.exists()
