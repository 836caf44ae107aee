"""Code frequencies: per code the number of codings, sources and cases, and codings per coder."""

from __future__ import annotations

from collections import defaultdict

from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.tables import Cell, Header, ReportTable

CODINGS, SOURCES, CASES = "codings", "sources", "cases"


def code_frequencies(
    data: ReportData,
    flt: SegmentFilter | None = None,
    *,
    rollup: bool = True,
    per_coder: bool = True,
    max_depth: int | None = None,
) -> ReportTable:
    """One row per code in tree order (down to ``max_depth``; 0 = themes only).

    With ``rollup`` a row counts its sub-codes' codings too (categories and themes roll up);
    otherwise only the code's own. Columns: codings, sources, cases, then codings by each coder.
    Every cell carries the uuids of the codings behind it.
    """
    flt = flt or SegmentFilter()
    counted = select_codings(data, flt)
    own: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        own[coding.code_id].append(coding)
    behind: dict[int, list[CodingRecord]] = {}
    for code in reversed(data.codes):
        mine = list(own.get(code.id, []))
        if rollup:
            for child in data.children.get(code.id, []):
                mine.extend(behind[child])
        behind[code.id] = mine
    coders = sorted({c.coder for c in counted}, key=str.casefold) if per_coder else []
    columns = [
        Header("Codings", CODINGS),
        Header("Sources", SOURCES),
        Header("Cases", CASES),
        *[Header(f"Codings by {name}", f"coder:{name}") for name in coders],
    ]
    rows: list[Header] = []
    cells: list[tuple[Cell, ...]] = []
    for code in data.codes:
        if max_depth is not None and code.depth > max_depth:
            continue
        items = behind[code.id]
        uuids = tuple([c.uuid for c in items])
        sources = {c.source_id for c in items}
        cases: set[int] = set()
        for coding in items:
            cases.update(data.cases_of(coding))
        line = [Cell(len(items), uuids), Cell(len(sources), uuids), Cell(len(cases), uuids)]
        if coders:
            by_coder: dict[str, list[str]] = defaultdict(list)
            for coding in items:
                by_coder[coding.coder].append(coding.uuid)
            for name in coders:
                line.append(Cell(len(by_coder[name]), tuple(by_coder[name])))
        rows.append(Header(code.name, code.uuid, code.depth, code.color, code.path))
        cells.append(tuple(line))
    notes = [flt.describe()] if flt.describe() else []
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
