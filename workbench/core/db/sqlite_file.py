"""Everything specific to SQLite: the file header check, connection pragmas, transactions, backups.

The rest of the core talks to SQLAlchemy only, so the same schema can later be served by PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from workbench.core.atomic_file import built_beside
from workbench.core.errors import (
    CorruptProjectError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    ReadOnlyProjectError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
# "QWB1" — lets `file(1)` and our own checks recognise a project file.
APPLICATION_ID = 0x51574231
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 65536  # the most memory one connection may use for cached pages
WRITE_OPTION = "workbench_write"


@dataclass(frozen=True)
class HeaderInfo:
    page_size: int
    page_count: int
    user_version: int
    application_id: int
    file_size: int


def read_header(path: Path) -> HeaderInfo:
    """Check the 100-byte header before SQLite touches the file; raise a specific error."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise NotAProjectError(path, "the file does not exist.") from None
    except IsADirectoryError:
        raise NotAProjectError(path, "is a folder, not a project file.") from None
    except OSError as exc:
        raise NotAProjectError(path, f"cannot be read ({exc.strerror}).") from None
    if size == 0:
        raise NotAProjectError(path, "the file is empty, so it is not a workbench project.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotAProjectError(
            path,
            "is not a workbench project (it is not an SQLite database at all).",
            "Check that you chose the right file; projects end in .qwb.",
        )
    if len(header) < 100:
        raise CorruptProjectError(path, "is truncated: its header is incomplete.", _RESTORE)
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    (change_counter,) = struct.unpack(">I", header[24:28])
    (page_count,) = struct.unpack(">I", header[28:32])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    (valid_for,) = struct.unpack(">I", header[92:96])
    info = HeaderInfo(page_size, page_count, user_version, application_id, size)
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptProjectError(path, "is damaged: its header is invalid.", _RESTORE)
    if application_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            path,
            "is an SQLite database of another application, not a workbench project.",
            "Open it with the program that made it, or import its data instead.",
        )
    # A crash mid-transaction leaves a journal that SQLite rolls back on the next writable open;
    # until then the header may describe pages that were being written.
    interrupted = journal_path(path).exists()
    if size % page_size or (
        not interrupted and change_counter == valid_for and page_count * page_size > size
    ):
        raise CorruptProjectError(
            path,
            f"is truncated ({size:,} bytes where the file says "
            f"{page_count * page_size:,}); it was probably copied or synced incompletely.",
            _RESTORE,
        )
    from workbench.core.db.migrations import SCHEMA_VERSION

    if user_version > SCHEMA_VERSION:
        raise NewerSchemaError(
            path,
            f"was saved by a newer version of the workbench (file format {user_version}; "
            f"this version reads up to {SCHEMA_VERSION}).",
            "Update the workbench to open it; the file was not changed.",
        )
    return info


_RESTORE = "Restore it from a backup (File → Restore from backup…) or ask for a fresh copy."


def journal_path(path: Path) -> Path:
    """The rollback journal SQLite keeps beside the file during a write transaction."""
    return path.with_name(path.name + "-journal")


def recover_interrupted(path: Path) -> bool:
    """Let SQLite roll back a change a crash interrupted (its journal is still there).

    A read-only connection cannot do this (it fails with "attempt to write a readonly
    database"), so the caller must hold the project's lock. True if a journal was found."""
    if not journal_path(path).exists():
        return False
    conn = connect(path, mode="rw")
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # the first read rolls a hot journal back
    finally:
        conn.close()
    return True


def _uri(path: Path, mode: str) -> str:
    return f"{path.absolute().as_uri()}?mode={mode}"


def connect(path: Path, *, mode: str) -> sqlite3.Connection:
    """A raw sqlite3 connection; ``mode`` is ``ro``, ``rw`` or ``rwc``. Never creates unless rwc."""
    conn = sqlite3.connect(
        _uri(path, mode), uri=True, check_same_thread=False, isolation_level=None
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # SQLite's default page cache is 2 MB; a large import or merge into six indexes then
    # spills and re-reads pages (a 200,000-coding import: 3.8 s → 2.8 s in bulk inserts).
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    if mode != "ro":
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def make_engine(path: Path, *, read_only: bool, create: bool = False) -> Engine:
    """An Engine over the project file with our pragmas and real transactions.

    pysqlite's own transaction handling is switched off (isolation_level=None) and every
    transaction is started by the ``begin`` event: ``BEGIN IMMEDIATE`` for writes, so DDL in a
    migration and the rows of a change commit or roll back together.
    """
    mode = "ro" if read_only else ("rwc" if create else "rw")
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, mode=mode),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def stamp_new_file(conn: sqlite3.Connection, user_version: int) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {int(user_version)}")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems SQLite's quick_check reports; an empty list means the file is sound."""
    previous = conn.text_factory
    # A damaged page can put invalid UTF-8 into SQLite's own report.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    finally:
        conn.text_factory = previous
    return [] if rows == ["ok"] else rows


def verify_readable(path: Path) -> None:
    """Open read-only and run quick_check; raise CorruptProjectError if SQLite finds damage."""
    try:
        conn = connect(path, mode="ro")
        try:
            problems = quick_check(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if journal_path(path).exists() and "readonly" in str(exc).replace("-", ""):
            raise ReadOnlyProjectError(
                path,
                "was not closed properly (a change was interrupted), and undoing that change "
                "needs permission to write to its folder.",
                "Open it once where you can write to it; nothing is lost.",
            ) from None
        raise CorruptProjectError(path, f"is damaged ({exc}).", _RESTORE) from None
    except UnicodeDecodeError:  # SQLite's error text itself quoted damaged bytes
        raise CorruptProjectError(path, "is damaged: SQLite could not read it.", _RESTORE) from None
    if problems:
        raise CorruptProjectError(
            path, f"is damaged: SQLite's check found {len(problems)} problem(s).", _RESTORE
        )


def backup(
    source: sqlite3.Connection,
    destination: Path,
    prepare: Callable[[sqlite3.Connection], None] | None = None,
) -> None:
    """Copy a live database with SQLite's backup API to ``destination`` (written atomically).

    ``prepare(connection)`` may change the copy before it takes the destination's name."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    # A full disk or a failed check leaves nothing half-written behind.
    with built_beside(destination) as partial:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            if prepare is not None:
                with target:
                    prepare(target)
        finally:
            target.close()
