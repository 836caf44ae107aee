"""Presence: who has a server project open and which source each is reading.

Each open client (one ``Project``) keeps one row in ``presence``, keyed by a client id of its
own, refreshed by ``announce`` (call it when the open source changes, and ``heartbeat`` every
``HEARTBEAT_S``); a row not refreshed for ``STALE_S`` seconds is ignored (a client that died
leaves no ghost for long). A table, not ``pg_stat_activity.application_name``: its rows carry
the source and the time, readers need no right to see other sessions, and a client holding
several pooled connections is still one presence. Every change is ``NOTIFY``-ed on
``CHANNEL`` (payload: the coder), so views refresh at once. A file has no presence."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects.postgresql import insert

from workbench.core.db.transaction import new_uuid
from workbench.core.server.live_tables import presence, server_transaction

if TYPE_CHECKING:
    from workbench.core.project import Project

CHANNEL = "workbench_presence"
STALE_S = 60
HEARTBEAT_S = 20


@dataclass(frozen=True)
class Presence:
    coder: str
    source_uuid: str | None  # None: the project is open, no source
    since: datetime

    @property
    def member(self) -> str:
        """The coder's member name (the name SERVER.md gives this field)."""
        return self.coder


class PresenceService:
    """``project.presence``: announce what this client has open; list everyone's."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.client = new_uuid()
        self._lock = threading.Lock()
        self._announced: tuple[str, str | None] | None = None  # (coder, source) last announced

    def announce(self, source: str | None, *, coder: str | None = None) -> None:
        """This client has ``source`` open (None: only the project). A member is
        present as themselves; without members, ``coder`` says who (default: the database
        user). Notifies listeners when
        the source (or coder) changed; otherwise only the heartbeat is refreshed."""
        if not self.project.on_server:
            return
        with self._lock, server_transaction(self.project) as conn:
            who = _member_name(self.project) or coder  # a member is present as themselves
            if who is None:
                who = str(conn.scalar(select(func.current_user())))
            clock = func.now()
            stale = presence.c.seen_at <= clock - timedelta(seconds=STALE_S)
            stmt = insert(presence).values(
                client=self.client, coder=who, source_uuid=source, since=clock, seen_at=clock
            )
            moved = (presence.c.source_uuid.is_distinct_from(source)) | (presence.c.coder != who)
            upsert = stmt.on_conflict_do_update(
                index_elements=[presence.c.client],
                set_={
                    "coder": who,
                    "source_uuid": source,
                    "since": case((moved | stale, clock), else_=presence.c.since),
                    "seen_at": clock,
                },
            )
            conn.execute(upsert)
            if self._announced != (who, source):
                conn.execute(select(func.pg_notify(CHANNEL, who)))
            self._announced = (who, source)

    def heartbeat(self) -> None:
        """Keep this client's presence alive (what it announced last)."""
        if self._announced is not None:
            coder, source = self._announced
            self.announce(source, coder=coder)

    def leave(self) -> None:
        """This client is gone (called when the project closes)."""
        if not self.project.on_server or self._announced is None:
            return
        with self._lock, server_transaction(self.project) as conn:
            conn.execute(delete(presence).where(presence.c.client == self.client))
            conn.execute(select(func.pg_notify(CHANNEL, self._announced[0])))
            self._announced = None

    def list(self) -> list[Presence]:
        """Everyone present (a heartbeat in the last ``STALE_S`` seconds), by coder; this
        client included. Always empty on a file."""
        if not self.project.on_server:
            return []
        with server_transaction(self.project) as conn:
            rows = conn.execute(
                select(presence.c.coder, presence.c.source_uuid, presence.c.since)
                .where(presence.c.seen_at > func.now() - timedelta(seconds=STALE_S))
                .order_by(presence.c.coder, presence.c.since)
            ).all()
        return [Presence(*row) for row in rows]


def _member_name(project: Project) -> str | None:
    member = getattr(project, "member", None)  # set at open on a server by roles (members.py)
    name = getattr(member, "name", None)
    return name if isinstance(name, str) else None
