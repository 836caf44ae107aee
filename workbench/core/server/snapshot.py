"""An offline copy of a server project: a project file to work on without the server (or to
archive), which merges back.

The copy is read in one snapshot of the server (REPEATABLE READ) and written a page of rows at
a time, so memory stays bounded. It is a new file like any other (application id, file format)
with a ``file_id`` of its own whose parent is the server project's ``file_id`` at the revision
copied: ``merge URL COPY.qwb`` then finds that revision as the common base, three-way. What the
server lets the reader see is what the copy holds (a blind coder's copy: their own codings).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, func, insert, select, text, update

from workbench.core.atomic_file import built_beside
from workbench.core.db import sqlite_file
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.db.models import Base, ProjectInfo
from workbench.core.db.transaction import new_uuid
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.core.lockfile import lock_path
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.server.table_copy import PAGE, noun, project_tables


def snapshot(location: str, out: Path, *, progress: Progress | None = None) -> Path:
    """Write an offline copy of the server project at ``location`` to ``out`` (a new .qwb that
    must not exist); return its path. Nothing is left at ``out`` if it fails or is cancelled."""
    from workbench.core.project import Project

    progress = progress or NO_PROGRESS
    target = Path(out).expanduser().absolute()
    if target.suffix.lower() != ".qwb":
        raise ValidationError(f"{target.name}: an offline copy needs the extension .qwb.")
    if target.exists():
        raise ValidationError(f"{target} already exists; choose another name.")
    if lock_path(target).exists():
        raise ValidationError(f"{target.name} is open in the workbench; close it first.")
    if not target.parent.is_dir():
        raise ProjectFileError(target, f"cannot be written: the folder {target.parent} is missing.")
    with (
        Project.open(location, read_only=True, app="workbench-snapshot") as server,
        server.read() as session,  # one snapshot of the whole project
    ):
        try:
            with built_beside(target, "snapshot") as building:
                _write(session.connection(), building, progress)
        except OSError as exc:
            raise ProjectFileError(target, f"could not be written ({exc.strerror}).") from None
    return target


def _write(source: Connection, path: Path, progress: Progress) -> None:
    tables = project_tables()
    counts = {t.name: int(source.scalar(select(func.count()).select_from(t)) or 0) for t in tables}
    total, done = sum(counts.values()), 0
    parent = source.execute(select(ProjectInfo.file_id, ProjectInfo.revision)).one()
    engine = sqlite_file.make_engine(path, read_only=False, create=True)
    try:
        Base.metadata.create_all(engine)
        with engine.connect() as conn:
            conn.execution_options(**{sqlite_file.WRITE_OPTION: True})
            with conn.begin():
                conn.execute(text("PRAGMA defer_foreign_keys = ON"))  # a code before its parent
                for table in tables:
                    if not counts[table.name]:
                        continue
                    rows = source.execution_options(yield_per=PAGE).execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                    for page in rows.partitions():
                        conn.execute(insert(table), [row._asdict() for row in page])
                        done += len(page)
                        progress.step(done, total, f"Copying {noun(table)} rows")
                conn.execute(
                    update(ProjectInfo).values(
                        file_id=new_uuid(),
                        parent_file_id=parent.file_id,
                        parent_revision=parent.revision,
                    )
                )
        raw = engine.raw_connection()
        try:
            sqlite_file.stamp_new_file(raw.driver_connection, SCHEMA_VERSION)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        engine.dispose()
