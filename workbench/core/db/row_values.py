"""Rows as the frozen values ``Changes`` carries: one way for the rows a transaction wrote and
for rows a change feed reads afresh (``changes_since``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from workbench.core.changes import VALUES_CAP, ChangeKind, Changes, RowSnapshot, RowValue
from workbench.core.db.models import TRACKED_MODELS, Coder, ProjectInfo, Tombstone, Tracked

_CHUNK = 500

CHANGE_KIND: dict[str, ChangeKind] = {
    "coder": "coders",
    "source": "sources",
    "code": "codebook",
    "coding": "codings",
    "annotation": "annotations",
    "case": "cases",
    "case_link": "cases",
    "memo": "memos",
    "attribute": "attributes",
    "attribute_value": "attributes",
    "set": "sets",
    "set_member": "sets",
    "source_status": "status",
    "relation": "map",
    "map_position": "map",
    "media": "media",
    "media_coding": "media_codings",
}
"""The kind of change (what a view reloads) each kind of row belongs to."""


class _Column(NamedTuple):
    attr: str  # the ORM attribute
    key: str  # its key in RowValue.values
    target: type[Tracked] | None  # the model a foreign key points to
    name_key: str | None  # where a coder's name goes, for a foreign key to a coder


_LAYOUTS: dict[type[Tracked], tuple[str, tuple[_Column, ...]]] = {}


def _layout(model: type[Tracked]) -> tuple[str, tuple[_Column, ...]]:
    """The kind of ``model`` and the columns its values carry: all but the row id and the
    deferred ones (a source's text and metadata, which can be large)."""
    if model in _LAYOUTS:
        return _LAYOUTS[model]
    by_table = {m.__tablename__: m for m in TRACKED_MODELS.values()}  # type: ignore[attr-defined]
    kind = next(k for k, m in TRACKED_MODELS.items() if m is model)
    columns = []
    for prop in model.__mapper__.column_attrs:  # type: ignore[attr-defined]
        column = prop.columns[0]
        if column.key == "id" or prop.deferred:
            continue
        target = next((by_table[fk.column.table.name] for fk in column.foreign_keys), None)
        if target is None:
            columns.append(_Column(prop.key, prop.key, None, None))
        else:
            stem = prop.key.removesuffix("_id")
            columns.append(
                _Column(prop.key, f"{stem}_uuid", target, stem if target is Coder else None)
            )
    _LAYOUTS[model] = kind, tuple(columns)
    return _LAYOUTS[model]


def row_values(session: Session, rows: Sequence[Tracked]) -> list[RowValue]:
    """``rows`` (ORM rows of this session) as frozen values, their foreign keys as uuids
    (taken from rows the session holds, else looked up in bulk)."""
    layouts = [(row, *_layout(type(row))) for row in rows]
    wanted: dict[type[Tracked], set[int]] = {}
    for row, _kind, columns in layouts:
        for c in columns:
            if c.target is not None and (ident := getattr(row, c.attr)) is not None:
                wanted.setdefault(c.target, set()).add(ident)
    refs = _references(session, wanted)
    out = []
    for row, kind, columns in layouts:
        values: dict[str, Any] = {}
        for c in columns:
            value = getattr(row, c.attr)
            if c.target is None:
                values[c.key] = _frozen(value)
                continue
            uuid, name = refs[(c.target, value)] if value is not None else (None, None)
            values[c.key] = uuid
            if c.name_key is not None:
                values[c.name_key] = name
        out.append(RowValue(kind, row.uuid, MappingProxyType(values)))
    return out


def snapshot_value(snapshot: RowSnapshot) -> RowValue:
    """A row's undo snapshot (foreign keys already uuids) as the value of a deleted row."""
    _kind, columns = _layout(TRACKED_MODELS[snapshot.kind])
    old = snapshot.values
    values = {c.key: _frozen(old.get(c.attr)) for c in columns}
    return RowValue(snapshot.kind, snapshot.uuid, MappingProxyType(values))


def written_values(
    session: Session, wanted: Iterable[tuple[str, str]], known: Mapping[str, Tracked]
) -> list[RowValue]:
    """The values of rows given as (kind, uuid), taking the session's rows from ``known``
    and reading the others (written in bulk, without ORM rows) from the database."""
    rows: list[Tracked] = []
    missing: dict[str, list[str]] = {}
    for kind, uuid in wanted:
        row = known.get(uuid)
        if row is None:
            missing.setdefault(kind, []).append(uuid)
        else:
            rows.append(row)
    for kind, uuids in missing.items():
        model = TRACKED_MODELS[kind]
        for start in range(0, len(uuids), _CHUNK):
            rows.extend(
                session.scalars(select(model).where(model.uuid.in_(uuids[start : start + _CHUNK])))
            )
    return row_values(session, rows)


def changes_since(session: Session, revision: int) -> Changes:
    """What was committed after ``revision``, as one Changes read in ``session`` (for a view
    catching up, or a change feed). Rows written since are ``updated`` (a feed cannot tell
    new rows from changed ones); rows deleted since are ``deleted``, their ``removed`` values
    kind and uuid only. Beyond ``VALUES_CAP`` rows, ``bulk`` with uuids and kinds only."""
    now = session.scalar(select(ProjectInfo.revision).where(ProjectInfo.id == 1)) or 0
    written: list[tuple[str, str]] = []
    for kind, model in TRACKED_MODELS.items():
        query = select(model.uuid).where(model.version > revision)
        written.extend((kind, uuid) for uuid in session.scalars(query))
    gone = list(
        session.execute(select(Tombstone.kind, Tombstone.uuid).where(Tombstone.version > revision))
    )
    kinds: set[ChangeKind] = {CHANGE_KIND[kind] for kind, _ in [*written, *gone]}
    bulk = len(written) + len(gone) > VALUES_CAP
    return Changes(
        kinds=frozenset(kinds),
        updated=tuple(uuid for _, uuid in written),
        deleted=tuple(uuid for _, uuid in gone),
        rows=() if bulk else tuple(written_values(session, written, {})),
        removed=() if bulk else tuple(RowValue(k, u, MappingProxyType({})) for k, u in gone),
        bulk=bulk,
        revision=now,
    )


def _references(
    session: Session, wanted: Mapping[type[Tracked], set[int]]
) -> dict[tuple[type[Tracked], int], tuple[str, str | None]]:
    """(model, id) → (uuid, coder name or None) for the rows foreign keys point at."""
    out: dict[tuple[type[Tracked], int], tuple[str, str | None]] = {}
    for model, ids in wanted.items():
        missing = []
        for ident in ids:
            row = session.identity_map.get(identity_key(model, ident))
            if row is None:
                missing.append(ident)
            else:
                out[(model, ident)] = (row.uuid, row.name if isinstance(row, Coder) else None)
        named = model is Coder
        columns = (model.id, model.uuid, Coder.name) if named else (model.id, model.uuid)
        for start in range(0, len(missing), _CHUNK):
            query = select(*columns).where(model.id.in_(missing[start : start + _CHUNK]))
            for r in session.execute(query):
                out[(model, r[0])] = (r[1], r[2] if named else None)
    return out


def _frozen(value: Any) -> Any:
    """JSON values as tuples and read-only mappings, so a value cannot be changed in place."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    return value
