"""A pseudonymized copy of a project: every given name replaced, everywhere, with a report.

Names are matched after NFC normalization and case folding, with space, ``_``, ``-`` and ``.``
alike (``name_matcher``). Source texts change through the text-replacement service, so codings
and annotations move with the words; every other text column of every table — derived from the
schema (``pseudonym_columns``) — is rewritten too, coder names and the audit log included; the
audit log's details (positions and lengths of edits) are dropped. The work is done on a copy
in a private folder of the user data folder, with backups and search indexing off for it, and
only the finished, pseudonymized file is written to the destination (``share_copy``), with
``VACUUM INTO``, so no free page keeps the old text. The mapping itself is never stored in it.
The copy is a new project (no merge base): merging it back would pseudonymize the original.
It holds no recording (``share_media``): a voice is not pseudonymous.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

from workbench.core.db import sqlite_file
from workbench.core.db.transaction import new_uuid
from workbench.core.errors import ValidationError
from workbench.core.teamwork.name_matcher import NameMatcher, nfc
from workbench.core.teamwork.pseudonym_columns import columns_to_rewrite
from workbench.core.teamwork.share_media import (
    count_recordings,
    drop_recordings,
    recordings_warning,
)
from workbench.core.text.speakers import is_known_label

if TYPE_CHECKING:
    from workbench.core.project import Project


@dataclass(frozen=True)
class PseudonymReport:
    """What the copy got: where it is, how many replacements were made per name (every mapped
    name, 0 included) and per place, and warnings (a name never found, a first or last name
    still there on its own). The report stays with the caller, not in the copy."""

    path: Path
    by_name: Mapping[str, int]
    by_place: Mapping[str, int]
    codings_removed: int
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.by_name.values())


def suggest_mapping(project: Project) -> dict[str, str]:
    """A starting mapping: case names → "Participant 01"…, and speaker names that are not
    generic labels (Interviewer, P07…) → "Speaker A"…. Review it before use."""
    out: dict[str, str] = {}
    for n, case in enumerate(sorted(c.name for c in project.cases.list()), start=1):
        out[case] = f"Participant {n:02d}"
    speakers = sorted(
        {sp for s in project.sources.list() for sp in s.speakers if not is_known_label(sp)}
        - set(out)
    )
    for n, speaker in enumerate(speakers):
        out[speaker] = f"Speaker {_letters(n)}"
    return out


def _letters(n: int) -> str:
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def pseudonymize_copy(
    project: Project,
    destination: Path | str,
    *,
    mapping: Mapping[str, str],
    coder: str,
    blind: bool = False,
    overwrite: bool = False,
) -> PseudonymReport:
    """Write a copy of ``project`` to ``destination`` with every name in ``mapping`` (original →
    pseudonym) replaced. ``blind`` also leaves out every coding."""
    from workbench.core.teamwork.share_copy import share_copy

    project.require_file(
        "A pseudonymized copy",
        "Take an offline copy first (File → Take an offline copy…, or workbench-cli snapshot "
        "URL OUT.qwb) and pseudonymize that copy.",
    )
    clean = {nfc(k).strip(): nfc(v).strip() for k, v in mapping.items() if k.strip()}
    if not clean:
        raise ValidationError("Give at least one name and its pseudonym.")
    if any(not v for v in clean.values()):
        raise ValidationError("Every name needs a pseudonym.")
    matcher = NameMatcher(clean)
    if len(set(matcher.pseudonyms.values())) < len(matcher.pseudonyms):
        raise ValidationError("Two names have the same pseudonym; each needs its own.")
    recordings = count_recordings(project)
    shared = share_copy(
        project,
        destination,
        coder=coder,
        blind=blind,
        overwrite=overwrite,
        edit=lambda work: _pseudonymize(work, matcher, coder),
    )
    return PseudonymReport(
        shared.path,
        dict(matcher.by_name),
        dict(matcher.by_place),
        shared.codings_removed,
        tuple(matcher.warnings()) + recordings_warning(recordings),
    )


def _pseudonymize(work: Path, matcher: NameMatcher, coder: str) -> None:
    """Pseudonymize the private work copy in place."""
    from workbench.core.project import Project

    conn = sqlite_file.connect(work, mode="ro")
    try:
        (last_entry,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()
    finally:
        conn.close()
    # Not Project.open: no lock, no backup, no search index for a file nobody else may see.
    engine = sqlite_file.make_engine(work, read_only=False)
    # a private scratch file: a crash throws it away, so no commit needs to wait for the disk
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA synchronous = OFF"))
    copy = Project(work, engine, read_only=False, lock=None)
    copy.backups.turn_off()
    try:
        for source in copy.sources.list():
            edits = matcher.spans(copy.sources.text(source.uuid))
            if edits:
                matcher.by_place["source texts"] += len(edits)
                copy.sources.replace_text(source=source.uuid, replacements=edits, coder=coder)
            matcher.count_parts(copy.sources.text(source.uuid))
    finally:
        copy.close()
    conn = sqlite_file.connect(work, mode="rw")
    try:
        conn.execute("BEGIN IMMEDIATE")
        # the text edits just made would tell each name's place and length
        conn.execute("DELETE FROM audit_log WHERE id > ?", (last_entry,))
        _log(conn, coder)
        conn.execute("UPDATE audit_log SET details = '{}'")
        _rewrite_columns(conn, matcher)
        conn.execute(
            "UPDATE project SET uuid = ?, file_id = ?, parent_file_id = NULL, "
            "parent_revision = NULL",
            (new_uuid(), new_uuid()),
        )
        conn.execute("DELETE FROM merge_bases")
        drop_recordings(conn)
        conn.execute("COMMIT")
    except sqlite3.IntegrityError as exc:
        conn.execute("ROLLBACK")
        raise ValidationError(
            "A pseudonym is already the name of something else of its kind in the project "
            f"(a case, source, code or coder): choose another ({exc})."
        ) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def _log(conn: sqlite3.Connection, coder: str) -> None:
    revision, project_uuid = conn.execute("SELECT revision, uuid FROM project").fetchone()
    conn.execute(
        "INSERT INTO audit_log (at, revision, coder_uuid, coder_name, action, entity_kind, "
        "entity_uuid, summary, details) VALUES (?, ?, NULL, ?, 'pseudonymize', 'project', ?, "
        "'Pseudonymized copy written', '{}')",
        (datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "), revision, coder, project_uuid),
    )


def _rewrite_columns(conn: sqlite3.Connection, matcher: NameMatcher) -> None:
    """Every name replaced in every text column the schema has (see ``pseudonym_columns``)."""
    for table, columns in columns_to_rewrite().items():
        names = ", ".join(f'"{c}"' for c, _ in columns)
        for row_id, *values in conn.execute(f'SELECT rowid, {names} FROM "{table}"').fetchall():
            new: dict[str, Any] = {}
            for (column, is_json), value in zip(columns, values, strict=True):
                if not isinstance(value, str):
                    continue
                place = f"{table}.{column}"
                if is_json:
                    changed = json.dumps(matcher.deep(json.loads(value), place))
                    if changed != value and json.loads(changed) != json.loads(value):
                        new[column] = changed
                elif (text := matcher.text(value, place)) != value:
                    new[column] = text
            if new:
                assignments = ", ".join(f'"{c}" = ?' for c in new)
                conn.execute(
                    f'UPDATE "{table}" SET {assignments} WHERE rowid = ?', (*new.values(), row_id)
                )
