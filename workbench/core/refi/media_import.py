"""The recordings of an imported REFI-QDA project: cues, media codings and the recording files.

Runs inside the import's transaction, each recording as the stream reaches its source
(``import_rows``): the cues go into the source's metadata, then its media codings are written
and its recording linked. A recording inside the archive is written beside the new project, in
the folder "<project> recordings", and linked there (the project stays one file; the folder
moves with it); one outside the archive (``relative:///`` against the project's ``basePath`` or
the .qdpx's folder, ``absolute:///``) is linked where it is, if it is there. A recording that is
missing or cannot be decoded is left out and reported: its source keeps its transcript and its
media codings, and the recording can be attached later. Memos on media codings have nowhere to
go yet and are reported as not placed.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from workbench.core.db.bulk_insert import bulk_insert
from workbench.core.errors import MediaError
from workbench.core.importers.media import read_recording
from workbench.core.media.sync import format_clock
from workbench.core.refi.archive import QdpxArchive
from workbench.core.refi.media_xml import RMedia
from workbench.core.refi.model import RTextSource
from workbench.core.refi.positions import Convention, TextPositions
from workbench.core.refi.report import ReportBuilder
from workbench.core.services.media import attach_recording

if TYPE_CHECKING:
    from workbench.core.refi.import_rows import RowImporter

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class RecordingImport:
    """The recordings of one import, each handled as its source is read: the files written
    beside the new project at ``target`` are kept in ``written`` (removed if the import fails)."""

    def __init__(self, archive: QdpxArchive, qdpx: Path, target: Path) -> None:
        self.archive, self.qdpx, self.target = archive, qdpx, target
        self.written: list[Path] = []

    def add(self, rows: RowImporter, source_id: int, name: str, media: RMedia) -> None:
        """The media codings and the recording of the source just imported as ``source_id``."""
        _codings(rows, source_id, media)
        path = self._file(rows, media, name)
        if path is None:
            rows.report.warn(
                "recordings not found were left out; their sources keep the transcript and "
                "media codings (attach the recording to play it)"
            )
            return
        try:
            recording = read_recording(path)
        except MediaError:
            rows.report.skip("recordings that cannot be decoded")
            return
        attach_recording(rows.tx, source_id, recording, self.target.parent)
        rows.report.count("recordings")

    def _file(self, rows: RowImporter, media: RMedia, name: str) -> Path | None:
        """The recording on disk: written out of the archive, or found where the path says."""
        reference = (media.path or "").strip()
        scheme, _, rest = reference.partition("://")
        if scheme.lower() == "internal":
            member = self.archive.resolve_internal(reference)
            if member is None:
                return None
            folder = self.target.with_name(f"{self.target.stem} recordings")
            folder.mkdir(exist_ok=True)
            suffix = PurePosixPath(member).suffix.lower()
            stem = _UNSAFE.sub("_", name).strip(" .") or "Recording"
            out, n = folder / f"{stem}{suffix}", 2
            while out.exists():
                out, n = folder / f"{stem} ({n}){suffix}", n + 1
            self.written.append(out)
            with self.archive.open_member(member) as src, out.open("xb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            return out
        candidates = []
        if scheme.lower() == "absolute":
            candidates.append(_local(rest))
        elif scheme.lower() == "relative":
            relative = rest.lstrip("/")
            if rows.doc.base_path:
                candidates.append(_local(rows.doc.base_path) / relative)
            candidates.append(self.qdpx.parent / relative)
        current = media.current_path
        if current:
            candidates.append(_local(current.partition("://")[2] or current))
        return next((c for c in candidates if c.is_file()), None)

    def remove_written(self) -> None:
        """After a failed import: the recordings written, and their folder if it is empty."""
        for path in self.written:
            path.unlink(missing_ok=True)
        for folder in {path.parent for path in self.written}:
            with contextlib.suppress(OSError):  # not empty: it holds files we did not write
                folder.rmdir()


def without_transcript(rows: RowImporter, source: RTextSource, media: RMedia) -> str:
    """A recording whose transcript could not be read is imported without it: its coded text
    ranges are counted as lost, its sync points dropped, its text is empty."""
    lost = sum(len(selection.codings) for selection in source.selections)
    rows.report.skip("codings in transcripts that could not be read", lost)
    source.selections, media.cues, source.content = [], [], ""
    return source.content


def cues(
    media: RMedia, positions: TextPositions, convention: Convention, report: ReportBuilder
) -> list[dict[str, Any]]:
    """The recording's sync points as the transcript's cues (``meta["cues"]``)."""
    out = []
    for position, ms in media.cues:
        if not 0 <= position <= positions.length(convention):
            report.skip("sync points outside their transcript")
            continue
        offset = positions.to_stored(convention, position)
        out.append({"start": format_clock(ms), "end": None, "speaker": None, "offset": offset})
    return out


def _codings(rows: RowImporter, source_id: int, media: RMedia) -> None:
    """The source's media codings, written in one statement (no row objects kept)."""
    seen: set[tuple[int, int, int, int]] = set()
    batch: list[dict[str, Any]] = []
    for selection in media.selections:
        if not 0 <= selection.start < selection.end:
            rows.report.skip("media selections with an empty or negative time range")
            continue
        for coding in selection.codings:
            code_id = rows.codes.get(coding.code or "")
            if code_id is None:
                rows.report.skip("codings with a code that is not in the codebook")
                continue
            coder = rows.coder_id(coding.user or selection.user)
            key = (code_id, coder, selection.start, selection.end)
            if key in seen:
                rows.report.skip("duplicate media codings (same code, coder and time range)")
                continue
            seen.add(key)
            batch.append(
                {
                    "uuid": rows.uuid_for(coding.guid, coding=True),
                    "source_id": source_id,
                    "code_id": code_id,
                    "coder_id": coder,
                    "start_ms": selection.start,
                    "end_ms": selection.end,
                    "created_at": coding.created or selection.created or rows.tx.now,
                }
            )
            rows.report.count("media codings")
            rows.report.skip("memos on media codings (not placed)", len(coding.notes))
        rows.report.skip("memos on media selections (not placed)", len(selection.notes))
    written = [row["uuid"] for row in batch]
    bulk_insert(rows.tx, "media_coding", batch, record=False)  # a new project: nobody undoes it
    rows.used.pending.difference_update(written)  # the table answers for them now


def _local(path: str) -> Path:
    """A REFI path (``/home/x/a.mp4``, ``/C:/x/a.mp4``, ``C:\\x\\a.mp4``) as a local path."""
    text = path.replace("\\", "/")
    if re.match(r"^/[A-Za-z]:/", text):
        text = text[1:]
    elif not re.match(r"^[A-Za-z]:/", text):
        text = "/" + text.lstrip("/")
    return Path(text)
