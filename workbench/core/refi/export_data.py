"""Everything a REFI-QDA export needs, read from the project in one consistent snapshot."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from workbench.core.db import project_rows
from workbench.core.db.models import (
    Annotation,
    CodeRelation,
    MapPosition,
    Memo,
    ProjectInfo,
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
        sources = project_rows.source_rows(s, "imported_at", "imported_by_id")
        cases = project_rows.case_rows(s)
        codings = _by_source(project_rows.coding_rows(s, created=True))
        annotations = _annotations(s)
        return ExportData(
            name=info.name,
            description=info.description,
            created_at=info.created_at,
            modified_at=info.modified_at,
            coders=project_rows.coder_rows(s),
            code_children=children_by_parent(codes),
            code_uuids={r[0]: r[1] for r in codes},
            attributes=project_rows.attribute_rows(s),
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
            sets=project_rows.set_rows(s),
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


def _by_source(rows: Iterable[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.source_id].append(row)
    return out


def _annotations(s: Session) -> dict[int, list[Row]]:
    """Annotations by source, ordered by range, with ``created`` and ``modified`` as stored
    text (see ``iso_text``)."""
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
    return _by_source(s.connection().execute(query).all())


def iso_text(stored: str) -> str:
    """xsd:dateTime (to the second, UTC) from a datetime's text form ``YYYY-MM-DD HH:MM:SS…``."""
    return stored[:10] + "T" + stored[11:19] + "Z"


def _values(s: Session) -> dict[tuple[str, int], list[tuple[int, str]]]:
    out: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for attribute_id, case_id, source_id, value in project_rows.attribute_values(s):
        if case_id is not None:
            out[("case", case_id)].append((attribute_id, value))
        elif source_id is not None:
            out[("source", source_id)].append((attribute_id, value))
    return out


def _case_links(s: Session) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for case_id, source_id, speaker in project_rows.case_links(s):
        out[case_id].append((source_id, speaker))
    return out


def _members(s: Session, sources: Sequence[Row], codes: list[CodeRow]) -> dict[int, list[str]]:
    source_uuid = {r.id: r.uuid for r in sources}
    code_uuid = {r[0]: r[1] for r in codes}
    out: dict[int, list[str]] = defaultdict(list)
    for set_id, source_id, code_id in project_rows.set_members(s):
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
