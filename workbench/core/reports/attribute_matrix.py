"""Code × attribute matrix: e.g. theme × age group, counting cases or segments, with percentages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from workbench.core.errors import ValidationError
from workbench.core.reports.axis import axis_headers, axis_index, code_axis
from workbench.core.reports.dataset import CodingRecord, ReportData
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
) -> ReportTable:
    """Codes (rows, chosen as in ``code_axis``) × the values of a case or source attribute.

    ``count="cases"`` counts the distinct cases in a group with at least one segment of the
    code; ``"segments"`` counts the segments. A last column gives the total. ``percent="row"``
    divides by the row total; ``"column"`` divides by the group's base: its number of cases
    (the group size) when counting cases, its number of counted segments otherwise. Each cell
    carries the uuids of the codings behind it.
    """
    known = [a for a in data.attributes if a.scope == scope and a.name == attribute]
    if not known:
        raise ValidationError(f"There is no {scope} attribute named {attribute!r}.")
    flt = flt or SegmentFilter()
    counted = select_codings(data, flt)
    items = code_axis(data, codes=codes, depth=depth, counted=counted)
    index = axis_index(items)
    cell_codings: dict[tuple[int, str], list[CodingRecord]] = defaultdict(list)
    cell_cases: dict[tuple[int, str], set[int]] = defaultdict(set)
    column_codings: dict[str, set[int]] = defaultdict(set)
    for coding in counted:
        rows = index.get(coding.code_id)
        if not rows:
            continue
        groups = _groups_of(data, coding, attribute, scope)
        for value, case_id in groups:
            column_codings[value].add(coding.id)
            column_codings[TOTAL].add(coding.id)
            for row in rows:
                for key in ((row, value), (row, TOTAL)):
                    if not cell_codings[key] or cell_codings[key][-1] is not coding:
                        cell_codings[key].append(coding)
                    if case_id is not None:
                        cell_cases[key].add(case_id)
    values = _column_values(data, known[0].choices, attribute, scope, set(column_codings))
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
        row_total = _count(count, cell_codings[(row, TOTAL)], cell_cases[(row, TOTAL)])
        for value in [*values, TOTAL]:
            behind = sorted(cell_codings.get((row, value), []), key=lambda c: c.id)
            n = _count(count, behind, cell_cases.get((row, value), set()))
            base: int | None = None
            if percent == "row":
                base = row_total
            elif percent == "column":
                base = (
                    group_size.get(value)
                    if count == "cases"
                    else len(column_codings.get(value, ()))
                )
            share = 100.0 * n / base if base else (0.0 if percent != "none" else None)
            line.append(Cell(n, tuple(c.uuid for c in behind), share))
        cells.append(tuple(line))
    what = "cases" if count == "cases" else "coded segments"
    note = f"Number of {what} per {scope} attribute {attribute!r}"
    if percent != "none":
        note += f"; {percent} percentages"
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


def _count(kind: CountKind, codings: Sequence[CodingRecord], cases: set[int]) -> int:
    return len(cases) if kind == "cases" else len({c.id for c in codings})


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
