"""Rows named by database id or uuid, and the frozen values of media rows."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Code, Coder, Media, MediaCoding, Source, Tracked
from workbench.core.errors import NotFoundError
from workbench.core.services.base import get_row
from workbench.core.values import MediaCodingInfo, MediaInfo, MediaKind

T = TypeVar("T", bound=Tracked)

Ref = int | str
"""A row named by its database id (int) or its uuid (str): views hold either."""


def row_by_ref(session: Session, model: type[T], ref: Ref, what: str) -> T:
    """The row ``ref`` names, or NotFoundError naming what was looked for."""
    if isinstance(ref, str):
        return get_row(session, model, ref, what)
    row = session.get(model, ref)
    if row is None:
        raise NotFoundError(f"No {what} with id {ref} in this project.")
    return row


def media_info(row: Media, source_uuid: str, embedded: bool) -> MediaInfo:
    kind: MediaKind = "video" if row.kind == "video" else "audio"
    return MediaInfo(
        source_id=row.source_id,
        source_uuid=source_uuid,
        uuid=row.uuid,
        kind=kind,
        path=row.path,
        size=row.size,
        sha256=row.sha256,
        duration_ms=row.duration_ms,
        format=row.format,
        embedded=embedded,
    )


def media_codings(session: Session, *conditions: object) -> list[MediaCodingInfo]:
    """The media codings meeting ``conditions``, in source and time order."""
    query = (
        select(MediaCoding, Source.uuid, Code.uuid, Coder.name)
        .join(Source, Source.id == MediaCoding.source_id)
        .join(Code, Code.id == MediaCoding.code_id)
        .join(Coder, Coder.id == MediaCoding.coder_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(MediaCoding.source_id, MediaCoding.start_ms, MediaCoding.end_ms, MediaCoding.id)
    )
    return [
        MediaCodingInfo(
            id=row.id,
            uuid=row.uuid,
            source_id=row.source_id,
            source_uuid=source_uuid,
            code_id=row.code_id,
            code_uuid=code_uuid,
            coder_id=row.coder_id,
            coder=coder,
            start_ms=row.start_ms,
            end_ms=row.end_ms,
        )
        for row, source_uuid, code_uuid, coder in session.execute(query)
    ]
