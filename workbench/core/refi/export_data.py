"""Everything a REFI-QDA export needs, read from the project in one consistent snapshot."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from workbench.core.db.models import (
    Annotation,
    Attribute,
    AttributeValue,
    Case,
    CaseLink,
    Coder,
    CodeRelation,
    Coding,
    ItemSet,
    MapPosition,
    Memo,
    ProjectInfo,
    SetMember,
    Source,
    SourceStatus,
)
from workbench.core.project import Project
from workbench.core.services.codebook_tree import CodeRow, children_by_parent, load_code_rows

Row = Any  # a SQLAlchemy Row: attribute access by column name


@dataclass
class ExportData:
    """Plain rows, keyed by database id where other rows point at them."""

    name: str
    description: str
    created_at: datetime
    modified_at: datetime
    coders: dict[int, Row]
    code_children: dict[int | None, list[CodeRow]]
    code_uuids: dict[int, str]
    attributes: Sequence[Row]
    values: dict[tuple[str, int], list[tuple[int, str]]]
    cases: Sequence[Row]
    case_links: dict[int, list[tuple[int, str]]]
    sources: Sequence[Row]
    source_uuids: dict[int, str]
    codings: dict[int, list[Row]]
    coding_uuids: dict[int, str]
    annotations: dict[int, list[Row]]
    memos: Sequence[Row]
    sets: Sequence[Row]
    members: dict[int, list[str]]
    relations: Sequence[Row]
    done_marks: int = 0
    map_positions: int = 0
    case_uuids: dict[int, str] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)


def gather(project: Project) -> ExportData:
    """Read every row the export writes, in one read transaction."""
    with project.read() as s:
        info = s.get_one(ProjectInfo, 1)
        codes = load_code_rows(s)
        sources = s.execute(
            select(
                Source.id,
                Source.uuid,
                Source.name,
                Source.imported_at,
                Source.imported_by_id,
            ).order_by(Source.name)
        ).all()
        cases = s.execute(
            select(Case.id, Case.uuid, Case.name, Case.description).order_by(Case.name)
        ).all()
        codings = _grouped(s, Coding, "source_id")
        annotations = _grouped(s, Annotation, "source_id")
        return ExportData(
            name=info.name,
            description=info.description,
            created_at=info.created_at,
            modified_at=info.modified_at,
            coders={r.id: r for r in s.execute(select(Coder.id, Coder.uuid, Coder.name)).all()},
            code_children=children_by_parent(codes),
            code_uuids={r[0]: r[1] for r in codes},
            attributes=s.execute(
                select(
                    Attribute.id,
                    Attribute.uuid,
                    Attribute.name,
                    Attribute.scope,
                    Attribute.type,
                    Attribute.choices,
                ).order_by(Attribute.scope, Attribute.position, Attribute.name)
            ).all(),
            values=_values(s),
            cases=cases,
            case_links=_case_links(s),
            sources=sources,
            source_uuids={r.id: r.uuid for r in sources},
            codings=codings,
            coding_uuids={r.id: r.uuid for rows in codings.values() for r in rows},
            annotations=annotations,
            memos=s.execute(
                select(
                    Memo.uuid,
                    Memo.author_id,
                    Memo.title,
                    Memo.text,
                    Memo.target_kind,
                    Memo.source_id,
                    Memo.code_id,
                    Memo.coding_id,
                    Memo.annotation_id,
                    Memo.case_id,
                    Memo.created_at,
                    Memo.modified_at,
                ).order_by(Memo.created_at, Memo.id)
            ).all(),
            sets=s.execute(
                select(ItemSet.id, ItemSet.uuid, ItemSet.name, ItemSet.kind).order_by(
                    ItemSet.kind, ItemSet.name
                )
            ).all(),
            members=_members(s, sources, codes),
            relations=s.execute(
                select(
                    CodeRelation.uuid,
                    CodeRelation.from_code_id,
                    CodeRelation.to_code_id,
                    CodeRelation.label,
                ).order_by(CodeRelation.id)
            ).all(),
            done_marks=_count(s, SourceStatus, SourceStatus.done.is_(True)),
            map_positions=_count(s, MapPosition, None),
            case_uuids={r.id: r.uuid for r in cases},
            texts={r.id: r.text for r in s.execute(select(Source.id, Source.text))},
        )


def _grouped(s: Session, model: Any, key: str) -> dict[int, list[Row]]:
    """Codings or annotations by source, ordered by range, with ``created`` (and for
    annotations ``modified``) as xsd:dateTime text (formatted from the stored text: parsing
    200,000 datetimes would cost seconds)."""
    columns = [model.id, model.uuid, model.source_id, model.coder_id, model.start, model.end]
    columns.append(cast(model.created_at, String).label("created"))
    if model is Coding:
        columns.append(model.code_id)
    else:
        columns += [model.text, cast(model.modified_at, String).label("modified")]
    out: dict[int, list[Row]] = defaultdict(list)
    query = select(*columns).order_by(model.source_id, model.start, model.end, model.id)
    for row in s.connection().execute(query):
        out[getattr(row, key)].append(row)
    return out


def iso_text(stored: str) -> str:
    """xsd:dateTime (to the second, UTC) from a datetime's text form ``YYYY-MM-DD HH:MM:SS…``."""
    return stored[:10] + "T" + stored[11:19] + "Z"


def _values(s: Session) -> dict[tuple[str, int], list[tuple[int, str]]]:
    out: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    query = select(
        AttributeValue.attribute_id,
        AttributeValue.case_id,
        AttributeValue.source_id,
        AttributeValue.value,
    ).join(Attribute, Attribute.id == AttributeValue.attribute_id)
    for attribute_id, case_id, source_id, value in s.execute(
        query.order_by(Attribute.position, Attribute.name)
    ):
        if case_id is not None:
            out[("case", case_id)].append((attribute_id, value))
        elif source_id is not None:
            out[("source", source_id)].append((attribute_id, value))
    return out


def _case_links(s: Session) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    query = select(CaseLink.case_id, CaseLink.source_id, CaseLink.speaker)
    for case_id, source_id, speaker in s.execute(query.order_by(CaseLink.id)):
        out[case_id].append((source_id, speaker))
    return out


def _members(s: Session, sources: Sequence[Row], codes: list[CodeRow]) -> dict[int, list[str]]:
    source_uuid = {r.id: r.uuid for r in sources}
    code_uuid = {r[0]: r[1] for r in codes}
    out: dict[int, list[str]] = defaultdict(list)
    query = select(SetMember.set_id, SetMember.source_id, SetMember.code_id)
    for set_id, source_id, code_id in s.execute(query.order_by(SetMember.id)):
        if source_id is not None:
            out[set_id].append(source_uuid[source_id])
        elif code_id is not None:
            out[set_id].append(code_uuid[code_id])
    return out


def _count(s: Session, model: Any, where: Any) -> int:
    query = select(func.count()).select_from(model)
    if where is not None:
        query = query.where(where)
    return int(s.scalar(query) or 0)
