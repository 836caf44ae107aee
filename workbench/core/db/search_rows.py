"""What the search reads from the project file: the searchable rows' text, labels and revisions,
and what its filters look up (cases, attributes, coded ranges).

The search feature (``search.corpus``) folds and indexes these; the SQL stays here, beside the
models, so the feature never sees them. Every reader takes uuids in chunks the caller chose.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from workbench.core.db.models import (
    Annotation,
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coding,
    Memo,
    ProjectInfo,
    Source,
    Tombstone,
)

Row = Any  # a SQLAlchemy Row

SEARCHABLE = ("source", "memo", "annotation", "code")
"""The kinds of row the search covers, in the order ``searchable_uuids`` lists them."""

_MODELS: dict[str, Any] = {"source": Source, "memo": Memo, "annotation": Annotation, "code": Code}
_CODE_TEXTS = (Code.name, Code.description, Code.inclusion, Code.exclusion, Code.example)


def file_state(s: Session) -> Row:
    """``(file_id, revision, text_token)`` of the project file."""
    return s.execute(
        select(ProjectInfo.file_id, ProjectInfo.revision, ProjectInfo.text_token)
    ).one()


def searchable_uuids(s: Session) -> list[tuple[str, str]]:
    """Every searchable row as (kind, uuid): sources by name, then memos, annotations, codes."""
    out = [("source", u) for u in s.scalars(select(Source.uuid).order_by(Source.name))]
    out += [("memo", u) for u in s.scalars(select(Memo.uuid).order_by(Memo.created_at, Memo.id))]
    out += [("annotation", u) for u in s.scalars(select(Annotation.uuid).order_by(Annotation.id))]
    out += [("code", u) for u in s.scalars(select(Code.uuid).order_by(Code.id))]
    return out


def changed_since(s: Session, revision: int) -> set[tuple[str, str]]:
    """Searchable rows (kind, uuid) created, edited or deleted after ``revision``."""
    changed: set[tuple[str, str]] = set()
    for kind, model in _MODELS.items():
        changed.update(
            (kind, u) for u in s.scalars(select(model.uuid).where(model.version > revision))
        )
    query = select(Tombstone.kind, Tombstone.uuid).where(
        Tombstone.version > revision, Tombstone.kind.in_(SEARCHABLE)
    )
    changed.update((kind, uuid) for kind, uuid in s.execute(query))
    return changed


def text_rows(s: Session, kind: str, uuids: Sequence[str]) -> Sequence[Row]:
    """The searchable text of rows of one kind, with their version:
    source ``(uuid, version, text, meta as JSON text)``, memo ``(uuid, version, title, text)``,
    annotation ``(uuid, version, text)``, code ``(uuid, version, name, description, inclusion,
    exclusion, example)``."""
    columns: tuple[Any, ...] = {
        # The stored JSON text, parsed only if needed (a cast: psycopg would parse json itself)
        "source": (Source.text, cast(Source.meta, Text)),
        "memo": (Memo.title, Memo.text),
        "annotation": (Annotation.text,),
        "code": _CODE_TEXTS,
    }[kind]
    model = _MODELS[kind]
    return s.execute(select(model.uuid, model.version, *columns).where(model.uuid.in_(uuids))).all()


def label_rows(s: Session, kind: str, uuids: Sequence[str]) -> Sequence[Row]:
    """The stored text of rows of one kind and what names them:
    source ``(uuid, name, text)``, memo ``(uuid, title, text)``, annotation ``(uuid, text, start,
    end, source name)``, code ``(uuid, id, name, description, inclusion, exclusion, example)``."""
    if kind == "annotation":
        query = (
            select(Annotation.uuid, Annotation.text, Annotation.start, Annotation.end, Source.name)
            .join(Source, Source.id == Annotation.source_id)
            .where(Annotation.uuid.in_(uuids))
        )
        return s.execute(query).all()
    columns: tuple[Any, ...] = {
        "source": (Source.name, Source.text),
        "memo": (Memo.title, Memo.text),
        "code": (Code.id, *_CODE_TEXTS),
    }[kind]
    model = _MODELS[kind]
    return s.execute(select(model.uuid, *columns).where(model.uuid.in_(uuids))).all()


# -- what the search filters look up -------------------------------------------------------------
def source_uuids_by_id(s: Session) -> dict[int, str]:
    """Source id → uuid (from the uuid index: no source row is read)."""
    return {source_id: uuid for source_id, uuid in s.execute(select(Source.id, Source.uuid))}


def source_names_by_uuid(s: Session) -> dict[str, str]:
    """Source uuid → name."""
    return {uuid: name for uuid, name in s.execute(select(Source.uuid, Source.name))}


def case_names_by_id(s: Session) -> dict[int, str]:
    """Case id → name."""
    return {case_id: name for case_id, name in s.execute(select(Case.id, Case.name))}


def attribute_heads(s: Session) -> Sequence[Row]:
    """Every attribute as ``(id, name, scope, type)``."""
    return s.execute(select(Attribute.id, Attribute.name, Attribute.scope, Attribute.type)).all()


def attribute_value_rows(s: Session, attribute_id: int) -> Sequence[Row]:
    """One attribute's stored values as ``(value, case name or None, source_id or None)``."""
    query = (
        select(AttributeValue.value, Case.name, AttributeValue.source_id)
        .outerjoin(Case, Case.id == AttributeValue.case_id)
        .where(AttributeValue.attribute_id == attribute_id)
    )
    return s.execute(query).all()


def code_id(s: Session, uuid: str) -> int | None:
    """The database id of the code with this uuid, or None."""
    return s.scalar(select(Code.id).where(Code.uuid == uuid))


def coded_spans(s: Session, code_ids: Collection[int]) -> Sequence[Row]:
    """The codings of these codes as ``(source_id, start, end)``, by source, then start."""
    query = select(Coding.source_id, Coding.start, Coding.end).where(Coding.code_id.in_(code_ids))
    return s.execute(query.order_by(Coding.source_id, Coding.start)).all()
