"""Code × attribute matrix: e.g. theme × age group, counting cases or segments, with percentages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from workbench.core.errors import ValidationError
from workbench.core.reports.axis import axis_headers, axis_index, code_axis
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.passages import CoderScope, Passage, PassageCounter, passage_codings
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.tables import Cell, Header, ReportTable

CountKind = Literal["cases", "segments"]
PercentKind = Literal["none", "row", "column"]
NO_VALUE = "(no value)"
TOTAL = "Total"


def _groups_of(
    data: ReportData, coding: CodingRecord, attribute: str, scope: str
) -> list[tuple[str, int | None]]:
    """(attribute value, case id) pairs a coding counts for; case id None when it has no case."""
    cases = data.cases_of(coding)
    if scope == "case":
        if not cases:
            return [(NO_VALUE, None)]
        out: list[tuple[str, int | None]] = []
        for case_id in cases:
            value = data.cases[case_id].attributes.get(attribute)
            out.append((NO_VALUE if value is None else str(value), case_id))
        return out
    value = data.sources[coding.source_id].attributes.get(attribute)
    label = NO_VALUE if value is None else str(value)
    return [(label, case_id) for case_id in cases] or [(label, None)]


def attribute_matrix(
    data: ReportData,
    attribute: str,
    flt: SegmentFilter | None = None,
    *,
    scope: Literal["case", "source"] = "case",
    count: CountKind = "cases",
    percent: PercentKind = "none",
    codes: Sequence[str] | None = None,
    depth: int | None = None,
    coders: CoderScope | None = None,
) -> ReportTable:
    """Codes (rows, chosen as in ``code_axis``) × the values of a case or source attribute.

    ``count="cases"`` counts the distinct cases in a group with at least one segment of the
    code; ``"segments"`` counts the code's passages (see ``passages``) there, a passage once in
    each group one of its codings falls in. ``coders`` says whose codings count. A last column
    gives the total. ``percent="row"`` divides by the row total; ``"column"`` divides by the
    group's base: its number of cases (the group size) when counting cases, every code's own
    passages in the group otherwise. Each cell carries the uuids of the codings behind it.
    """
    known = [a for a in data.attributes if a.scope == scope and a.name == attribute]
    if not known:
        raise ValidationError(f"There is no {scope} attribute named {attribute!r}.")
    flt = flt or SegmentFilter()
    counter = PassageCounter(data, coders)
    counted = counter.admitted(select_codings(data, flt))
    items = code_axis(data, codes=codes, depth=depth, counted=counted)
    index = axis_index(items)
    of_row: list[list[CodingRecord]] = [[] for _ in items]
    own: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        for row in index.get(coding.code_id, ()):
            of_row[row].append(coding)
        own[coding.code_id].append(coding)
    cell_passages: dict[tuple[int, str], list[Passage]] = defaultdict(list)
    cell_cases: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row, codings in enumerate(of_row):
        for passage in counter.passages(codings):
            touched: set[str] = set()
            for coding in passage.codings:
                for value, case_id in _groups_of(data, coding, attribute, scope):
                    touched.add(value)
                    if case_id is not None:
                        cell_cases[(row, value)].add(case_id)
                        cell_cases[(row, TOTAL)].add(case_id)
            for value in [*sorted(touched), TOTAL]:
                cell_passages[(row, value)].append(passage)
    # A column's base (for column percentages of passages): every code's own passages there.
    column_passages: dict[str, int] = defaultdict(int)
    for codings in own.values():
        for passage in counter.passages(codings):
            touched = {v for c in passage.codings for v, _ in _groups_of(data, c, attribute, scope)}
            for value in [*touched, TOTAL]:
                column_passages[value] += 1
    values = _column_values(data, known[0].choices, attribute, scope, set(column_passages))
    group_size = _group_sizes(data, attribute, scope)
    columns = []
    for value in [*values, TOTAL]:
        label = value
        if count == "cases" and value in group_size:
            label = f"{value} (n={group_size[value]})"
        columns.append(Header(label, value))
    cells = []
    for row in range(len(items)):
        line = []
        row_total = _count(count, cell_passages[(row, TOTAL)], cell_cases[(row, TOTAL)])
        for value in [*values, TOTAL]:
            passages = cell_passages.get((row, value), [])
            behind = sorted(passage_codings(passages), key=lambda c: c.id)
            n = _count(count, passages, cell_cases.get((row, value), set()))
            base: int | None = None
            if percent == "row":
                base = row_total
            elif percent == "column":
                base = group_size.get(value) if count == "cases" else column_passages.get(value, 0)
            share = 100.0 * n / base if base else (0.0 if percent != "none" else None)
            line.append(Cell(n, tuple(c.uuid for c in behind), share))
        cells.append(tuple(line))
    what = "cases" if count == "cases" else "passages"
    note = f"Number of {what} per {scope} attribute {attribute!r}"
    if percent != "none":
        note += f"; {percent} percentages"
    note += f"; {counter.describe()}"
    if flt.describe():
        note += f"; {flt.describe()}"
    return ReportTable(
        kind="matrix",
        title=f"Codes × {attribute}",
        corner="Code",
        rows=axis_headers(items),
        columns=tuple(columns),
        cells=tuple(cells),
        notes=note + ".",
    )


def _count(kind: CountKind, passages: Sequence[Passage], cases: set[int]) -> int:
    return len(cases) if kind == "cases" else len(passages)


def _column_values(
    data: ReportData, choices: tuple[str, ...], attribute: str, scope: str, seen: set[str]
) -> list[str]:
    """Choices in their defined order, then other values present, then "(no value)"."""
    holders = data.cases.values() if scope == "case" else data.sources.values()
    present = {str(h.attributes[attribute]) for h in holders if attribute in h.attributes}
    present |= seen - {NO_VALUE, TOTAL}
    ordered = [c for c in choices if c in present] or []
    ordered += sorted(present - set(ordered), key=str.casefold)
    if NO_VALUE in seen:
        ordered.append(NO_VALUE)
    return ordered


def _group_sizes(data: ReportData, attribute: str, scope: str) -> dict[str, int]:
    """Number of cases per attribute value (for source attributes: cases linked to such sources),
    and all cases under "Total"."""
    sizes: dict[str, set[int]] = defaultdict(set)
    if scope == "case":
        for case in data.cases.values():
            value = case.attributes.get(attribute)
            sizes[NO_VALUE if value is None else str(value)].add(case.id)
    else:
        for source_id, links in data.links.items():
            value = data.sources[source_id].attributes.get(attribute)
            for case_id, _ in links:
                sizes[NO_VALUE if value is None else str(value)].add(case_id)
    out = {value: len(ids) for value, ids in sizes.items()}
    out[TOTAL] = len(data.cases) if scope == "case" else len({c for v in sizes.values() for c in v})
    return out
