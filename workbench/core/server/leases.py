"""Text leases: while one coder corrects a transcript's text, nobody else may (as NVivo's edit
mode). A lease is a row per source with an expiry; it is no project change (no revision, no
audit entry) and lives only on a server: on a file one program writes at a time, so a lease is
always granted there.

Taking is one ``INSERT … ON CONFLICT DO UPDATE … WHERE`` (the row's lock decides between two
takers at once: the second sees the first's lease and is refused); the clock is the server's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, case, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from workbench.core.db.models import Source
from workbench.core.errors import LeaseError
from workbench.core.server.live_tables import server_transaction, text_leases

if TYPE_CHECKING:
    from workbench.core.project import Project

DEFAULT_MINUTES = 5.0


@dataclass(frozen=True)
class Lease:
    source_uuid: str
    coder: str
    taken_at: datetime
    expires_at: datetime


class LeaseService:
    """``project.leases``: take, renew, release and ask about text leases."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def take(self, *, source: str, coder: str, minutes: float = DEFAULT_MINUTES) -> Lease:
        """The lease on ``source``'s text for ``coder`` for ``minutes`` (renewed if theirs
        already; ``taken_at`` stays). Raises LeaseError while another coder holds it. A member
        takes leases as themselves (``members.coder_for``; a reader takes none)."""
        coder = _as_member(self.project, coder)
        if not self.project.on_server:
            now = datetime.now(UTC)
            return Lease(source, coder, now, now + timedelta(minutes=minutes))
        with server_transaction(self.project) as conn:
            clock = func.now()
            until = clock + timedelta(minutes=minutes)
            mine_still = (text_leases.c.coder == coder) & (text_leases.c.expires_at > clock)
            stmt = insert(text_leases).values(
                source_uuid=source, coder=coder, taken_at=clock, expires_at=until
            )
            upsert = stmt.on_conflict_do_update(
                index_elements=[text_leases.c.source_uuid],
                set_={
                    "coder": coder,
                    "taken_at": case((mine_still, text_leases.c.taken_at), else_=clock),
                    "expires_at": until,
                },
                where=(text_leases.c.coder == coder) | (text_leases.c.expires_at <= clock),
            ).returning(*text_leases.c)
            row = conn.execute(upsert).first()
            if row is None:
                held = _holder(conn, source)
                if held is not None:
                    raise _refusal(conn, held)
                raise LeaseError("The text lease could not be taken; try again.", holder="")
            return Lease(*row)

    def release(self, *, source: str, coder: str) -> None:
        """Give back ``coder``'s lease on ``source`` (nothing if it holds none)."""
        coder = _as_member(self.project, coder)
        if not self.project.on_server:
            return
        with server_transaction(self.project) as conn:
            conn.execute(
                delete(text_leases).where(
                    text_leases.c.source_uuid == source, text_leases.c.coder == coder
                )
            )

    def held(self) -> list[Lease]:
        """Every unexpired lease, by source (never any on a file)."""
        if not self.project.on_server:
            return []
        with server_transaction(self.project) as conn:
            rows = conn.execute(
                select(*text_leases.c)
                .where(text_leases.c.expires_at > func.now())
                .order_by(text_leases.c.source_uuid)
            ).all()
        return [Lease(*row) for row in rows]

    def holder(self, source: str) -> Lease | None:
        """The unexpired lease on ``source``'s text, if anyone holds one (never on a file)."""
        if not self.project.on_server:
            return None
        with server_transaction(self.project) as conn:
            return _holder(conn, source)


def _as_member(project: Project, coder: str) -> str:
    member = getattr(project, "member", None)  # set at open on a server with members
    if member is None:
        return coder
    from workbench.core.server.members import coder_for

    return coder_for(member, coder)


def refuse_unless_holder(session: Session, source_uuid: str, coder: str) -> None:
    """Inside a server write: raise LeaseError if a coder other than ``coder`` holds an
    unexpired lease on ``source_uuid`` (the text-correction services call this)."""
    held = _holder(session.connection(), source_uuid)
    if held is not None and held.coder != coder:
        raise _refusal(session.connection(), held)


def _holder(conn: Connection, source_uuid: str) -> Lease | None:
    row = conn.execute(
        select(*text_leases.c).where(
            text_leases.c.source_uuid == source_uuid, text_leases.c.expires_at > func.now()
        )
    ).first()
    return Lease(*row) if row is not None else None


def _refusal(conn: Connection, held: Lease) -> LeaseError:
    name = conn.scalar(select(Source.name).where(Source.uuid == held.source_uuid)) or "this source"
    since = held.taken_at.astimezone().strftime("%H:%M")
    until = held.expires_at.astimezone().strftime("%H:%M")
    return LeaseError(
        f"{held.coder} is correcting {name} (since {since}); its text cannot be changed until "
        f"they finish (at the latest {until}). Your correction was not saved.",
        holder=held.coder,
    )
