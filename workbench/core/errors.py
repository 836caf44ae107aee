"""Errors the core raises; every message is written for a researcher, not a programmer."""

from __future__ import annotations

import errno
from pathlib import Path


class WorkbenchError(Exception):
    """Base of every error the core raises on purpose (the CLI and GUI show its message)."""


class FileProblemError(WorkbenchError):
    """A file that cannot be used, as "NAME: problem advice" (``path``, ``problem`` and
    ``advice`` are kept for callers that show them apart)."""

    def __init__(self, path: Path | str, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        text = f"{self.path.name}: {problem}"
        if advice:
            text += f" {advice}"
        super().__init__(text)


class ProjectFileError(FileProblemError):
    """A project file cannot be opened or created; nothing was modified."""


class NotAProjectError(ProjectFileError):
    """The file is not an SQLite database at all."""


class ForeignDatabaseError(ProjectFileError):
    """The file is SQLite but belongs to another application."""


class CorruptProjectError(ProjectFileError):
    """The file is ours but truncated or damaged.

    ``backup`` is the newest backup of this file that passed its check, if there is one (the
    GUI offers to restore it with ``workbench.core.backups.restore_damaged``); ``fingerprint``
    is the file as it was judged (inode, size, mtime), so a restore can refuse a file that has
    changed since."""

    backup: Path | None = None
    fingerprint: tuple[int, int, int] | None = None


class NewerSchemaError(ProjectFileError):
    """The file was written by a newer version of the workbench."""


class ProjectLockedError(ProjectFileError):
    """Another running program holds the project's lock."""


class ReadOnlyProjectError(ProjectFileError):
    """A change was attempted on a project opened read-only, or the file cannot be written."""


class MediaError(FileProblemError):
    """A recording cannot be used (not decodable, missing, or not the one linked); nothing was
    written."""


class BackupError(WorkbenchError):
    """A backup could not be written, checked or restored; the project itself is unchanged."""


class ValidationError(WorkbenchError):
    """A service refused a change because it would break a rule; nothing was written."""


class UndoRefusedError(WorkbenchError):
    """An undo (or redo) met a row changed since the step it takes back; nothing was changed."""


class NotFoundError(WorkbenchError):
    """A named or referenced item does not exist in the project."""


class DiskFullError(WorkbenchError):
    """The disk (or the user's quota) filled up while writing; what was being written was
    discarded and the project is as it was."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(
            f"There is not enough disk space for {what}. Free some space and try again; "
            "nothing half-written was kept."
        )


_FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None
)
_SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full"


def is_disk_full(exc: BaseException) -> bool:
    """True if ``exc`` (or an error it was raised from, or wraps) says the disk is full."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DiskFullError):
            return True
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return True
        if getattr(current, "sqlite_errorcode", None) == _SQLITE_FULL or (
            type(current).__module__ == "sqlite3" and "disk is full" in str(current)
        ):
            return True
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        pending += [current.__cause__, current.__context__]
        if isinstance(orig, BaseException):
            pending.append(orig)
    return False


def as_user_error(exc: BaseException, what: str) -> WorkbenchError | None:
    """The error to show a researcher for ``exc`` raised while doing ``what``: the core's own,
    or a DiskFullError for a full disk; None for anything else (a bug to report)."""
    if isinstance(exc, DiskFullError):
        return exc
    if is_disk_full(exc):
        return DiskFullError(what)
    if isinstance(exc, WorkbenchError):
        return exc
    return None


class ServerError(WorkbenchError):
    """A project on a PostgreSQL server cannot be reached or used; nothing was changed."""


class ServerConnectionError(ServerError):
    """The server cannot be reached (down, wrong host or port, network gone)."""


class PasswordRequiredError(ServerConnectionError):
    """The server wants a password that was not given (the GUI asks for it)."""


class NotOnServerError(ServerError):
    """An operation that needs a project file was asked of a project on a server."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} is not possible on a server project. Take an offline copy first "
            "(File → Take an offline copy…, or workbench-cli snapshot URL OUT.qwb)."
        )


class ConflictError(WorkbenchError):
    """An edit made from an older reading of a row: someone changed the row meanwhile, so the
    edit was not saved. ``theirs`` holds the row's current values of the fields the edit
    would have set (``{}`` when the row is gone), ``who`` the coder who changed it."""

    def __init__(self, message: str, *, theirs: dict[str, object], who: str | None) -> None:
        self.theirs = theirs
        self.who = who
        super().__init__(message)


class LeaseError(WorkbenchError):
    """A source's text is being corrected by someone else (who holds its lease); nothing was
    changed."""

    def __init__(self, message: str, *, holder: str) -> None:
        self.holder = holder
        super().__init__(message)
