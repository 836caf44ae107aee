"""The server's live tables (text leases, presence) and the short transaction that uses them.

Neither table is project data (no revision, no audit, not published nor copied into a
snapshot), so they live beside ``SERVER_METADATA`` in their own metadata, which
``create_schema`` installs too (a module of their own keeps ``schema`` free of an import cycle
with the services that use them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, Text
from sqlalchemy.exc import DBAPIError

from workbench.core.db.models import UUID_LEN

if TYPE_CHECKING:
    from workbench.core.project import Project

LIVE_METADATA = MetaData()

text_leases = Table(
    "text_leases",
    LIVE_METADATA,
    Column("source_uuid", String(UUID_LEN), primary_key=True),
    Column("coder", Text, nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
"""Who is correcting which source's text, until when (an expired row is free to take)."""

presence = Table(
    "presence",
    LIVE_METADATA,
    Column("client", String(UUID_LEN), primary_key=True),
    Column("coder", Text, nullable=False),
    Column("source_uuid", String(UUID_LEN), nullable=True),
    Column("since", DateTime(timezone=True), nullable=False),  # reading this source since
    Column("seen_at", DateTime(timezone=True), nullable=False),  # the last heartbeat
)
"""One row per open client: who, which source (None: none), since when, last heartbeat."""


def create_live_tables(conn: Connection) -> None:
    """Create the live tables (if missing) inside the caller's transaction."""
    LIVE_METADATA.create_all(conn)


@contextmanager
def server_transaction(project: Project) -> Iterator[Connection]:
    """One short transaction on the project's server, its errors in a researcher's words."""
    assert project.server_url is not None
    try:
        with project._engine.begin() as conn:  # the project's own pool
            yield conn
    except DBAPIError as exc:
        from workbench.core.server.engine import server_error

        raise server_error(project.server_url, exc, "asking the server") from None
