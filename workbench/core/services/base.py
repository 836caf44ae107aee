"""Shared plumbing of the services: lookups by uuid with clear errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.db.lookup import get_row as get_row  # the services' lookup, by uuid
from workbench.core.text.controls import clean_name as clean_name

if TYPE_CHECKING:
    from workbench.core.project import Project


class Service:
    """A group of related operations on one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
