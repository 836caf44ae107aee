"""Upgrading a server project to this workbench's file format (``workbench-cli migrate URL``):
the same steps as a file's (``db.migrations``), run by the project's owner in one transaction
that holds the project row, so nobody writes meanwhile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text
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


def owner_role(database: str) -> str:
    """The group role of a project's owners (see ``roles``: ``<database>_owner``)."""
    return f"{database}_owner"


def may_upgrade(conn: Connection) -> bool:
    """Whether the connected user may change the project's schema: the database's owner (or a
    member of its owning role, a superuser included), or a member of the project's owner role."""
    database = conn.scalar(text("SELECT current_database()"))
    query = text(
        "SELECT pg_has_role(current_user, d.datdba, 'MEMBER') OR COALESCE(("
        "  SELECT pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_roles r"
        "  WHERE r.rolname = :owner_role), false) "
        "FROM pg_database d WHERE d.datname = current_database()"
    ).bindparams(bindparam("owner_role", owner_role(str(database))))
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
                    f"Only the project's owner can upgrade {place} (the database's owner or a "
                    f"member of {owner_role(str(url.database))}); {url.username or 'you'} is not."
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
