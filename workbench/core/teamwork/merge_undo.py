"""Undoing a merge as a whole: the project goes back to the backup the merge wrote before it.

Only while the merge is still the project's latest change (the revision it left is the current
one), so nothing made after it is lost. The backup is put back by the backups' restore: one
transaction, after the project as it is (merged) is kept as a "before restore" backup. The merge
record goes with the rest, so the same copy can be merged again.

Like every restore, the restored file gets a new file id; here it also records that it continues
the merged file up to the backup's revision (as its parent), so coders' copies of the project
still find the base they share with it and a later merge gives the same result as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.backups.restore import identity
from workbench.core.backups.store import BackupInfo, read_info
from workbench.core.changes import Changes
from workbench.core.errors import ReadOnlyProjectError, ValidationError
from workbench.core.teamwork.merge_report import MergeOutcome

if TYPE_CHECKING:
    from workbench.core.project import Project

_TAIL = 50
"""How many of the newest audit entries are read to find the merge behind the latest change."""

_RESTORE_HINT = "File → Restore from backup… can still put back the backup from before the merge"


@dataclass(frozen=True)
class UndoableMerge:
    """A merge that may be undone: the backup written just before it, the project revision it
    left, and the merged copy (its path as the merge recorded it)."""

    backup: BackupInfo
    revision: int
    other: str

    @property
    def other_name(self) -> str:
        """The merged copy's file name, for messages."""
        return Path(self.other).name


@dataclass(frozen=True)
class MergeUndone:
    """An undone merge: which one, where the project as it was after it is kept, the Changes
    (potentially everything: clear the undo history and reload every view)."""

    merge: UndoableMerge
    kept: Path
    changes: Changes


def undoable_merge(project: Project) -> UndoableMerge | None:
    """The merge that made the project's latest change, if it can still be undone (the project
    is writable and the backup written before the merge is there); None otherwise. Cheap unless
    the latest change is a merge."""
    if project.read_only or project.on_server:
        return None
    _uuid, file_id, revision = identity(project)
    other = _merge_at(project, revision)
    if other is None:
        return None
    backup = _backup_of(project, file_id, revision - 1)
    return None if backup is None else UndoableMerge(backup, revision, other)


def undo_merge(
    project: Project, merge: MergeOutcome | UndoableMerge | None = None, *, coder: str
) -> MergeUndone:
    """Put ``project`` back as it was before ``merge`` (default: the merge that made its latest
    change), from the backup the merge wrote.

    Refused with a ValidationError (nothing is written) if the project changed since the merge,
    or if the merge changed nothing or its backup is gone. Otherwise one restore: the project as
    it is now is kept as a backup first, and on any failure the project stays as it was."""
    project.require_file("Undoing a merge")  # a server keeps no copy from before the merge
    if project.read_only:
        raise ReadOnlyProjectError(project.path, "is open read-only; a merge cannot be undone.")
    target = _resolve(project, merge)
    _check_backup(project, target)
    result = project.backups.restore(
        target.backup,
        coder=coder,
        check=lambda: _check_unchanged(project, target),
        adjust=_continue_lineage(target, coder),
    )
    return MergeUndone(target, result.kept, result.changes)


# -- finding the merge ----------------------------------------------------------------------------
def _resolve(project: Project, merge: MergeOutcome | UndoableMerge | None) -> UndoableMerge:
    if isinstance(merge, UndoableMerge):
        return merge
    if isinstance(merge, MergeOutcome):
        name = Path(merge.report.other_path).name
        if merge.backup is None or merge.revision is None:
            raise ValidationError(f"Merging {name} changed nothing, so there is nothing to undo.")
        if not merge.backup.is_file():
            raise ValidationError(
                f"The backup written before merging {name} ({merge.backup}) is no longer there, "
                "so the merge cannot be undone. File → Restore from backup… lists the backups "
                "that remain."
            )
        return UndoableMerge(read_info(merge.backup), merge.revision, merge.report.other_path)
    found = undoable_merge(project)
    if found is not None:
        return found
    raise ValidationError(why_no_undo(project))


def _merge_at(project: Project, revision: int) -> str | None:
    """The copy merged by the change that made ``revision``, if that change was a merge."""
    with project.read() as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT revision, action, details FROM audit_log ORDER BY id DESC LIMIT {_TAIL}"
        )
        for row_revision, action, details in rows:
            if int(row_revision) < revision:
                break
            if int(row_revision) == revision and action == "merge":
                return str(_details(details).get("other") or "")
    return None


def _backup_of(project: Project, file_id: str, revision: int) -> BackupInfo | None:
    """A verified backup of this file at ``revision``, the merge's own backup first."""
    found = [
        b
        for b in project.backups.list()
        if b.file_id == file_id and b.revision == revision and b.verified
    ]
    found.sort(key=lambda b: b.reason != "before merge")
    return found[0] if found else None


def why_no_undo(project: Project) -> str:
    """Why the project's latest change cannot be undone as a merge (when ``undoable_merge``
    found none): no merge yet, already undone, changed since, or its backup is gone."""
    name = project.path.name
    with project.read() as session:
        row = (
            session.connection()
            .exec_driver_sql(
                "SELECT revision, action, details FROM audit_log "
                "WHERE action IN ('merge', 'undo merge') ORDER BY id DESC LIMIT 1"
            )
            .first()
        )
    if row is None:
        return f"{name} has no merge to undo: no coder's copy was ever merged into it."
    revision, action, other = int(row[0]), str(row[1]), str(_details(row[2]).get("other") or "")
    copy = Path(other).name or "a coder's copy"
    if action == "undo merge":
        return f"The last merge into {name}, of {copy}, was already undone."
    if identity(project)[2] == revision:
        return (
            f"The merge of {copy} cannot be undone: the backup written before it is no longer "
            f"in {project.backups.folder}. File → Restore from backup… lists the backups that "
            "remain."
        )
    return _changed_message(project, copy, revision, None)


# -- checks ---------------------------------------------------------------------------------------
def _check_backup(project: Project, merge: UndoableMerge) -> None:
    backup = merge.backup
    if backup.project_uuid != identity(project)[0]:
        raise ValidationError(
            f"{backup.path.name} is a backup of another project ({backup.project_name!r}); it "
            f"cannot undo a merge into {project.path.name}."
        )
    if backup.revision != merge.revision - 1:
        raise ValidationError(
            f"{backup.path.name} was not written just before the merge of {merge.other_name} "
            f"(it holds revision {backup.revision}, the merge made revision {merge.revision}); "
            "the merge cannot be undone with it."
        )
    if not backup.path.is_file():
        raise ValidationError(
            f"The backup written before merging {merge.other_name} ({backup.path}) is no longer "
            "there, so the merge cannot be undone. File → Restore from backup… lists the "
            "backups that remain."
        )


def _check_unchanged(project: Project, merge: UndoableMerge) -> None:
    """Refuse unless the project is still exactly as the merge left it (same file, revision)."""
    _uuid, file_id, revision = identity(project)
    if file_id == merge.backup.file_id and revision == merge.revision:
        return
    raise ValidationError(_changed_message(project, merge.other_name, merge.revision, merge.backup))


def _changed_message(project: Project, copy: str, revision: int, backup: BackupInfo | None) -> str:
    """What changed since the merge that made ``revision``, and what can still be done."""
    later = _later_changes(project, revision)
    if later and later[0][1] == "undo merge":
        return f"The merge of {copy} into {project.path.name} was already undone."
    if later:
        _revision, _action, coder, summary = later[0]
        count = len({entry[0] for entry in later})
        who = f" by {coder}" if coder else ""
        what = f"{count} later change{'s' if count != 1 else ''}, the latest “{summary}”{who}"
    else:
        what = f"it is at revision {identity(project)[2]}, the merge left revision {revision}"
    which = f" ({backup.path.name})" if backup is not None else ""
    return (
        f"{project.path.name} has changed since {copy} was merged ({what}). Undoing the merge "
        "now would throw that work away too, so nothing was undone. "
        f"{_RESTORE_HINT}{which} if you want to go back that far."
    )


def _later_changes(project: Project, revision: int) -> list[tuple[int, str, str, str]]:
    """(revision, action, coder, summary) of the audit entries after ``revision``, newest
    first."""
    found: list[tuple[int, str, str, str]] = []
    with project.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT revision, action, coder_name, summary FROM audit_log ORDER BY id DESC"
        )
        for row_revision, action, coder, summary in rows:
            if int(row_revision) <= revision:
                break
            found.append((int(row_revision), str(action), str(coder or ""), str(summary or "")))
    return found


# -- the restored copy ----------------------------------------------------------------------------
def _continue_lineage(merge: UndoableMerge, coder: str) -> Callable[[sqlite3.Connection], None]:
    """Edits to the prepared copy, in the restore's transaction: it continues the merged file up
    to the backup's revision (so copies made from that file keep their base), a parent it had
    before stays a merge base, and the undo is logged."""
    backup = merge.backup

    def adjust(conn: sqlite3.Connection) -> None:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        parent, parent_revision, revision = conn.execute(
            "SELECT parent_file_id, parent_revision, revision FROM project"
        ).fetchone()
        if parent is not None and parent_revision is not None and parent != backup.file_id:
            conn.execute(
                "INSERT OR IGNORE INTO merge_bases (other_file_id, other_revision, own_revision, "
                "recorded_at, how, diverged) VALUES (?, ?, ?, ?, 'copy', '[]')",
                (parent, parent_revision, parent_revision, now),
            )
        conn.execute(
            "UPDATE project SET parent_file_id = ?, parent_revision = ?",
            (backup.file_id, backup.revision),
        )
        found = conn.execute("SELECT uuid FROM coders WHERE name = ?", (coder,)).fetchone()
        conn.execute(
            "INSERT INTO audit_log (at, revision, coder_uuid, coder_name, action, entity_kind, "
            "entity_uuid, summary, details) VALUES (?, ?, ?, ?, 'undo merge', 'project', NULL, "
            "?, ?)",
            (
                now,
                revision,
                found[0] if found else None,
                coder,
                f"Merge of {merge.other_name!r} undone: the project is as it was before it",
                json.dumps(
                    {
                        "other": merge.other,
                        "merge_revision": merge.revision,
                        "backup": backup.path.name,
                    }
                ),
            ),
        )

    return adjust


def _details(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value) if isinstance(value, str | bytes) else None
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
