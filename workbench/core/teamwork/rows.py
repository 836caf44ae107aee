"""Every tracked row of a project file as plain values, the way a merge compares them.

Foreign keys are given as the uuids of the rows they point to, so rows of two files can be
compared directly once the other file's uuids are translated to this file's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import (
    TRACKED_MODELS,
    AuditEntry,
    MergeBase,
    ProjectInfo,
    Source,
    Tombstone,
)
from workbench.core.db.transaction import RESTORE_ORDER

# Parents before children (a row's foreign keys point at kinds earlier in this list, or at
# its own kind for the code tree): the order undo restores rows in.
ORDER = tuple(RESTORE_ORDER)
_STAMPS = {"id", "uuid", "created_at", "modified_at", "modified_by", "version"}
# Columns too big to load for every source; they travel with the text (compared by sha256).
SOURCE_BULK = ("text", "meta")

FALLBACK_KEYS: dict[str, tuple[str, ...]] = {
    "coder": ("name",),
    "source": ("sha256",),
    "case": ("name",),
    "case_link": ("case_id", "source_id", "speaker"),
    "code": ("parent_id", "name"),
    "attribute": ("scope", "name"),
    "attribute_value": ("attribute_id", "case_id", "source_id"),
    "set": ("kind", "name"),
    "set_member": ("set_id", "source_id", "code_id"),
    "coding": ("source_id", "code_id", "coder_id", "start", "end"),
    "annotation": ("source_id", "coder_id", "start", "end", "text"),
    "memo": (
        "target_kind",
        "source_id",
        "code_id",
        "coding_id",
        "annotation_id",
        "case_id",
        "author_id",
        "title",
        "text",
    ),
    "source_status": ("source_id", "coder_id"),
    "relation": ("from_code_id", "to_code_id", "label"),
    "map_position": ("code_id",),
}
"""How a row is recognised when its uuid is unknown to the other file (made independently)."""

UNIQUE_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "coder": (("name",),),
    "source": (("name",),),
    "case": (("name",),),
    "case_link": (("case_id", "source_id", "speaker"),),
    "code": (("parent_id", "name"),),
    "attribute": (("scope", "name"),),
    "attribute_value": (("attribute_id", "case_id"), ("attribute_id", "source_id")),
    "set": (("kind", "name"),),
    "set_member": (("set_id", "source_id"), ("set_id", "code_id")),
    "coding": (("source_id", "code_id", "coder_id", "start", "end"),),
    "source_status": (("source_id", "coder_id"),),
    "map_position": (("code_id",),),
}
"""The schema's unique constraints, by attribute name (a key with a NULL never collides, except
a top-level code's: top-level names are unique too)."""

NULL_IN_KEY = {("code", "parent_id")}

NAMED_KINDS = {"coder", "source", "case", "code", "attribute", "set"}
"""Kinds whose unique key ends in a ``name`` that a merge may suffix to avoid a clash."""


@dataclass(slots=True)
class Row:
    """One row: the values a merge compares (foreign keys as uuids) and its change stamp."""

    kind: str
    uuid: str
    version: int
    values: dict[str, Any]


@dataclass(frozen=True)
class BaseRecord:
    """A row of ``merge_bases``."""

    other_file_id: str
    other_revision: int
    own_revision: int
    how: str
    diverged: frozenset[str]


@dataclass
class ProjectRows:
    """A project file loaded for a merge: its identity, merge bases and tombstones, and its rows
    (all of them, or only those a merge must look at: see ``load_changed``)."""

    project_uuid: str
    file_id: str
    name: str
    revision: int
    parent_file_id: str | None
    parent_revision: int | None
    bases: dict[str, BaseRecord]
    tombstones: dict[str, tuple[str, int]]
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {k: {} for k in ORDER})
    uuids: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in ORDER})
    audit: dict[int, frozenset[tuple[str, str, str]]] = field(default_factory=dict)


def foreign_keys(kind: str) -> dict[str, str]:
    """Attribute name → kind it references, for the foreign keys of one kind of row."""
    return _FKS[kind]


def compared_attrs(kind: str) -> tuple[str, ...]:
    return _ATTRS[kind]


def _build_metadata() -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, ...]]]:
    kind_of_table = {m.__tablename__: k for k, m in TRACKED_MODELS.items()}  # type: ignore[attr-defined]
    fks: dict[str, dict[str, str]] = {}
    attrs: dict[str, tuple[str, ...]] = {}
    for kind, model in TRACKED_MODELS.items():
        mapper = model.__mapper__  # type: ignore[attr-defined]
        names: list[str] = []
        kind_fks: dict[str, str] = {}
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            if column.name in _STAMPS or (kind == "source" and prop.key in SOURCE_BULK):
                continue
            names.append(prop.key)
            for fk in column.foreign_keys:
                kind_fks[prop.key] = kind_of_table[fk.column.table.name]
        fks[kind] = kind_fks
        attrs[kind] = tuple(names)
    return fks, attrs


_FKS, _ATTRS = _build_metadata()


def load_header(session: Session, *, with_audit: bool = False) -> ProjectRows:
    """The file's identity, merge bases and tombstones (and audit history if asked); no rows."""
    info = session.get_one(ProjectInfo, 1)
    bases = {
        b.other_file_id: BaseRecord(
            b.other_file_id, b.other_revision, b.own_revision, b.how, frozenset(b.diverged)
        )
        for b in session.scalars(select(MergeBase))
    }
    tombstones = {
        u: (k, v)
        for u, k, v in session.execute(select(Tombstone.uuid, Tombstone.kind, Tombstone.version))
    }
    audit: dict[int, frozenset[tuple[str, str, str]]] = {}
    if with_audit:
        grouped: dict[int, set[tuple[str, str, str]]] = {}
        for rev, at, action, entity in session.execute(
            select(AuditEntry.revision, AuditEntry.at, AuditEntry.action, AuditEntry.entity_uuid)
        ):
            grouped.setdefault(rev, set()).add((at.isoformat(), action, entity or ""))
        audit = {rev: frozenset(entries) for rev, entries in grouped.items()}
    return ProjectRows(
        project_uuid=info.uuid,
        file_id=info.file_id,
        name=info.name,
        revision=info.revision,
        parent_file_id=info.parent_file_id,
        parent_revision=info.parent_revision,
        bases=bases,
        tombstones=tombstones,
        audit=audit,
    )


def load_all(session: Session, project: ProjectRows) -> None:
    """Read every tracked row into ``project``."""
    for kind in ORDER:
        project.rows[kind] = _load_kind(session, kind, None)
        project.uuids[kind] = set(project.rows[kind])


def load_changed(session: Session, project: ProjectRows, after: int, include: set[str]) -> None:
    """Read the rows changed after revision ``after`` and those in ``include``; of the others
    only the uuids (a row unchanged on both sides since the base needs no comparison)."""
    for kind in ORDER:
        model: Any = TRACKED_MODELS[kind]
        project.uuids[kind] = set(session.scalars(select(model.uuid)))
        wanted = include & project.uuids[kind]
        rows = _load_kind(session, kind, model.__table__.c.version > after)
        missing = [u for u in wanted if u not in rows]
        for i in range(0, len(missing), _CHUNK):
            chunk = missing[i : i + _CHUNK]
            rows.update(_load_kind(session, kind, model.__table__.c.uuid.in_(chunk)))
        project.rows[kind] = rows


_CHUNK = 500


def _load_kind(session: Session, kind: str, where: Any) -> dict[str, Row]:
    """Rows of one kind, with foreign keys read as the uuids they point to (by joins)."""
    attrs = _ATTRS[kind]
    query = _QUERIES[kind]
    if where is not None:
        query = query.where(where)
    return {
        r[0]: Row(kind, r[0], r[1], dict(zip(attrs, r[2:], strict=False)))
        for r in session.execute(query).all()
    }


def _query(kind: str) -> Any:
    model: Any = TRACKED_MODELS[kind]
    table = model.__table__
    mapper = model.__mapper__
    columns: list[Any] = [table.c.uuid, table.c.version]
    joins = []
    for attr in _ATTRS[kind]:
        column = table.c[mapper.column_attrs[attr].columns[0].name]
        target = _FKS[kind].get(attr)
        if target is None:
            columns.append(column)
            continue
        other = TRACKED_MODELS[target].__table__.alias(f"fk_{attr}")  # type: ignore[attr-defined]
        columns.append(other.c.uuid)
        joins.append((other, other.c.id == column))
    selectable = table
    for other, condition in joins:
        selectable = selectable.outerjoin(other, condition)
    return select(*columns).select_from(selectable)


_QUERIES = {kind: _query(kind) for kind in ORDER}


def load_created_at(session: Session, wanted: dict[str, str]) -> dict[str, datetime]:
    """When rows (uuid → kind) were created, for rows a merge copies from the other file."""
    out: dict[str, datetime] = {}
    by_kind: dict[str, list[str]] = {}
    for uuid, kind in wanted.items():
        by_kind.setdefault(kind, []).append(uuid)
    for kind, uuids in by_kind.items():
        model: Any = TRACKED_MODELS[kind]
        for i in range(0, len(uuids), _CHUNK):
            chunk = uuids[i : i + _CHUNK]
            out.update(
                {
                    u: c
                    for u, c in session.execute(
                        select(model.uuid, model.created_at).where(model.uuid.in_(chunk))
                    )
                }
            )
    return out


def load_source_bulk(session: Session, uuid: str) -> dict[str, Any]:
    """The text and metadata of one source (not loaded with the other columns)."""
    text, meta = session.execute(select(Source.text, Source.meta).where(Source.uuid == uuid)).one()
    return {"text": text, "meta": dict(meta)}
