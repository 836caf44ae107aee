"""Restoring a backup: into the open project (through SQLite's backup API, one transaction), or
in place of a project file too damaged to open. The current file is always kept first."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from workbench.core.backups.recovery import fingerprint
from workbench.core.backups.store import BackupInfo, read_info, verify_file, write_backup
from workbench.core.changes import ChangeKind, Changes
from workbench.core.db import sqlite_file
from workbench.core.db.migrations import SCHEMA_VERSION, migrate
from workbench.core.errors import (
    BackupError,
    DiskFullError,
    ProjectFileError,
    ReadOnlyProjectError,
    ValidationError,
    is_disk_full,
)
from workbench.core.lockfile import ProjectLock, lock_path
from workbench.core.paths import backup_dir

if TYPE_CHECKING:
    from workbench.core.project import Project


def everything(revision: int) -> Changes:
    """What a restore changed, for the GUI: potentially everything, in one new revision."""
    return Changes(kinds=frozenset(get_args(ChangeKind)), bulk=True, revision=revision)


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: which backup, and where the file as it was before is kept."""

    backup: BackupInfo
    kept: Path
    changes: Changes


def as_info(backup: BackupInfo | Path | str) -> BackupInfo:
    return backup if isinstance(backup, BackupInfo) else read_info(Path(backup))


def restore_open(
    project: Project,
    backup: BackupInfo | Path | str,
    *,
    keep_current_as: Path | None,
    coder: str | None,
    check: Callable[[], None] | None = None,
    adjust: Callable[[sqlite3.Connection], None] | None = None,
) -> RestoreResult:
    """Replace the open project's content by ``backup`` (see ``BackupService.restore``)."""
    if project.read_only:
        raise ReadOnlyProjectError(project.path, "is open read-only; it cannot be restored.")
    info = as_info(backup)
    current_uuid, _file_id, _revision = identity(project)
    if info.project_uuid != current_uuid:
        raise ValidationError(
            f"{info.path.name} is a backup of another project ({info.project_name!r})."
        )
    keep_target = _check_keep_target(project.path, keep_current_as)
    folder = backup_dir(current_uuid)
    work = folder / f".restoring-{uuidlib.uuid4().hex}.qwb"
    with project._write_lock:
        if check is not None:  # under the write lock: no change can slip in after it
            check()
        search, project._search = project._search, None
        if search is not None:  # the index belongs to the file id that is about to change
            search.close()
        try:
            revision = max(identity(project)[2], info.revision) + 1
            _prepare(info, work, revision=revision, coder=coder, adjust=adjust)
            live = project.sqlite_connection()
            try:
                if keep_target is None:
                    kept = write_backup(
                        live, folder=folder, project_path=project.path, reason="before restore"
                    ).path
                else:
                    kept = _copy_live(live, keep_target)
            finally:
                live.close()
            restored = sqlite_file.connect(work, mode="ro")
            target = sqlite_file.connect(project.path, mode="rw")
            try:
                restored.backup(target)  # one transaction in the live file, journal-protected
            finally:
                target.close()
                restored.close()
            project._engine.dispose()  # pooled connections start afresh
        finally:
            work.unlink(missing_ok=True)
    return RestoreResult(info, kept, everything(revision))


def restore_damaged(
    project_path: Path | str,
    backup: BackupInfo | Path | str,
    *,
    keep_current_as: Path | None = None,
    coder: str | None = None,
    judged: tuple[int, int, int] | None = None,
) -> Path | None:
    """Put ``backup`` in place of a project file that cannot be opened (it must not be open).

    Under the project's lock the file is checked again first: if it now passes (it was judged
    while another program was changing it), nothing is replaced and None is returned — open it
    instead. If it changed since it was judged damaged (``judged``: the error's fingerprint),
    the restore is refused. Otherwise the damaged file (and any journal beside it) is copied to
    ``keep_current_as`` or to the project's backup folder (``damaged/``) first; the restored
    file replaces it atomically and gets a new file id. Returns where the damaged file is kept."""
    path = Path(project_path)
    info = as_info(backup)
    folder = backup_dir(info.project_uuid)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    keep = keep_current_as or folder / "damaged" / f"{path.stem}-damaged-{stamp}.qwb"
    if keep.exists():
        raise ValidationError(f"{keep} already exists; choose another name.")
    lock = ProjectLock(path)
    lock.acquire()
    work = folder / f".restoring-{uuidlib.uuid4().hex}.qwb"
    staged = path.with_name(path.name + ".restoring")
    try:
        if _passes_now(path):
            return None
        if judged is not None and fingerprint(path) != judged:
            raise ProjectFileError(
                path,
                "has changed since it was found damaged, so it was not replaced by the backup.",
                "Open it again to have it checked anew.",
            )
        _prepare(info, work, revision=info.revision + 1, coder=coder)
        shutil.copyfile(work, staged)
        _fsync(staged)
        journal = sqlite_file.journal_path(path)
        if path.exists():
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, keep)
            _fsync(keep)
        if journal.exists():  # it belongs to the damaged file: never let SQLite replay it here
            shutil.copyfile(journal, sqlite_file.journal_path(keep))
            journal.unlink()
        os.replace(staged, path)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(f"restoring {path.name} from its backup") from None
        raise BackupError(
            f"{path.name} could not be restored ({exc.strerror or exc}); nothing was replaced."
        ) from None
    finally:
        staged.unlink(missing_ok=True)
        work.unlink(missing_ok=True)
        lock.release()
    return keep


def _passes_now(path: Path) -> bool:
    """Whether the file, checked again under its lock, is a sound project after all."""
    if not path.exists():
        return False
    try:
        sqlite_file.recover_interrupted(path)
        sqlite_file.verify_readable(path)
    except (ProjectFileError, sqlite3.DatabaseError):
        return False
    return True


def identity(project: Project) -> tuple[str, str, int]:
    """(project uuid, file id, revision) of an open project, in one cheap query."""
    with project.read() as session:
        row = (
            session.connection()
            .exec_driver_sql("SELECT uuid, file_id, revision FROM project")
            .one()
        )
    return str(row[0]), str(row[1]), int(row[2])


# -- internals ------------------------------------------------------------------------------------
def _prepare(
    info: BackupInfo,
    work: Path,
    *,
    revision: int,
    coder: str | None,
    adjust: Callable[[sqlite3.Connection], None] | None = None,
) -> None:
    """Copy the backup to ``work``, upgrade it, give it a new file id and log the restore
    (``adjust`` may add to that, in the same transaction of the copy)."""
    if not verify_file(info.path):
        raise BackupError(
            f"The backup {info.path.name} is damaged or unreadable and cannot be restored; "
            "choose another one."
        )
    source = sqlite_file.connect(info.path, mode="ro")
    try:
        sqlite_file.backup(source, work)
    except OSError as exc:
        raise BackupError(f"The backup could not be prepared ({exc.strerror or exc}).") from None
    finally:
        source.close()
    (version,) = _query(work, "PRAGMA user_version")
    if version < SCHEMA_VERSION:
        engine = sqlite_file.make_engine(work, read_only=False)
        try:
            migrate(engine, int(version))
        finally:
            engine.dispose()
    conn = sqlite_file.connect(work, mode="rw")
    try:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
        conn.execute("BEGIN IMMEDIATE")
        # A new file id: the search cache and every coder's copy know this file's old history,
        # which the restore has just rewound.
        conn.execute(
            "UPDATE project SET file_id = ?, text_token = ?, revision = ?",
            (str(uuidlib.uuid4()), str(uuidlib.uuid4()), revision),
        )
        conn.execute(
            "INSERT INTO audit_log (at, revision, coder_uuid, coder_name, action, entity_kind, "
            "entity_uuid, summary, details) VALUES (?, ?, NULL, ?, 'restore backup', 'project', "
            "NULL, ?, ?)",
            (
                now,
                revision,
                coder or "",
                f"Project restored from the backup of {when} ({info.reason})",
                json.dumps({"backup": info.path.name, "backup_revision": info.revision}),
            ),
        )
        if adjust is not None:
            adjust(conn)
        conn.execute("COMMIT")
        problems = sqlite_file.quick_check(conn)
    finally:
        conn.close()
    if problems:
        raise BackupError(f"The restored copy failed its check ({problems[0]}); nothing changed.")


def _query(path: Path, sql: str) -> tuple[int, ...]:
    conn = sqlite_file.connect(path, mode="ro")
    try:
        return tuple(conn.execute(sql).fetchone())
    finally:
        conn.close()


def _check_keep_target(project_path: Path, keep: Path | None) -> Path | None:
    if keep is None:
        return None
    target = Path(keep).expanduser().resolve()
    if target == project_path.resolve():
        raise ValidationError(f"{target.name} is the project itself; choose another name.")
    if target.suffix.lower() != ".qwb":
        raise ValidationError(f"{target.name}: the kept project needs the extension .qwb.")
    if target.exists() or lock_path(target).exists():
        raise ValidationError(f"{target} already exists; choose another name.")
    if not target.parent.is_dir():
        raise ValidationError(f"{target.parent} does not exist; choose another folder.")
    return target


def _copy_live(live: sqlite3.Connection, target: Path) -> Path:
    try:
        sqlite_file.backup(live, target)
    except OSError as exc:
        raise BackupError(
            f"The current project could not be kept as {target} ({exc.strerror or exc}); "
            "nothing was restored."
        ) from None
    return target


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())
