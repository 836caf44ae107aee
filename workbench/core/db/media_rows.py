"""Public readers of recordings and media codings for the features (REFI-QDA, reports, agreement,
copies), which never name the ORM models themselves."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from workbench.core.db.dialect import json_member
from workbench.core.db.models import Coder, Media, MediaCoding, Source

Row = Any  # a SQLAlchemy Row: attribute access by column name


def recording_rows(s: Session) -> Sequence[Row]:
    """Every recording as ``(source_id, uuid, kind, path, size, duration_ms)``."""
    query = select(
        Media.source_id, Media.uuid, Media.kind, Media.path, Media.size, Media.duration_ms
    )
    return s.execute(query).all()


def recording_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Media)) or 0


def media_coding_rows(
    s: Session,
    *,
    created: bool = False,
    coders: Collection[int] | None = None,
    sources: Collection[int] | None = None,
) -> Iterable[Row]:
    """Every media coding as ``(id, uuid, source_id, code_id, coder_id, coder, start_ms,
    end_ms)`` (and ``created`` as stored text when asked), by source, then time; ``coders``
    and ``sources`` (ids) keep only those."""
    columns: list[Any] = [
        MediaCoding.id,
        MediaCoding.uuid,
        MediaCoding.source_id,
        MediaCoding.code_id,
        MediaCoding.coder_id,
        Coder.name.label("coder"),
        MediaCoding.start_ms,
        MediaCoding.end_ms,
    ]
    if created:
        columns.append(cast(MediaCoding.created_at, String).label("created"))
    query = select(*columns).join(Coder, Coder.id == MediaCoding.coder_id)
    if coders is not None:
        query = query.where(MediaCoding.coder_id.in_(list(coders)))
    if sources is not None:
        query = query.where(MediaCoding.source_id.in_(list(sources)))
    order = (MediaCoding.source_id, MediaCoding.start_ms, MediaCoding.end_ms, MediaCoding.id)
    return s.execute(query.order_by(*order))


def source_cues(s: Session, *, sources: Collection[int] | None = None) -> dict[int, list[Any]]:
    """Source id → its ``meta["cues"]``, for the sources that have cues (only the cues are
    read: the metadata also holds the speaker turns, which can be long); ``sources`` (ids)
    keeps only those."""
    cues = json_member(s, Source.__table__.c.metadata, "cues")
    query = select(Source.id, cues).where(cues.is_not(None))
    if sources is not None:
        query = query.where(Source.id.in_(list(sources)))
    out: dict[int, list[Any]] = {}
    for source_id, raw in s.execute(query):
        value = json.loads(raw) if isinstance(raw, str) else raw
        if isinstance(value, list) and value:
            out[source_id] = value
    return out
