"""What a REFI-QDA export reads, in one consistent snapshot: the small rows at once
(``gather``), the codings and annotations a batch of sources at a time (``codings_per_source``,
``annotations_per_source``), so memory does not grow with the number of codings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from workbench.core.db import project_rows
from workbench.core.db.streaming import per_source
from workbench.core.services.codebook_tree import CodeRow, children_by_parent, load_code_rows

Row = Any  # a SQLAlchemy Row: attribute access by column name


@dataclass
class ExportData:
    """Plain rows, keyed by database id where other rows point at them; no codings, source
    texts or memo texts (those are read as they are written)."""

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
    memos: Sequence[Row]
    sets: Sequence[Row]
    members: dict[int, list[str]]
    relations: Sequence[Row]
    done_marks: int = 0
    map_positions: int = 0
    case_uuids: dict[int, str] = field(default_factory=dict)


def gather(s: Session) -> ExportData:
    """Read every row the export writes except codings, annotations and texts."""
    info = project_rows.project_row(s)
    codes = load_code_rows(s)
    sources = project_rows.source_rows(s, "imported_at", "imported_by_id", "length")
    cases = project_rows.case_rows(s)
    done_marks, map_positions = project_rows.counts(s)
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
        memos=project_rows.memo_rows(s),
        sets=project_rows.set_rows(s),
        members=_members(s, sources, codes),
        relations=project_rows.relation_rows(s),
        done_marks=done_marks,
        map_positions=map_positions,
        case_uuids={r.id: r.uuid for r in cases},
    )


def codings_per_source(s: Session, sources: Sequence[Row]) -> Iterator[tuple[Row, list[Row]]]:
    """Each source (in the given order) with its codings, by range."""
    return per_source(sources, lambda ids: project_rows.coding_rows(s, created=True, sources=ids))


def annotations_per_source(s: Session, sources: Sequence[Row]) -> Iterator[tuple[Row, list[Row]]]:
    """Each source (in the given order) with its annotations, by range."""
    return per_source(sources, lambda ids: project_rows.annotation_rows(s, sources=ids))


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
