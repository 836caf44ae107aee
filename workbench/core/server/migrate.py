"""Upgrading a server project to this workbench's file format (``workbench-cli migrate URL``):
the same steps as a file's (``db.migrations``), run by the project's owner in one transaction
that holds the project row, so nobody writes meanwhile. A step that adds a table must also grant
it to the project's roles (``roles.install`` grants per table)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from workbench.core.db.migrations import SCHEMA_VERSION, MigrationStep, run_steps
from workbench.core.errors import ServerError
from workbench.core.server.engine import display_url, make_server_engine, server_error, where
from workbench.core.server.schema import is_server_project, schema_version
from workbench.core.server.url import engine_url


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` did: the project, and its file format before and after."""

    location: str
    from_version: int
    to_version: int


def may_upgrade(conn: Connection) -> bool:
    """Whether the connected user owns the project's database (the login that published it, or
    a role it belongs to): only the tables' owner can change their schema. Owner members who
    did not publish are refused rather than failing half-way on the first ALTER."""
    query = text(
        "SELECT pg_has_role(current_user, d.datdba, 'MEMBER') "
        "FROM pg_database d WHERE d.datname = current_database()"
    )
    return bool(conn.scalar(query))


def upgrade(
    location: str,
    *,
    target: int | None = None,
    steps: Mapping[int, MigrationStep] | None = None,
) -> Upgrade:
    """Upgrade the server project at ``location`` to ``target`` (default: this workbench's file
    format). Refused with a ServerError, changing nothing, for a user who is not its owner, a
    project already at ``target`` or newer, or a database that holds no project."""
    target = SCHEMA_VERSION if target is None else target
    try:
        url = engine_url(location)
    except ValueError as exc:
        raise ServerError(str(exc)) from None
    engine = make_server_engine(url, application="workbench-cli migrate")
    place = where(url)
    try:
        with engine.connect() as conn, conn.begin():
            if not is_server_project(conn):
                raise ServerError(f"The database {place} holds no workbench project.")
            if not may_upgrade(conn):
                raise ServerError(
                    f"Only the project's owner who published it (the owner of the database "
                    f"{url.database}) can upgrade {place}; {url.username or 'you'} is not."
                )
            conn.execute(text("SELECT id FROM project WHERE id = 1 FOR UPDATE"))
            version = schema_version(conn)  # read under the lock: one upgrade at a time
            if version == target:
                raise ServerError(f"The project {place} is already at file format {version}.")
            if version > target:
                raise ServerError(
                    f"The project {place} uses file format {version}, newer than this workbench "
                    f"understands ({target}). Update the workbench instead."
                )
            reached = run_steps(conn, version, target=target, steps=steps)
    except DBAPIError as exc:
        raise server_error(url, exc, "upgrading the project") from None
    finally:
        engine.dispose()
    return Upgrade(display_url(url), version, reached)
