"""Time ranges in retrieval: the time each coded text range is heard at (from the transcript's
cues), and media codings as segments of their own.

A text coding of a transcript runs from the time of the last cue at or before its start to the
start of the first cue at or after its end (or the end of the recording); outside the cues its
time is not known (None). A media coding's segment quotes the transcript's cues it overlaps
(empty without a transcript); its place (speaker, case, paragraph) is that of those cues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workbench.core.db import media_rows
from workbench.core.media.sync import SyncPoint, cue_times, format_clock, span_ms, text_span
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.values import Segment

if TYPE_CHECKING:
    from workbench.core.project import Project


def time_range(segment: Segment) -> str:
    """``hh:mm:ss.mmm–hh:mm:ss.mmm`` (an unknown end: ``hh:mm:ss.mmm–``), or "" if untimed."""
    if segment.start_ms is None:
        return ""
    end = "" if segment.end_ms is None else format_clock(segment.end_ms)
    return f"{format_clock(segment.start_ms)}–{end}"


@dataclass(frozen=True)
class _Timing:
    points: list[SyncPoint]
    duration_ms: int | None  # None: no recording attached

    def times(self, start: int, end: int) -> tuple[int | None, int | None]:
        return span_ms(self.points, start, end, self.duration_ms)

    def offsets(self, start_ms: int, end_ms: int, length: int) -> tuple[int, int]:
        return text_span(self.points, start_ms, end_ms, length)


def _timings(project: Project) -> dict[int, _Timing]:
    """The sync points (and recording length) of every source that has cues or a recording."""
    with project.read() as s:
        durations = {r.source_id: r.duration_ms for r in media_rows.recording_rows(s)}
        out: dict[int, _Timing] = {}
        for source_id, cues in media_rows.source_cues(s).items():
            points = cue_times({"cues": cues})
            if points:
                out[source_id] = _Timing(points, durations.get(source_id))
        for source_id, duration in durations.items():
            out.setdefault(source_id, _Timing([], duration))
        return out


def with_media(
    project: Project,
    data: ReportData,
    segments: list[Segment],
    select_media: Callable[[ReportData], list[CodingRecord]],
    build: Callable[[ReportData, list[CodingRecord]], list[Segment]],
) -> list[Segment]:
    """``segments`` with their time ranges, and the media codings ``select_media`` selects
    (given the data with media codings in place of codings) as segments made by ``build``;
    in code tree order, then source name and time."""
    timings = _timings(project)
    records, ranges = _media_records(project, data, timings)
    out = [_timed(seg, timings, data) for seg in segments] if timings else list(segments)
    if records:
        media_data = replace(data, codings=records)
        for seg in build(media_data, select_media(media_data)):
            start_ms, end_ms = ranges[seg.coding_uuid]
            out.append(replace(seg, start_ms=start_ms, end_ms=end_ms, passage=0))
        order = {code.uuid: index for index, code in enumerate(data.codes)}
        out.sort(key=lambda s: (order[s.code_uuid], s.source, _when(s), s.start, s.coder))
    return out


def with_times(project: Project, data: ReportData, segments: list[Segment]) -> list[Segment]:
    """``segments`` with the time each is heard at, where the source's cues say."""
    timings = _timings(project)
    return [_timed(seg, timings, data) for seg in segments] if timings else segments


def _when(segment: Segment) -> int:
    return -1 if segment.start_ms is None else segment.start_ms


def _timed(segment: Segment, timings: dict[int, _Timing], data: ReportData) -> Segment:
    timing = timings.get(_source_id(data, segment.source_uuid))
    if timing is None:
        return segment
    start_ms, end_ms = timing.times(segment.start, segment.end)
    return replace(segment, start_ms=start_ms, end_ms=end_ms)


def _source_id(data: ReportData, uuid: str) -> int:
    return next((s.id for s in data.sources.values() if s.uuid == uuid), -1)


def _media_records(
    project: Project, data: ReportData, timings: dict[int, _Timing]
) -> tuple[list[CodingRecord], dict[str, tuple[int, int]]]:
    """Media codings as coding records placed at the transcript text they overlap (ids
    negative, so they name no text coding), and their time ranges by uuid."""
    records: list[CodingRecord] = []
    ranges: dict[str, tuple[int, int]] = {}
    with project.read() as s:
        for row in media_rows.media_coding_rows(s):
            source = data.sources.get(row.source_id)
            if source is None:
                continue
            timing = timings.get(row.source_id, _Timing([], None))
            start, end = timing.offsets(row.start_ms, row.end_ms, source.length)
            records.append(
                CodingRecord(-row.id, row.uuid, row.source_id, row.code_id, row.coder, start, end)
            )
            ranges[row.uuid] = (row.start_ms, row.end_ms)
    return records, ranges
