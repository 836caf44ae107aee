"""Opening after trouble: finishing the rollback a crash left, and naming a good backup when a
project file turns out damaged."""

from __future__ import annotations

from pathlib import Path

from workbench.core.backups.store import newest_good_backup
from workbench.core.db import sqlite_file
from workbench.core.errors import CorruptProjectError, ProjectLockedError
from workbench.core.lockfile import ProjectLock


def recover_interrupted_change(path: Path, *, locked: bool, app: str = "workbench") -> bool:
    """Roll back a change that a crash interrupted, if its journal is still beside the file.

    ``locked``: the caller holds the project's lock. Otherwise the lock is taken just for this;
    if another program holds it, the journal is that program's live transaction and is left
    alone. True if a journal was rolled back."""
    if not sqlite_file.journal_path(path).exists():
        return False
    if locked:
        return sqlite_file.recover_interrupted(path)
    lock = ProjectLock(path, app=app)
    try:
        lock.acquire()
    except ProjectLockedError:
        return False
    try:
        return sqlite_file.recover_interrupted(path)
    finally:
        lock.release()


def fingerprint(path: Path) -> tuple[int, int, int] | None:
    """The file as it is now (inode, size, modification time), None if it is gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def offer_backup(error: CorruptProjectError) -> CorruptProjectError:
    """The same error, now naming the newest good backup of that file (``error.backup``) and
    remembering the file as it was judged (``error.fingerprint``); call it under the lock."""
    error.fingerprint = fingerprint(error.path)
    good = newest_good_backup(error.path)
    if good is None:
        return error
    when = good.created.astimezone().strftime("%d %b %Y, %H:%M")
    better = CorruptProjectError(
        error.path,
        error.problem,
        f"The newest good backup is from {when} ({good.counts_text()}): {good.path}. "
        "The workbench can restore it; the damaged file is kept.",
    )
    better.backup = good.path
    better.fingerprint = error.fingerprint
    return better
