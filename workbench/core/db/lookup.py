"""Rows by uuid, with an error that names what was looked for (services and features alike)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Tracked
from workbench.core.errors import NotFoundError

T = TypeVar("T", bound=Tracked)


def get_row(session: Session, model: type[T], uuid: str, what: str) -> T:
    """The row with this uuid, or NotFoundError naming what was looked for."""
    row = session.scalar(select(model).where(model.uuid == uuid))
    if row is None:
        raise NotFoundError(f"No {what} with id {uuid} in this project.")
    return row
