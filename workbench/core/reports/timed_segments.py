"""Segments with the time they are heard at, and media codings as segments, for one code at a
time (the Segments panel and ``segments --json``), read through the project's services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workbench.core.errors import NotFoundError
from workbench.core.media.sync import SyncPoint, cue_times, span_ms, text_span
from workbench.core.values import Segment

if TYPE_CHECKING:
    from workbench.core.project import Project


@dataclass(frozen=True)
class _Recording:
    points: list[SyncPoint]
    duration_ms: int | None  # None: no recording attached


class _Timings:
    """The sync points and recording length of each source, read once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._known: dict[str, _Recording] = {}

    def __call__(self, source: str) -> _Recording:
        if source not in self._known:
            info = self.project.media.get(source)
            self._known[source] = _Recording(
                cue_times(self.project.sources.metadata(source)),
                info.duration_ms if info is not None else None,
            )
        return self._known[source]


def with_times(project: Project, segments: Sequence[Segment]) -> list[Segment]:
    """``segments`` with ``start_ms``/``end_ms`` where the source's sync points say when each
    is heard (``end_ms`` None when its end is not known)."""
    timing = _Timings(project)
    out = []
    for seg in segments:
        recording = timing(seg.source_uuid)
        start_ms, end_ms = span_ms(recording.points, seg.start, seg.end, recording.duration_ms)
        out.append(seg if start_ms is None else replace(seg, start_ms=start_ms, end_ms=end_ms))
    return out


def media_segments(
    project: Project, codes: Mapping[str, str], *, context: int = 0
) -> list[Segment]:
    """The media codings of ``codes`` (uuid → path) as segments: their time range, and the
    part of the transcript its cues place there as text (none without cues); by source, then
    time."""
    timing = _Timings(project)
    texts: dict[str, str] = {}
    out = []
    for code, path in codes.items():
        for mc in project.media_codings.for_code(code):
            source = project.sources.get(mc.source_uuid)
            if mc.source_uuid not in texts:
                texts[mc.source_uuid] = project.sources.text(mc.source_uuid)
            text = texts[mc.source_uuid]
            start, end = text_span(timing(mc.source_uuid).points, mc.start_ms, mc.end_ms, len(text))
            out.append(
                Segment(
                    coding_uuid=mc.uuid,
                    source_uuid=mc.source_uuid,
                    source=source.name,
                    code_uuid=mc.code_uuid,
                    code_path=path,
                    coder=mc.coder,
                    start=start,
                    end=end,
                    text=text[start:end],
                    before=text[max(0, start - context) : start] if context else "",
                    after=text[end : end + context] if context and end > start else "",
                    cases=tuple(sorted(source.cases)),
                    start_ms=mc.start_ms,
                    end_ms=mc.end_ms,
                )
            )
    out.sort(key=lambda s: (s.source, s.start_ms or 0, s.end_ms or 0))
    return out


@dataclass(frozen=True)
class CodingTime:
    """When one coding is heard: its source and time range (``start_ms`` None: not known)."""

    source_uuid: str
    source: str
    start_ms: int | None
    end_ms: int | None


def coding_time(project: Project, coding_uuid: str) -> CodingTime:
    """The time range of a media coding, or of a text coding by its source's sync points.

    Raises NotFoundError when no coding has that uuid."""
    timing = _Timings(project)
    for source in project.sources.list():
        for mc in project.media_codings.for_source(source.uuid):
            if mc.uuid == coding_uuid:
                return CodingTime(source.uuid, source.name, mc.start_ms, mc.end_ms)
        for coding in project.codings.of_source(source.uuid):
            if coding.uuid == coding_uuid:
                recording = timing(source.uuid)
                start_ms, end_ms = span_ms(
                    recording.points, coding.start, coding.end, recording.duration_ms
                )
                return CodingTime(source.uuid, source.name, start_ms, end_ms)
    raise NotFoundError(f"No coding {coding_uuid!r} in this project; 'segments --json' lists them.")
