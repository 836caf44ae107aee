"""``project.backups``: verified backups of one open project in the user data folder."""

from __future__ import annotations

import builtins
import math
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.backups.restore import RestoreResult, as_info, identity, restore_open
from workbench.core.backups.store import (
    BackupInfo,
    delete_backup,
    prunable,
    read_folder,
    remove_leftovers,
    verify_file,
    write_backup,
)
from workbench.core.errors import ReadOnlyProjectError, WorkbenchError
from workbench.core.paths import backup_dir

if TYPE_CHECKING:
    from workbench.core.project import Project

EVERY_SECONDS = 15 * 60.0
"""While changes are being made, a backup at least this often."""

ON_OPEN_EVERY_SECONDS = 60 * 60.0
"""Opening makes a backup unless one of this file is younger than this."""


class BackupService:
    """Backups of the open project: automatic on open (at most hourly) and after changes (every
    15 minutes), by hand with ``make``; listed, verified and restored. Kept per project in the
    user data folder (``paths.backup_dir``), never beside the possibly shared project file.

    Automatic backups run in a background thread (on the 97 MB reference project one takes
    0.3-0.8 s, which neither opening nor a commit should wait for); ``list``, ``make``,
    ``restore`` and ``Project.close`` wait for a running one."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self.every = EVERY_SECONDS
        self.on_open_every = ON_OPEN_EVERY_SECONDS
        self.problem: str | None = None
        """Why the last automatic backup failed (None once one succeeds); the GUI may show it."""
        self.clock: Callable[[], float] = time.monotonic
        """The clock the 15-minute rule reads (tests replace it)."""
        self._due = self.clock() + self.every
        self._busy = threading.Lock()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    @property
    def folder(self) -> Path:
        """This project's backup folder."""
        self._require_file()
        return backup_dir(identity(self._project)[0])

    def _require_file(self) -> None:
        """Backups are copies of the file; a server project's are PostgreSQL's own."""
        self._project.require_file(
            "Backups by the workbench",
            "Its backups are the server's: its administrator makes them with pg_dump "
            f"(e.g. pg_dump -Fc -d {self._project.path.name} -f project.dump) and restores "
            "them with pg_restore. For a copy of your own, take an offline copy (File → Take "
            "an offline copy…, or workbench-cli snapshot URL OUT.qwb).",
        )

    # -- listing --------------------------------------------------------------------------------
    def list(self, *, every_copy: bool = False) -> builtins.list[BackupInfo]:
        """Backups of this file, newest first; ``every_copy`` adds those of other copies of the
        same project on this computer (e.g. a coder's copy)."""
        self._require_file()
        self.wait()
        return self._list(every_copy=every_copy)

    def _list(self, *, every_copy: bool = False) -> builtins.list[BackupInfo]:
        uuid, file_id, _ = identity(self._project)
        origin = str(self._project.path.resolve())
        found = read_folder(backup_dir(uuid))
        if every_copy:
            return found
        return [b for b in found if b.origin in (origin, "") or b.file_id == file_id]

    def verify(self, backup: BackupInfo | Path) -> bool:
        """Check a backup again now (header and SQLite's quick_check)."""
        self._require_file()
        return verify_file(backup.path if isinstance(backup, BackupInfo) else Path(backup))

    # -- making ---------------------------------------------------------------------------------
    def make(self, reason: str = "by hand") -> BackupInfo:
        """Write a verified backup now (raises BackupError), then apply retention."""
        self._require_file()
        self.wait()
        with self._busy:
            return self._make(reason)

    def on_open(self) -> None:
        """Called by ``Project.open``: starts a backup unless a recent one exists."""
        if self._project.read_only:
            return
        try:
            _uuid, _file_id, revision = identity(self._project)
            newest = next(iter(self._list()), None)
        except Exception as exc:  # a backup problem must never stop the project from opening
            self._failed(exc)
            return
        age = time.time() - newest.created.timestamp() if newest is not None else float("inf")
        if revision == 0 or age < self.on_open_every:  # nothing to protect, or done lately
            wait = self.every if newest is None else max(0.0, self.every - age)
            self._due = self.clock() + wait
            return
        self._start("on open")

    def after_commit(self) -> None:
        """Called after every commit: a clock read, unless a backup is due (then it starts in
        the background). Never raises."""
        if self.clock() < self._due:
            return
        self._due = self.clock() + self.every
        self._start("every 15 minutes")

    def turn_off(self) -> None:
        """No automatic backup from now on (for a private work copy that must leave no copy)."""
        self.every = math.inf
        self._due = math.inf

    def wait(self, timeout: float | None = None) -> None:
        """Wait until a running automatic backup has finished."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def close(self) -> None:
        """Called by ``Project.close``: let a running backup finish."""
        self.wait()

    # -- restoring ------------------------------------------------------------------------------
    def restore(
        self,
        backup: BackupInfo | Path,
        *,
        keep_current_as: Path | None = None,
        coder: str | None = None,
        check: Callable[[], None] | None = None,
        adjust: Callable[[sqlite3.Connection], None] | None = None,
    ) -> RestoreResult:
        """Replace the project's content by ``backup``, after keeping the current file.

        The current state is kept as ``keep_current_as`` (a new ``.qwb`` file) or, by default,
        as a "before restore" backup in the backup folder. The restored project gets a new file
        id (its history differs from what caches and coders' copies know) and a revision above
        the current one; the restore is one transaction and is written to the audit log. Clear
        the undo history afterwards: the rows it refers to may be gone.

        For callers that restore for a reason of their own (undoing a merge): ``check()`` runs
        while no change can be made and may raise to refuse (nothing is written then);
        ``adjust(conn)`` may edit the prepared copy in the transaction that logs the restore."""
        self._require_file()
        if self._project.read_only:
            raise ReadOnlyProjectError(self._project.path, "is open read-only.")
        with self._busy:
            result = restore_open(
                self._project,
                as_info(backup),
                keep_current_as=keep_current_as,
                coder=coder,
                check=check,
                adjust=adjust,
            )
            self._due = self.clock() + self.every
            self._prune()
        return result

    # -- internals ------------------------------------------------------------------------------
    def _start(self, reason: str) -> None:
        with self._starting:  # commits from several threads start one backup, not several
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(
                target=self._automatic, args=(reason,), name="project-backup", daemon=True
            )
            self._thread.start()

    def _automatic(self, reason: str) -> None:
        try:
            with self._busy:
                self._make(reason)
        except Exception as exc:  # the changes are committed; a failed backup is only reported
            self._failed(exc)

    def _make(self, reason: str) -> BackupInfo:
        uuid = identity(self._project)[0]
        folder = backup_dir(uuid)
        remove_leftovers(folder)
        conn = self._project.sqlite_connection()
        try:
            info = write_backup(conn, folder=folder, project_path=self._project.path, reason=reason)
        finally:
            conn.close()
        self._due = self.clock() + self.every
        self.problem = None
        self._prune()
        return info

    def _prune(self) -> None:
        now = datetime.now(UTC)
        for backup in prunable(self._list(), now=now):
            try:
                delete_backup(backup)
            except OSError:
                continue

    def _failed(self, exc: BaseException) -> None:
        self.problem = str(exc) if isinstance(exc, WorkbenchError) else f"Backup failed: {exc}"
        self._due = self.clock() + self.every  # try again later, not after every change
