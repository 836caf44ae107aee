"""Inline timestamps (``[01:02:03]``, ``(12:34)``), as transcription tools write them, taken
out of a transcript's text and kept as cues (sync points)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from workbench.core.media.sync import format_clock, parse_clock

# A stamp in brackets or parentheses: [hh:mm:ss], [mm:ss], (hh:mm:ss.mmm), #00:01:02-5# is
# not ours. Trailing blanks go with the stamp so "[00:01] Anna: Hi" becomes "Anna: Hi".
_STAMP = re.compile(
    r"(?P<open>[\[(])(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)(?P<close>[\])])[ \t]*"
)
_PAIRS = {"[": "]", "(": ")"}
_SPEAKER = re.compile(r"^([^\W\d_][\w.'’ -]{0,40}?)[ \t]*:[ \t]")


def split_timestamps(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text without its inline timestamps, and one cue per stamp
    (``{"start", "end": None, "speaker", "offset"}``, offset into the returned text)."""
    out: list[str] = []
    cues: list[dict[str, Any]] = []
    position = length = 0
    for match, cue in _stamps(text):
        piece = text[position : match.start()]
        out.append(piece)
        length += len(piece)
        position = match.end()
        cues.append({**cue, "offset": length})
    out.append(text[position:])
    return "".join(out), cues


def timestamp_cues(text: str) -> list[dict[str, Any]]:
    """One cue per inline timestamp of ``text``, left in place: each cue's offset is where
    the words after the stamp begin (for a transcript already in the project)."""
    return [{**cue, "offset": match.end()} for match, cue in _stamps(text)]


def _stamps(text: str) -> Iterator[tuple[re.Match[str], dict[str, Any]]]:
    """Each stamp with its cue (without the offset)."""
    for match in _STAMP.finditer(text):
        ms = parse_clock(match["time"])
        if _PAIRS[match["open"]] != match["close"] or ms is None:
            continue
        line_end = text.find("\n", match.end())
        speaker = _SPEAKER.match(text[match.end() : len(text) if line_end < 0 else line_end])
        yield (
            match,
            {
                "start": format_clock(ms),
                "end": None,
                "speaker": speaker.group(1).strip() if speaker else None,
            },
        )
