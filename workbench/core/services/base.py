"""Shared plumbing of the services: lookups by uuid with clear errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Tracked
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.text.controls import refuse_controls

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


def clean_name(name: str, what: str) -> str:
    """Strip a name (line breaks become spaces); refuse an empty or overlong one, or one with
    control characters, which break exports and terminals."""
    cleaned = " ".join(name.split()) if "\n" in name or "\r" in name else name.strip()
    if not cleaned:
        raise ValidationError(f"A {what} needs a name.")
    if len(cleaned) > 200:
        raise ValidationError(f"A {what} name may have at most 200 characters.")
    refuse_controls(cleaned, f"A {what} name")
    return cleaned
