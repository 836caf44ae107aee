"""Undo and redo: bringing rows back to a snapshot inside one write transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.changes import RowSnapshot, Snapshot, TextPatch
from workbench.core.db.models import TRACKED_MODELS, Annotation, Code, Coding, Source, Tracked
from workbench.core.db.span_rows import park_ranges
from workbench.core.db.transaction import (
    RESTORE_ORDER,
    WriteTx,
    attr_names,
    foreign_keys,
)
from workbench.core.db.undo_check import refuse_changed
from workbench.core.errors import UndoRefusedError


def restore_rows(tx: WriteTx, snapshot: Snapshot) -> None:
    """Bring rows back to a snapshot: reset or re-create its rows, then delete what the
    change created. Rows and foreign keys are looked up in bulk (an undo may touch 100k rows).
    Refused (UndoRefusedError) if a row was changed since the snapshot's step wrote it."""
    refuse_changed(tx.session, snapshot)
    order = {kind: i for i, kind in enumerate(RESTORE_ORDER)}
    ids = _IdCache(tx.session)
    rows = _parents_first(sorted(snapshot.rows, key=lambda r: order[r.kind]))
    existing = _rows_by_uuid(tx.session, [(r.kind, r.uuid) for r in rows])
    for kind in {r.kind for r in rows}:
        model = TRACKED_MODELS[kind]
        for column, target in foreign_keys(model).items():
            attr = attr_names(model)[column]
            ids.prefetch(target, [r.values.get(attr) for r in rows if r.kind == kind])
    park_ranges(tx, _moving_spans(rows, existing))
    _park_moving_codes(tx, rows, existing, ids)
    for snap in rows:
        model = TRACKED_MODELS[snap.kind]
        fks = foreign_keys(model)
        columns = {a: c for c, a in attr_names(model).items()}
        values: dict[str, Any] = {}
        for attr, value in snap.values.items():
            column = columns[attr]
            if column in fks and value is not None:
                value = ids.get(fks[column], value)
            values[attr] = value
        for stamp in ("uuid", "modified_at", "modified_by", "version"):
            values.pop(stamp, None)
        row = existing.get((snap.kind, snap.uuid))
        patch = values.get("text")
        if isinstance(patch, TextPatch):  # a source's text, kept as edits back from the current
            values["text"] = _patched(tx, row, patch)
        if row is None:
            created = tx.add(model, uuid=snap.uuid, **values)
            ids.remember(model, snap.uuid, created.id)
        else:
            tx.touch(row)
            for attr, value in values.items():
                setattr(row, attr, value)
            if snap.kind == "code":  # a child's parent must be in place before the child
                tx.session.flush()
    tx.session.flush()
    # Rows the change created go last: restored rows may still have pointed at them. Newest
    # first within a kind, so a sub-code created after its parent is deleted before it.
    doomed = sorted(reversed(snapshot.created), key=lambda c: -order[c[0]])
    found = _rows_by_uuid(tx.session, doomed)
    for kind, row_uuid in doomed:
        created_row = found.get((kind, row_uuid))
        if created_row is not None:
            tx.delete(created_row)


def _patched(tx: WriteTx, row: Tracked | None, patch: TextPatch) -> str:
    """The text ``patch`` leads back to from ``row``'s; its inverse is the redo's."""
    try:
        if not isinstance(row, Source):
            raise ValueError("the source is gone")
        text = patch.apply(row.text)
    except ValueError:
        raise UndoRefusedError(
            f"The text of {getattr(row, 'name', 'a deleted source')!r} is not as this step "
            "left it; undo refused, nothing was changed."
        ) from None
    tx.text_inverses[row.uuid] = patch.inverse()
    return text


def _park_moving_codes(
    tx: WriteTx,
    rows: list[RowSnapshot],
    existing: dict[tuple[str, str], Tracked],
    ids: _IdCache,
) -> None:
    """Codes whose place (parent or name) the restore changes give up their name first (for
    their uuid, which no code is called), so a code brought back never meets a sibling of the
    same name that is about to move away or be renamed."""
    parked = False
    for snap in rows:
        row = existing.get((snap.kind, snap.uuid))
        if not isinstance(row, Code):
            continue
        parent = snap.values.get("parent_id")  # a snapshot names rows by uuid
        wanted = ids.get(Code, parent) if parent is not None else None
        if (row.parent_id, row.name) != (wanted, snap.values.get("name")):
            tx.touch(row)
            row.name = row.uuid
            parked = True
    if parked:
        tx.session.flush()


def _moving_spans(
    rows: list[RowSnapshot], existing: dict[tuple[str, str], Tracked]
) -> list[Coding | Annotation]:
    """The codings and annotations whose range the restore changes."""
    out: list[Coding | Annotation] = []
    for snap in rows:
        row = existing.get((snap.kind, snap.uuid))
        if not isinstance(row, Coding | Annotation):
            continue
        if (row.start, row.end) != (snap.values.get("start"), snap.values.get("end")):
            out.append(row)
    return out


class _IdCache:
    """uuid → row id for foreign keys, fetched in bulk, asked one by one when missing."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[tuple[type[Tracked], str], int | None] = {}

    def prefetch(self, model: type[Tracked], uuids: list[Any]) -> None:
        wanted = sorted({u for u in uuids if isinstance(u, str)} - {u for _, u in self.ids})
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = select(model.uuid, model.id).where(model.uuid.in_(chunk))
            for row_uuid, row_id in self.session.execute(query):
                self.ids[(model, row_uuid)] = row_id

    def remember(self, model: type[Tracked], row_uuid: str, row_id: int) -> None:
        self.ids[(model, row_uuid)] = row_id

    def get(self, model: type[Tracked], row_uuid: str) -> int | None:
        key = (model, row_uuid)
        if key not in self.ids:
            query = select(model.id).where(model.uuid == row_uuid)
            self.ids[key] = self.session.scalar(query)
        return self.ids[key]


_CHUNK = 500


def _rows_by_uuid(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Tracked]:
    """The rows for (kind, uuid) pairs that exist, loaded a chunk at a time."""
    by_kind: dict[str, list[str]] = {}
    for kind, row_uuid in keys:
        by_kind.setdefault(kind, []).append(row_uuid)
    out: dict[tuple[str, str], Tracked] = {}
    for kind, uuids in by_kind.items():
        model = TRACKED_MODELS[kind]
        for start in range(0, len(uuids), _CHUNK):
            chunk = uuids[start : start + _CHUNK]
            query = select(model).where(model.uuid.in_(chunk))
            for row in session.scalars(query):
                out[(kind, row.uuid)] = row
    return out


def _parents_first(rows: list[RowSnapshot]) -> list[RowSnapshot]:
    """Order code rows so a parent being restored comes before its children."""
    pending = {r.uuid: r for r in rows if r.kind == "code"}
    placed: list[RowSnapshot] = []
    seen: set[str] = set()

    def place(snap: RowSnapshot) -> None:
        if snap.uuid in seen:
            return
        seen.add(snap.uuid)
        parent = snap.values.get("parent_id")
        if parent in pending:
            place(pending[parent])
        placed.append(snap)

    for snap in pending.values():
        place(snap)
    out: list[RowSnapshot] = []
    for snap in rows:
        if snap.kind == "code":
            if placed:
                out.extend(placed)
                placed = []
        else:
            out.append(snap)
    return out
