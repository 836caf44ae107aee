"""'Save a copy for a coder…': a copy of the project that can later be merged back.

The copy is written with SQLite's backup API (safe while the project is open), gets a file id of
its own and records the project it came from and at which revision: the base of every later
three-way merge between the two. A blind copy has no codings (and no memos on codings), so a
coder codes without seeing the others' work; the removal leaves no tombstones, so merging the
copy back never deletes the codings it did not contain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.atomic_file import built_beside
from workbench.core.db import sqlite_file
from workbench.core.db.transaction import new_uuid
from workbench.core.errors import ProjectFileError

if TYPE_CHECKING:
    from workbench.core.project import Project


@dataclass(frozen=True)
class ShareResult:
    """The copy written: where, its own file id, the revision it starts from, what was left out."""

    path: Path
    file_id: str
    base_revision: int
    blind: bool
    codings_removed: int


def share_copy(
    project: Project,
    destination: Path | str,
    *,
    coder: str,
    blind: bool = False,
    overwrite: bool = False,
) -> ShareResult:
    """Write a copy of ``project`` for a coder to ``destination`` (a new ``.qwb`` file).

    ``blind`` leaves out every coding. Refuses to replace an existing file unless
    ``overwrite``. The project itself is not changed."""
    target = Path(destination)
    if target.exists() and not overwrite:
        raise ProjectFileError(target, "already exists.", "Choose another name for the copy.")
    if target.resolve() == project.path.resolve():
        raise ProjectFileError(target, "is the project itself; choose another name for the copy.")
    if not target.parent.is_dir():
        raise ProjectFileError(target, f"cannot be written: the folder {target.parent} is missing.")
    try:
        with built_beside(target, "sharing") as building:
            source = project.sqlite_connection()
            try:
                sqlite_file.backup(source, building)
            finally:
                source.close()
            file_id, revision, removed = _make_copy(building, coder=coder, blind=blind)
    except OSError as exc:
        raise ProjectFileError(target, f"could not be written ({exc.strerror}).") from None
    return ShareResult(target, file_id, revision, blind, removed)


def _make_copy(path: Path, *, coder: str, blind: bool) -> tuple[str, int, int]:
    """Give the copy its identity (raw SQL: these edits are not changes a merge should see)."""
    conn = sqlite_file.connect(path, mode="rw")
    try:
        conn.execute("BEGIN IMMEDIATE")
        parent_id, revision, project_uuid = conn.execute(
            "SELECT file_id, revision, uuid FROM project WHERE id = 1"
        ).fetchone()
        file_id = new_uuid()
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        conn.execute(
            "UPDATE project SET file_id = ?, parent_file_id = ?, parent_revision = ? WHERE id = 1",
            (file_id, parent_id, revision),
        )
        conn.execute("DELETE FROM merge_bases WHERE other_file_id = ?", (parent_id,))
        conn.execute(
            "INSERT INTO merge_bases (other_file_id, other_revision, own_revision, recorded_at, "
            "how, diverged) VALUES (?, ?, ?, ?, 'copy', '[]')",
            (parent_id, revision, revision, now),
        )
        removed = 0
        if blind:
            conn.execute("DELETE FROM memos WHERE coding_id IS NOT NULL")
            removed = conn.execute("DELETE FROM codings").rowcount
        row = conn.execute("SELECT uuid, name FROM coders WHERE name = ?", (coder,)).fetchone()
        summary = f"Copy for a coder made by {coder}" + (" (blind: no codings)" if blind else "")
        conn.execute(
            "INSERT INTO audit_log (at, revision, coder_uuid, coder_name, action, entity_kind, "
            "entity_uuid, summary, details) VALUES (?, ?, ?, ?, 'copy', 'project', ?, ?, ?)",
            (
                now,
                revision,
                row[0] if row else None,
                coder,
                project_uuid,
                summary,
                json.dumps({"parent_file_id": parent_id, "blind": blind, "codings": removed}),
            ),
        )
        conn.execute("COMMIT")
        if blind:
            conn.execute("VACUUM")  # the removed codings must not linger in free pages
        return file_id, revision, removed
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
