"""Settling references after a merge decided each row: a row may point at one the other side
deleted, or that a choice left out. A row the other copy added or changed that uses a row deleted
here (or the reverse) is a ``deleted_used`` conflict; rows kept or restored by a choice bring
back what the same deletion took with them."""

from __future__ import annotations

from typing import Any, Protocol

from workbench.core.teamwork.merge_base import CommonBase
from workbench.core.teamwork.merge_conflicts import ConflictBook
from workbench.core.teamwork.merge_fixups import MergeState
from workbench.core.teamwork.merge_report import Choice
from workbench.core.teamwork.rows import ORDER, ProjectRows, foreign_keys


class MergeDecisions(MergeState, Protocol):
    """What settling references reads and changes of the merge planner: its final state, the
    rows removed or pending, and the user's choices."""

    theirs: ProjectRows
    base: CommonBase | None
    book: ConflictBook
    matched: set[str]
    restored: set[str]
    removed: dict[str, str]
    removal_log: list[tuple[str, str]]
    removed_values: dict[str, dict[str, Any]]
    pending: dict[str, tuple[str, dict[str, Any]]]

    def choose(self, key: str) -> Choice: ...

    def theirs_has(self, kind: str, uuid: str) -> bool: ...

    def restore(self, uuid: str, kind: str, values: dict[str, Any]) -> None: ...

    def unremove(self, kind: str, uuid: str) -> None: ...


def cascade_keep(planner: MergeDecisions, kind: str, uuid: str) -> None:
    """A row kept although the other copy deleted it keeps what that same deletion took
    with it there (a source's codings, a coding's memos…)."""
    tomb = planner.theirs.tombstones.get(uuid)
    if tomb is None:
        return
    stack = [(kind, uuid)]
    while stack:
        parent_kind, parent = stack.pop()
        for other, cause in list(planner.removed.items()):
            other_tomb = planner.theirs.tombstones.get(other)
            if cause != "theirs" or other_tomb is None or other_tomb[1] != tomb[1]:
                continue
            other_kind = other_tomb[0]
            values = planner.removed_values.get(other, {})
            if any(
                values.get(a) == parent
                for a, t in foreign_keys(other_kind).items()
                if t == parent_kind
            ):
                planner.unremove(other_kind, other)
                stack.append((other_kind, other))


def cascade_restore(planner: MergeDecisions, kind: str, uuid: str) -> None:
    """A row restored from the other copy brings back what this project deleted with it
    (in the same change), as the other copy still has it."""
    tomb = planner.mine.tombstones.get(uuid)
    if tomb is None:
        return
    stack = [(kind, uuid)]
    while stack:
        parent_kind, parent = stack.pop()
        for other, (other_kind, values) in list(planner.pending.items()):
            other_tomb = planner.mine.tombstones.get(other)
            if other_tomb is None or other_tomb[1] != tomb[1]:
                continue
            if any(
                values.get(a) == parent
                for a, t in foreign_keys(other_kind).items()
                if t == parent_kind
            ):
                planner.restore(other, other_kind, values)
                stack.append((other_kind, other))


def resolve_references(planner: MergeDecisions) -> None:
    """Settle every reference to a row that is not in the final state. Only rows the merge
    changed, and rows of kinds that point at a kind with removed rows, need a look."""
    seen = 0
    while True:
        removed: dict[str, list[str]] = {}
        for kind, uuid in planner.removal_log[seen:]:
            removed.setdefault(kind, []).append(uuid)
        for kind, uuids in removed.items():  # rows of this project not read yet may use them
            planner.reader.load_referrers(kind, [u for u in uuids if u in planner.mine.rows[kind]])
        removed_kinds = set(removed)
        seen = len(planner.removal_log)
        changed_any = False
        for kind in ORDER:
            fks = foreign_keys(kind)
            if not fks:
                continue
            final = planner.final[kind]
            if removed_kinds & set(fks.values()):
                candidates: list[str] = list(final)
            else:
                candidates = planner.changed_rows(kind)
            for uuid in candidates:
                values = final.get(uuid)
                if values is None:
                    continue
                for attr, target in fks.items():
                    ref = values.get(attr)
                    if ref is not None and ref not in planner.final[target]:
                        _missing(planner, kind, uuid, attr, target, ref)
                        changed_any = True
                        break
        if not changed_any:
            return


def _missing(
    planner: MergeDecisions, kind: str, uuid: str, attr: str, target: str, ref: str
) -> None:
    """Row ``uuid`` points at ``ref``, which is not in the final state."""
    own = planner.mine.rows[kind].get(uuid)
    values = planner.final[kind][uuid]
    if own is None or own.values.get(attr) != ref:  # the reference came from the other copy
        if ref in planner.pending:
            ref_kind, ref_values = planner.pending[ref]
            if uuid in planner.restored or planner.base is None:
                if planner.base is None:
                    planner.notes["union_restored_for_use"] += 1
                planner.restore(ref, ref_kind, ref_values)
                return
            key = planner.book.deletion_conflict("deleted_used", ref_kind, ref, ref_values)
            planner.book.add_user(key, kind, "theirs")
            if planner.choose(key) == "theirs":
                planner.restore(ref, ref_kind, ref_values)
                cascade_restore(planner, ref_kind, ref)
                return
            cause = key
        else:
            cause = planner.removed.get(ref, "missing")
        previous = None if own is None else own.values.get(attr)
        if previous is not None and previous in planner.final[target]:
            values[attr] = previous  # keep this project's reference instead
            planner.touched.add(uuid)
            planner.book.note_consequence(cause, kind)
        else:
            planner.remove(kind, uuid, cause)
        return
    cause = planner.removed.get(ref, "missing")
    if cause == "theirs":
        mine_added = uuid not in planner.matched and not planner.theirs_has(kind, uuid)
        base = planner.base
        changed = base is not None and base.mine_changed(uuid, own.version)
        if mine_added or changed:
            key = planner.book.deletion_conflict(
                "deleted_used", target, ref, planner.removed_values[ref]
            )
            planner.book.add_user(key, kind, "mine")
            if planner.choose(key) == "mine":
                planner.unremove(target, ref)
                cascade_keep(planner, target, ref)
                return
            cause = key
        else:
            planner.notes["cascade"] += 1
    planner.remove(kind, uuid, cause)
