"""Reading a recording and its transcript (VTT, SRT, or text with inline ``[hh:mm:ss]`` /
``(mm:ss)`` timestamps) for import; ``services.media_import`` writes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.errors import MediaError
from workbench.core.importers.dispatch import read_source
from workbench.core.media.probe import MediaProbe, file_sha256, probe
from workbench.core.media.timestamps import split_timestamps
from workbench.core.text.normalize import normalize_text

AUDIO_EXTENSIONS = (".mp3", ".m4a", ".wav", ".ogg", ".opus", ".flac")
MEDIA_EXTENSIONS = (*AUDIO_EXTENSIONS, ".mp4", ".mov", ".webm", ".mkv")
"""Recordings the importers offer (any other file PyAV decodes is accepted too)."""

MAX_EMBED_BYTES = 100 * 1024 * 1024
"""Largest recording that may be embedded in the project file (bigger ones stay linked)."""


@dataclass(frozen=True)
class RecordingFile:
    """A recording checked for import: it decodes; ``data`` when it is to be embedded."""

    path: Path
    probe: MediaProbe
    sha256: str
    data: bytes | None


@dataclass(frozen=True)
class Transcript:
    """A transcript's text in stored form with its metadata (``cues``: the sync points)."""

    text: str
    kind: str
    original_name: str
    original_format: str
    metadata: dict[str, Any]


def read_recording(path: Path, *, embed: bool = False) -> RecordingFile:
    """Probe and hash a recording (and read it, to embed); MediaError when it cannot be used."""
    found = probe(path)
    if embed and found.size > MAX_EMBED_BYTES:
        raise MediaError(
            path,
            f"is too big to embed ({found.size / 2**20:,.0f} MB; at most "
            f"{MAX_EMBED_BYTES // 2**20} MB).",
            "Link it instead: the project keeps its path, size and checksum.",
        )
    return RecordingFile(path, found, file_sha256(path), path.read_bytes() if embed else None)


def read_transcript(path: Path) -> Transcript:
    """A transcript's text and cues: a subtitle file's cues, else the text's inline stamps
    (taken out of the text; speaker turns are found in the text without them)."""
    doc = read_source(path)
    text, meta = doc.text, dict(doc.metadata)
    if not meta.get("cues"):
        stripped, cues = split_timestamps(text)
        if cues:
            normalized = normalize_text(stripped)
            for cue in cues:
                cue["offset"] = normalized.position_map.raw_to_stored(cue["offset"])
            text = normalized.text
            meta = {k: v for k, v in meta.items() if k not in ("turns", "speakers")}
            meta["cues"] = cues
    return Transcript(text, doc.kind, path.name, doc.original_format, meta)
