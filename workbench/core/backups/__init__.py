"""Backups and recovery (issue 7).

- ``project.backups`` (BackupService): ``make(reason)``, ``list()``, ``verify(b)``,
  ``restore(b, keep_current_as=None, coder=None) -> RestoreResult``, ``problem``; automatic
  backups on open (at most hourly) and every 15 minutes of changes, retention of the last 10 plus
  one a day for a week, each verified with ``quick_check``.
- ``restore_damaged(path, backup)``: put a backup in place of a file that cannot be opened
  (``CorruptProjectError.backup`` names the newest good one).
"""

from __future__ import annotations

from workbench.core.backups.restore import RestoreResult, restore_damaged
from workbench.core.backups.service import BackupService
from workbench.core.backups.store import (
    KEEP_DAYS,
    KEEP_LAST,
    BackupInfo,
    newest_good_backup,
    read_folder,
)

__all__ = [
    "KEEP_DAYS",
    "KEEP_LAST",
    "BackupInfo",
    "BackupService",
    "RestoreResult",
    "newest_good_backup",
    "read_folder",
    "restore_damaged",
]
