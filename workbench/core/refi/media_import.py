"""The recordings of an imported REFI-QDA project: cues, media codings and the recording files.

Runs inside the import's transaction, after the sources (``import_rows``). A recording inside the
archive is written beside the new project, in the folder "<project> recordings", and linked
there (the project stays one file; the folder moves with it); one outside the archive
(``relative:///`` against the project's ``basePath`` or the .qdpx's folder, ``absolute:///``)
is linked where it is, if it is there. A recording that is missing or cannot be decoded is
left out and reported: its source keeps its transcript and its media codings, and the
recording can be attached later. Memos on media codings have nowhere to go yet and are
reported as not placed.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from workbench.core.errors import MediaError
from workbench.core.importers.media import read_recording
from workbench.core.media.sync import format_clock
from workbench.core.refi.archive import QdpxArchive
from workbench.core.refi.media_xml import RMedia
from workbench.core.refi.model import RTextSource
from workbench.core.services.media import attach_recording

if TYPE_CHECKING:
    from workbench.core.refi.import_rows import RowImporter

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def import_media(
    rows: RowImporter, archive: QdpxArchive, qdpx: Path, target: Path, written: list[Path]
) -> None:
    """Import every recording of ``rows.doc`` for the new project at ``target``; the files
    written beside it are added to ``written`` (the caller removes them if the import fails)."""
    folder = target.parent
    for media in rows.doc.media:
        source = rows.sources.get(media.source or "")
        if source is None:
            rows.report.skip("recordings of sources that were not imported")
            continue
        _cues(rows, source.id, media)
        _codings(rows, source.id, media)
        path = _file(rows, media, archive, qdpx, target, source.name, written)
        if path is None:
            rows.report.warn(
                "recordings not found were left out; their sources keep the transcript and "
                "media codings (attach the recording to play it)"
            )
            continue
        try:
            recording = read_recording(path)
        except MediaError:
            rows.report.skip("recordings that cannot be decoded")
            continue
        attach_recording(rows.tx, source.id, recording, folder)
        rows.report.count("recordings")


def without_transcript(rows: RowImporter, source: RTextSource) -> str:
    """A recording whose transcript could not be read is imported without it: its coded text
    ranges are counted as lost, its sync points dropped."""
    lost = sum(len(selection.codings) for selection in source.selections)
    rows.report.skip("codings in transcripts that could not be read", lost)
    source.selections = []
    for media in rows.doc.media:
        if media.source == source.guid:
            media.cues = []
    return ""


def _cues(rows: RowImporter, source_id: int, media: RMedia) -> None:
    if not media.cues:
        return
    source = next(s for s in rows.sources.values() if s.id == source_id)
    placing = rows.placing.get(source_id)
    cues = []
    for position, ms in media.cues:
        if placing is not None:
            positions, convention = placing
            if not 0 <= position <= positions.length(convention):
                rows.report.skip("sync points outside their transcript")
                continue
            position = positions.to_stored(convention, position)
        cues.append({"start": format_clock(ms), "end": None, "speaker": None, "offset": position})
    source.meta = {**(source.meta or {}), "cues": cues}


def _codings(rows: RowImporter, source_id: int, media: RMedia) -> None:
    seen: set[tuple[int, int, int, int]] = set()
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
            rows.tx.add(
                "media_coding",
                uuid=rows.uuid_for(coding.guid),
                source_id=source_id,
                code_id=code_id,
                coder_id=coder,
                start_ms=selection.start,
                end_ms=selection.end,
                created_at=coding.created or selection.created or rows.tx.now,
            )
            rows.report.count("media codings")
            rows.report.skip("memos on media codings (not placed)", len(coding.notes))
        rows.report.skip("memos on media selections (not placed)", len(selection.notes))


def _file(
    rows: RowImporter,
    media: RMedia,
    archive: QdpxArchive,
    qdpx: Path,
    target: Path,
    name: str,
    written: list[Path],
) -> Path | None:
    """The recording on disk: written out of the archive, or found where the path says."""
    reference = (media.path or "").strip()
    scheme, _, rest = reference.partition("://")
    if scheme.lower() == "internal":
        member = archive.resolve_internal(reference)
        if member is None:
            return None
        folder = target.with_name(f"{target.stem} recordings")
        folder.mkdir(exist_ok=True)
        suffix = PurePosixPath(member).suffix.lower()
        stem = _UNSAFE.sub("_", name).strip(" .") or "Recording"
        out, n = folder / f"{stem}{suffix}", 2
        while out.exists():
            out, n = folder / f"{stem} ({n}){suffix}", n + 1
        written.append(out)
        with archive.open_member(member) as src, out.open("xb") as dst:
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
        candidates.append(qdpx.parent / relative)
    for current in (media.current_path,):
        if current:
            candidates.append(_local(current.partition("://")[2] or current))
    return next((c for c in candidates if c.is_file()), None)


def _local(path: str) -> Path:
    """A REFI path (``/home/x/a.mp4``, ``/C:/x/a.mp4``, ``C:\\x\\a.mp4``) as a local path."""
    text = path.replace("\\", "/")
    if re.match(r"^/[A-Za-z]:/", text):
        text = text[1:]
    elif not re.match(r"^[A-Za-z]:/", text):
        text = "/" + text.lstrip("/")
    return Path(text)


def remove_empty_folders(written: list[Path]) -> None:
    """After a failed import: the recordings folder, if the import made it and it is empty."""
    for folder in {path.parent for path in written}:
        with contextlib.suppress(OSError):  # not empty: it holds files the import did not write
            folder.rmdir()
