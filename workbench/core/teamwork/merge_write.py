"""Writing a planned merge into this project, inside one write transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from workbench.core.db.dialect import defer_foreign_keys
from workbench.core.db.models import (
    TRACKED_MODELS,
    Annotation,
    Coding,
    MergeBase,
    Tombstone,
    Tracked,
)
from workbench.core.db.span_rows import park_ranges
from workbench.core.db.transaction import WriteTx
from workbench.core.teamwork.merge_plan import SPAN_KINDS, MergePlanner
from workbench.core.teamwork.rows import (
    NAMED_KINDS,
    ORDER,
    UNIQUE_KEYS,
    compared_attrs,
    foreign_keys,
)

_CHUNK = 500


def differs(planner: MergePlanner, kind: str, uuid: str) -> bool:
    """True if the final values of a row of this project differ from what is stored."""
    final = planner.final[kind][uuid]
    stored = planner.mine.rows[kind][uuid].values
    return "text" in final or any(final.get(a) != stored.get(a) for a in compared_attrs(kind))


def write_final(tx: WriteTx, planner: MergePlanner) -> None:
    """Make the project's rows equal to ``planner.final``: delete, rename, insert, update."""
    defer_foreign_keys(tx.session)
    ids: dict[str, dict[str, int]] = {
        kind: {u: i for u, i in tx.session.execute(select(model.uuid, model.id))}
        for kind, model in TRACKED_MODELS.items()
    }
    mine = planner.mine.rows
    for kind in reversed(ORDER):
        gone = [u for u in planner.removed if u in mine[kind] and u not in planner.final[kind]]
        for row in _rows(tx, kind, gone):
            tx.delete(row)
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
            _park_names(tx, kind, moving)
            _insert(tx, planner, kind, inserts, ids)
            _update(tx, planner, kind, updates, ids)
        else:
            _update(tx, planner, kind, updates, ids)
            _insert(tx, planner, kind, inserts, ids)


def _rows(tx: WriteTx, kind: str, uuids: list[str]) -> Iterable[Tracked]:
    model: Any = TRACKED_MODELS[kind]
    for i in range(0, len(uuids), _CHUNK):
        chunk = uuids[i : i + _CHUNK]
        yield from list(tx.session.scalars(select(model).where(model.uuid.in_(chunk))))


def _park_names(tx: WriteTx, kind: str, uuids: list[str]) -> None:
    """Give rows whose unique key changes a temporary unique name first, so that names and
    places can be swapped in any order."""
    for row in _rows(tx, kind, uuids):
        row.name = f"\x00merge {row.uuid}"  # type: ignore[attr-defined]
    tx.session.flush()


def _db_values(kind: str, values: dict[str, Any], ids: dict[str, dict[str, int]]) -> dict[str, Any]:
    out = dict(values)
    for attr, target in foreign_keys(kind).items():
        ref = out.get(attr)
        if ref is not None:
            out[attr] = ids[target][ref]
    return out


def _update(
    tx: WriteTx,
    planner: MergePlanner,
    kind: str,
    uuids: list[str],
    ids: dict[str, dict[str, int]],
) -> None:
    rows = list(_rows(tx, kind, uuids))
    if kind in SPAN_KINDS:
        final = planner.final[kind]
        spans = [r for r in rows if isinstance(r, Coding | Annotation)]
        park_ranges(
            tx,
            [
                r
                for r in spans
                if (r.start, r.end) != (final[r.uuid]["start"], final[r.uuid]["end"])
            ],
        )
    for row in rows:
        tx.touch(row)
        for attr, value in _db_values(kind, planner.final[kind][row.uuid], ids).items():
            if getattr(row, attr) != value:
                setattr(row, attr, value)
    tx.session.flush()


def _insert(
    tx: WriteTx,
    planner: MergePlanner,
    kind: str,
    uuids: list[str],
    ids: dict[str, dict[str, int]],
) -> None:
    model = TRACKED_MODELS[kind]
    if kind == "code":
        uuids = _parents_first(planner, uuids)
    added = []
    with tx.session.no_autoflush:  # one flush for the kind, not one per row
        for uuid in uuids:
            values = _db_values(kind, planner.final[kind][uuid], ids)
            created = planner.created_at.get(uuid, tx.now)
            row = tx.add(model, uuid=uuid, flush=kind == "code", created_at=created, **values)
            added.append(row)
            if kind == "code":
                ids[kind][uuid] = row.id
    tx.session.flush()
    for row in added:
        ids[kind][row.uuid] = row.id


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
    known = set(tx.session.scalars(select(Tombstone.uuid)))
    for uuid, kind in planner.skipped().items():
        if uuid in known:
            continue
        tx.session.add(
            Tombstone(
                uuid=uuid,
                kind=kind,
                version=tx.revision,
                deleted_at=tx.now,
                deleted_by=tx.coder.uuid,
            )
        )


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
    other = planner.theirs.file_id
    row = tx.session.scalar(select(MergeBase).where(MergeBase.other_file_id == other))
    if row is None:
        row = MergeBase(other_file_id=other)
        tx.session.add(row)
    row.other_revision = planner.theirs.revision
    row.own_revision = tx.revision
    row.recorded_at = tx.now
    row.how = how
    row.diverged = sorted(diverged(planner))
