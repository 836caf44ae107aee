"""Shared plumbing of the services: lookups by uuid with clear errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.db.lookup import get_row as get_row  # the services' lookup, by uuid
from workbench.core.errors import ValidationError
from workbench.core.text.controls import refuse_controls

if TYPE_CHECKING:
    from workbench.core.project import Project


class Service:
    """A group of related operations on one project."""

    def __init__(self, project: Project) -> None:
        self.project = project


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
