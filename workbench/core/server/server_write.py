"""The server's part of every write to a project on PostgreSQL (``Project.write`` calls it):
who the coder is, the first statement that locks the project row, the member's guard, the
change feed, and driver errors in a researcher's words."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.core.db.models import Coder, ProjectInfo
from workbench.core.errors import WorkbenchError
from workbench.core.server import feed
from workbench.core.server.engine import server_error
from workbench.core.server.members import Member, coder_for, write_guard
from workbench.core.server.text_check import refuse_nul_on_flush
from workbench.core.server.write_start import start_write

if TYPE_CHECKING:
    from workbench.core.db.transaction import WriteTx


class ServerWrite:
    """What a write does on a server beyond a file's; ``member`` is who the login is (None
    while the project has no members: its publisher)."""

    def __init__(self, url: URL, member: Member | None) -> None:
        self.url = url
        self.member = member

    def coder(self, coder: str, coder_uuid: str | None) -> tuple[str, str | None]:
        """The coder a change is made by: the member (whatever name was given), else the
        name given, else the login."""
        if self.member is not None:
            return coder_for(self.member, coder), self.member.coder_uuid
        return coder or self.url.username or "", coder_uuid

    def begin(self, session: Session, now: datetime) -> tuple[ProjectInfo, Coder | None]:
        """Lock the project row, move its revision on and read the member's coder (None when
        there is no member or their coder row is still to be made)."""
        refuse_nul_on_flush(session)
        return start_write(
            session, now=now, coder_uuid=None if self.member is None else self.member.coder_uuid
        )

    def guard(self, tx: WriteTx) -> None:
        """A member's write refuses another coder's rows before the database does."""
        if self.member is not None:
            tx.guard = write_guard(tx, self.member)

    def finish(self, tx: WriteTx) -> None:
        """Record the change feed and queue its NOTIFY (before commit)."""
        feed.record(tx)

    def error(self, exc: DBAPIError) -> WorkbenchError:
        return server_error(self.url, exc, "saving the change")
