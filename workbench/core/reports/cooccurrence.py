"""Code co-occurrence: how often passages of two codes overlap (or lie close) in the same source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from workbench.core.reports.axis import axis_headers, axis_index, code_axis
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.passages import CoderScope, PassageCounter
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
    coders: CoderScope | None = None,
) -> ReportTable:
    """A symmetric codes × codes table counting pairs of co-occurring passages.

    Rows are chosen as in :func:`~workbench.core.reports.axis.code_axis`; each row's codings
    are grouped into passages (see :mod:`~workbench.core.reports.passages`). Two passages of
    different rows in one source co-occur when a coding of one overlaps (or, with
    ``proximity`` > 0, lies at most that many characters from) a coding of the other; with
    ``same_coder`` those two codings must be by the same coder. Each pair of passages counts
    once, however many coders marked it. The diagonal is left empty. Each cell carries the
    uuids of the codings in its pairs.
    """
    flt = flt or SegmentFilter()
    counter = PassageCounter(data, coders)
    counted = counter.admitted(select_codings(data, flt))
    items = code_axis(data, codes=codes, depth=depth, counted=counted)
    index = axis_index(items)
    size = len(items)
    of_row: list[list[CodingRecord]] = [[] for _ in range(size)]
    for coding in counted:
        for row in index.get(coding.code_id, ()):
            of_row[row].append(coding)
    # (coding id, row) -> the number of the row's passage holding it (if that passage counts)
    passage_of: dict[tuple[int, int], int] = {}
    for row, codings in enumerate(of_row):
        for number, passage in enumerate(counter.passages(codings)):
            for coding in passage.codings:
                passage_of[(coding.id, row)] = number
    by_source: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        if any((coding.id, row) in passage_of for row in index.get(coding.code_id, ())):
            by_source[coding.source_id].append(coding)
    pairs: dict[tuple[int, int], set[tuple[int, int, int]]] = defaultdict(set)
    behind: dict[tuple[int, int], set[int]] = defaultdict(set)
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
                        pa, pb = passage_of.get((first.id, a)), passage_of.get((second.id, b))
                        if a == b or pa is None or pb is None:
                            continue
                        key, pair = ((a, b), (pa, pb)) if a < b else ((b, a), (pb, pa))
                        pairs[key].add((first.source_id, pair[0], pair[1]))
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
            key = (min(a, b), max(a, b))
            ordered = sorted(behind.get(key, set()), key=order.__getitem__)
            line.append(Cell(len(pairs.get(key, ())), tuple(uuid_of[i] for i in ordered)))
        cells.append(tuple(line))
    headers = axis_headers(items)
    how = "overlapping" if proximity <= 0 else f"within {proximity} characters"
    notes = [f"Pairs of passages {how} in the same source"]
    notes.append(
        "pairing only codings by the same coder"
        if same_coder
        else "pairing codings of different coders too"
    )
    notes.append(counter.describe())
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
