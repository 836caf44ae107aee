"""Importing a recording as a source, with its transcript (VTT, SRT, or text with inline
``[hh:mm:ss]`` / ``(mm:ss)`` timestamps) as the source's text and sync points."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.importers.dispatch import read_source
from workbench.core.media.probe import file_sha256, probe
from workbench.core.media.sync import cue_times, format_clock
from workbench.core.media.timestamps import split_timestamps
from workbench.core.services.media import attach_recording, embedded_bytes

# The one way a source row is built and inserted (normalized text, turns, duplicate check).
from workbench.core.services.sources import _insert, _NewSource
from workbench.core.text.controls import replace_controls
from workbench.core.text.normalize import normalize_text
from workbench.core.values import Changes

if TYPE_CHECKING:
    from workbench.core.project import Project

MEDIA_EXTENSIONS = (
    ".mp3",
    ".m4a",
    ".wav",
    ".ogg",
    ".opus",
    ".flac",
    ".mp4",
    ".mov",
    ".webm",
    ".mkv",
)
"""Recordings the importer offers (any file PyAV decodes is accepted)."""


def import_recording(
    project: Project,
    recording: Path,
    *,
    transcript: Path | None = None,
    embed: bool = False,
    coder: str,
) -> Changes:
    """Add a source named after the recording, with the recording linked (or embedded) and
    the transcript's text and cues; without a transcript the text is empty. Everything is
    read and checked first: nothing is written when the recording or transcript is refused."""
    recording = Path(recording)
    found = probe(recording)
    data = embedded_bytes(recording, found) if embed else None
    sha256 = file_sha256(recording)
    new = _source_of(recording, None if transcript is None else Path(transcript))
    with project.write(coder=coder) as tx:
        row = _insert(tx, new)
        attach_recording(tx, row.id, recording, found, sha256, data, project.path.resolve().parent)
        late = [p.ms for p in cue_times(new.meta) if p.ms > found.duration_ms]
        if late:
            tx.messages.append(
                f"The transcript has {len(late)} timestamps after the end of the recording "
                f"({format_clock(found.duration_ms)}): check that they belong together."
            )
    return tx.result


def _source_of(recording: Path, transcript: Path | None) -> _NewSource:
    name = replace_controls(recording.stem) or "Untitled"
    if transcript is None:
        return _NewSource.of(
            name=name,
            text="",
            kind="text",
            original_name=recording.name,
            original_format="",
            metadata={"cues": []},
            empty_ok=True,
        )
    doc = read_source(transcript)
    text, meta = doc.text, dict(doc.metadata)
    if not meta.get("cues"):
        text, meta = _inline_cues(text, meta)
    return _NewSource.of(
        name=name,
        text=text,
        kind=doc.kind,
        original_name=transcript.name,
        original_format=doc.original_format,
        metadata=meta,
    )


def _inline_cues(text: str, meta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text without its inline timestamps, which become the cues (turns are found
    again in the text without them)."""
    stripped, cues = split_timestamps(text)
    if not cues:
        return text, meta
    normalized = normalize_text(stripped)
    for cue in cues:
        cue["offset"] = normalized.position_map.raw_to_stored(cue["offset"])
    kept = {k: v for k, v in meta.items() if k not in ("turns", "speakers")}
    return normalized.text, {**kept, "cues": cues}
