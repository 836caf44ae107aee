"""Errors the core raises; every message is written for a researcher, not a programmer."""

from __future__ import annotations

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
    GUI offers to restore it with ``workbench.core.backups.restore_damaged``)."""

    backup: Path | None = None


class NewerSchemaError(ProjectFileError):
    """The file was written by a newer version of the workbench."""


class ProjectLockedError(ProjectFileError):
    """Another running program holds the project's lock."""


class ReadOnlyProjectError(ProjectFileError):
    """A change was attempted on a project opened read-only, or the file cannot be written."""


class BackupError(WorkbenchError):
    """A backup could not be written, checked or restored; the project itself is unchanged."""


class ValidationError(WorkbenchError):
    """A service refused a change because it would break a rule; nothing was written."""


class NotFoundError(WorkbenchError):
    """A named or referenced item does not exist in the project."""
