"""The codes a matrix shows as rows (and, for co-occurrence, as columns)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.reports.tables import Header
from workbench.core.values import CodeNode


@dataclass(frozen=True)
class AxisItem:
    code: CodeNode
    members: frozenset[int]


def code_axis(
    data: ReportData,
    *,
    codes: Sequence[str] | None = None,
    depth: int | None = None,
    counted: Sequence[CodingRecord] = (),
) -> list[AxisItem]:
    """Rows of a code matrix.

    ``codes`` (uuids): those codes, each counting its sub-codes' codings too. Otherwise ``depth``:
    every code at that depth (0 = themes) with its sub-codes. With neither, every code that has
    ``counted`` codings of its own, counting only those.
    """
    if codes:
        items = []
        for uuid in codes:
            code_id = data.code_id(uuid)
            items.append(AxisItem(data.code(code_id), frozenset(data.subtree(code_id))))
        return items
    if depth is not None:
        return [
            AxisItem(code, frozenset(data.subtree(data.code_ids[code.uuid])))
            for code in data.codes
            if code.depth == depth
        ]
    used = {c.code_id for c in counted}
    ids = data.code_ids
    return [
        AxisItem(code, frozenset({ids[code.uuid]})) for code in data.codes if ids[code.uuid] in used
    ]


def axis_index(items: Sequence[AxisItem]) -> dict[int, list[int]]:
    """For each code id, the axis rows its codings count for."""
    out: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for member in item.members:
            out[member].append(index)
    return dict(out)


def axis_headers(items: Sequence[AxisItem], *, relative: bool = True) -> tuple[Header, ...]:
    """Headers with indentation relative to the shallowest row."""
    top = min((item.code.depth for item in items), default=0) if relative else 0
    return tuple(
        Header(
            label=item.code.name,
            key=item.code.uuid,
            depth=item.code.depth - top,
            color=item.code.color,
            path=item.code.path,
        )
        for item in items
    )
