"""Schema versions and the upgrade of older projects, in one real transaction.

One path for both backends: a step takes a Connection of either dialect and is written with
SQLAlchemy's constructs (``add_column``, ``Table.create``, ``insert``/``update``), or checks
``conn.dialect.name`` where it cannot be; ``run_steps`` stamps the version where each backend
keeps it (a file's ``PRAGMA user_version``, a server project's ``server_meta``). The steps up to
format 5 are a file's history in SQLite's DDL: a server project starts at format 5 (published
from an upgraded file), so every later step runs on both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, column, inspect, table
from sqlalchemy.schema import CreateColumn

from workbench.core.db.sqlite_file import SCHEMA_VERSION, WRITE_OPTION

__all__ = ["OLDEST_SUPPORTED", "SCHEMA_VERSION", "add_column", "has_column", "migrate"]

OLDEST_SUPPORTED = 1

MigrationStep = Callable[[Connection], None]

VERSION_KEY = "schema_version"
"""The key of a server project's file format in its ``server_meta`` table."""


def has_column(conn: Connection, table: str, name: str) -> bool:
    """Whether ``table`` has a column ``name`` (either dialect)."""
    return name in {c["name"] for c in inspect(conn).get_columns(table)}


def add_column(conn: Connection, table: str, column: Column[Any]) -> None:
    """``ALTER TABLE table ADD COLUMN`` with ``column``'s DDL in the connection's dialect
    (type names, ``server_default``), so a step adding a column is one spelling for both."""
    Table(table, MetaData(), column)  # a column compiles only inside a table
    preparer = conn.dialect.identifier_preparer
    ddl = CreateColumn(column).compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {preparer.quote(table)} ADD COLUMN {ddl}")


def _v1_merge_bases(conn: Connection) -> None:
    """Version 2 records the points a file and its copies agree on (three-way merge bases)."""
    conn.exec_driver_sql(
        "CREATE TABLE merge_bases ("
        "id INTEGER NOT NULL PRIMARY KEY, "
        "other_file_id VARCHAR(36) NOT NULL UNIQUE, "
        "other_revision INTEGER NOT NULL, "
        "own_revision INTEGER NOT NULL, "
        "recorded_at DATETIME NOT NULL, "
        "how VARCHAR(8) NOT NULL, "
        "diverged JSON NOT NULL)"
    )
    # A file copied from another before version 2 still knows its parent: keep that base.
    conn.exec_driver_sql(
        "INSERT INTO merge_bases "
        "(other_file_id, other_revision, own_revision, recorded_at, how, diverged) "
        "SELECT parent_file_id, parent_revision, parent_revision, modified_at, 'copy', '[]' "
        "FROM project WHERE parent_file_id IS NOT NULL AND parent_revision IS NOT NULL"
    )


def _v2_settings(conn: Connection) -> None:
    """Version 3 keeps project-wide settings (e.g. whose codings reports count) as JSON."""
    # A file stamped older than it is already has it.
    if not has_column(conn, "project", "settings"):
        conn.exec_driver_sql("ALTER TABLE project ADD COLUMN settings JSON NOT NULL DEFAULT '{}'")


def _v3_codable(conn: Connection) -> None:
    """Version 4 marks codes that only group others (REFI-QDA's ``isCodable="false"``)."""
    # A file stamped older than it is already has it.
    if not has_column(conn, "codes", "codable"):
        conn.exec_driver_sql("ALTER TABLE codes ADD COLUMN codable BOOLEAN NOT NULL DEFAULT 1")


_TRACKED_COLUMNS = (
    "id INTEGER NOT NULL, uuid VARCHAR(36) NOT NULL, created_at DATETIME NOT NULL, "
    "modified_at DATETIME NOT NULL, modified_by VARCHAR(36), version INTEGER NOT NULL, "
    "PRIMARY KEY (id), "
)


def _v4_media(conn: Connection) -> None:
    """Version 5 links recordings to sources and codes time ranges of them (media codings).

    The DDL is written out (not taken from the models) so this step stays what it was when
    the models change later; a test compares it with a new file's schema. A file stamped
    older than it is already has the tables."""
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS media (source_id INTEGER NOT NULL, kind VARCHAR(8) NOT NULL, "
        "path TEXT NOT NULL, size INTEGER NOT NULL, sha256 VARCHAR(64) NOT NULL, "
        "duration_ms INTEGER NOT NULL, format VARCHAR(32) NOT NULL, embedded BLOB, "
        + _TRACKED_COLUMNS
        + "CONSTRAINT ck_media_kind CHECK (kind IN ('audio', 'video')), UNIQUE (source_id), "
        "FOREIGN KEY(source_id) REFERENCES sources (id), UNIQUE (uuid))"
    )
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS media_codings (source_id INTEGER NOT NULL, "
        "code_id INTEGER NOT NULL, coder_id INTEGER NOT NULL, "
        "start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, "
        + _TRACKED_COLUMNS
        + "CONSTRAINT uq_media_coding UNIQUE (source_id, code_id, coder_id, start_ms, end_ms), "
        "CONSTRAINT ck_media_coding_range CHECK (0 <= start_ms AND start_ms < end_ms), "
        "FOREIGN KEY(source_id) REFERENCES sources (id), "
        "FOREIGN KEY(code_id) REFERENCES codes (id), "
        "FOREIGN KEY(coder_id) REFERENCES coders (id), UNIQUE (uuid))"
    )
    for name, columns in (
        ("ix_media_codings_source_start", "source_id, start_ms"),
        ("ix_media_codings_code_source", "code_id, source_id"),
        ("ix_media_codings_coder_id", "coder_id"),
    ):
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON media_codings ({columns})")


MIGRATIONS: dict[int, MigrationStep] = {
    1: _v1_merge_bases,
    2: _v2_settings,
    3: _v3_codable,
    4: _v4_media,
}
"""``MIGRATIONS[n]`` upgrades a file of version ``n`` to ``n + 1``."""


def migrate(
    engine: Engine,
    from_version: int,
    *,
    target: int | None = None,
    steps: Mapping[int, MigrationStep] | None = None,
) -> None:
    """Run every step from ``from_version`` to ``target`` and stamp the version, all or nothing.

    DDL and data changes share one transaction (``BEGIN IMMEDIATE`` on a file, see
    ``sqlite_file``; PostgreSQL's DDL is transactional), so a failure or a crash half-way
    leaves the project exactly as it was.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            run_steps(conn, from_version, target=target, steps=steps)


def run_steps(
    conn: Connection,
    from_version: int,
    *,
    target: int | None = None,
    steps: Mapping[int, MigrationStep] | None = None,
) -> int:
    """The steps from ``from_version`` to ``target`` inside the caller's transaction, then the
    version stamp; returns the version reached."""
    chosen = MIGRATIONS if steps is None else steps
    target = SCHEMA_VERSION if target is None else target
    missing = [v for v in range(from_version, target) if v not in chosen]
    if missing:
        raise RuntimeError(f"no migration from file format {missing[0]}")
    for version in range(from_version, target):
        chosen[version](conn)
    stamp_version(conn, target)
    return target


def stamp_version(conn: Connection, version: int) -> None:
    """Record the file format where the backend keeps it."""
    if conn.dialect.name == "postgresql":
        meta = table("server_meta", column("key"), column("value"))  # see server.schema
        conn.execute(meta.update().where(meta.c.key == VERSION_KEY).values(value=str(int(version))))
    else:
        conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
