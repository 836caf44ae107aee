"""What copies for others do with recordings and media codings (raw SQL on the private work copy,
inside the caller's transaction: these edits are not changes a merge should see).

A blind copy keeps the recordings but no media coding. A pseudonymized copy keeps no recording
(no ``media`` row, so no path that may name a participant and no embedded bytes): a voice is
not pseudonymous, and a replaced name in the transcript does not replace it in the recording.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from workbench.core.db.media_rows import recording_count
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.core.project import Project

RECORDINGS_LEFT_OUT = (
    "{n} {were} left out of the copy: a voice is not pseudonymous. Share a recording only "
    "with people allowed to hear the participant; they can link it again (Relink)."
)


def remove_media_codings(conn: sqlite3.Connection) -> tuple[int, set[str]]:
    """Remove every media coding and its tombstones and audit entries; returns how many there
    were and every uuid that may be named elsewhere (for the caller's audit clean-up)."""
    uuids = {u for (u,) in conn.execute("SELECT uuid FROM media_codings")}
    uuids |= {u for (u,) in conn.execute("SELECT uuid FROM tombstones WHERE kind = 'media_coding'")}
    removed = conn.execute("DELETE FROM media_codings").rowcount
    conn.execute("DELETE FROM tombstones WHERE kind = 'media_coding'")
    conn.execute("DELETE FROM audit_log WHERE entity_kind = 'media_coding'")
    return removed, uuids


def count_recordings(project: Project) -> int:
    """How many recordings the project has (all of which a pseudonymized copy leaves out)."""
    with project.read() as s:
        return recording_count(s)


def drop_recordings(conn: sqlite3.Connection) -> None:
    """Remove every recording (``media`` rows, embedded bytes with them), their tombstones and
    audit entries."""
    conn.execute("DELETE FROM media")
    conn.execute("DELETE FROM tombstones WHERE kind = 'media'")
    conn.execute("DELETE FROM audit_log WHERE entity_kind = 'media'")


def recordings_warning(n: int) -> tuple[str, ...]:
    """The pseudonymized copy's report line about the recordings left out (none if none)."""
    if not n:
        return ()
    were = "was" if n == 1 else "were"
    return (RECORDINGS_LEFT_OUT.format(n=counted(n, "recording"), were=were),)
