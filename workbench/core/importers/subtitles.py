"""Subtitle files (.vtt WebVTT, .srt SubRip): one line of text per cue.

A cue that names its speaker becomes ``Speaker: text``; otherwise just ``text``. The speaker
comes from a WebVTT voice tag (``<v Anna>...</v>``) or from a leading ``Anna:`` / ``ANNA:``
/ ``[Anna]`` in either format (a bracketed name must start with a capital letter and be
followed by text, so ``[music]`` is not a speaker). A cue with several voices gives one
line per voice. Markup tags, ``{\\an8}``-style positioning codes and entities are removed,
and the lines of a cue are joined with spaces.

Metadata ``cues`` lists, per output line, ``start``/``end`` (``HH:MM:SS.mmm``),
``speaker`` (or None) and the stored ``offset`` of the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    build_document,
    check_text_length,
    empty_file_error,
    no_text_error,
)
from workbench.core.importers.plain import decode_text
from workbench.core.text.normalize import normalize_text
from workbench.core.text.speakers import MAX_LABEL_CHARS

__all__ = ["Cue", "import_subtitles", "parse_cues"]

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-+>\s*({_TIME})(?:\s|$)")
_TIMING_LINE = re.compile(rf"^\s*{_TIME}\s*-+>\s*{_TIME}(?:\s|$)", re.MULTILINE)
_TIME_PARTS = re.compile(r"(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?")
_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
_ASS_CODE = re.compile(r"\{\\[^{}]*\}")
_SPACES = re.compile(r"\s+")
_COLON_SPEAKER = re.compile(r"^([^\W\d_][\w.'’-]*(?:[ ][\w.'’-]+){0,3})[ \t]*:[ \t]+(?=\S)")
_BRACKET_SPEAKER = re.compile(r"^\[([^\[\]]{1,40})\][ \t]*:?[ \t]*(?=\S)")


@dataclass(frozen=True)
class Cue:
    """One subtitle line: timestamps, optional speaker and the cleaned text."""

    start: str
    end: str
    speaker: str | None
    text: str


def import_subtitles(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    """Import a .vtt or .srt file (identity position map)."""
    if not data:
        raise empty_file_error(path)
    source, encoding = decode_text(path, data)
    check_text_length(path, len(source))
    cues = parse_cues(source)
    if not cues and _TIMING_LINE.search(source):
        raise no_text_error(path, "the subtitle file")
    if not cues:
        name = "WebVTT" if original_format == "vtt" else "SubRip"
        raise SourceImportError(
            path,
            ImportProblem.CORRUPT,
            f"no subtitle cues found (the file is not in {name} format, or it is damaged).",
            "Check that you picked the right file; export the transcript as .txt or "
            ".docx if you have it.",
        )
    lines: list[str] = []
    offsets: list[int] = []
    offset = 0
    for cue in cues:
        line = f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text
        offsets.append(offset)
        lines.append(line)
        offset += len(line) + 1
    normalized = normalize_text("\n".join(lines))
    to_stored = normalized.position_map.raw_to_stored
    cue_data: list[dict[str, Any]] = [
        {"start": cue.start, "end": cue.end, "speaker": cue.speaker, "offset": to_stored(raw)}
        for cue, raw in zip(cues, offsets, strict=True)
    ]
    names = {cue.speaker for cue in cues if cue.speaker}
    return build_document(
        path,
        normalized,
        original_format,
        {"encoding": encoding, "cues": cue_data},
        known_speakers=names,
        empty_what="the subtitle file",
    )


def parse_cues(source: str) -> list[Cue]:
    """Cues of a WebVTT or SubRip text, one per output line (see the module docstring)."""
    text = source.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for block in _BLOCK_SEPARATOR.split(text):
        lines = block.strip("\n").split("\n")
        for index, line in enumerate(lines[:3]):  # identifier lines come before the timing
            timing = _TIMING.match(line)
            if timing:
                start, end = _timestamp(timing.group(1)), _timestamp(timing.group(2))
                for speaker, words in _voices("\n".join(lines[index + 1 :])):
                    cues.append(Cue(start, end, speaker, words))
                break
    return cues


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """Split a cue payload into (speaker, text) parts, merging parts of the same speaker."""
    parts: list[tuple[str | None, str]] = []
    position = 0
    speaker: str | None = None
    for match in _VOICE.finditer(payload):
        parts.append((speaker, payload[position : match.start()]))
        name = _SPACES.sub(" ", match.group(1) or "").strip()
        speaker = name or None
        position = match.end()
    parts.append((speaker, payload[position:]))
    result: list[tuple[str | None, str]] = []
    for voice, raw in parts:
        words = _clean(raw)
        if not words:
            continue
        if voice is None:
            voice, words = _leading_speaker(words)
        if result and result[-1][0] == voice:
            result[-1] = (voice, f"{result[-1][1]} {words}")
        else:
            result.append((voice, words))
    return result


def _clean(raw: str) -> str:
    text = _ASS_CODE.sub("", _TAG.sub("", raw))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _leading_speaker(words: str) -> tuple[str | None, str]:
    """Split off a leading ``Name:`` or ``[Name]`` speaker label, if there is one."""
    match = _COLON_SPEAKER.match(words)
    if match and len(match.group(1)) <= MAX_LABEL_CHARS:
        return match.group(1), words[match.end() :]
    match = _BRACKET_SPEAKER.match(words)
    if match:
        name = match.group(1).strip()
        if name[:1].isupper():
            return name, words[match.end() :]
    return None, words


def _timestamp(value: str) -> str:
    """``HH:MM:SS.mmm`` form of a WebVTT or SubRip timestamp."""
    match = _TIME_PARTS.fullmatch(value)
    if match is None:  # pragma: no cover - the timing regex only lets valid ones through
        return value
    hours, minutes, seconds, fraction = match.groups()
    millis = (fraction or "0")[:3].ljust(3, "0")
    return f"{int(hours or 0):02d}:{int(minutes):02d}:{int(seconds):02d}.{millis}"
