"""Annotations: a comment on a span of text that does not code it."""

from __future__ import annotations

from sqlalchemy import select

from workbench.core.changes import Changes
from workbench.core.db.models import Annotation, Coder, Memo, Source
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service, get_row
from workbench.core.services.codings import check_range
from workbench.core.services.row_version import expect_version
from workbench.core.values import AnnotationInfo


class AnnotationService(Service):
    def add(
        self, *, source: str, start: int, end: int, text: str, coder: str, uuid: str | None = None
    ) -> Changes:
        if not text.strip():
            raise ValidationError("An annotation needs some text.")
        with self.project.write(coder=coder) as tx:
            src = get_row(tx.session, Source, source, "source")
            check_range(start, end, src.length, src.name)
            row = tx.add(
                Annotation,
                uuid=uuid,
                source_id=src.id,
                coder_id=tx.coder.id,
                start=start,
                end=end,
                text=text,
            )
            tx.audit("create", "annotation", row.uuid, f"Annotation on {src.name!r} {start}-{end}")
        return tx.result

    def edit(
        self,
        *,
        annotation: str,
        text: str,
        coder: str,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Change an annotation's text; edits of one ``burst`` share one audit entry."""
        if not text.strip():
            raise ValidationError("An annotation needs some text.")
        with self.project.write(coder=coder, burst=burst) as tx:
            row = get_row(tx.session, Annotation, annotation, "annotation")
            expect_version(tx, row, expected_version, kind="annotation", fields=("text",))
            tx.touch(row)
            row.text = text
            tx.audit("edit", "annotation", row.uuid, "Annotation edited")
        return tx.result

    def delete(self, *, annotation: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Annotation, annotation, "annotation")
            for memo in list(tx.session.scalars(select(Memo).where(Memo.annotation_id == row.id))):
                tx.delete(memo)
            tx.delete(row)
            tx.audit("delete", "annotation", row.uuid, "Annotation deleted")
        return tx.result

    def list(self, *, source: str | None = None) -> list[AnnotationInfo]:
        """Annotations of one source (uuid) or of the whole project, by source then position."""
        with self.project.read() as s:
            query = (
                select(
                    Annotation.uuid,
                    Source.uuid,
                    Source.name,
                    Coder.name,
                    Annotation.start,
                    Annotation.end,
                    Annotation.text,
                    Annotation.modified_at,
                    Annotation.version,
                )
                .join(Source, Source.id == Annotation.source_id)
                .join(Coder, Coder.id == Annotation.coder_id)
                .order_by(Source.name, Annotation.start, Annotation.end)
            )
            if source is not None:
                query = query.where(Source.uuid == source)
            return [AnnotationInfo(*r) for r in s.execute(query).all()]
