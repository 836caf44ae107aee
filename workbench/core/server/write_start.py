"""The first statement of a write on a server: lock the project row, move its revision on and
read the writer's coder, in one round trip (each statement costs a coder a round trip and a
pass through row-level security)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session, aliased

from workbench.core.db.models import Coder, ProjectInfo


def start_write(
    session: Session, *, now: datetime, coder_uuid: str | None
) -> tuple[ProjectInfo, Coder | None]:
    """The project row, locked until commit, its revision already moved on by one and
    stamped modified at ``now`` (by ``coder_uuid`` when given); with the coder of that uuid
    (None when not given or not made yet). An UPDATE locks the row as ``FOR UPDATE`` does, so
    revisions still follow commit order."""
    table = cast(Table, ProjectInfo.__table__)
    values: dict[str, object] = {"revision": table.c.revision + 1, "modified_at": now}
    if coder_uuid is not None:
        values["modified_by"] = coder_uuid
    moved = update(table).where(table.c.id == 1).values(values).returning(*table.c).cte("moved")
    info = aliased(ProjectInfo, moved)
    if coder_uuid is None:
        return session.scalars(select(info)).one(), None
    found = session.execute(
        select(info, Coder).select_from(moved).outerjoin(Coder, Coder.uuid == coder_uuid)
    ).one()
    return found[0], found[1]
