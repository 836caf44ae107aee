"""'Save a copy for a coder…': a copy of the project that can later be merged back.

The copy is written with SQLite's backup API (safe while the project is open), gets a file id of
its own and records the project it came from and at which revision: the base of every later
three-way merge between the two. A blind copy carries no trace of anyone's codings: no codings,
no media codings, no memos on codings, no done marks, no tombstones of codings, and no audit
entries about them (the removal leaves no tombstones, so merging the copy back never deletes what
it did not contain).

The copy is built in a private folder of the user data folder (``work_folder``), never beside
the destination, and reaches the destination only when it is finished, as a fresh file written
with ``VACUUM INTO`` (no free page keeps what was removed): a killed run leaves nothing of the
project in a possibly shared or synced output folder.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.atomic_file import built_beside
from workbench.core.db import sqlite_file
from workbench.core.db.transaction import new_uuid
from workbench.core.errors import ProjectFileError
from workbench.core.teamwork.share_media import remove_media_codings
from workbench.core.teamwork.work_folder import private_work_folder

if TYPE_CHECKING:
    from workbench.core.project import Project


CODING_ACTIONS = frozenset({"status", "split", "merge", "consensus", "code", "uncode"})
"""Audit actions about codings, done marks or merges of them: none stays in a blind copy."""
CODING_WORDS = re.compile(r"coding|segment|coded|\bdone\b", re.IGNORECASE)
"""An audit summary that speaks of codings (e.g. "12 codings moved") is left out of a blind copy."""


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
    edit: Callable[[Path], None] | None = None,
) -> ShareResult:
    """Write a copy of ``project`` for a coder to ``destination`` (a new ``.qwb`` file).

    ``blind`` leaves out every coding. Refuses to replace an existing file unless
    ``overwrite``. ``edit(path)`` may change the private work copy before it is written to
    ``destination`` (the pseudonymizer does). The project itself is not changed."""
    if blind:
        project.require_file(
            "A blind copy",
            "On a server, blind coding is switched on for the project itself: Team → Blind "
            "coding, or workbench-cli team blind URL on.",
        )
    project.require_file(
        "A coder's copy",
        "On a server every coder works in the project itself (Team → Members…, or "
        "workbench-cli team add URL NAME). To work offline, take an offline copy: File → Take "
        "an offline copy…, or workbench-cli snapshot URL OUT.qwb.",
    )
    target = Path(destination)
    if target.exists() and not overwrite:
        raise ProjectFileError(target, "already exists.", "Choose another name for the copy.")
    if target.resolve() == project.path.resolve():
        raise ProjectFileError(target, "is the project itself; choose another name for the copy.")
    if not target.parent.is_dir():
        raise ProjectFileError(target, f"cannot be written: the folder {target.parent} is missing.")
    for legacy in (".pseudonymizing.qwb", ".pseudonymizing.qwb-journal", ".partial"):
        target.with_name(target.name + legacy).unlink(missing_ok=True)  # older versions' work
    try:
        with private_work_folder() as folder:
            building = folder / "copy.qwb"
            source = project.sqlite_connection()
            try:
                sqlite_file.backup(source, building)
            finally:
                source.close()
            file_id, revision, removed = _make_copy(building, coder=coder, blind=blind)
            if edit is not None:
                edit(building)
            with built_beside(target, "sharing") as partial:
                _write_compacted(building, partial)
    except OSError as exc:
        raise ProjectFileError(target, f"could not be written ({exc.strerror}).") from None
    return ShareResult(target, file_id, revision, blind, removed)


def _write_compacted(work: Path, partial: Path) -> None:
    """``VACUUM INTO`` a fresh file: only live rows, no free pages with removed data."""
    conn = sqlite_file.connect(work, mode="rw")
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
    finally:
        conn.close()
    out = sqlite_file.connect(partial, mode="rw")  # VACUUM INTO keeps no journal mode
    out.close()


def _remove_codings(conn: sqlite3.Connection) -> int:
    """Remove every trace of codings (in the open transaction); returns how many codings."""
    coding_uuids = {u for (u,) in conn.execute("SELECT uuid FROM codings")}
    coding_uuids |= {
        u for (u,) in conn.execute("SELECT uuid FROM tombstones WHERE kind = 'coding'")
    }
    memo_uuids = {u for (u,) in conn.execute("SELECT uuid FROM memos WHERE coding_id IS NOT NULL")}
    conn.execute("DELETE FROM memos WHERE coding_id IS NOT NULL")
    removed = conn.execute("DELETE FROM codings").rowcount
    media_removed, media_uuids = remove_media_codings(conn)
    conn.execute("DELETE FROM tombstones WHERE kind = 'coding'")
    conn.execute("DELETE FROM source_status")  # each coder's done marks
    hidden = coding_uuids | memo_uuids | media_uuids
    for row_id, kind, action, entity, summary in conn.execute(
        "SELECT id, entity_kind, action, entity_uuid, summary FROM audit_log"
    ).fetchall():
        if (
            kind == "coding"
            or action in CODING_ACTIONS
            or entity in hidden
            or CODING_WORDS.search(summary)
        ):
            conn.execute("DELETE FROM audit_log WHERE id = ?", (row_id,))
    conn.execute("UPDATE audit_log SET details = '{}'")  # merges' counts, ranges, uuids
    for row_id, diverged in conn.execute("SELECT id, diverged FROM merge_bases").fetchall():
        kept = [u for u in json.loads(diverged) if u not in hidden]
        conn.execute("UPDATE merge_bases SET diverged = ? WHERE id = ?", (json.dumps(kept), row_id))
    return removed + media_removed


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
        removed = _remove_codings(conn) if blind else 0
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
                json.dumps({"parent_file_id": parent_id, "blind": blind}),
            ),
        )
        conn.execute("COMMIT")
        return file_id, revision, removed
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
