"""Rows by uuid, with an error that names what was looked for (services and features alike)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import TRACKED_MODELS, Tracked
from workbench.core.errors import NotFoundError

T = TypeVar("T", bound=Tracked)
_CHUNK = 500  # uuids per IN (…): well under SQLite's limit on parameters


def get_row(session: Session, model: type[T], uuid: str, what: str) -> T:
    """The row with this uuid, or NotFoundError naming what was looked for."""
    row = session.scalar(select(model).where(model.uuid == uuid))
    if row is None:
        raise NotFoundError(f"No {what} with id {uuid} in this project.")
    return row


def ids_by_uuid(session: Session, kind: str, uuids: Iterable[object]) -> dict[str, int]:
    """uuid → database id of the rows of one kind (a key of TRACKED_MODELS) with these uuids;
    what is not a string, or names no such row, is left out."""
    model = TRACKED_MODELS[kind]
    wanted = sorted({u for u in uuids if isinstance(u, str)})
    out: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(model.uuid, model.id).where(model.uuid.in_(wanted[i : i + _CHUNK]))
        out.update((row.uuid, row.id) for row in session.execute(query))
    return out
