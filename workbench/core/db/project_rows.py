"""Whole-project reads: every row of a table as plain tuples, in one stated order.

The reports' snapshot (``reports.dataset``), the REFI-QDA export (``refi.export_data``),
inter-coder agreement and the merge (``teamwork.rows``) read the whole project through these,
inside the caller's one read session, so each table is read one way and the readers agree on
order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select, tuple_
from sqlalchemy.orm import Session

from workbench.core.db.lookup import ids_by_uuid
from workbench.core.db.models import (
    TRACKED_MODELS,
    Annotation,
    Attribute,
    AttributeValue,
    AuditEntry,
    Case,
    CaseLink,
    Code,
    Coder,
    CodeRelation,
    Coding,
    ItemSet,
    MapPosition,
    Memo,
    MergeBase,
    ProjectInfo,
    SetMember,
    Source,
    SourceStatus,
    Tombstone,
)
from workbench.core.db.transaction import RESTORE_ORDER

Row = Any  # a SQLAlchemy Row: a tuple that also gives its columns by name


def project_row(s: Session) -> Row:
    """The project's own row as ``(uuid, file_id, name, description, revision, created_at,
    modified_at, codebook_changed_at, parent_file_id, parent_revision, settings)``
    (``settings`` a dict, or None when none were stored)."""
    query = select(
        ProjectInfo.uuid,
        ProjectInfo.file_id,
        ProjectInfo.name,
        ProjectInfo.description,
        ProjectInfo.revision,
        ProjectInfo.created_at,
        ProjectInfo.modified_at,
        ProjectInfo.codebook_changed_at,
        ProjectInfo.parent_file_id,
        ProjectInfo.parent_revision,
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


def memo_rows(s: Session) -> Sequence[Row]:
    """Every memo as ``(uuid, author_id, title, target_kind, source_id, code_id, coding_id,
    annotation_id, case_id, created_at, modified_at)``, in the order written (``memo_texts``
    streams the texts)."""
    query = select(
        Memo.uuid,
        Memo.author_id,
        Memo.title,
        Memo.target_kind,
        Memo.source_id,
        Memo.code_id,
        Memo.coding_id,
        Memo.annotation_id,
        Memo.case_id,
        Memo.created_at,
        Memo.modified_at,
    )
    return s.execute(query.order_by(Memo.created_at, Memo.id)).all()


def memo_texts(s: Session) -> Iterable[Row]:
    """Every memo's ``(uuid, text)`` in ``memo_rows``' order, streamed, not held as a list."""
    query = select(Memo.uuid, Memo.text).order_by(Memo.created_at, Memo.id)
    return s.connection().execute(query)


def annotation_rows(s: Session, *, sources: Collection[int] | None = None) -> Sequence[Row]:
    """Every annotation (or those of ``sources``, ids) as ``(id, uuid, source_id, coder_id,
    start, end, created, text, modified)`` (the times as stored text), by source, then range."""
    query = select(
        Annotation.id,
        Annotation.uuid,
        Annotation.source_id,
        Annotation.coder_id,
        Annotation.start,
        Annotation.end,
        cast(Annotation.created_at, String).label("created"),
        Annotation.text,
        cast(Annotation.modified_at, String).label("modified"),
    ).order_by(Annotation.source_id, Annotation.start, Annotation.end, Annotation.id)
    if sources is not None:
        query = query.where(Annotation.source_id.in_(list(sources)))
    return s.connection().execute(query).all()


def relation_rows(s: Session) -> Sequence[Row]:
    """Every code relation as ``(uuid, from_code_id, to_code_id, label)``, in the order made."""
    query = select(
        CodeRelation.uuid, CodeRelation.from_code_id, CodeRelation.to_code_id, CodeRelation.label
    )
    return s.execute(query.order_by(CodeRelation.id)).all()


def source_texts(s: Session) -> Iterable[Row]:
    """Every source's ``(uuid, text)`` by name (``source_rows``' order), streamed, not held as
    a list: the texts are most of a project."""
    return s.connection().execute(select(Source.uuid, Source.text).order_by(Source.name))


def counts(s: Session) -> tuple[int, int]:
    """How many "coded, done" marks and map positions the project holds."""
    done = select(func.count()).select_from(SourceStatus).where(SourceStatus.done.is_(True))
    positions = select(func.count()).select_from(MapPosition)
    return int(s.scalar(done) or 0), int(s.scalar(positions) or 0)


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
    cost seconds), by source, then range; streamed, not held as a list (unless ``sources``).
    ``coders`` and ``sources`` (ids) keep only the codings of those."""
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
    if sources is None:
        if coders is not None:
            query = query.where(Coding.coder_id.in_(list(coders)))
        return s.connection().execute(query)
    if coders is not None:
        # "+ 0" keeps SQLite from the coder index: it would read all of their codings for
        # each batch of sources (the file has no statistics to tell it better).
        query = query.where((Coding.coder_id + 0).in_(list(coders)))
    # a batch of sources (``streaming.per_source``): fetched at once, not row by row
    return s.connection().execute(query.where(Coding.source_id.in_(list(sources)))).all()


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


# -- every tracked row of a kind, foreign keys as uuids (what a merge compares) ------------------
TRACKED_ORDER = tuple(RESTORE_ORDER)
"""The kinds of tracked row, parents before children (a row's foreign keys point at kinds
earlier in this list, or at its own kind for the code tree): the order undo restores rows in."""

SOURCE_BULK = ("text", "meta")
"""Columns too big to read for every source: read one source at a time (``source_bulk``)."""

_STAMPS = {"id", "uuid", "created_at", "modified_at", "modified_by", "version"}
_CHUNK = 500


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


def tracked_attrs(kind: str) -> tuple[str, ...]:
    """The attributes ``tracked_rows`` gives of one kind of row: all but the id, the stamps
    and a source's bulk."""
    return _ATTRS[kind]


def tracked_foreign_keys(kind: str) -> dict[str, str]:
    """Attribute name → kind it references, for the foreign keys of one kind of row."""
    return _FKS[kind]


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


_QUERIES = {kind: _query(kind) for kind in TRACKED_ORDER}


def tracked_rows(
    s: Session, kind: str, *, after: int | None = None, uuids: Sequence[str] | None = None
) -> Iterator[Row]:
    """Rows of one kind as ``(uuid, version, *tracked_attrs(kind))``, foreign keys given as the
    uuids they point to: all of them, those changed after revision ``after``, or those of
    ``uuids`` (read in chunks)."""
    table = TRACKED_MODELS[kind].__table__  # type: ignore[attr-defined]
    query = _QUERIES[kind]
    if after is not None:
        query = query.where(table.c.version > after)
    if uuids is None:
        yield from s.execute(query).all()
        return
    for i in range(0, len(uuids), _CHUNK):
        yield from s.execute(query.where(table.c.uuid.in_(uuids[i : i + _CHUNK]))).all()


def tracked_rows_by_keys(
    s: Session, kind: str, attrs: Sequence[str], keys: Iterable[Sequence[Any]]
) -> Iterator[Row]:
    """Rows of one kind (as ``tracked_rows`` gives them) whose ``attrs`` equal one of ``keys``,
    foreign keys given as uuids and None matching NULL. Read in chunks through the table's own
    columns, so that its indexes find them without a scan of the joined rows."""
    model: Any = TRACKED_MODELS[kind]
    table = model.__table__
    columns = [table.c[model.__mapper__.column_attrs[a].columns[0].name] for a in attrs]
    keys = list(keys)
    ids = {
        i: ids_by_uuid(s, _FKS[kind][a], (key[i] for key in keys))
        for i, a in enumerate(attrs)
        if a in _FKS[kind]
    }
    by_nulls: dict[tuple[bool, ...], set[tuple[Any, ...]]] = {}
    for key in keys:
        raw = [ids[i].get(v) if i in ids and v is not None else v for i, v in enumerate(key)]
        if any(r is None and v is not None for r, v in zip(raw, key, strict=True)):
            continue  # points at a row this file does not have: matches nothing
        nulls = tuple(v is None for v in raw)
        by_nulls.setdefault(nulls, set()).add(tuple(v for v in raw if v is not None))
    for nulls, found in by_nulls.items():
        paired = list(zip(columns, nulls, strict=True))
        query = _QUERIES[kind].where(*(c.is_(None) for c, null in paired if null))
        present = [c for c, null in paired if not null]
        if not present:
            yield from s.execute(query).all()
            continue
        target = present[0] if len(present) == 1 else tuple_(*present)
        values = sorted(found, key=repr)
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            wanted = [v[0] for v in chunk] if len(present) == 1 else chunk
            yield from s.execute(query.where(target.in_(wanted))).all()


def existing_uuids(s: Session, kind: str, uuids: Collection[str]) -> set[str]:
    """Which of ``uuids`` name a row of one kind."""
    return set(ids_by_uuid(s, kind, uuids))


def created_at(s: Session, kind: str, uuids: Sequence[str]) -> dict[str, datetime]:
    """When rows of one kind (by uuid) were created."""
    model: Any = TRACKED_MODELS[kind]
    out: dict[str, datetime] = {}
    for i in range(0, len(uuids), _CHUNK):
        query = select(model.uuid, model.created_at).where(model.uuid.in_(uuids[i : i + _CHUNK]))
        out.update({uuid: at for uuid, at in s.execute(query)})
    return out


def source_bulk(s: Session, uuid: str) -> dict[str, Any]:
    """The text and metadata of one source (by uuid), which ``tracked_rows`` leaves out."""
    text, meta = s.execute(select(Source.text, Source.meta).where(Source.uuid == uuid)).one()
    return {"text": text, "meta": dict(meta)}


def merge_base_rows(s: Session) -> Sequence[Row]:
    """Every merge base as ``(other_file_id, other_revision, own_revision, how, diverged)``."""
    query = select(
        MergeBase.other_file_id,
        MergeBase.other_revision,
        MergeBase.own_revision,
        MergeBase.how,
        MergeBase.diverged,
    )
    return s.execute(query).all()


def tombstone_rows(s: Session) -> Sequence[Row]:
    """Every tombstone as ``(uuid, kind, version)``."""
    return s.execute(select(Tombstone.uuid, Tombstone.kind, Tombstone.version)).all()


def audit_stamps(s: Session) -> Sequence[Row]:
    """Every audit entry as ``(revision, at, action, entity_uuid)``."""
    query = select(AuditEntry.revision, AuditEntry.at, AuditEntry.action, AuditEntry.entity_uuid)
    return s.execute(query).all()
