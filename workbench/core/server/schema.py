"""What a server project holds beyond a project file's tables: its file-format version and the
change feed (which revision changed which rows), and how an empty server project is made."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.db.migrations import VERSION_KEY as VERSION_KEY  # kept importable here
from workbench.core.db.models import TRACKED_MODELS, UUID_LEN, Base, ProjectInfo, Tombstone
from workbench.core.server.live_tables import LIVE_METADATA, create_live_tables

SERVER_METADATA = MetaData()

server_meta = Table(
    "server_meta",
    SERVER_METADATA,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
"""``schema_version`` (the file format, as a file's ``PRAGMA user_version``) and other facts."""

change_revisions = Table(
    "change_revisions",
    SERVER_METADATA,
    Column("revision", Integer, primary_key=True, autoincrement=False),
    Column("coder_uuid", String(UUID_LEN), nullable=True),
    Column("kinds", Text, nullable=False),  # the Changes' kinds, comma-separated and sorted
)
"""One row per committed revision: who, and what kinds of thing it changed."""

change_rows = Table(
    "changes",
    SERVER_METADATA,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("uuid", String(UUID_LEN), nullable=False),
    Index("ix_changes_revision", "revision"),
)
"""``(revision, kind, uuid)`` of every row a revision created, updated or deleted."""


def is_server_project(conn: Connection) -> bool:
    """Whether the database holds a workbench project."""
    return inspect(conn).has_table(server_meta.name)


def schema_version(conn: Connection) -> int:
    """The server project's file format (0 if the database is no workbench project)."""
    if not is_server_project(conn):
        return 0
    value = conn.scalar(select(server_meta.c.value).where(server_meta.c.key == VERSION_KEY))
    return int(value) if value is not None else 0


def create_schema(conn: Connection) -> None:
    """Every table of a project file plus the server's own, stamped with today's file format
    (inside the caller's transaction: PostgreSQL's DDL is transactional)."""
    Base.metadata.create_all(conn)
    from workbench.core.server import roles

    SERVER_METADATA.create_all(conn)
    create_version_indexes(conn)
    create_live_tables(conn)
    conn.execute(server_meta.insert().values(key=VERSION_KEY, value=str(SCHEMA_VERSION)))
    roles.install(conn, server_tables=[*SERVER_METADATA.tables, *LIVE_METADATA.tables])


def create_version_indexes(conn: Connection) -> None:
    """An index on ``version`` of every tracked table and of tombstones: a client catching up
    on the change feed (``changes_since``) reads the rows newer than a revision, many times a
    minute with a team at work. Server only, so not declared on the shared tables: a project
    file keeps its schema."""
    tables = [model.__table__.name for model in TRACKED_MODELS.values()]  # type: ignore[attr-defined]
    for table in [*tables, Tombstone.__tablename__]:
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_version ON {table} (version)"))


def create_server_project(conn: Connection, *, name: str, description: str = "") -> None:
    """An empty project in the empty database ``conn`` is connected to (the caller commits)."""
    create_schema(conn)
    with Session(bind=conn) as session:
        session.add(ProjectInfo.new(name=name, description=description))
        session.flush()
