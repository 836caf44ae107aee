"""Sync points: where in the text each moment of the recording is (from ``meta["cues"]``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$")


class SyncPoint(NamedTuple):
    """Character ``offset`` of the text is heard at ``ms`` milliseconds into the recording."""

    offset: int
    ms: int


def parse_clock(value: str) -> int | None:
    """``HH:MM:SS.mmm``, ``MM:SS`` or ``H:MM:SS,mmm`` as milliseconds; None if not a time."""
    match = _CLOCK.match(value)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def format_clock(ms: int) -> str:
    """Milliseconds as ``HH:MM:SS.mmm`` (the form cues are stored in)."""
    seconds, millis = divmod(max(0, ms), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def cue_times(meta: Mapping[str, Any]) -> list[SyncPoint]:
    """The sync points of a source's metadata, sorted by offset (cues without a readable
    start time or offset are skipped)."""
    points: list[SyncPoint] = []
    for cue in meta.get("cues") or ():
        if not isinstance(cue, Mapping):
            continue
        offset, start = cue.get("offset"), cue.get("start")
        ms = parse_clock(start) if isinstance(start, str) else None
        if isinstance(offset, int) and offset >= 0 and ms is not None:
            points.append(SyncPoint(offset, ms))
    points.sort()
    return points


def time_at(points: Sequence[SyncPoint], offset: int) -> int | None:
    """The time of the last sync point at or before ``offset`` (None: before the first)."""
    index = bisect_right(points, offset, key=lambda p: p.offset)
    return points[index - 1].ms if index else None


def offset_at(points: Sequence[SyncPoint], ms: int) -> int | None:
    """The offset of the last sync point heard at or before ``ms`` (None: before the first).

    Points are ordered by offset; their times are expected to rise with it (a transcript
    follows the recording), so the same binary search applies."""
    index = bisect_right(points, ms, key=lambda p: p.ms)
    return points[index - 1].offset if index else None


def span_ms(
    points: Sequence[SyncPoint], start: int, end: int, duration_ms: int | None
) -> tuple[int | None, int | None]:
    """When the text from ``start`` to ``end`` is heard: from the sync point at or before
    ``start`` to the first one at or after ``end`` (else the recording's end, if known);
    (None, None) when no sync point comes before ``start``."""
    begin = time_at(points, start)
    if begin is None:
        return None, None
    index = bisect_left(points, end, key=lambda p: p.offset)
    return begin, max(begin, points[index].ms) if index < len(points) else duration_ms


def text_span(
    points: Sequence[SyncPoint], start_ms: int, end_ms: int, length: int
) -> tuple[int, int]:
    """The text heard from ``start_ms`` to ``end_ms``: from the cue playing at its start to the
    first cue starting at or after its end (the text's ``length`` after the last); (0, 0)
    without sync points."""
    if not points:
        return 0, 0
    begin = offset_at(points, start_ms) or 0
    later = bisect_left(points, end_ms, key=lambda p: p.ms)
    end = points[later].offset if later < len(points) else length
    return begin, max(begin, end)
