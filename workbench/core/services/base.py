"""Shared plumbing of the services: lookups by uuid with clear errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Tracked
from workbench.core.errors import NotFoundError
from workbench.core.text.controls import clean_name as clean_name

if TYPE_CHECKING:
    from workbench.core.project import Project

T = TypeVar("T", bound=Tracked)


class Service:
    """A group of related operations on one project."""

    def __init__(self, project: Project) -> None:
        self.project = project


def get_row(session: Session, model: type[T], uuid: str, what: str) -> T:
    """The row with this uuid, or NotFoundError naming what was looked for."""
    row = session.scalar(select(model).where(model.uuid == uuid))
    if row is None:
        raise NotFoundError(f"No {what} with id {uuid} in this project.")
    return row
