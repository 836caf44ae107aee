"""Version-checked undo: a snapshot is restored only while its rows are as the step left them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.changes import Snapshot
from workbench.core.db.models import TRACKED_MODELS, Coder, Tombstone
from workbench.core.errors import UndoRefusedError

_CHUNK = 500


def refuse_changed(session: Session, snapshot: Snapshot) -> None:
    """Raise UndoRefusedError unless every row ``snapshot`` expects carries the version the
    step left on it (a row the step deleted: its tombstone is still that step's)."""
    if not snapshot.expects:
        return
    kinds = {r.uuid: r.kind for r in snapshot.rows} | {u: k for k, u in snapshot.created}
    labels = {r.uuid: _label(r.values) for r in snapshot.rows}
    by_kind: dict[str, list[str]] = {}
    for row_uuid in snapshot.expects:
        if row_uuid in kinds:
            by_kind.setdefault(kinds[row_uuid], []).append(row_uuid)
    missing: list[str] = []
    for kind, uuids in by_kind.items():
        model: Any = TRACKED_MODELS[kind]
        for chunk in _chunks(uuids):
            query = select(model).where(model.uuid.in_(chunk))
            rows = {row.uuid: row for row in session.scalars(query)}
            for row_uuid in chunk:
                row = rows.get(row_uuid)
                if row is None:
                    missing.append(row_uuid)
                elif row.version != snapshot.expects[row_uuid]:
                    what = _label({"name": getattr(row, "name", None)}) or labels.get(row_uuid)
                    _refuse(session, kind, what, "changed", row.modified_by, row.modified_at)
    for chunk in _chunks(missing):
        tombs = {
            t.uuid: t for t in session.scalars(select(Tombstone).where(Tombstone.uuid.in_(chunk)))
        }
        for row_uuid in chunk:
            tomb = tombs.get(row_uuid)
            if tomb is None or tomb.version != snapshot.expects[row_uuid]:
                by, at = (tomb.deleted_by, tomb.deleted_at) if tomb else (None, None)
                _refuse(session, kinds[row_uuid], labels.get(row_uuid), "deleted", by, at)


def _refuse(
    session: Session,
    kind: str,
    label: str | None,
    done: str,
    by: str | None,
    at: datetime | None,
) -> None:
    what = f"The {kind.replace('_', ' ')}" + (f" {label!r}" if label else "")
    name = session.scalar(select(Coder.name).where(Coder.uuid == by)) if by else None
    when = f" at {at:%Y-%m-%d %H:%M}" if at is not None else ""
    who = f" (by {name}{when})" if name else ""
    raise UndoRefusedError(
        f"{what} was {done} after this step{who}; undo refused, nothing was changed."
    )


def _label(values: Any) -> str | None:
    for key in ("name", "title"):
        value = values.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
