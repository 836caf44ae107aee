"""Every tracked row of a project file as plain values, the way a merge compares them.

Foreign keys are given as the uuids of the rows they point to, so rows of two files can be
compared directly once the other file's uuids are translated to this file's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from workbench.core.db import project_rows

# Parents before children: the order rows are compared and written in.
ORDER = project_rows.TRACKED_ORDER

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
    "media": ("source_id",),
    "media_coding": ("source_id", "code_id", "coder_id", "start_ms", "end_ms"),
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
    "media": (("source_id",),),
    "media_coding": (("source_id", "code_id", "coder_id", "start_ms", "end_ms"),),
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
    return project_rows.tracked_foreign_keys(kind)


def compared_attrs(kind: str) -> tuple[str, ...]:
    """What a merge compares of a row (a source's text travels apart, compared by sha256)."""
    return project_rows.tracked_attrs(kind)


def load_header(session: Session, *, with_audit: bool = False) -> ProjectRows:
    """The file's identity, merge bases and tombstones (and audit history if asked); no rows."""
    info = project_rows.project_row(session)
    bases = {
        b.other_file_id: BaseRecord(
            b.other_file_id, b.other_revision, b.own_revision, b.how, frozenset(b.diverged)
        )
        for b in project_rows.merge_base_rows(session)
    }
    tombstones = {u: (k, v) for u, k, v in project_rows.tombstone_rows(session)}
    audit: dict[int, frozenset[tuple[str, str, str]]] = {}
    if with_audit:
        grouped: dict[int, set[tuple[str, str, str]]] = {}
        for rev, at, action, entity in project_rows.audit_stamps(session):
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
        project.rows[kind] = _rows(kind, project_rows.tracked_rows(session, kind))
        project.uuids[kind] = set(project.rows[kind])


def load_changed(session: Session, project: ProjectRows, after: int, include: set[str]) -> None:
    """Read the rows changed after revision ``after`` and those in ``include``; of the others
    only the uuids (a row unchanged on both sides since the base needs no comparison)."""
    for kind in ORDER:
        project.uuids[kind] = project_rows.tracked_uuids(session, kind)
        wanted = include & project.uuids[kind]
        rows = _rows(kind, project_rows.tracked_rows(session, kind, after=after))
        missing = [u for u in wanted if u not in rows]
        rows.update(_rows(kind, project_rows.tracked_rows(session, kind, uuids=missing)))
        project.rows[kind] = rows


def _rows(kind: str, found: Iterable[Any]) -> dict[str, Row]:
    """Rows of one kind as a merge holds them, by uuid."""
    attrs = compared_attrs(kind)
    return {r[0]: Row(kind, r[0], r[1], dict(zip(attrs, r[2:], strict=False))) for r in found}


def load_created_at(session: Session, wanted: dict[str, str]) -> dict[str, datetime]:
    """When rows (uuid → kind) were created, for rows a merge copies from the other file."""
    out: dict[str, datetime] = {}
    by_kind: dict[str, list[str]] = {}
    for uuid, kind in wanted.items():
        by_kind.setdefault(kind, []).append(uuid)
    for kind, uuids in by_kind.items():
        out.update(project_rows.created_at(session, kind, uuids))
    return out


def load_source_bulk(session: Session, uuid: str) -> dict[str, Any]:
    """The text and metadata of one source (not loaded with the other columns)."""
    return project_rows.source_bulk(session, uuid)
