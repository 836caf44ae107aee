"""The one table shape every report returns, and its CSV, XLSX and JSON exports.

A :class:`ReportTable` is plain frozen data a GUI table model can show directly: row and column
headers plus cells. Every count cell carries the uuids of the codings behind it (``Cell.codings``;
open them with :func:`workbench.core.reports.retrieval.segments_for`) or, for word counts, the
text to search for (``Cell.search``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.export_files import save_workbook
from workbench.core.export_files import write_csv as write_csv_file

ReportKind = str  # "frequencies", "cooccurrence", "matrix", "words"


@dataclass(frozen=True)
class Cell:
    """One count (or label) and what lies behind it."""

    value: int | float | str | None
    codings: tuple[str, ...] = ()
    percent: float | None = None
    search: str | None = None

    @property
    def text(self) -> str:
        """The value as shown: counts as integers, percentages with one decimal."""
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return str(self.value)

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Header:
    """A row or column header. ``key`` identifies it (a code uuid, attribute value, coder…)."""

    label: str
    key: str
    depth: int = 0
    color: str | None = None
    path: str = ""


@dataclass(frozen=True)
class ReportTable:
    """A table of counts: ``cells[r][c]`` belongs to ``rows[r]`` and ``columns[c]``."""

    kind: ReportKind
    title: str
    corner: str
    rows: tuple[Header, ...]
    columns: tuple[Header, ...]
    cells: tuple[tuple[Cell, ...], ...]
    notes: str = ""

    def cell(self, row: int, column: int) -> Cell:
        return self.cells[row][column]

    def row_index(self, key: str) -> int:
        for index, header in enumerate(self.rows):
            if header.key == key:
                return index
        raise KeyError(key)

    def column_index(self, key: str) -> int:
        for index, header in enumerate(self.columns):
            if header.key == key:
                return index
        raise KeyError(key)

    def value(self, row_key: str, column_key: str) -> int | float | str | None:
        """The cell value at the row and column with these keys."""
        return self.cells[self.row_index(row_key)][self.column_index(column_key)].value

    @property
    def has_percent(self) -> bool:
        return any(c.percent is not None for row in self.cells for c in row)

    @property
    def has_paths(self) -> bool:
        return any(h.path for h in self.rows)


def _header_row(table: ReportTable) -> list[str]:
    head = [table.corner]
    if table.has_paths:
        head.append("Code path")
    for column in table.columns:
        head.append(column.label)
        if table.has_percent:
            head.append(f"{column.label} %")
    return head


def _body_rows(table: ReportTable) -> list[list[Any]]:
    out: list[list[Any]] = []
    percent = table.has_percent
    for header, cells in zip(table.rows, table.cells, strict=True):
        line: list[Any] = [header.label]
        if table.has_paths:
            line.append(header.path)
        for cell in cells:
            line.append(cell.value)
            if percent:
                line.append(None if cell.percent is None else round(cell.percent, 1))
        out.append(line)
    return out


def write_csv(table: ReportTable, path: Path | str) -> Path:
    """Write the table as UTF-8 CSV (with a BOM so spreadsheet programs read accents)."""
    return write_csv_file(path, [_header_row(table), *_body_rows(table)])


def write_xlsx(tables: ReportTable | Sequence[ReportTable], path: Path | str) -> Path:
    """Write one or more tables to an XLSX workbook, one sheet each."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    items = [tables] if isinstance(tables, ReportTable) else list(tables)
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in items:
        sheet = book.create_sheet(_sheet_name(table.title or table.kind, used))
        sheet.append(_header_row(table))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E8ECEF")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for header, line in zip(table.rows, _body_rows(table), strict=True):
            sheet.append(line)
            first = sheet.cell(row=sheet.max_row, column=1)
            first.alignment = Alignment(indent=min(header.depth * 2, 15))
            if header.depth == 0 and table.kind == "frequencies":
                first.font = Font(bold=True)
        label_cols = 2 if table.has_paths else 1
        sheet.freeze_panes = sheet.cell(row=2, column=label_cols + 1)
        sheet.column_dimensions["A"].width = 34
        if table.has_paths:
            sheet.column_dimensions["B"].width = 48
        for index in range(label_cols + 1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 12
        if table.kind in ("cooccurrence", "matrix") and sheet.max_row > 1:
            first_col = get_column_letter(label_cols + 1)
            last_col = get_column_letter(sheet.max_column)
            sheet.conditional_formatting.add(
                f"{first_col}2:{last_col}{sheet.max_row}",
                ColorScaleRule(
                    start_type="min", start_color="FFFFFF", end_type="max", end_color="5B8DB8"
                ),
            )
        if table.notes:
            sheet.append([])
            sheet.append([table.notes])
    return save_workbook(book, path)


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:28] or "Table"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name.casefold())
    return name


def table_json(table: ReportTable) -> dict[str, Any]:
    """A stable JSON form: headers, and per row the cells with their values and coding uuids."""

    def header(h: Header) -> dict[str, Any]:
        return {"label": h.label, "key": h.key, "depth": h.depth, "color": h.color, "path": h.path}

    return {
        "kind": table.kind,
        "title": table.title,
        "notes": table.notes,
        "columns": [header(c) for c in table.columns],
        "rows": [
            {
                **header(h),
                "cells": [
                    {
                        "value": c.value,
                        "percent": c.percent,
                        "codings": list(c.codings),
                        "search": c.search,
                    }
                    for c in cells
                ],
            }
            for h, cells in zip(table.rows, table.cells, strict=True)
        ],
    }
