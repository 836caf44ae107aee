"""The first statement of a write on a server: lock the project row, move its revision on and
read the writer's coder, in one round trip (each statement costs a coder a round trip and a
pass through row-level security)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, select, update
from sqlalchemy.orm import Session, aliased

from workbench.core.db.models import Coder, ProjectInfo


def _statements() -> tuple[Select[Any], Select[Any]]:
    """Built once (each write only binds its values): without a coder, and with the coder of
    ``coder_uuid``, who is stamped as the project's last modifier."""
    table = cast(Table, ProjectInfo.__table__)
    out = []
    for stamped in (False, True):
        values: dict[str, object] = {
            "revision": table.c.revision + 1,
            "modified_at": bindparam("now"),
        }
        if stamped:
            values["modified_by"] = bindparam("coder_uuid")
        moved = update(table).where(table.c.id == 1).values(values).returning(*table.c).cte("moved")
        info = aliased(ProjectInfo, moved)
        query = select(info).select_from(moved)
        if stamped:
            query = query.add_columns(Coder).outerjoin(Coder, Coder.uuid == bindparam("coder_uuid"))
        out.append(query)
    return out[0], out[1]


_ALONE, _WITH_CODER = _statements()


def start_write(
    session: Session, *, now: datetime, coder_uuid: str | None
) -> tuple[ProjectInfo, Coder | None]:
    """The project row, locked until commit, its revision already moved on by one and
    stamped modified at ``now`` (by ``coder_uuid`` when given); with the coder of that uuid
    (None when not given or not made yet). An UPDATE locks the row as ``FOR UPDATE`` does, so
    revisions still follow commit order."""
    if coder_uuid is None:
        return session.scalars(_ALONE, {"now": now}).one(), None
    found = session.execute(_WITH_CODER, {"now": now, "coder_uuid": coder_uuid}).one()
    return found[0], found[1]
