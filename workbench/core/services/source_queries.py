"""The sources list with counts, attributes, cases and done marks (a handful of queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from workbench.core.db.models import (
    Attribute,
    AttributeValue,
    Case,
    CaseLink,
    Coder,
    Coding,
    Source,
    SourceStatus,
)
from workbench.core.services.attribute_types import from_storage
from workbench.core.values import AttributeValue as Value
from workbench.core.values import SourceInfo


def list_sources(s: Session, ids: Collection[int] | None = None) -> list[SourceInfo]:
    """Every source (or only those with row ids ``ids``) with counts, attributes and cases."""

    def one(query: Any, column: Any) -> Any:
        return query if ids is None else query.where(column.in_(ids))

    counts = dict(
        s.execute(
            one(select(Coding.source_id, func.count()), Coding.source_id).group_by(Coding.source_id)
        ).all()
    )
    attrs: dict[int, dict[str, Value]] = defaultdict(dict)
    for source_id, name, kind, value in s.execute(
        one(
            select(AttributeValue.source_id, Attribute.name, Attribute.type, AttributeValue.value)
            .join(Attribute, Attribute.id == AttributeValue.attribute_id)
            .where(AttributeValue.source_id.is_not(None)),
            AttributeValue.source_id,
        )
    ):
        if source_id is not None:
            attrs[source_id][name] = from_storage(value, kind)
    cases: dict[int, set[str]] = defaultdict(set)
    for source_id, case_name in s.execute(
        one(
            select(CaseLink.source_id, Case.name).join(Case, Case.id == CaseLink.case_id),
            CaseLink.source_id,
        )
    ):
        cases[source_id].add(case_name)
    done: dict[int, list[str]] = defaultdict(list)
    for source_id, coder_name in s.execute(
        one(
            select(SourceStatus.source_id, Coder.name)
            .join(Coder, Coder.id == SourceStatus.coder_id)
            .where(SourceStatus.done.is_(True)),
            SourceStatus.source_id,
        ).order_by(Coder.name)
    ):
        done[source_id].append(coder_name)
    coders = dict(s.execute(select(Coder.id, Coder.name)).all())
    rows = s.execute(
        select(
            Source.id,
            Source.uuid,
            Source.name,
            Source.kind,
            Source.length,
            Source.sha256,
            Source.original_name,
            Source.original_format,
            Source.imported_at,
            Source.imported_by_id,
            Source.speakers,
        )
        .where(Source.id.in_(ids) if ids is not None else true())
        .order_by(Source.name)
    ).all()
    return [
        SourceInfo(
            uuid=r[1],
            name=r[2],
            kind=r[3],
            length=r[4],
            sha256=r[5],
            original_name=r[6],
            original_format=r[7],
            imported_at=r[8],
            imported_by=coders.get(r[9], "") if r[9] is not None else "",
            speakers=tuple(r[10]),
            attributes=dict(attrs.get(r[0], {})),
            cases=tuple(sorted(cases.get(r[0], ()))),
            codings=int(counts.get(r[0], 0)),
            done_by=tuple(done.get(r[0], ())),
        )
        for r in rows
    ]


def first_sources(s: Session, count: int) -> tuple[list[SourceInfo], int]:
    """The first ``count`` sources in the list's order (names compared case-folded) and how
    many there are: the counts are taken for those sources only, not for every source."""
    names = sorted(
        s.execute(select(Source.id, Source.name).order_by(Source.name)),
        key=lambda r: str(r[1]).casefold(),
    )
    first = list_sources(s, [r[0] for r in names[:count]])
    first.sort(key=lambda info: info.name.casefold())
    return first, len(names)
