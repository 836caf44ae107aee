"""``Project``: the one object that owns a project file, its engine, write lock and lock file."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from workbench.core.atomic_file import built_beside
from workbench.core.backups.recovery import offer_backup, recover_interrupted_change
from workbench.core.backups.store import write_backup
from workbench.core.changes import Changes, Snapshot
from workbench.core.db import sqlite_file
from workbench.core.db.dialect import small_page_cache
from workbench.core.db.migrations import OLDEST_SUPPORTED, SCHEMA_VERSION, migrate
from workbench.core.db.models import (
    Annotation,
    Base,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    ProjectInfo,
    Source,
)
from workbench.core.db.restore_rows import restore_rows
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import (
    CorruptProjectError,
    DiskFullError,
    NotOnServerError,
    ProjectFileError,
    ReadOnlyProjectError,
    ValidationError,
    WorkbenchError,
    is_disk_full,
)
from workbench.core.lockfile import ProjectLock
from workbench.core.paths import backup_dir
from workbench.core.server.url import is_server_location
from workbench.core.text.controls import clean_name
from workbench.core.values import ProjectSummary

if TYPE_CHECKING:
    from workbench.core.search.service import SearchService
    from workbench.core.server.members import Member
    from workbench.core.server.server_write import ServerWrite

_INITIATOR: ContextVar[str | None] = ContextVar("initiator", default=None)


class Project:
    """An open project. Use ``Project.create`` or ``Project.open``, and ``close`` (or ``with``)."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_only: bool,
        lock: ProjectLock | None,
        server_url: URL | None = None,
    ) -> None:
        from workbench.core.backups.service import BackupService
        from workbench.core.server.leases import LeaseService
        from workbench.core.server.presence import PresenceService
        from workbench.core.services.annotations import AnnotationService
        from workbench.core.services.cases import CaseService
        from workbench.core.services.codebook import CodebookService
        from workbench.core.services.coders import CoderService
        from workbench.core.services.codings import CodingService
        from workbench.core.services.mapping import MapService
        from workbench.core.services.media import MediaService
        from workbench.core.services.media_codings import MediaCodingService
        from workbench.core.services.memos import MemoService
        from workbench.core.services.sets import SetService
        from workbench.core.services.sources import SourceService

        self.path = path
        self.server_url = server_url
        """The psycopg URL (password included) of a project on a server; None for a file."""
        self.on_server = server_url is not None
        self.location = str(path)
        """Where the project lives, to show: the file's path, or the URL without password."""
        if server_url is not None:
            from workbench.core.server.engine import display_url

            self.location = display_url(server_url)
        self.member: Member | None = None
        """On a server, the member this login is (their name is the coder of every change)."""
        self._server: ServerWrite | None = None  # a server's part of each write, once opened
        self.read_only = read_only
        self.unchecked = False  # True until ``check_file`` passes (see ``open``)
        self._engine = engine
        self._lock = lock
        self._write_lock = threading.RLock()
        self._closed = False
        self._search: SearchService | None = None
        self.coders = CoderService(self)
        self.sources = SourceService(self)
        self.codebook = CodebookService(self)
        self.codings = CodingService(self)
        self.annotations = AnnotationService(self)
        self.memos = MemoService(self)
        self.cases = CaseService(self)
        self.sets = SetService(self)
        self.map = MapService(self)
        self.media = MediaService(self)
        self.media_codings = MediaCodingService(self)
        self.backups = BackupService(self)
        self.leases = LeaseService(self)
        self.presence = PresenceService(self)

    # -- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path | str, *, name: str, description: str = "", coder: str | None = None
    ) -> Project:
        """Create a new, empty project file (never overwrites) and open it."""
        path = Path(path)
        name = name.strip()
        if not name:
            raise ValidationError("A project needs a name.")
        if path.exists():
            raise ProjectFileError(
                path, "already exists.", "Choose another name, or open the existing project."
            )
        if not path.parent.is_dir():
            raise ProjectFileError(path, f"cannot be created: the folder {path.parent} is missing.")
        try:
            with (
                built_beside(path, "creating") as building,
                sqlite_file.new_project_file(building) as engine,
                Session(engine) as session,
                session.begin(),
            ):
                session.add(ProjectInfo.new(name=name, description=description))
        except OSError as exc:
            raise ProjectFileError(path, f"cannot be created ({exc.strerror}).") from None
        project = cls.open(path)
        if coder:
            project.coders.ensure(name=coder)
        return project

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        takeover: bool = False,
        app: str = "workbench",
        check_later: bool = False,
    ) -> Project:
        """Open a project after checking its header; raise a ProjectFileError subclass if not ours.

        ``read_only`` opens with SQLite's ``mode=ro`` and takes no lock. Otherwise the lock file
        is taken first (``takeover`` takes over an abandoned one), so a project another program
        is using reads "in use", never "damaged"; an older file format is migrated after a
        backup copy is written to the project's backup folder. A change a crash interrupted is
        rolled back first. The file is then judged inside one SQLite read transaction (whole,
        and SQLite's quick_check); a damaged file raises CorruptProjectError, which names the
        newest good backup (``.backup``) only for a writable open. A writable open starts a
        backup (at most hourly).

        ``check_later`` (a writable open): only the header, the size and the journal are judged
        now; the caller runs ``check_file`` (SQLite's quick_check, which reads every page) before
        it writes, and the backup on open waits for it.
        """
        if isinstance(path, str) and is_server_location(path):
            return cls._open_server(path, read_only=read_only, app=app)
        check_later = check_later and not read_only
        path = Path(path)
        lock = None
        try:
            sqlite_file.read_header(path)  # ours at all? (before a lock file appears beside it)
            if not read_only:
                if not os.access(path, os.W_OK):
                    raise ReadOnlyProjectError(
                        path,
                        "is read-only (you may not have permission to change it).",
                        "Open it read-only, or copy it to a folder you can write to.",
                    )
                lock = ProjectLock(path, app=app)
                lock.acquire(takeover=takeover)
            recover_interrupted_change(path, locked=lock is not None, app=app)
            header = sqlite_file.verify_readable(path, full=not check_later)
            if check_later and header.user_version < SCHEMA_VERSION:
                check_later = False  # an upgrade writes: the whole file is judged first
                header = sqlite_file.verify_readable(path)
            if header.user_version < OLDEST_SUPPORTED:
                raise CorruptProjectError(path, "has no valid file format version.")
            if header.user_version < SCHEMA_VERSION:
                if read_only:
                    raise ReadOnlyProjectError(
                        path,
                        f"uses an older file format ({header.user_version}) that must be upgraded.",
                        "Open it normally once (not read-only) to upgrade it.",
                    )
                cls._upgrade(path, header.user_version)
            engine = sqlite_file.make_engine(path, read_only=read_only)
        except CorruptProjectError as exc:
            if lock is None:  # a read-only open never offers a restore
                raise
            try:
                raise offer_backup(exc) from None  # judged and described under the lock
            finally:
                lock.release()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        project = cls(path, engine, read_only=read_only, lock=lock)
        project.unchecked = check_later
        if not check_later:
            project.backups.on_open()
        return project

    @classmethod
    def _open_server(cls, location: str, *, read_only: bool, app: str) -> Project:
        """Open a project on PostgreSQL, as the member its login is (``server.open_project``)."""
        from workbench.core.server.members import open_member
        from workbench.core.server.open_project import open_engine
        from workbench.core.server.server_write import ServerWrite

        url, engine = open_engine(location, app=app)
        project = cls(
            Path(url.database or "server"), engine, read_only=read_only, lock=None, server_url=url
        )
        project.backups.turn_off()  # a server's backups are PostgreSQL's (pg_dump)
        try:
            project.member = open_member(project)
        except BaseException:
            project.close()
            raise
        project._server = ServerWrite(url, project.member)
        return project

    def check_file(self) -> None:
        """The whole-file check an open with ``check_later`` left for later (any thread; the
        project must not be written meanwhile). A damaged file raises CorruptProjectError naming
        the newest good backup, judged under this project's lock (close the project before
        restoring it); a sound one starts the backup on open."""
        if not self.unchecked:
            return
        try:
            sqlite_file.verify_readable(self.path)
        except CorruptProjectError as exc:
            raise offer_backup(exc) from None
        self.unchecked = False
        self.backups.on_open()

    @staticmethod
    def _upgrade(path: Path, from_version: int) -> Path:
        raw = sqlite_file.connect(path, mode="rw")
        try:
            (project_uuid,) = raw.execute("SELECT uuid FROM project").fetchone()
            backup = write_backup(
                raw,
                folder=backup_dir(project_uuid),
                project_path=path,
                reason=f"before upgrade from file format {from_version}",
                slug=f"before-upgrade-v{from_version}",
            ).path
        finally:
            raw.close()
        engine = sqlite_file.make_engine(path, read_only=False)
        try:
            migrate(engine, from_version)
        finally:
            engine.dispose()
        return backup

    def close(self) -> None:
        """Release the engine and the lock file; the project is then one file again."""
        if self._closed:
            return
        self.backups.close()  # a running automatic backup finishes first
        with suppress(WorkbenchError):  # the server is gone: the entry goes stale in a minute
            self.presence.leave()
        if self._search is not None:
            self._search.close()
        self._closed = True
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------------------------
    @contextmanager
    def read(self, *, small_cache: bool = False) -> Iterator[Session]:
        """A short read-only session over one consistent snapshot of the file.

        ``small_cache``: a pass whose pages are not wanted again soon (every source's row,
        which runs through its text, read off the GUI thread) keeps few of them in memory."""
        self._check_open()
        with self._engine.connect() as conn:
            if self.on_server:  # one consistent snapshot, as SQLite's read transaction gives
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with Session(bind=conn) as session, session.begin():
                if not small_cache:
                    yield session
                    return
                with small_page_cache(session, sqlite_file.CHECK_CACHE_KIB):
                    yield session

    @contextmanager
    def write(
        self,
        *,
        coder: str,
        coder_uuid: str | None = None,
        burst: str | None = None,
        initiator: str | None = None,
    ) -> Iterator[WriteTx]:
        """One write transaction (``BEGIN IMMEDIATE``) on behalf of ``coder`` (a name).

        ``burst`` names an editing burst (successive autosaves of one field): its audit
        entry is updated rather than appended while it is the latest entry. ``initiator``
        (default: the one ``initiated_by`` set) is handed back in ``Changes.initiator``.

        The coder is created on first use (with ``coder_uuid`` if given, e.g. an imported
        user's id). Everything the service does commits together or not at all; ``tx.result``
        holds the Changes after a successful commit.
        """
        self._check_open()
        if self.read_only:
            raise ReadOnlyProjectError(self.path, "is open read-only; changes are not possible.")
        coder = (coder or "").strip()
        server = self._server
        if server is not None:
            coder, coder_uuid = server.coder(coder, coder_uuid)
        if not coder:
            raise ValidationError("Every change must name its coder.")
        with self._write_lock:
            try:
                with self._engine.connect() as conn:
                    conn.execution_options(**{sqlite_file.WRITE_OPTION: True})
                    with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                        # On a server the project row is locked first, so revisions follow
                        # commit order (SQLite's BEGIN IMMEDIATE already serialises writers).
                        now = datetime.now(UTC).replace(tzinfo=None)
                        if server is not None:
                            info, coder_row = server.begin(session, now)
                        else:
                            info, coder_row = session.get_one(ProjectInfo, 1), None
                        if self.member is None:
                            coder_row = _coder_named(session, coder)
                        tx = WriteTx(
                            session,
                            info,
                            coder_row,
                            burst=burst,
                            initiator=initiator or _INITIATOR.get(),
                            now=now,
                            counted=self.on_server,
                        )
                        if coder_row is None:
                            tx.add_coder(coder, uuid=coder_uuid)
                        if server is not None:
                            server.guard(tx)
                        yield tx
                        tx.result = tx.finish()
                        if server is not None:
                            server.finish(tx)
            except DBAPIError as exc:
                if server is not None:
                    raise server.error(exc) from None
                if not isinstance(exc, OperationalError):
                    raise
                raise _operational_error(self.path, exc) from None
            if self._search is not None:  # in commit order, while still holding the write lock
                self._search.committed(tx.result, tx.revision, tx.info.text_token)
        self.backups.after_commit()  # a timestamp compare, unless a backup is due

    @contextmanager
    def initiated_by(self, initiator: str) -> Iterator[None]:
        """Every write in this block (in this thread) names ``initiator`` in its Changes, so
        whoever started it can tell its own edits from others' (e.g. a GUI session's token)."""
        token = _INITIATOR.set(initiator)
        try:
            yield
        finally:
            _INITIATOR.reset(token)

    def changes_since(self, revision: int) -> Changes:
        """Everything committed after ``revision``, as one Changes (a view catching up)."""
        from workbench.core.db.row_values import changes_since

        with self.read() as s:
            return changes_since(s, revision)

    def remote_changes(self, since: int) -> Changes:
        """What was committed after ``since``, by this program or others (a server's change
        feed reports the revision, the consumer asks here), as one Changes; the search index
        catches up on it in the background."""
        changes = self.changes_since(since)
        if self._search is not None:
            self._search.catch_up()
        return changes

    @property
    def search(self) -> SearchService:
        """Full-text search (``workbench.core.search``), created on first use."""
        with self._write_lock:
            if self._search is None:
                self._check_open()
                from workbench.core.search.service import SearchService

                self._search = SearchService(self)
            return self._search

    def location_warning(self) -> str | None:
        """A warning to show once if the file is in a cloud-synced folder or on a network drive."""
        from workbench.core.location import location_warning

        return None if self.on_server else location_warning(self.path)

    def _check_open(self) -> None:
        if self._closed:
            raise ProjectFileError(self.path, "is closed.")

    # -- project-level queries and edits --------------------------------------------------------
    def info(self) -> ProjectSummary:
        """Name, ids, file format and counts."""
        with self.read() as s:
            row = s.get_one(ProjectInfo, 1)
            return ProjectSummary(
                name=row.name,
                uuid=row.uuid,
                file_id=row.file_id,
                description=row.description,
                schema_version=SCHEMA_VERSION,
                revision=row.revision,
                created_at=row.created_at,
                parent_file_id=row.parent_file_id,
                parent_revision=row.parent_revision,
                sources=_count(s, Source),
                codes=_count(s, Code),
                codings=_count(s, Coding),
                cases=_count(s, Case),
                coders=_count(s, Coder),
                memos=_count(s, Memo),
                annotations=_count(s, Annotation),
            )

    def revision(self) -> int:
        """The project revision: it grows with every committed change (cheap to ask)."""
        with self.read() as s:
            return int(s.scalar(select(ProjectInfo.revision).where(ProjectInfo.id == 1)) or 0)

    def text_token(self) -> tuple[str, str]:
        """(file id, token) — changes whenever any source text changes (keys the search cache)."""
        with self.read() as s:
            row = s.get_one(ProjectInfo, 1)
            return row.file_id, row.text_token

    def rename(self, *, name: str, description: str | None = None, coder: str) -> Changes:
        name = name.strip()
        if not name:
            raise ValidationError("A project needs a name.")
        with self.write(coder=coder) as tx:
            info = tx.info
            tx.audit(
                "rename", "project", info.uuid, f"Project renamed from {info.name!r} to {name!r}"
            )
            info.name = name
            if description is not None:
                info.description = description
            tx.change("project")
        return tx.result

    def restore(self, snapshot: Snapshot, *, coder: str) -> Changes:
        """Return the rows in ``snapshot`` to their recorded state (the inverse of a change).

        Raises UndoRefusedError, changing nothing, when a row no longer carries the version
        the undone step left on it (changed or deleted since, see ``Snapshot.expects``), and
        LeaseError when it would change a text another coder is correcting (on a server)."""
        with self.write(coder=coder) as tx:
            if self.on_server:  # taking back a text correction corrects the text too
                from workbench.core.server.leases import refuse_unless_holder

                for row in snapshot.rows:
                    if row.kind == "source" and "text" in row.values:
                        refuse_unless_holder(tx.session, row.uuid, tx.coder.name)
            restore_rows(tx, snapshot)
            tx.audit("restore", "project", None, "Undo: rows restored to an earlier state")
        return tx.result

    def save_copy(self, destination: Path, *, overwrite: bool = False) -> Path:
        """Write a consistent copy to ``destination`` with its own file id (see project_copy)."""
        from workbench.core.project_copy import save_copy

        self._check_open()
        self.require_file(
            "Saving a copy of the project",
            "Take an offline copy instead, which merges back later: File → Take an offline "
            "copy…, or workbench-cli snapshot URL OUT.qwb.",
        )
        return save_copy(self, destination, overwrite=overwrite)

    def sqlite_connection(self) -> sqlite3.Connection:
        """A new raw read-only connection, for backups and integrity checks."""
        return sqlite_file.connect(self.require_file("Reading the project file"), mode="ro")

    def require_file(self, what: str, instead: str | None = None) -> Path:
        """The project file, for what only a file allows; raises NotOnServerError (naming
        ``what`` and the way out: ``instead``, by default an offline copy) on a server."""
        if self.on_server:
            raise NotOnServerError(what, instead)
        return self.path

    @property
    def folder(self) -> Path | None:
        """The folder holding the project file (recordings may be stored relative to it);
        None for a project on a server, which has no folder on this machine."""
        return None if self.on_server else self.path.resolve().parent


def _coder_named(session: Session, name: str) -> Coder | None:
    """The coder called ``name`` as given (a name kept from before names were cleaned) or as
    ``WriteTx.add_coder`` would clean it; None for a new coder."""
    row = session.scalar(select(Coder).where(Coder.name == name))
    cleaned = clean_name(name, "coder") if row is None else name
    if cleaned != name:
        row = session.scalar(select(Coder).where(Coder.name == cleaned))
    return row


def _count(session: Session, model: type[Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _operational_error(path: Path, exc: OperationalError) -> WorkbenchError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return ProjectFileError(path, "is busy: another program is writing to it.", "Try again.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyProjectError(path, "cannot be written (the file or folder is read-only).")
    if is_disk_full(exc):
        return DiskFullError(f"saving changes to {path.name}")
    return ProjectFileError(path, f"could not be changed ({text}).")
