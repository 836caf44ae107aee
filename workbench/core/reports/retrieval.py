"""Retrieval: coded segments with full references (source, case and attributes, speaker,
paragraph, coder, memos) as :class:`Segment` values, for a filter or for the coding uuids behind
a report cell."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from workbench.core.db.project_rows import coding_memos
from workbench.core.reports.dataset import CodingRecord, ReportData, load_report_data
from workbench.core.reports.passages import (
    CoderScope,
    PassageCounter,
    coder_ranges,
    group_passages,
    passage_codings,
    stitch,
)
from workbench.core.reports.quotes import describe_ranges
from workbench.core.reports.retrieval_media import time_range, with_media, with_times
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.values import Segment

if TYPE_CHECKING:
    from workbench.core.project import Project


def reference(segment: Segment) -> str:
    """A one-line citation of a retrieved segment: case (attributes) · source, ¶ · speaker ·
    time range in the recording · coder."""
    parts = []
    for case in segment.cases:
        values = [str(v) for v in segment.case_attributes.get(case, {}).values() if v != ""]
        parts.append(f"{case} ({', '.join(values)})" if values else case)
    if not segment.cases or segment.cases != (segment.source,):
        parts.append(f"{segment.source}, ¶{segment.paragraph}")
    else:
        parts.append(f"¶{segment.paragraph}")
    if segment.speakers:
        parts.append("speaker " + ", ".join(segment.speakers))
    if segment.start_ms is not None:
        parts.append(time_range(segment))
    parts.append(describe_ranges(segment.ranges) if segment.ranges else f"coded by {segment.coder}")
    return " · ".join(parts)


def paragraph_starts(text: str) -> list[int]:
    """Offsets where each non-empty line (a paragraph) starts."""
    starts = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
        position += len(line) + 1
    return starts


def paragraph_of(starts: list[int], offset: int) -> int:
    """The 1-based paragraph number holding ``offset``."""
    return max(1, bisect.bisect_right(starts, offset))


def retrieve(
    project: Project,
    flt: SegmentFilter | None = None,
    *,
    data: ReportData | None = None,
    coders: CoderScope | None = None,
) -> list[Segment]:
    """Every segment ``flt`` selects whose coder ``coders`` counts (consensus: only those in
    passages every coder marked), one per coding, in code tree order, then source name and
    position; each carries its passage number (see :func:`merge_passages`)."""
    data = data or load_report_data(project)
    segments = _build(project, data, scoped_codings(data, flt, coders))
    return with_media(  # time ranges, and media codings as segments
        project,
        data,
        segments,
        lambda media: scoped_codings(media, flt, coders),
        lambda media, records: _build(project, media, records),
    )


def scoped_codings(
    data: ReportData, flt: SegmentFilter | None, coders: CoderScope | None
) -> list[CodingRecord]:
    """The codings ``flt`` selects that lie in passages ``coders`` counts (per code)."""
    counter = PassageCounter(data, coders)
    by_code: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in select_codings(data, flt):
        by_code[coding.code_id].append(coding)
    return [c for items in by_code.values() for c in passage_codings(counter.passages(items))]


def merge_passages(segments: Sequence[Segment]) -> list[Segment]:
    """One segment per passage (in the order of their first coding): the text of the whole
    passage, naming each coder's range, so a quote coded by two coders is listed once."""
    groups: dict[tuple[str, int], list[Segment]] = {}
    for seg in segments:
        groups.setdefault((seg.code_uuid, seg.passage or -len(groups) - 1), []).append(seg)
    out = []
    for items in groups.values():
        if len(items) == 1:
            out.append(items[0])
            continue
        first = items[0]
        start, end, text = stitch((seg.start, seg.end, seg.text) for seg in items)
        ranges = coder_ranges((seg.coder, seg.start, seg.end) for seg in items)
        out.append(
            replace(
                first,
                start=start,
                end=end,
                text=text,
                coder=", ".join(name for name, _, _ in ranges),
                speakers=tuple(dict.fromkeys(sp for seg in items for sp in seg.speakers)),
                cases=tuple(dict.fromkeys(case for seg in items for case in seg.cases)),
                memos=tuple(memo for seg in items for memo in seg.memos),
                ranges=ranges,
                codings=tuple(seg.coding_uuid for seg in items),
            )
        )
    return out


def segments_for(
    project: Project, codings: Collection[str], *, data: ReportData | None = None
) -> list[Segment]:
    """The segments behind a report cell: ``codings`` are coding uuids (``Cell.codings``)."""
    data = data or load_report_data(project)
    wanted = set(codings)
    return with_times(
        project, data, _build(project, data, [c for c in data.codings if c.uuid in wanted])
    )


def _build(project: Project, data: ReportData, codings: list[CodingRecord]) -> list[Segment]:
    order = {data.code_ids[code.uuid]: index for index, code in enumerate(data.codes)}
    codings = sorted(
        codings,
        key=lambda c: (order[c.code_id], data.sources[c.source_id].name, c.start, c.end, c.coder),
    )
    number = _passage_numbers(codings)
    memos = _coding_memos(project, {c.id for c in codings})
    texts: dict[int, str] = {}
    starts: dict[int, list[int]] = {}
    out = []
    for coding in codings:
        source = data.sources[coding.source_id]
        if source.id not in texts:
            texts[source.id] = project.sources.text(source.uuid)
            starts[source.id] = paragraph_starts(texts[source.id])
        code = data.code(coding.code_id)
        cases = [data.cases[i] for i in data.cases_of(coding)]
        out.append(
            Segment(
                coding_uuid=coding.uuid,
                code_uuid=code.uuid,
                code_path=code.path,
                code_color=code.color,
                source_uuid=source.uuid,
                source=source.name,
                start=coding.start,
                end=coding.end,
                text=texts[source.id][coding.start : coding.end],
                coder=coding.coder,
                speakers=data.speakers_of(coding),
                paragraph=paragraph_of(starts[source.id], coding.start),
                cases=tuple(c.name for c in cases),
                case_attributes={c.name: dict(c.attributes) for c in cases},
                source_attributes=dict(source.attributes),
                memos=tuple(memos.get(coding.id, ())),
                passage=number[coding.id],
            )
        )
    return out


def _passage_numbers(ordered: Sequence[CodingRecord]) -> dict[int, int]:
    """Coding id -> the number of its passage (its code's, in its source), counted in order."""
    by_code: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in ordered:
        by_code[coding.code_id].append(coding)
    key: dict[int, tuple[int, int]] = {}
    for code_id, items in by_code.items():
        for index, passage in enumerate(group_passages(items)):
            for coding in passage.codings:
                key[coding.id] = (code_id, index)
    numbers: dict[tuple[int, int], int] = {}
    return {c.id: numbers.setdefault(key[c.id], len(numbers) + 1) for c in ordered}


def _coding_memos(project: Project, coding_ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if not coding_ids:
        return out
    with project.read() as s:
        for coding_id, title, text in coding_memos(s):
            if coding_id in coding_ids:
                out[coding_id].append(f"{title}: {text}" if title and text else title or text)
    return out
