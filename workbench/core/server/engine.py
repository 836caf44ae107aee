"""The SQLAlchemy engine of a project on PostgreSQL, and its errors in a researcher's words."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from workbench.core.errors import (
    PasswordRequiredError,
    ServerConnectionError,
    ServerError,
    WorkbenchError,
)

LOCK_TIMEOUT = "10s"
"""How long a write waits for the project row (another coder's write) before it says busy."""
APPLICATION = "workbench"


def make_server_engine(url: URL, *, application: str = APPLICATION) -> Engine:
    """An engine over one server project (psycopg 3). Connections are checked before use,
    so a server that went away and came back is reconnected to without a failed change."""
    engine = create_engine(
        url,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=True,
        connect_args={"application_name": application[:63], "connect_timeout": 10},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            cur.execute("SET TIME ZONE 'UTC'")
        dbapi_conn.commit()

    return engine


def where(url: URL) -> str:
    """``user@host:port/database``: the server project named for a message (no password)."""
    user = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    return f"{user}{url.host or 'localhost'}{port}/{url.database}"


def display_url(url: URL) -> str:
    """The ``postgresql://`` location a user would type, without its password."""
    return (
        "postgresql://"
        + where(url)
        + ("?" + "&".join(f"{k}={v}" for k, v in sorted(url.query.items())) if url.query else "")
    )


def server_error(url: URL, exc: BaseException, doing: str = "") -> WorkbenchError:
    """A researcher's message for a driver error raised while talking to ``url``."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    place = where(url)
    if "no password supplied" in text or "password authentication failed" in text:
        if "no password supplied" in text:
            return PasswordRequiredError(f"The server {place} asks for a password.")
        return PasswordRequiredError(
            f"The server {place} refused the password for {url.username}: check it and try again."
        )
    if sqlstate == "3D000" or ("does not exist" in text and "database" in text):
        return ServerError(
            f"The server has no database {url.database!r} ({place}). Check the name, or publish "
            "a project there first (File → Publish to server…, or workbench-cli publish)."
        )
    if sqlstate == "55P03" or "lock timeout" in text:
        return ServerError(
            f"The project {place} is busy: another coder's change is being saved. Try again."
        )
    if sqlstate == "42501" or "permission denied" in text or "row-level security" in text:
        return ServerError(
            f"The server refused this change ({place}): your role in the project does not allow "
            "it. Ask the project's owner."
        )
    if "NUL (0x00)" in text:  # raised by the driver itself, before anything was sent
        return ServerError(
            f"The server {place} cannot store the character U+0000 (NUL) that this change holds. "
            "Remove it and try again; nothing was changed."
        )
    if sqlstate is None or sqlstate.startswith("08") or "connection" in text.lower():
        return ServerConnectionError(
            f"Cannot reach the server {place}{' while ' + doing if doing else ''}: {text}. "
            "Check the address and that the server is running; nothing was changed."
        )
    return ServerError(f"The server {place} refused {doing or 'the request'}: {text}.")
