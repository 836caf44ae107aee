"""Whole-project reads: every row of a table as plain tuples, in one stated order.

The reports' snapshot (``reports.dataset``), the REFI-QDA export (``refi.export_data``) and
inter-coder agreement read the whole project through these, inside the caller's one read
session, so each table is read one way and the readers agree on order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from workbench.core.db.models import (
    Attribute,
    AttributeValue,
    AuditEntry,
    Case,
    CaseLink,
    Code,
    Coder,
    Coding,
    ItemSet,
    Memo,
    ProjectInfo,
    SetMember,
    Source,
    SourceStatus,
)

Row = Any  # a SQLAlchemy Row: a tuple that also gives its columns by name


def project_row(s: Session) -> Row:
    """The project's own row as ``(uuid, name, modified_at, codebook_changed_at, settings)``
    (``settings`` a dict, or None when none were stored)."""
    query = select(
        ProjectInfo.uuid,
        ProjectInfo.name,
        ProjectInfo.modified_at,
        ProjectInfo.codebook_changed_at,
        ProjectInfo.settings,
    ).where(ProjectInfo.id == 1)
    return s.execute(query).one()


def audit_rows(s: Session, entity_kind: str) -> Sequence[Row]:
    """The audit log's entries about one kind of row as ``(at, coder_name, action, summary,
    entity_uuid)``, oldest first."""
    query = select(
        AuditEntry.at,
        AuditEntry.coder_name,
        AuditEntry.action,
        AuditEntry.summary,
        AuditEntry.entity_uuid,
    ).where(AuditEntry.entity_kind == entity_kind)
    return s.execute(query.order_by(AuditEntry.at, AuditEntry.id)).all()


def last_audit_at(s: Session, entity_kind: str) -> datetime | None:
    """When the audit log last recorded a change to this kind of row."""
    query = select(AuditEntry.at).where(AuditEntry.entity_kind == entity_kind)
    return s.scalar(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))


def coding_memos(s: Session) -> Sequence[Row]:
    """Every memo on a coding as ``(coding_id, title, text)``, in the order they were written."""
    query = select(Memo.coding_id, Memo.title, Memo.text).where(Memo.coding_id.is_not(None))
    return s.execute(query.order_by(Memo.created_at, Memo.id)).all()


def coder_names(s: Session) -> dict[int, str]:
    """Coder id → name."""
    return {coder_id: name for coder_id, name in s.execute(select(Coder.id, Coder.name))}


def coder_rows(s: Session) -> dict[int, Row]:
    """Coder id → ``(id, uuid, name)``."""
    return {r.id: r for r in s.execute(select(Coder.id, Coder.uuid, Coder.name)).all()}


def coding_rows(
    s: Session,
    *,
    created: bool = False,
    coders: Collection[int] | None = None,
    sources: Collection[int] | None = None,
) -> Iterable[Row]:
    """Every coding as ``(id, uuid, source_id, code_id, coder_id, start, end)`` (and
    ``created``, its creation time as stored text, when asked: parsing 200,000 datetimes would
    cost seconds), by source, then range; streamed, not held as a list. ``coders`` and
    ``sources`` (ids) keep only the codings of those."""
    columns: list[Any] = [
        Coding.id,
        Coding.uuid,
        Coding.source_id,
        Coding.code_id,
        Coding.coder_id,
        Coding.start,
        Coding.end,
    ]
    if created:
        columns.append(cast(Coding.created_at, String).label("created"))
    query = select(*columns).order_by(Coding.source_id, Coding.start, Coding.end, Coding.id)
    if coders is not None:
        query = query.where(Coding.coder_id.in_(list(coders)))
    if sources is not None:
        query = query.where(Coding.source_id.in_(list(sources)))
    return s.connection().execute(query)


def source_rows(s: Session, *columns: str) -> Sequence[Row]:
    """Every source as ``(id, uuid, name, *columns)`` (more columns by name), by name."""
    extra = [getattr(Source, name) for name in columns]
    query = select(Source.id, Source.uuid, Source.name, *extra).order_by(Source.name)
    return s.execute(query).all()


def source_text(s: Session, source_id: int) -> str:
    """One source's text, by its database id."""
    return s.scalar(select(Source.text).where(Source.id == source_id)) or ""


def source_meta(s: Session, source_id: int) -> dict[str, Any]:
    """One source's metadata (speaker turns, …), by its database id."""
    return dict(s.scalar(select(Source.meta).where(Source.id == source_id)) or {})


def done_marks(s: Session) -> Sequence[Row]:
    """Every "coded, done" mark as ``(source_id, coder_id)``."""
    query = select(SourceStatus.source_id, SourceStatus.coder_id).where(SourceStatus.done.is_(True))
    return s.execute(query).all()


def code_ids(s: Session) -> dict[str, int]:
    """Code uuid → id."""
    return {uuid: code_id for uuid, code_id in s.execute(select(Code.uuid, Code.id))}


def case_rows(s: Session) -> Sequence[Row]:
    """Every case as ``(id, uuid, name, description)``, by name."""
    query = select(Case.id, Case.uuid, Case.name, Case.description).order_by(Case.name)
    return s.execute(query).all()


def case_links(s: Session) -> Sequence[Row]:
    """Every case link as ``(case_id, source_id, speaker)``, in the order they were made."""
    query = select(CaseLink.case_id, CaseLink.source_id, CaseLink.speaker)
    return s.execute(query.order_by(CaseLink.id)).all()


def attribute_rows(s: Session) -> Sequence[Row]:
    """Every attribute as ``(id, uuid, name, scope, type, choices)``, by scope, then position."""
    query = select(
        Attribute.id,
        Attribute.uuid,
        Attribute.name,
        Attribute.scope,
        Attribute.type,
        Attribute.choices,
    ).order_by(Attribute.scope, Attribute.position, Attribute.name)
    return s.execute(query).all()


def attribute_values(s: Session) -> Sequence[Row]:
    """Every stored attribute value as ``(attribute_id, case_id, source_id, value)`` (the value
    as stored), in attribute order."""
    query = (
        select(
            AttributeValue.attribute_id,
            AttributeValue.case_id,
            AttributeValue.source_id,
            AttributeValue.value,
        )
        .join(Attribute, Attribute.id == AttributeValue.attribute_id)
        .order_by(Attribute.position, Attribute.name)
    )
    return s.execute(query).all()


def set_rows(s: Session) -> Sequence[Row]:
    """Every set as ``(id, uuid, name, kind)``, by kind, then name."""
    query = select(ItemSet.id, ItemSet.uuid, ItemSet.name, ItemSet.kind)
    return s.execute(query.order_by(ItemSet.kind, ItemSet.name)).all()


def set_members(s: Session) -> Sequence[Row]:
    """Every set member as ``(set_id, source_id, code_id)``, in the order they were added."""
    query = select(SetMember.set_id, SetMember.source_id, SetMember.code_id)
    return s.execute(query.order_by(SetMember.id)).all()
