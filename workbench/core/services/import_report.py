"""What an import of several files reports, file by file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from workbench.core.changes import Changes
from workbench.core.errors import ValidationError

ImportStatus = Literal["imported", "duplicate", "failed"]


class DuplicateSourceError(ValidationError):
    """The same text (by sha256) is already in the project."""

    def __init__(self, name: str, existing: str) -> None:
        self.existing = existing
        super().__init__(f"{name}: the same text is already in the project as {existing!r}.")


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: ImportStatus
    message: str = ""
    source_uuid: str | None = None
    name: str = ""


@dataclass(frozen=True)
class ImportReport:
    """Each file's outcome, and the Changes of the files imported (one transaction)."""

    outcomes: tuple[ImportOutcome, ...] = field(default_factory=tuple)
    changes: Changes = field(default_factory=lambda: Changes(frozenset()), compare=False)

    def by_status(self, status: ImportStatus) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported(self) -> list[ImportOutcome]:
        return self.by_status("imported")

    @property
    def problems(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status != "imported"]
