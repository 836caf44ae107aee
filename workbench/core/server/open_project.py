"""Opening a project on a server: connect, and check that the database holds a project this
version of the workbench can use."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import ServerError
from workbench.core.server.engine import make_server_engine, server_error, where
from workbench.core.server.schema import is_server_project, schema_version
from workbench.core.server.url import engine_url


def open_engine(location: str, *, app: str = "workbench") -> tuple[URL, Engine]:
    """The URL and engine of the server project at ``location`` (a ``postgresql://`` URL),
    after checking it is reachable and of this file format. Raises ServerError (or a
    subclass) with a researcher's message; nothing is left open then."""
    try:
        url = engine_url(location)
    except ValueError as exc:
        raise ServerError(str(exc)) from None
    engine = make_server_engine(url, application=app)
    try:
        with engine.connect() as conn:
            if not is_server_project(conn):
                raise ServerError(
                    f"The database {where(url)} holds no workbench project. Publish one there "
                    "first (File → Publish to server…, or workbench-cli publish FILE.qwb URL)."
                )
            version = schema_version(conn)
    except DBAPIError as exc:
        engine.dispose()
        raise server_error(url, exc, "opening the project") from None
    except BaseException:
        engine.dispose()
        raise
    if version > SCHEMA_VERSION:
        engine.dispose()
        raise ServerError(
            f"The project {where(url)} uses file format {version}, newer than this workbench "
            f"understands ({SCHEMA_VERSION}). Update the workbench to open it."
        )
    if version < SCHEMA_VERSION:
        engine.dispose()
        raise ServerError(
            f"The project {where(url)} uses an older file format ({version}). Its owner "
            f"upgrades it with: workbench-cli migrate {location}"
        )
    return url, engine
