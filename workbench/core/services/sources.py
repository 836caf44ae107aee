"""Sources: importing documents, listing them, reading their text; text corrections are
``text_correction``'s."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from workbench.core.changes import Changes
from workbench.core.db.models import (
    Annotation,
    AttributeValue,
    CaseLink,
    Coder,
    Coding,
    Media,
    MediaCoding,
    Memo,
    SetMember,
    Source,
    SourceStatus,
)
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import NotFoundError, ValidationError, WorkbenchError
from workbench.core.progress import NO_PROGRESS, Cancelled, Progress
from workbench.core.server.members import require_owner_while_blind
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.services.codebook_ops import delete_coding
from workbench.core.services.count_delta import coding_moves, source_counts
from workbench.core.services.import_report import (
    DuplicateSourceError,
    ImportOutcome,
    ImportReport,
    ImportStatus,
)
from workbench.core.services.source_queries import first_sources, list_sources
from workbench.core.services.text_correction import correct_text
from workbench.core.text.controls import replace_controls
from workbench.core.text.hashing import text_sha256
from workbench.core.text.normalize import normalize_text
from workbench.core.text.replace import Replacement
from workbench.core.text.speakers import detect_turns, speakers
from workbench.core.values import SourceInfo

__all__ = [
    "DuplicateSourceError",
    "ImportOutcome",
    "ImportReport",
    "ImportStatus",
    "SourceService",
    "text_sha256",
]


class SourceService(Service):
    """Documents in the project. Text is stored NFC-normalized with "\\n" line ends."""

    def list(self, *, small_cache: bool = False) -> list[SourceInfo]:
        """Every source; ``small_cache`` for a read off the GUI thread (see ``Project.read``)."""
        with self.project.read(small_cache=small_cache) as s:
            return list_sources(s)

    def get(self, source: str) -> SourceInfo:
        with self.project.read() as s:
            return list_sources(s, [get_row(s, Source, source, "source").id])[0]

    def first(self, *, count: int) -> tuple[builtins.list[SourceInfo], int]:
        """The first ``count`` sources of ``list()`` (in name order, case-folded) and how many
        sources there are in all: what a list shows first, in time that does not grow with
        the project's codings."""
        with self.project.read() as s:
            return first_sources(s, count)

    def coding_counts(self) -> dict[str, int]:
        """Number of codings per source uuid (sources without codings are left out)."""
        with self.project.read() as s:
            rows = s.execute(
                select(Source.uuid, func.count())
                .join(Coding, Coding.source_id == Source.id)
                .group_by(Source.id)
            )
            return {uuid: int(count) for uuid, count in rows}

    def counts_after(self, changes: Sequence[Changes]) -> dict[str, int] | None:
        """The coding counts of the sources whose codings a run of ``changes`` touched (None:
        too many changed, or sources themselves did: take ``coding_counts()``)."""
        with self.project.read() as s:
            moves = coding_moves(s, changes)
            return None if moves is None else source_counts(s, moves.sources)

    def find(self, name: str) -> str:
        """The uuid of the source called ``name``."""
        with self.project.read() as s:
            found = s.scalar(select(Source.uuid).where(Source.name == name))
            if found is None:
                raise NotFoundError(f"No source named {name!r} in this project.")
            return found

    def metadata(self, source: str) -> dict[str, Any]:
        """The source's import metadata: speakers, turns, page starts, cues, encoding…"""
        with self.project.read() as s:
            return dict(get_row(s, Source, source, "source").meta)

    def text(self, source: str, start: int | None = None, end: int | None = None) -> str:
        """The stored text, exactly, or the part from ``start`` to ``end`` (code points)."""
        with self.project.read() as s:
            row = get_row(s, Source, source, "source")
            lo = 0 if start is None else start
            hi = row.length if end is None else end
            if not (0 <= lo <= hi <= row.length):
                raise ValidationError(
                    f"The range {lo}-{hi} does not fit {row.name!r} ({row.length:,} characters)."
                )
            if lo == 0 and hi == row.length:
                return row.text
            part = s.scalar(
                select(func.substr(Source.text, lo + 1, hi - lo)).where(Source.id == row.id)
            )
            return str(part)

    # -- adding ---------------------------------------------------------------------------------
    def add(
        self,
        *,
        name: str,
        text: str,
        coder: str,
        kind: str = "text",
        original_name: str = "",
        original_format: str = "",
        metadata: dict[str, Any] | None = None,
        uuid: str | None = None,
    ) -> Changes:
        """Add a source from text (normalized here); a name clash gets a numeric suffix.

        Raises DuplicateSourceError if identical text is already in the project."""
        new = _NewSource.of(
            name=name,
            text=text,
            kind=kind,
            original_name=original_name,
            original_format=original_format,
            metadata=metadata,
            uuid=uuid,
        )
        with self.project.write(coder=coder) as tx:
            _insert(tx, new)
        return tx.result

    def import_file(self, path: Path, *, coder: str) -> Changes:
        """Import one file in its own transaction (SourceImportError, DuplicateSourceError)."""
        new = _read(path)
        with self.project.write(coder=coder) as tx:
            _insert(tx, new)
        return tx.result

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        coder: str,
        progress: Progress = NO_PROGRESS,
    ) -> ImportReport:
        """Import many files in one transaction: a bad or duplicate file is reported and the rest
        import. Files are read first (``progress`` steps once per file), then written together;
        a cancel (``Cancelled``) at any step leaves the project exactly as it was."""
        outcomes: dict[int, ImportOutcome] = {}
        read: list[tuple[int, _NewSource]] = []
        total = len(paths) + 1  # each file, then writing them all
        for index, raw_path in enumerate(paths):
            path = Path(raw_path)
            progress.step(index, total, f"Reading {path.name}")
            try:
                read.append((index, _read(path)))
            except WorkbenchError as exc:
                outcomes[index] = ImportOutcome(path, "failed", str(exc))
        progress.step(len(paths), total, "Saving")
        changes = Changes(frozenset())
        try:
            if read:
                with self.project.write(coder=coder) as tx:
                    for index, new in read:
                        progress.raise_if_cancelled()
                        path = Path(paths[index])
                        try:
                            row = _insert(tx, new)
                        except DuplicateSourceError as exc:
                            outcomes[index] = ImportOutcome(path, "duplicate", str(exc))
                        else:
                            outcomes[index] = ImportOutcome(
                                path, "imported", source_uuid=row.uuid, name=row.name
                            )
                    progress.raise_if_cancelled()
                changes = tx.result
        except Cancelled:
            raise
        except WorkbenchError as exc:  # the save failed (a full disk): no file was imported
            for index, _new in read:
                outcomes[index] = ImportOutcome(Path(paths[index]), "failed", str(exc))
        progress.step(total, total, "")
        return ImportReport(tuple(outcomes[i] for i in sorted(outcomes)), changes)

    # -- editing --------------------------------------------------------------------------------
    def rename(self, *, source: str, name: str, coder: str) -> Changes:
        name = clean_name(name, "source")
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Source, source, "source")
            clash = tx.session.scalar(select(Source.id).where(Source.name == name))
            if clash is not None and clash != row.id:
                raise ValidationError(f"There is already a source named {name!r}.")
            old = row.name
            tx.touch(row)
            row.name = name
            tx.audit("rename", "source", row.uuid, f"Source {old!r} renamed to {name!r}")
        return tx.result

    def delete(self, *, source: str, coder: str) -> Changes:
        """Delete a source with its codings, annotations, memos, links, values and marks."""
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Source, source, "source")
            for coding in list(
                tx.session.scalars(select(Coding).where(Coding.source_id == row.id))
            ):
                delete_coding(tx, coding)
            for ann in list(
                tx.session.scalars(select(Annotation).where(Annotation.source_id == row.id))
            ):
                for memo in list(
                    tx.session.scalars(select(Memo).where(Memo.annotation_id == ann.id))
                ):
                    tx.delete(memo)
                tx.delete(ann)
            dependants: tuple[Any, ...] = (
                Memo,
                CaseLink,
                AttributeValue,
                SetMember,
                SourceStatus,
                MediaCoding,
                Media,
            )
            for model in dependants:
                for dep in list(tx.session.scalars(select(model).where(model.source_id == row.id))):
                    tx.delete(dep)
            tx.delete(row)
            tx.audit("delete", "source", row.uuid, f"Source {row.name!r} deleted")
        return tx.result

    def replace_text(
        self, *, source: str, replacements: Sequence[Replacement], coder: str
    ) -> Changes:
        """The one way text changes: replace ranges and move every coding and annotation with
        the text. Spans wholly inside deleted text are removed and listed in ``messages``."""
        if not replacements:
            raise ValidationError("No text change was given.")
        require_owner_while_blind(self.project, "correcting a text")
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Source, source, "source")
            correct_text(tx, row, replacements)
        return tx.result

    def set_done(self, *, source: str, coder: str, done: bool = True) -> Changes:
        """Mark (or unmark) ``source`` as done by ``coder``."""
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Source, source, "source")
            mark = tx.session.scalar(
                select(SourceStatus).where(
                    SourceStatus.source_id == row.id, SourceStatus.coder_id == tx.coder.id
                )
            )
            if mark is None:
                tx.add(SourceStatus, source_id=row.id, coder_id=tx.coder.id, done=done)
            elif mark.done != done:
                tx.touch(mark)
                mark.done = done
            tx.audit(
                "status",
                "source",
                row.uuid,
                f"{row.name!r} marked {'done' if done else 'not done'} by {tx.coder.name}",
            )
        return tx.result

    def done_by(self, source: str) -> builtins.list[str]:
        """Names of the coders who marked ``source`` done."""
        with self.project.read() as s:
            row = get_row(s, Source, source, "source")
            return list(
                s.scalars(
                    select(Coder.name)
                    .join(SourceStatus, SourceStatus.coder_id == Coder.id)
                    .where(SourceStatus.source_id == row.id, SourceStatus.done.is_(True))
                    .order_by(Coder.name)
                )
            )


@dataclass(frozen=True)
class _NewSource:
    """A source read and normalized, ready to be written (outside the write transaction)."""

    name: str
    stored: str
    kind: str
    original_name: str
    original_format: str
    meta: dict[str, Any]
    uuid: str | None

    @classmethod
    def of(
        cls,
        *,
        name: str,
        text: str,
        kind: str,
        original_name: str,
        original_format: str,
        metadata: dict[str, Any] | None,
        uuid: str | None = None,
        empty_ok: bool = False,
    ) -> _NewSource:
        """``empty_ok``: a recording's source, whose transcript is yet to be typed."""
        name = clean_name(name, "source")
        stored = normalize_text(text).text
        if not stored.strip() and not empty_ok:
            raise ValidationError(f"{name}: the text is empty.")
        meta = dict(metadata or {})
        if "turns" not in meta:
            turns = detect_turns(stored)
            meta["turns"] = [[t.speaker, t.start, t.end] for t in turns]
            meta["speakers"] = speakers(turns)
        return cls(name, stored, kind, original_name, original_format, meta, uuid)


def _read(path: Path) -> _NewSource:
    from workbench.core.importers import read_source

    doc = read_source(path)
    return _NewSource.of(
        name=replace_controls(path.stem) or "Untitled",
        text=doc.text,
        kind=doc.kind,
        original_name=path.name,
        original_format=doc.original_format,
        metadata=dict(doc.metadata),
    )


def _insert(tx: WriteTx, new: _NewSource) -> Source:
    """Write ``new`` (DuplicateSourceError, before writing anything, if its text is here)."""
    digest = text_sha256(new.stored)
    twin = tx.session.scalar(select(Source.name).where(Source.sha256 == digest))
    if twin is not None and new.stored:  # recordings not yet transcribed are no duplicates
        raise DuplicateSourceError(new.original_name or new.name, twin)
    row = tx.add(
        Source,
        uuid=new.uuid,
        name=_free_name(tx, new.name),
        kind=new.kind,
        text=new.stored,
        sha256=digest,
        length=len(new.stored),
        original_name=new.original_name,
        original_format=new.original_format,
        imported_at=tx.now,
        imported_by_id=tx.coder.id,
        speakers=list(new.meta.get("speakers", [])),
        meta=new.meta,
    )
    tx.audit(
        "import",
        "source",
        row.uuid,
        f"Source {row.name!r} imported"
        + (f" from {new.original_name}" if new.original_name else ""),
        characters=len(new.stored),
    )
    return row


def _free_name(tx: WriteTx, name: str) -> str:
    taken = set(tx.session.scalars(select(Source.name).where(Source.name.like(f"{name}%"))))
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"
