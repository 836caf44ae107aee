"""What a merge will do or did: plain frozen values for the merge-review dialog and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from workbench.core.changes import Changes

Choice = Literal["mine", "theirs"]
ConflictKind = Literal[
    "code_placement",
    "definition",
    "deleted_used",
    "attribute_value",
    "text",
    "edited_both",
    "deleted_edited",
    "edited_deleted",
    "span_text",
]

CONFLICT_TITLES: dict[str, str] = {
    "code_placement": "renamed or moved differently in the two copies",
    "definition": "definition edited in both copies",
    "deleted_used": "deleted in one copy, used in the other",
    "attribute_value": "attribute value differs",
    "text": "text corrected differently in both copies",
    "edited_both": "edited in both copies",
    "deleted_edited": "deleted in this project, edited in the other copy",
    "edited_deleted": "edited in this project, deleted in the other copy",
    "span_text": "its text was corrected and it cannot be moved exactly",
}


@dataclass(frozen=True)
class MergeConflict:
    """One item the two copies disagree on; ``choice`` is what the merge does (or did) with it.

    ``key`` is stable between a preview and the merge itself: pass ``{key: "mine"|"theirs"}``
    back as the choices."""

    key: str
    kind: ConflictKind
    entity: str
    uuid: str
    label: str
    mine: str
    theirs: str
    choice: Choice
    if_mine: str = ""
    if_theirs: str = ""

    @property
    def title(self) -> str:
        return CONFLICT_TITLES[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "entity": self.entity,
            "uuid": self.uuid,
            "label": self.label,
            "title": self.title,
            "mine": self.mine,
            "theirs": self.theirs,
            "choice": self.choice,
            "if_mine": self.if_mine,
            "if_theirs": self.if_theirs,
        }


@dataclass(frozen=True)
class MergeReport:
    """Counts by kind of row of what the merge adds, changes and deletes in this project, the
    conflicts with the choice taken for each, and notes (e.g. that there was no common base)."""

    other_path: str
    other_name: str
    base: str | None
    added: Mapping[str, int] = field(default_factory=dict)
    changed: Mapping[str, int] = field(default_factory=dict)
    deleted: Mapping[str, int] = field(default_factory=dict)
    conflicts: tuple[MergeConflict, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def union(self) -> bool:
        """True if the copies share no known base, so the merge only adds (a union)."""
        return self.base is None

    @property
    def total_changes(self) -> int:
        return sum(self.added.values()) + sum(self.changed.values()) + sum(self.deleted.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "other": self.other_path,
            "other_name": self.other_name,
            "base": self.base,
            "union": self.union,
            "added": dict(self.added),
            "changed": dict(self.changed),
            "deleted": dict(self.deleted),
            "total_changes": self.total_changes,
            "conflicts": [c.to_json() for c in self.conflicts],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class MergePlan:
    """A preview of merging one copy: show ``report``, then pass the plan and the choices to
    ``apply_merge``. ``mine_revision``/``theirs_revision`` detect changes since the preview."""

    other: Path
    report: MergeReport
    mine_revision: int
    theirs_revision: int

    @property
    def conflicts(self) -> tuple[MergeConflict, ...]:
        return self.report.conflicts


@dataclass(frozen=True)
class MergeOutcome:
    """A merge that was applied: its report (with the choices taken), the Changes (empty
    when nothing had to change), the backup written before it and the project revision right
    after it (both None when nothing had to change). ``undo_merge`` uses the last two while
    the project has not changed since."""

    report: MergeReport
    changes: Changes
    backup: Path | None
    revision: int | None = None
