"""Code co-occurrence: how often segments of two codes overlap (or lie close) in the same source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from workbench.core.reports.axis import axis_headers, axis_index, code_axis
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.tables import Cell, ReportTable


def near(first: CodingRecord, second: CodingRecord, proximity: int) -> bool:
    """Do two segments of one source overlap, or (``proximity`` > 0) lie within that many
    characters of each other?"""
    gap = max(first.start, second.start) - min(first.end, second.end)
    return gap < 0 if proximity <= 0 else gap <= proximity


def code_cooccurrence(
    data: ReportData,
    flt: SegmentFilter | None = None,
    *,
    codes: Sequence[str] | None = None,
    depth: int | None = None,
    proximity: int = 0,
    same_coder: bool = True,
) -> ReportTable:
    """A symmetric codes × codes table counting pairs of co-occurring segments.

    Rows are chosen as in :func:`~workbench.core.reports.axis.code_axis`. A pair is two codings
    in one source that overlap (or, with ``proximity`` > 0, lie at most that many characters
    apart), counted for the rows of both codes; with ``same_coder`` only pairs by the same coder
    count (so two coders agreeing on a passage do not double it). The diagonal is left empty.
    Each cell carries the uuids of the codings in its pairs.
    """
    flt = flt or SegmentFilter()
    counted = select_codings(data, flt)
    items = code_axis(data, codes=codes, depth=depth, counted=counted)
    index = axis_index(items)
    size = len(items)
    counts = [[0] * size for _ in range(size)]
    behind: dict[tuple[int, int], set[int]] = defaultdict(set)
    by_source: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        if coding.code_id in index:
            by_source[coding.source_id].append(coding)
    reach = max(proximity, 0)
    for codings in by_source.values():
        codings.sort(key=lambda c: (c.start, c.end, c.id))
        for i, first in enumerate(codings):
            for second in codings[i + 1 :]:
                if second.start > first.end + reach:
                    break
                if same_coder and first.coder != second.coder:
                    continue
                if not near(first, second, proximity):
                    continue
                for a in index[first.code_id]:
                    for b in index[second.code_id]:
                        if a == b:
                            continue
                        counts[a][b] += 1
                        counts[b][a] += 1
                        key = (min(a, b), max(a, b))
                        behind[key].update((first.id, second.id))
    order = {c.id: i for i, c in enumerate(counted)}
    uuid_of = {c.id: c.uuid for c in counted}
    cells = []
    for a in range(size):
        line = []
        for b in range(size):
            if a == b:
                line.append(Cell(None))
                continue
            pair = behind.get((min(a, b), max(a, b)), set())
            ordered = sorted(pair, key=order.__getitem__)
            line.append(Cell(counts[a][b], tuple(uuid_of[i] for i in ordered)))
        cells.append(tuple(line))
    headers = axis_headers(items)
    how = "overlapping" if proximity <= 0 else f"within {proximity} characters"
    notes = [f"Pairs of segments {how} in the same source"]
    notes.append("by the same coder" if same_coder else "by any coders")
    if flt.describe():
        notes.append(flt.describe())
    return ReportTable(
        kind="cooccurrence",
        title="Code co-occurrence",
        corner="Code",
        rows=headers,
        columns=headers,
        cells=tuple(cells),
        notes="; ".join(notes) + ".",
    )
