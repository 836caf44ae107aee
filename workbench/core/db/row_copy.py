"""Writing rows given as plain values (foreign keys as uuids), column by column: how a merge
makes this project's rows equal to the merged result, inside its one ``WriteTx``.

The merge (``teamwork.merge_write``) decides what to write and in which order; this module
knows the models, the ids behind the uuids and the constraints that need care while rows move.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from workbench.core.db.models import (
    TRACKED_MODELS,
    Annotation,
    Coding,
    MergeBase,
    Tombstone,
    Tracked,
)
from workbench.core.db.project_rows import tracked_foreign_keys
from workbench.core.db.span_rows import park_ranges
from workbench.core.db.transaction import WriteTx

_CHUNK = 500

Ids = dict[str, dict[str, int]]
"""Kind → uuid → database id, kept up to date as rows are inserted."""


def _rows(tx: WriteTx, kind: str, uuids: Sequence[str]) -> Iterable[Tracked]:
    model: Any = TRACKED_MODELS[kind]
    for i in range(0, len(uuids), _CHUNK):
        chunk = uuids[i : i + _CHUNK]
        yield from list(tx.session.scalars(select(model).where(model.uuid.in_(chunk))))


def delete_rows(tx: WriteTx, kind: str, uuids: Sequence[str]) -> None:
    """Delete rows of one kind (undoably)."""
    for row in _rows(tx, kind, uuids):
        tx.delete(row)


def park_names(tx: WriteTx, kind: str, uuids: Sequence[str]) -> None:
    """Give rows whose unique key changes a temporary unique name first, so that names and
    places can be swapped in any order."""
    for row in _rows(tx, kind, uuids):
        # A control character no name keeps (names are cleaned of them); not NUL, which
        # PostgreSQL's text cannot hold.
        row.name = f"\x1fmerge {row.uuid}"  # type: ignore[attr-defined]
    tx.session.flush()


def _db_values(kind: str, values: Mapping[str, Any], ids: Ids) -> dict[str, Any]:
    out = dict(values)
    for attr, target in tracked_foreign_keys(kind).items():
        ref = out.get(attr)
        if ref is not None:
            out[attr] = ids[target][ref]
    return out


def update_rows(
    tx: WriteTx, kind: str, uuids: Sequence[str], final: Mapping[str, Mapping[str, Any]], ids: Ids
) -> None:
    """Set the rows of ``uuids`` to their ``final`` values (undoably); codings and annotations
    that move are parked first, so that ranges can be swapped in any order."""
    rows = list(_rows(tx, kind, uuids))
    spans = [r for r in rows if isinstance(r, Coding | Annotation)]
    park_ranges(
        tx,
        [r for r in spans if (r.start, r.end) != (final[r.uuid]["start"], final[r.uuid]["end"])],
    )
    for row in rows:
        tx.touch(row)
        for attr, value in _db_values(kind, final[row.uuid], ids).items():
            if getattr(row, attr) != value:
                setattr(row, attr, value)
    tx.session.flush()


def insert_rows(
    tx: WriteTx,
    kind: str,
    uuids: Sequence[str],
    final: Mapping[str, Mapping[str, Any]],
    ids: Ids,
    created_at: Mapping[str, datetime],
) -> None:
    """Insert the rows of ``uuids`` (in this order: a code's parent first) with their ``final``
    values and the creation time they had (now, when unknown)."""
    model = TRACKED_MODELS[kind]
    added = []
    with tx.session.no_autoflush:  # one flush for the kind, not one per row
        for uuid in uuids:
            values = _db_values(kind, final[uuid], ids)
            created = created_at.get(uuid, tx.now)
            row = tx.add(model, uuid=uuid, flush=kind == "code", created_at=created, **values)
            added.append(row)
            if kind == "code":
                ids[kind][uuid] = row.id
    tx.session.flush()
    for row in added:
        ids[kind][row.uuid] = row.id


def add_tombstones(tx: WriteTx, rows: Mapping[str, str]) -> None:
    """Tombstones for rows (uuid → kind) this project never had, unless they have one."""
    known = set(tx.session.scalars(select(Tombstone.uuid)))
    for uuid, kind in rows.items():
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


def base_revision(tx: WriteTx, other_file_id: str) -> int | None:
    """The other file's revision recorded at the last merge with it, if any."""
    query = select(MergeBase.other_revision).where(MergeBase.other_file_id == other_file_id)
    return tx.session.scalar(query)


def record_merge_base(
    tx: WriteTx, *, other_file_id: str, other_revision: int, how: str, diverged: Iterable[str]
) -> None:
    """Remember the point this project and the other file now agree on."""
    row = tx.session.scalar(select(MergeBase).where(MergeBase.other_file_id == other_file_id))
    if row is None:
        row = MergeBase(other_file_id=other_file_id)
        tx.session.add(row)
    row.other_revision = other_revision
    row.own_revision = tx.revision
    row.recorded_at = tx.now
    row.how = how
    row.diverged = sorted(diverged)
