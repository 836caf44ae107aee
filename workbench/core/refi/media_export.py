"""The recordings of a REFI-QDA export: which sources are ``AudioSource``/``VideoSource``, their
transcripts' cues, their media codings, and the recording files.

A recording goes into the archive (``sources/<uuid>.<ext>``, referenced ``internal://``) when it
is embedded in the project or found on this machine and at most INCLUDE_LIMIT bytes; a bigger one
is referenced by its absolute path (``absolute:///…``), as the standard allows, so the archive
stays one that can be mailed. A recording not found is referenced by its last known path, and
the report says so.
"""

from __future__ import annotations

import shutil
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from workbench.core.db import media_rows
from workbench.core.media.sync import cue_times
from workbench.core.refi import media_xml
from workbench.core.refi.export_data import iso_text
from workbench.core.refi.media_xml import Coded, TranscriptOut, transcript_guid
from workbench.core.refi.report import ReportBuilder
from workbench.core.refi.xmlsafe import format_datetime

if TYPE_CHECKING:
    from workbench.core.project import Project

INCLUDE_LIMIT = 100 * 1024 * 1024
"""The largest recording copied into a .qdpx; bigger ones are referenced by their path."""


@dataclass
class _Recording:
    uuid: str
    kind: str
    stored: str  # the path as the project keeps it
    size: int
    found: Path | None


@dataclass
class MediaExport:
    """What the writer needs of a project's recordings, read before writing."""

    folder: Path
    recordings: dict[int, _Recording] = field(default_factory=dict)  # by source id
    codings: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    cues: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # (offset, ms)
    files: list[tuple[str, Path]] = field(default_factory=list)  # filled while writing

    @classmethod
    def read(cls, project: Project) -> MediaExport:
        media = cls(project.path.resolve().parent)
        with project.read() as s:
            rows = media_rows.recording_rows(s)
            for row in media_rows.media_coding_rows(s, created=True):
                media.codings[row.source_id].append(row)
            recorded = {row.source_id for row in rows}
            for source_id, cues in media_rows.source_cues(s).items():
                if source_id in recorded:
                    media.cues[source_id] = [(p.offset, p.ms) for p in cue_times({"cues": cues})]
        for source_id, uuid, kind, stored, size, _ in rows:
            found = project.media.locate(source_id)
            media.recordings[source_id] = _Recording(uuid, kind, stored, size, found)
        return media

    def path_of(self, recording: _Recording, report: ReportBuilder) -> tuple[str, str | None]:
        """The recording's ``path`` and ``currentPath`` attributes (and, for one going into
        the archive, its file is remembered in ``files``)."""
        where = recording.found
        if where is None:
            report.warn("recordings not found on this machine were referenced by their last path")
            last = PurePath(recording.stored)
            return _absolute(last if last.is_absolute() else self.folder / last), None
        if recording.size > INCLUDE_LIMIT:
            report.warn(
                f"recordings over {INCLUDE_LIMIT // 2**20} MB were referenced by their path, "
                "not copied into the archive"
            )
            return _absolute(where), None
        name = f"{recording.uuid}{where.suffix.lower()}"
        self.files.append((name, where))
        original = PurePath(recording.stored)
        current = original if original.is_absolute() else self.folder / original
        return f"internal://{name}", _absolute(current)


def _absolute(path: PurePath | Path) -> str:
    return "absolute:///" + path.as_posix().lstrip("/")


def write_media_source(writer: Any, source: Any, media: MediaExport) -> None:
    """Write ``source`` (a row of the writer's data) as an Audio/VideoSource; ``writer`` is the
    project writer (``qdpx_writer._ProjectXml``)."""
    data, users, codes = writer.data, writer.users, writer.data.code_uuids
    recording = media.recordings[source.id]
    text = data.texts[source.id]
    transcript = None
    if text:
        file = f"{source.uuid}.txt"
        writer.files.append((file, text))
        transcript = TranscriptOut(
            guid=transcript_guid(source.uuid),
            name=source.name,
            text_path=f"internal://{file}",
            cues=media.cues.get(source.id, []),
            codings=[
                Coded(
                    c.uuid,
                    c.start,
                    c.end,
                    users[c.coder_id],
                    codes[c.code_id],
                    iso_text(c.created),
                    tuple(writer.memos.get(("coding", c.id), ())),
                )
                for c in data.codings.get(source.id, [])
            ],
        )
    path, current = media.path_of(recording, writer.report)
    x = writer.xml

    def tail() -> None:
        for note in data.annotations.get(source.id, []):
            x.empty("NoteRef", targetGUID=note.uuid)
        writer.values("source", source.id)

    media_xml.write_media_source(
        x,
        kind="video" if recording.kind == "video" else "audio",
        guid=source.uuid,
        name=source.name,
        path=path,
        current_path=current,
        user=writer.user(source.imported_by_id),
        created=format_datetime(source.imported_at),
        transcript=transcript,
        codings=[
            Coded(
                c.uuid,
                c.start_ms,
                c.end_ms,
                users[c.coder_id],
                codes[c.code_id],
                iso_text(c.created),
            )
            for c in media.codings.get(source.id, [])
        ],
        tail=tail,
    )
    writer.report.count("sources")
    writer.report.count("recordings")


def write_recordings(
    archive: zipfile.ZipFile, member: Callable[[str], zipfile.ZipInfo], media: MediaExport
) -> None:
    """Copy the recordings into the archive, streamed (they are compressed already: stored)."""
    for name, path in media.files:
        info = member(f"sources/{name}")
        info.compress_type = zipfile.ZIP_STORED
        with path.open("rb") as src, archive.open(info, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
