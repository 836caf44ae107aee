"""Finding the version two copies of a project both started from (the base of a 3-way merge).

Every row carries the project revision of its last change and every deletion a tombstone, so a
base needs no copy of the old rows: it is a pair of revisions, one per file, up to which the two
files agreed. A row changed since the base if its version is above its file's revision, or if
the file recorded it as *diverged* (kept a value the other copy did not have) at that point.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.teamwork.rows import ProjectRows


@dataclass(frozen=True)
class CommonBase:
    """Where two files last agreed, as one revision of each, and how that was found."""

    mine_revision: int
    theirs_revision: int
    how: str
    mine_diverged: frozenset[str] = frozenset()
    theirs_diverged: frozenset[str] = frozenset()

    def mine_changed(self, uuid: str, version: int) -> bool:
        """True if this file's row (or tombstone) changed since the base."""
        return version > self.mine_revision or uuid in self.mine_diverged

    def theirs_changed(self, uuid: str, version: int) -> bool:
        """True if the other file's row (or tombstone) changed since the base."""
        return version > self.theirs_revision or uuid in self.theirs_diverged


def find_base(mine: ProjectRows, theirs: ProjectRows) -> CommonBase | None:
    """The most recent base the two files' records give, or None (then a merge is a union).

    Candidates: a merge recorded in either file, one file being a copy of the other, both being
    copies of the same file, or (for copies made by other means) their shared audit history."""
    candidates: list[CommonBase] = []
    own = mine.bases.get(theirs.file_id)
    if own is not None and mine.file_id != theirs.file_id:
        candidates.append(
            CommonBase(
                own.own_revision,
                own.other_revision,
                "copy of this project" if own.how == "copy" else "last merge of this copy",
                mine_diverged=own.diverged,
            )
        )
    other = theirs.bases.get(mine.file_id)
    if other is not None and mine.file_id != theirs.file_id:
        candidates.append(
            CommonBase(
                other.other_revision,
                other.own_revision,
                "copy of this project" if other.how == "copy" else "merge recorded in the copy",
                theirs_diverged=other.diverged,
            )
        )
    if theirs.parent_file_id == mine.file_id and theirs.parent_revision is not None:
        start = theirs.parent_revision
        candidates.append(CommonBase(start, start, "copy of this project"))
    if mine.parent_file_id == theirs.file_id and mine.parent_revision is not None:
        start = mine.parent_revision
        candidates.append(CommonBase(start, start, "this project is a copy of it"))
    if (
        mine.parent_file_id is not None
        and mine.parent_file_id == theirs.parent_file_id
        and mine.parent_revision is not None
        and theirs.parent_revision is not None
        and mine.file_id != theirs.file_id
    ):
        start = min(mine.parent_revision, theirs.parent_revision)
        candidates.append(CommonBase(start, start, "both are copies of the same project"))
    if candidates:
        return max(candidates, key=lambda c: (c.mine_revision, c.theirs_revision))
    if mine.project_uuid == theirs.project_uuid:
        return history_base(mine, theirs)
    return None


def needs_history(mine: ProjectRows, theirs: ProjectRows) -> bool:
    """True if only the audit logs can tell the base (load them with the rows)."""
    linked = (
        theirs.file_id in mine.bases
        or mine.file_id in theirs.bases
        or theirs.parent_file_id == mine.file_id
        or mine.parent_file_id == theirs.file_id
        or (mine.parent_file_id is not None and mine.parent_file_id == theirs.parent_file_id)
    )
    return mine.project_uuid == theirs.project_uuid and not (
        linked and mine.file_id != theirs.file_id
    )


def history_base(mine: ProjectRows, theirs: ProjectRows) -> CommonBase | None:
    """The last revision up to which both audit logs are identical (a copy made by other means,
    such as copying the file by hand). Revisions without audit entries end the shared history,
    so a base found this way is never later than the real one."""
    shared = 0
    revision = 1
    while True:
        a = mine.audit.get(revision)
        b = theirs.audit.get(revision)
        if a is None or b is None or a != b:
            break
        shared = revision
        revision += 1
    if shared == 0:
        return None
    return CommonBase(shared, shared, "shared history in the audit logs")
