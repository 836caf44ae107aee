"""Importing a recording as a source, with its transcript as the source's text and cues."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.changes import Changes
from workbench.core.importers.media import Transcript, read_recording, read_transcript
from workbench.core.media.sync import cue_times, format_clock
from workbench.core.services.media import attach_recording

# The one way a source row is built and inserted (normalized text, turns, duplicate check).
from workbench.core.services.sources import _insert, _NewSource
from workbench.core.text.controls import replace_controls

if TYPE_CHECKING:
    from workbench.core.project import Project


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
    media = read_recording(Path(recording), embed=embed)
    text = (
        Transcript("", "text", media.path.name, "", {"cues": []})
        if transcript is None
        else read_transcript(Path(transcript))
    )
    new = _NewSource.of(
        name=replace_controls(media.path.stem) or "Untitled",
        text=text.text,
        kind=text.kind,
        original_name=text.original_name,
        original_format=text.original_format,
        metadata=text.metadata,
        empty_ok=transcript is None,
    )
    with project.write(coder=coder) as tx:
        row = _insert(tx, new)
        attach_recording(tx, row.id, media, project.folder)
        duration = media.probe.duration_ms
        late = [p.ms for p in cue_times(new.meta) if p.ms > duration]
        if late:
            tx.messages.append(
                f"The transcript has {len(late)} timestamps after the end of the recording "
                f"({format_clock(duration)}): check that they belong together."
            )
    return tx.result
