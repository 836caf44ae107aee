"""Code frequencies: per code its passages, codings, sources and cases, and (side by side) each
coder's passages."""

from __future__ import annotations

from collections import defaultdict

from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.passages import CoderScope, PassageCounter, passage_codings
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.tables import Cell, Header, ReportTable

PASSAGES, CODINGS, SOURCES, CASES = "passages", "codings", "sources", "cases"


def code_frequencies(
    data: ReportData,
    flt: SegmentFilter | None = None,
    *,
    rollup: bool = True,
    max_depth: int | None = None,
    coders: CoderScope | None = None,
) -> ReportTable:
    """One row per code in tree order (down to ``max_depth``; 0 = themes only).

    With ``rollup`` a row counts its whole subtree (categories and themes roll up): its passages
    are those of the subtree's codings grouped together, never the sum of its children's.
    Columns: passages, codings, sources, cases (of the counted passages), then with
    ``coders.side_by_side`` each coder's own passages. Every cell carries the uuids of the
    codings behind it.
    """
    flt = flt or SegmentFilter()
    counter = PassageCounter(data, coders)
    counted = counter.admitted(select_codings(data, flt))
    own: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        own[coding.code_id].append(coding)
    behind: dict[int, list[CodingRecord]] = {}
    ids = data.code_ids
    for code in reversed(data.codes):
        code_id = ids[code.uuid]
        mine = list(own.get(code_id, []))
        if rollup:
            for child in data.children.get(code_id, []):
                mine.extend(behind[child])
        behind[code_id] = mine
    side = counter.coders if counter.scope.side_by_side else ()
    columns = [
        Header("Passages", PASSAGES),
        Header("Codings", CODINGS),
        Header("Sources", SOURCES),
        Header("Cases", CASES),
        *[Header(f"Passages by {name}", f"coder:{name}") for name in side],
    ]
    rows: list[Header] = []
    cells: list[tuple[Cell, ...]] = []
    for code in data.codes:
        if max_depth is not None and code.depth > max_depth:
            continue
        passages = counter.passages(behind[ids[code.uuid]])
        items = passage_codings(passages)
        uuids = tuple([c.uuid for c in items])
        sources = {c.source_id for c in items}
        cases: set[int] = set()
        for coding in items:
            cases.update(data.cases_of(coding))
        line = [
            Cell(len(passages), uuids),
            Cell(len(items), uuids),
            Cell(len(sources), uuids),
            Cell(len(cases), uuids),
        ]
        if side:
            for theirs in counter.by_coder(behind[ids[code.uuid]]).values():
                line.append(Cell(len(theirs), tuple(c.uuid for c in passage_codings(theirs))))
        rows.append(Header(code.name, code.uuid, code.depth, code.color, code.path))
        cells.append(tuple(line))
    notes = [counter.describe()]
    if flt.describe():
        notes.append(flt.describe())
    if rollup:
        notes.append("Counts include sub-codes.")
    return ReportTable(
        kind="frequencies",
        title="Code frequencies",
        corner="Code",
        rows=tuple(rows),
        columns=tuple(columns),
        cells=tuple(cells),
        notes=" ".join(n if n.endswith(".") else n + "." for n in notes),
    )
