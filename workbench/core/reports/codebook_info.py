"""Facts about the codebook as a document: its version hash, last change, and change history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from workbench.core.db.project_rows import audit_rows, last_audit_at, project_row
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project

_VERBS = {
    "create": "added",
    "rename": "renamed",
    "move": "moved",
    "merge": "merged",
    "split": "split",
    "define": "definition edited",
    "recolor": "recoloured",
    "delete": "deleted",
    "import": "codebook imported",
    "restore": "restored (undo)",
}
COLLAPSE_RUN = 4


def codebook_hash(forest: Sequence[CodeNode]) -> str:
    """SHA-256 over the codebook's content: names, hierarchy, order and definition fields.

    Colours, uuids, counts and dates are left out, so the same codebook imported into another
    project (or recoloured) gives the same hash, while any renamed, moved, added, removed or
    redefined code changes it."""
    rows = [
        [node.depth, node.name, node.description, node.inclusion, node.exclusion, node.example]
        for root in forest
        for node in root.walk()
    ]
    canonical = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_hash(full: str) -> str:
    """The first 12 hex digits in groups of four (``3f2a-9c1b-7d04``)."""
    return "-".join(full[i : i + 4] for i in range(0, 12, 4))


def last_codebook_change(project: Project) -> datetime | None:
    """When the codebook last changed (not when it was exported)."""
    with project.read() as s:
        stamp: datetime | None = project_row(s).codebook_changed_at
        return stamp if stamp is not None else last_audit_at(s, "code")


@dataclass(frozen=True)
class CodebookChange:
    """One change to the codebook, or a run of ``count`` alike changes on one day by one coder."""

    at: datetime
    coder: str
    action: str
    summary: str
    count: int = 1

    @property
    def label(self) -> str:
        return _VERBS.get(self.action, self.action)


def codebook_changes(
    project: Project, *, codes: Collection[str] | None = None
) -> list[CodebookChange]:
    """The audit log's codebook entries, oldest first; runs of more than ``COLLAPSE_RUN`` alike
    entries (same day, coder and action) become one. ``codes`` (uuids) keeps only entries about
    those codes."""
    with project.read() as s:
        rows = audit_rows(s, "code")
    wanted = set(codes) if codes is not None else None
    entries = [
        CodebookChange(r[0], r[1], r[2], r[3])
        for r in rows
        if wanted is None or (r[4] is not None and r[4] in wanted)
    ]
    out: list[CodebookChange] = []
    index = 0
    while index < len(entries):
        first = entries[index]
        end = index + 1
        while end < len(entries) and _alike(entries[end], first):
            end += 1
        run = entries[index:end]
        if len(run) > COLLAPSE_RUN:
            out.append(
                CodebookChange(
                    first.at,
                    first.coder,
                    first.action,
                    f"{len(run)} changes — first: {first.summary}; last: {run[-1].summary}",
                    len(run),
                )
            )
        else:
            out.extend(run)
        index = end
    return out


def _alike(a: CodebookChange, b: CodebookChange) -> bool:
    return a.action == b.action and a.coder == b.coder and a.at.date() == b.at.date()
