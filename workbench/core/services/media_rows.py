"""Media rows: named by database id or uuid, as frozen values, and moved to another code
or coder."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.db.models import Code, Coder, Media, MediaCoding, Source, Tracked
from workbench.core.db.transaction import WriteTx
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


_KEY = ("source_id", "code_id", "coder_id", "start_ms", "end_ms")  # uq_media_coding


def move_media_codings(tx: WriteTx, *, column: str, old: int, new: int) -> int:
    """Give the media codings whose ``column`` ("code_id" or "coder_id") is ``old`` to
    ``new``; one that ``new`` already has is a duplicate and is deleted. Returns how many
    moved."""

    def key(row: MediaCoding) -> tuple[int, ...]:
        return tuple(new if name == column else getattr(row, name) for name in _KEY)

    by = getattr(MediaCoding, column)
    have = {key(row) for row in tx.session.scalars(select(MediaCoding).where(by == new))}
    moved = 0
    for row in list(tx.session.scalars(select(MediaCoding).where(by == old))):
        if key(row) in have:
            tx.delete(row)
            continue
        have.add(key(row))
        tx.touch(row)
        setattr(row, column, new)
        moved += 1
    tx.session.flush()
    return moved
