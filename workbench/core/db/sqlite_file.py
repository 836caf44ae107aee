"""Everything specific to SQLite: the file header check, connection pragmas, transactions, backups.

The rest of the core talks to SQLAlchemy only, so the same schema can later be served by PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    ProjectFileError,
    ReadOnlyProjectError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
# "QWB1" — lets `file(1)` and our own checks recognise a project file.
APPLICATION_ID = 0x51574231
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 65536  # the most memory one connection may use for cached pages while it writes
# ... and while it reads: a window holds up to eight pooled connections (its own reads, searches,
# background jobs), each keeping what it read until its limit; a big file's scans filled them
# all (a 4×R window: +130 MiB). Reads go through indexes to a few pages, which the OS keeps.
READ_CACHE_KIB = 4096
# quick_check reads every page once: a big cache only holds memory (while the window is built
# beside it, when the check runs in the background) and is no faster.
CHECK_CACHE_KIB = 2048
WRITE_OPTION = "workbench_write"

SCHEMA_VERSION = 5
"""The file format this build writes; stored in ``PRAGMA user_version`` (the upgrades from older
ones are in ``migrations``, which builds on this module, not the other way round)."""


@dataclass(frozen=True)
class HeaderInfo:
    page_size: int
    page_count: int
    user_version: int
    application_id: int
    file_size: int


def read_header(path: Path) -> HeaderInfo:
    """Who the file is (ours, another application's, a newer format): identity only.

    The raw 100-byte header is read before SQLite touches the file, unless this process holds a
    connection to it: then closing our descriptor would drop SQLite's POSIX locks, so SQLite is
    asked instead. Whether the contents are whole is judged by ``verify_readable``."""
    size = _file_size(path)
    if holds_connection(path):
        conn = _read_connection(path)
        try:
            return _identify(path, _pragmas(conn, size))
        finally:
            conn.close()
    return _identify(path, _parse_header(path, _raw_header(path), size))


def _file_size(path: Path) -> int:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise NotAProjectError(path, "the file does not exist.") from None
    except OSError as exc:
        raise NotAProjectError(path, f"cannot be read ({exc.strerror}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise NotAProjectError(path, "is a folder, not a project file.")
    if st.st_size == 0:
        raise NotAProjectError(path, "the file is empty, so it is not a workbench project.")
    return st.st_size


def _raw_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except FileNotFoundError:
        raise NotAProjectError(path, "the file does not exist.") from None
    except IsADirectoryError:
        raise NotAProjectError(path, "is a folder, not a project file.") from None
    except OSError as exc:
        raise NotAProjectError(path, f"cannot be read ({exc.strerror}).") from None


def _parse_header(path: Path, header: bytes, size: int) -> HeaderInfo:
    if not header.startswith(SQLITE_MAGIC):
        raise NotAProjectError(
            path,
            "is not a workbench project (it is not an SQLite database at all).",
            "Check that you chose the right file; projects end in .qwb.",
        )
    if len(header) < 100:
        raise CorruptProjectError(path, "is truncated: its header is incomplete.", _RESTORE)
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    (page_count,) = struct.unpack(">I", header[28:32])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    return HeaderInfo(page_size, page_count, user_version, application_id, size)


def _identify(path: Path, info: HeaderInfo) -> HeaderInfo:
    if info.page_size < 512 or info.page_size & (info.page_size - 1):
        raise CorruptProjectError(path, "is damaged: its header is invalid.", _RESTORE)
    if info.application_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            path,
            "is an SQLite database of another application, not a workbench project.",
            "Open it with the program that made it, or import its data instead.",
        )
    if info.user_version > SCHEMA_VERSION:
        raise NewerSchemaError(
            path,
            f"was saved by a newer version of the workbench (file format {info.user_version}; "
            f"this version reads up to {SCHEMA_VERSION}).",
            "Update the workbench to open it; the file was not changed.",
        )
    return info


_RESTORE = "Restore it from a backup (File → Restore from backup…) or ask for a fresh copy."


def _pragmas(conn: sqlite3.Connection, size: int) -> HeaderInfo:
    def one(name: str) -> int:
        return int(conn.execute(f"PRAGMA {name}").fetchone()[0])

    return HeaderInfo(
        one("page_size"), one("page_count"), one("user_version"), one("application_id"), size
    )


def _truncated(path: Path, claimed: int, size: int) -> CorruptProjectError:
    return CorruptProjectError(
        path,
        f"is truncated ({size:,} bytes where the file says {claimed:,}); it was probably "
        "copied or synced incompletely.",
        _RESTORE,
    )


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


_held: dict[tuple[int, int], int] = {}
_held_guard = threading.Lock()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def holds_connection(path: Path) -> bool:
    """True while this process has a connection (made by ``connect``) open to the file."""
    key = _file_key(path)
    with _held_guard:
        return key is not None and _held.get(key, 0) > 0


class _Connection(sqlite3.Connection):
    """A connection that counts itself in ``_held`` until closed: closing any descriptor of a
    file drops all of this process's POSIX locks on it, SQLite's included, so nothing may open
    and close a file from Python while a connection to it is open."""

    _key: tuple[int, int] | None = None
    cache_kib = 0  # the page cache limit set last

    def set_cache(self, kib: int) -> None:
        """Keep at most ``kib`` KiB of pages; pages past a lowered limit are freed now."""
        if kib != self.cache_kib:
            self.execute(f"PRAGMA cache_size = -{int(kib)}")
            self.cache_kib = kib

    def hold(self, key: tuple[int, int] | None) -> None:
        self._key = key
        if key is not None:
            with _held_guard:
                _held[key] = _held.get(key, 0) + 1

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._forget()

    def __del__(self) -> None:
        self._forget()

    def _forget(self) -> None:
        key, self._key = self._key, None
        if key is not None:
            with _held_guard:
                left = _held.get(key, 0) - 1
                if left > 0:
                    _held[key] = left
                else:
                    _held.pop(key, None)


def connect(path: Path, *, mode: str) -> sqlite3.Connection:
    """A raw sqlite3 connection; ``mode`` is ``ro``, ``rw`` or ``rwc``. Never creates unless rwc."""
    conn = sqlite3.connect(
        _uri(path, mode),
        uri=True,
        check_same_thread=False,
        isolation_level=None,
        factory=_Connection,
    )
    conn.hold(_file_key(path))
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # SQLite's default page cache is 2 MB; a large import or merge into six indexes then
        # spills and re-reads pages (a 200,000-coding import: 3.8 s → 2.8 s in bulk inserts).
        conn.set_cache(READ_CACHE_KIB if mode == "ro" else CACHE_KIB)  # reads the schema
        if mode != "ro":
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
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
        raw = conn.connection.dbapi_connection
        if isinstance(raw, _Connection):  # a write's big cache is given back by its next read
            raw.set_cache(CACHE_KIB if write else READ_CACHE_KIB)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def new_project_file(path: Path) -> Iterator[Engine]:
    """An engine over a new project file at ``path`` with every table made; the caller fills
    it in the block, and the file is then stamped as ours (application id, file format)."""
    from workbench.core.db.models import Base

    engine = make_engine(path, read_only=False, create=True)
    try:
        Base.metadata.create_all(engine)
        yield engine
        raw = engine.raw_connection()
        try:
            stamp_new_file(raw.driver_connection, SCHEMA_VERSION)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        engine.dispose()


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


def verify_readable(path: Path, *, full: bool = True) -> HeaderInfo:
    """Judge the file inside one SQLite read transaction: who it is, whether it is whole
    (``page_count`` × ``page_size`` against its size, measured while the transaction keeps
    writers out) and SQLite's quick_check (skipped unless ``full``: it reads every page, half
    a second at 4×R, so an open may run it later). Raise a ProjectFileError subclass if it fails.

    A file another process is committing to is waited for (SQLite's busy timeout), never
    judged half-way; if it stays busy, the error says so instead of "damaged"."""
    try:
        conn = _read_connection(path)
        try:
            conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
            conn.execute("BEGIN")
            conn.execute("PRAGMA schema_version").fetchone()  # takes the shared lock
            info = _identify(path, _pragmas(conn, _file_size(path)))
            claimed = info.page_count * info.page_size
            if info.file_size % info.page_size or claimed > info.file_size:
                raise _truncated(path, claimed, info.file_size)
            problems = quick_check(conn) if full else []
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _explain(path, exc) from None
    except UnicodeDecodeError:  # SQLite's error text itself quoted damaged bytes
        raise CorruptProjectError(path, "is damaged: SQLite could not read it.", _RESTORE) from None
    if problems:
        raise CorruptProjectError(
            path, f"is damaged: SQLite's check found {len(problems)} problem(s).", _RESTORE
        )
    return info


def _read_connection(path: Path) -> sqlite3.Connection:
    try:
        return connect(path, mode="ro")
    except sqlite3.DatabaseError as exc:
        raise _explain(path, exc) from None


def _explain(path: Path, exc: sqlite3.DatabaseError) -> ProjectFileError:
    """The researcher's reason for an error SQLite gave while reading the file."""
    text = str(exc).replace("-", "")
    if "locked" in text or "busy" in text:
        return ProjectFileError(
            path, "is busy: another program is writing to it right now.", "Try again shortly."
        )
    if journal_path(path).exists() and "readonly" in text:
        return ReadOnlyProjectError(
            path,
            "was not closed properly (a change was interrupted), and undoing that change "
            "needs permission to write to its folder.",
            "Open it once where you can write to it; nothing is lost.",
        )
    if not holds_connection(path):  # SQLite refused it: the raw header says why, if it can
        try:
            size = _file_size(path)
            header = _raw_header(path)
            info = _identify(path, _parse_header(path, header, size))
        except ProjectFileError as refusal:
            return refusal
        (change_counter,) = struct.unpack(">I", header[24:28])
        (valid_for,) = struct.unpack(">I", header[92:96])
        claimed = info.page_count * info.page_size
        if size % info.page_size or (change_counter == valid_for and claimed > size):
            return _truncated(path, claimed, size)
    return CorruptProjectError(path, f"is damaged ({exc}).", _RESTORE)


def backup(
    source: sqlite3.Connection,
    destination: Path,
    prepare: Callable[[sqlite3.Connection], None] | None = None,
) -> None:
    """Copy a live database with SQLite's backup API to ``destination`` (written atomically).

    ``prepare(connection)`` may change the copy before it takes the destination's name."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    # A full disk (DiskFullError) or a failed check leaves nothing half-written behind.
    with built_beside(destination) as partial:
        target = sqlite3.connect(partial)
        # Every page is read once: a small cache, not the source's own (64 MiB for a writer).
        kept = source.execute("PRAGMA cache_size").fetchone()[0]
        source.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        try:
            try:
                source.backup(target)
            finally:
                source.execute(f"PRAGMA cache_size = {int(kept)}")
            target.execute("PRAGMA journal_mode = DELETE")
            if prepare is not None:
                with target:
                    prepare(target)
        finally:
            target.close()


def copy_file(source: sqlite3.Connection, path: Path, destination: Path) -> None:
    """Copy the committed state of the database file ``path`` to ``destination`` (written
    atomically) as a byte copy, while ``source`` (a connection to it) holds a read transaction:
    no commit can change the file meanwhile, and a change still being made lives in its journal
    and its writer's cache, not in the file. The same copy as ``backup``, at file-copy speed (a
    385 MB project: 0.2 s instead of 1.4 s); a database in WAL mode, whose committed state is
    not the file alone, goes through ``backup``."""
    if source.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        backup(source, destination)
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    with built_beside(destination) as partial:
        source.execute("BEGIN")
        try:
            source.execute("PRAGMA schema_version").fetchone()  # takes the shared lock
            shutil.copyfile(path, partial)
        finally:
            source.execute("COMMIT")
