"""The reads of finding and resolving disagreements between coders (``teamwork.consensus``),
in the caller's session: the resolving ones hand back rows for its transaction to rewrite."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.lookup import get_row
from workbench.core.db.models import Code, Coder, Coding, Memo, Source
from workbench.core.db.project_rows import Row


def coder_names_of(s: Session, names: Collection[str]) -> dict[int, str]:
    """Coder id → name, of the coders with these names."""
    query = select(Coder.id, Coder.name).where(Coder.name.in_(list(names)))
    return {coder_id: name for coder_id, name in s.execute(query)}


def coding_spans(
    s: Session,
    coder_ids: Collection[int],
    source: str | None,
    codes: Collection[str] | None,
) -> Sequence[Row]:
    """The codings of these coders as ``(uuid, start, end, coder_id, source uuid, source name,
    code id, code uuid)``, of one source (a uuid) and some codes (uuids) if given."""
    query = (
        select(
            Coding.uuid,
            Coding.start,
            Coding.end,
            Coding.coder_id,
            Source.uuid,
            Source.name,
            Code.id,
            Code.uuid,
        )
        .join(Source, Source.id == Coding.source_id)
        .join(Code, Code.id == Coding.code_id)
        .where(Coding.coder_id.in_(list(coder_ids)))
    )
    if source is not None:
        query = query.where(Source.uuid == source)
    if codes is not None:
        query = query.where(Code.uuid.in_(list(codes)))
    return s.execute(query).all()


def source_and_code(s: Session, source: str, code: str) -> tuple[Source, Code]:
    """The rows of a source and a code (uuids), or NotFoundError."""
    return get_row(s, Source, source, "source"), get_row(s, Code, code, "code")


def overlapping_codings(
    s: Session, source_id: int, code_id: int, start: int, end: int, coder_id: int | None = None
) -> list[Coding]:
    """The codings of a code in a source that overlap ``start``–``end`` (of one coder if given)."""
    query = select(Coding).where(
        Coding.source_id == source_id,
        Coding.code_id == code_id,
        Coding.start < end,
        Coding.end > start,
    )
    if coder_id is not None:
        query = query.where(Coding.coder_id == coder_id)
    return list(s.scalars(query))


def coder_named(s: Session, name: str) -> Coder | None:
    """The coder of this name, if there is one."""
    return s.scalar(select(Coder).where(Coder.name == name))


def memos_on_coding(s: Session, coding_id: int) -> list[Memo]:
    """The memos attached to a coding."""
    return list(s.scalars(select(Memo).where(Memo.coding_id == coding_id)))
