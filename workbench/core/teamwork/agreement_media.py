"""Agreement on media codings, by time unit: each second of a recording is a unit.

A recording of ``d`` ms has ``ceil(d / 1000)`` one-second bins; per code, a coder "coded" a bin
when one of their media codings of that code touches it (as a coding touching a paragraph
codes it for the paragraph unit). Only sources with a recording take part. Which sources, and
which coders count as missing in a source, follow the text units' rules: ``agreement`` reads
the media codings a batch of sources at a time, as it reads codings for the text units.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from workbench.core.db import media_rows
from workbench.core.teamwork.agreement_units import Ranges
from workbench.core.text.wording import counted

BIN_MS = 1000


class Span(NamedTuple):
    """A media coding as the agreement loop reads a coding: its range in ms."""

    source_id: int
    code_id: int
    coder_id: int
    start: int
    end: int


def seconds(duration_ms: int) -> Ranges:
    """The one-second bins of a recording, the last one shorter when it ends mid-second."""
    return [(start, min(start + BIN_MS, duration_ms)) for start in range(0, duration_ms, BIN_MS)]


def recorded(
    s: Session, chosen: Sequence[Any], notes: list[str]
) -> tuple[list[Any], dict[int, int]]:
    """The ``chosen`` sources (rows with an ``id``) that have a recording, and each recording's
    duration in ms by source id; the sources left out are noted."""
    durations = {r.source_id: r.duration_ms for r in media_rows.recording_rows(s)}
    kept = [r for r in chosen if r.id in durations]
    if len(kept) < len(chosen):
        notes.append(
            f"Left out: {counted(len(chosen) - len(kept), 'source')} without a recording "
            "(the unit is a second of a recording)."
        )
    return kept, durations


def media_spans(s: Session, coders: Collection[int], sources: Collection[int]) -> Iterator[Span]:
    """The media codings of ``coders`` in ``sources`` (ids), by source."""
    for row in media_rows.media_coding_rows(s, coders=coders, sources=sources):
        yield Span(row.source_id, row.code_id, row.coder_id, row.start_ms, row.end_ms)
