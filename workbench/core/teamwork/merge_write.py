"""Writing a planned merge into this project, inside one write transaction: what to write and
in which order (``db.row_copy`` writes it)."""

from __future__ import annotations

from workbench.core.db import row_copy
from workbench.core.db.dialect import defer_foreign_keys
from workbench.core.db.lookup import ids_by_uuid
from workbench.core.db.transaction import WriteTx
from workbench.core.teamwork.merge_plan import MergePlanner
from workbench.core.teamwork.rows import (
    NAMED_KINDS,
    ORDER,
    UNIQUE_KEYS,
    compared_attrs,
    foreign_keys,
)


def differs(planner: MergePlanner, kind: str, uuid: str) -> bool:
    """True if the final values of a row of this project differ from what is stored."""
    final = planner.final[kind][uuid]
    stored = planner.mine.rows[kind][uuid].values
    return "text" in final or any(final.get(a) != stored.get(a) for a in compared_attrs(kind))


def write_final(tx: WriteTx, planner: MergePlanner) -> None:
    """Make the project's rows equal to ``planner.final``: delete, rename, insert, update."""
    defer_foreign_keys(tx.session)
    ids = _ids(tx, planner)
    mine = planner.mine.rows
    for kind in reversed(ORDER):
        gone = [u for u in planner.removed if u in mine[kind] and u not in planner.final[kind]]
        row_copy.delete_rows(tx, kind, gone)
    for kind in ORDER:
        final = planner.final[kind]
        candidates = planner.changed_rows(kind)
        inserts = [u for u in candidates if u not in mine[kind]]
        updates = [u for u in candidates if u in mine[kind] and differs(planner, kind, u)]
        if kind in NAMED_KINDS:
            keys = [a for attrs in UNIQUE_KEYS[kind] for a in attrs]
            moving = [
                u
                for u in updates
                if any(final[u].get(a) != mine[kind][u].values.get(a) for a in keys)
            ]
            row_copy.park_names(tx, kind, moving)
            _insert(tx, planner, kind, inserts, ids)
            row_copy.update_rows(tx, kind, updates, final, ids)
        else:
            row_copy.update_rows(tx, kind, updates, final, ids)
            _insert(tx, planner, kind, inserts, ids)


def _ids(tx: WriteTx, planner: MergePlanner) -> row_copy.Ids:
    """The database ids of the rows the written rows point at (inserted rows add theirs)."""
    wanted: dict[str, set[str]] = {kind: set() for kind in ORDER}
    for kind in ORDER:
        final = planner.final[kind]
        for uuid in planner.changed_rows(kind):
            for attr, target in foreign_keys(kind).items():
                ref = final[uuid].get(attr)
                if ref is not None:
                    wanted[target].add(ref)
    return {kind: ids_by_uuid(tx.session, kind, uuids) for kind, uuids in wanted.items()}


def _insert(
    tx: WriteTx, planner: MergePlanner, kind: str, uuids: list[str], ids: row_copy.Ids
) -> None:
    if kind == "code":
        uuids = _parents_first(planner, uuids)
    row_copy.insert_rows(tx, kind, uuids, planner.final[kind], ids, planner.created_at)


def _parents_first(planner: MergePlanner, uuids: list[str]) -> list[str]:
    pending = set(uuids)
    out: list[str] = []

    def place(uuid: str) -> None:
        chain = []
        current: str | None = uuid
        while current is not None and current in pending:
            pending.discard(current)
            chain.append(current)
            current = planner.final["code"][current].get("parent_id")
        out.extend(reversed(chain))

    for uuid in uuids:
        place(uuid)
    return out


def tombstone_skipped(tx: WriteTx, planner: MergePlanner) -> None:
    """Rows of the other copy left out by a choice get a tombstone here, so merging the same
    copy again does not offer them as new."""
    row_copy.add_tombstones(tx, planner.skipped())


def diverged(planner: MergePlanner) -> set[str]:
    """Rows of this project (by uuid) that, after the merge, differ from the other copy."""
    out: set[str] = set()
    for kind in ORDER:
        attrs = compared_attrs(kind)
        final = planner.final[kind]
        for row in planner.processed[kind]:
            uuid = row.uuid
            mine_uuid = planner.idmap.get(uuid, uuid)
            values = final.get(mine_uuid)
            if values is None:
                out.add(mine_uuid)
                continue
            theirs = planner.translate(kind, row)
            if any(values.get(a) != theirs.get(a) for a in attrs):
                out.add(mine_uuid)
    return out


def record_base(tx: WriteTx, planner: MergePlanner, how: str = "merge") -> None:
    """Remember the point this project and the other copy now agree on."""
    row_copy.record_merge_base(
        tx,
        other_file_id=planner.theirs.file_id,
        other_revision=planner.theirs.revision,
        how=how,
        diverged=diverged(planner),
    )
