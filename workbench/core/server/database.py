"""A server project's database itself: whether it exists and holds anything, creating it with
the collation the project needs, and dropping one that a failed publish left behind."""

from __future__ import annotations

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from workbench.core.errors import ServerError
from workbench.core.server.engine import server_error, where

MAINTENANCE_DB = "postgres"
"""The database every PostgreSQL server has, connected to for CREATE/DROP DATABASE."""


def _missing_database(exc: DBAPIError) -> bool:
    # At connect, psycopg gives the server's message without its SQLSTATE.
    message = str(exc.orig)
    return getattr(exc.orig, "sqlstate", None) == "3D000" or (
        "database" in message and "does not exist" in message
    )


def existing_contents(url: URL) -> int | None:
    """How many tables, views and sequences the database at ``url`` holds (None: no database)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return _relations(conn)
    except DBAPIError as exc:
        if _missing_database(exc):
            return None
        raise server_error(url, exc, "looking for the database") from None
    finally:
        engine.dispose()


def _relations(conn: Connection) -> int:
    return int(
        conn.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            )
        )
        or 0
    )


def collation(conn: Connection) -> str:
    """The collation of the database ``conn`` is connected to."""
    return str(
        conn.scalar(text("SELECT datcollate FROM pg_database WHERE datname = current_database()"))
    )


def create_database(url: URL) -> None:
    """Create the database ``url`` names: UTF-8 with the C collation, so text sorts as in a
    project file (SQLite compares code points). Raises ServerError saying what to ask an
    administrator for when the user may not create databases."""
    engine = create_engine(
        url.set(database=MAINTENANCE_DB), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    name = str(url.database)
    try:
        with engine.connect() as conn:
            quoted = conn.dialect.identifier_preparer.quote(name)
            conn.execute(
                text(
                    f"CREATE DATABASE {quoted} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' "
                    "TEMPLATE template0"
                )
            )
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":
            raise ServerError(
                f"{url.username or 'You'} may not create databases on {where(url)}. Ask the "
                f"server's administrator to create an empty database for the project "
                f"(createdb -T template0 -E UTF8 -l C -O {url.username or 'USER'} {name}), then "
                "publish again."
            ) from None
        raise server_error(url, exc, f"creating the database {name!r}") from None
    finally:
        engine.dispose()


def drop_database(url: URL) -> None:
    """Drop the database ``url`` names (one this program created and nobody else uses yet)."""
    engine = create_engine(
        url.set(database=MAINTENANCE_DB), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            quoted = conn.dialect.identifier_preparer.quote(str(url.database))
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
    finally:
        engine.dispose()
