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
    from workbench.core.refi.qde_document import ProjectXml

Row = Any  # a SQLAlchemy Row: attribute access by column name

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
    """The project's recordings, read (and looked for on this machine) before writing; a
    recorded source's transcript cues and media codings are read as it is written."""

    folder: Path | None  # the project's; None on a server (no folder on this machine)
    recordings: dict[int, _Recording] = field(default_factory=dict)  # by source id
    files: list[tuple[str, Path]] = field(default_factory=list)  # filled while writing
    untranscribed: set[str] = field(default_factory=set)  # uuids of sources without text

    @classmethod
    def read(cls, project: Project) -> MediaExport:
        media = cls(project.folder)
        with project.read() as s:
            rows = media_rows.recording_rows(s)
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
            return self._stored(last), None
        if recording.size > INCLUDE_LIMIT:
            report.warn(
                f"recordings over {INCLUDE_LIMIT // 2**20} MB were referenced by their path, "
                "not copied into the archive"
            )
            return _absolute(where), None
        name = f"{recording.uuid}{where.suffix.lower()}"
        self.files.append((name, where))
        return f"internal://{name}", self._stored(PurePath(recording.stored))

    def _stored(self, stored: PurePath) -> str:
        """A stored path as REFI-QDA's URI: absolute, or relative to the project's folder
        (kept relative when the project, on a server, has none here)."""
        if stored.is_absolute():
            return _absolute(stored)
        if self.folder is None:
            return "relative:///" + stored.as_posix()
        return _absolute(self.folder / stored)


def _absolute(path: PurePath | Path) -> str:
    return "absolute:///" + path.as_posix().lstrip("/")


def write_media_source(
    writer: ProjectXml, source: Row, coded: list[Row], notes: list[Row], media: MediaExport
) -> None:
    """Write ``source`` (a row of the writer's data, with its text codings ``coded`` and its
    annotations ``notes``) as an Audio/VideoSource."""
    s, users, codes = writer.s, writer.users, writer.data.code_uuids
    recording = media.recordings[source.id]
    transcript = None
    if source.length:
        cues = media_rows.source_cues(s, sources=[source.id]).get(source.id, [])
        transcript = TranscriptOut(
            guid=transcript_guid(source.uuid),
            name=source.name,
            text_path=f"internal://{source.uuid}.txt",
            cues=[(p.offset, p.ms) for p in cue_times({"cues": cues})],
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
                for c in coded
            ],
        )
    else:
        media.untranscribed.add(source.uuid)
    path, current = media.path_of(recording, writer.report)
    x = writer.xml

    def tail() -> None:
        for note in notes:
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
            for c in media_rows.media_coding_rows(s, created=True, sources=[source.id])
        ],
        tail=tail,
    )
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
