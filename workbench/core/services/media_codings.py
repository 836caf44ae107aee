"""Media codings: a code applied by one coder to a time range of a source's recording."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from workbench.core.changes import Changes
from workbench.core.db.models import Code, Media, MediaCoding, Source
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service
from workbench.core.services.codings import check_codable
from workbench.core.services.media_rows import Ref, media_codings, row_by_ref
from workbench.core.text.wording import counted
from workbench.core.values import MediaCodingInfo


class MediaCodingService(Service):
    """Codes applied to time ranges (milliseconds) of recordings."""

    def apply(
        self,
        *,
        source_id: Ref,
        code_id: Ref,
        start_ms: int,
        end_ms: int,
        coder: str,
        uuid: str | None = None,
    ) -> Changes:
        """Code ``start_ms``–``end_ms`` of a source's recording; applying the same code to the
        same range twice changes nothing."""
        with self.project.write(coder=coder) as tx:
            source = row_by_ref(tx.session, Source, source_id, "source")
            code = row_by_ref(tx.session, Code, code_id, "code")
            check_codable(code)
            duration = tx.session.scalar(
                select(Media.duration_ms).where(Media.source_id == source.id)
            )
            if duration is None:
                raise ValidationError(
                    f"{source.name!r} has no recording: attach one before coding time ranges."
                )
            check_time_range(start_ms, end_ms, duration, source.name)
            same = select(MediaCoding.id).where(
                MediaCoding.source_id == source.id,
                MediaCoding.code_id == code.id,
                MediaCoding.coder_id == tx.coder.id,
                MediaCoding.start_ms == start_ms,
                MediaCoding.end_ms == end_ms,
            )
            if tx.session.scalar(same) is None:
                row = tx.add(
                    MediaCoding,
                    uuid=uuid,
                    source_id=source.id,
                    code_id=code.id,
                    coder_id=tx.coder.id,
                    start_ms=start_ms,
                    end_ms=end_ms,
                )
                tx.audit(
                    "code",
                    "media_coding",
                    row.uuid,
                    f"{code.name!r} applied to {source.name!r} {start_ms}-{end_ms} ms",
                )
        return tx.result

    def remove(self, *, ids: Sequence[Ref], coder: str) -> Changes:
        """Remove media codings (named by id or uuid)."""
        with self.project.write(coder=coder) as tx:
            rows = [row_by_ref(tx.session, MediaCoding, ref, "media coding") for ref in ids]
            for row in rows:
                tx.delete(row)
            tx.audit(
                "uncode",
                "media_coding",
                rows[0].uuid if rows else None,
                f"{counted(len(rows), 'media coding')} removed",
            )
        return tx.result

    def for_source(self, source_id: Ref) -> list[MediaCodingInfo]:
        """The media codings of one source, in time order."""
        with self.project.read() as s:
            source = row_by_ref(s, Source, source_id, "source")
            return media_codings(s, MediaCoding.source_id == source.id)

    def for_code(self, code_id: Ref) -> list[MediaCodingInfo]:
        """The media codings of one code, by source and time."""
        with self.project.read() as s:
            code = row_by_ref(s, Code, code_id, "code")
            return media_codings(s, MediaCoding.code_id == code.id)


def check_time_range(start_ms: int, end_ms: int, duration_ms: int, source_name: str) -> None:
    """Enforce 0 <= start_ms < end_ms <= the recording's duration."""
    if not (0 <= start_ms < end_ms <= duration_ms):
        raise ValidationError(
            f"The time range {start_ms}-{end_ms} ms does not fit the recording of "
            f"{source_name!r}, which lasts {duration_ms:,} ms: a coded range needs "
            "0 ≤ start < end ≤ duration."
        )
