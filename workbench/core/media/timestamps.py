"""Inline timestamps (``[01:02:03]``, ``(12:34)``), as transcription tools write them, taken
out of a transcript's text and kept as cues (sync points)."""

from __future__ import annotations

import re
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
    position = 0
    length = 0
    for match in _STAMP.finditer(text):
        if _PAIRS[match["open"]] != match["close"]:
            continue
        ms = parse_clock(match["time"])
        if ms is None:
            continue
        piece = text[position : match.start()]
        out.append(piece)
        length += len(piece)
        position = match.end()
        line_end = text.find("\n", position)
        speaker = _SPEAKER.match(text[position : len(text) if line_end < 0 else line_end])
        cues.append(
            {
                "start": format_clock(ms),
                "end": None,
                "speaker": speaker.group(1).strip() if speaker else None,
                "offset": length,
            }
        )
    out.append(text[position:])
    return "".join(out), cues
