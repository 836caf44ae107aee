"""Cleaning up after a killed run: hidden project files it was building beside its target, with
their journal and lock, are removed by the next run once their builder is known to be gone."""

from __future__ import annotations

import glob
import time
from pathlib import Path

from workbench.core.db.sqlite_file import journal_path
from workbench.core.errors import ProjectLockedError
from workbench.core.lockfile import ProjectLock, lock_path

UNLOCKED_GRACE = 60.0  # a build is locked within milliseconds of appearing


def remove_abandoned_builds(folder: Path, tag: str) -> list[Path]:
    """Remove hidden ``.NAME.*.TAG`` project files in ``folder`` (e.g. a killed
    ``import-qdpx``'s) whose builder is gone: their lock is stale, or they never got one and
    are older than ``UNLOCKED_GRACE``. A build whose lock is live (another run at work) is left
    alone. Returns what was removed."""
    pattern = f".*.{glob.escape(tag)}"
    removed: list[Path] = []
    for base in sorted(folder.glob(pattern)) + sorted(folder.glob(pattern + ".*")):
        if base.name.endswith(("-journal", ".lock", ".tmp", ".takeover")) or not base.is_file():
            continue
        if not lock_path(base).exists() and _age(base) < UNLOCKED_GRACE:
            continue
        lock = ProjectLock(base, app="cleanup")
        try:
            lock.acquire()  # takes a stale lock over; refuses a live one
        except ProjectLockedError:
            continue
        try:
            journal_path(base).unlink(missing_ok=True)
            base.unlink(missing_ok=True)
            removed.append(base)
        finally:
            lock.release()
    return removed


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0
