"""Save a copy as…: a consistent copy of an open project that knows where it came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.db import sqlite_file
from workbench.core.db.models import ProjectInfo
from workbench.core.db.transaction import new_uuid
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.core.lockfile import lock_path

if TYPE_CHECKING:
    from workbench.core.project import Project


def save_copy(project: Project, destination: Path, *, overwrite: bool = False) -> Path:
    """Write a consistent copy of the project to ``destination`` (SQLite's backup API).

    The copy gets its own file id and records this file and revision as the one it started
    from, so a later merge can find the common base. The open project is not changed."""
    target = Path(destination).expanduser().resolve()
    if target == project.path.resolve():
        raise ValidationError(
            f"{target.name} is the project itself; choose another name for the copy."
        )
    if target.suffix.lower() != ".qwb":
        raise ValidationError(f"{target.name}: a project copy needs the extension .qwb.")
    if target.exists() and not overwrite:
        raise ValidationError(f"{target} already exists; choose another name.")
    if lock_path(target).exists():
        raise ValidationError(f"{target.name} is open in the workbench; close it first.")
    with project.read() as s:
        info = s.get_one(ProjectInfo, 1)
        parent, revision = info.file_id, info.revision

    def rebrand(copy: sqlite3.Connection) -> None:
        copy.execute(
            "UPDATE project SET file_id = ?, parent_file_id = ?, parent_revision = ?",
            (new_uuid(), parent, revision),
        )

    raw = project.sqlite_connection()
    try:
        sqlite_file.backup(raw, target, prepare=rebrand)
    except OSError as exc:
        problem = f"could not be written: {exc.strerror or exc}."
        raise ProjectFileError(target, problem) from None
    finally:
        raw.close()
    return target
