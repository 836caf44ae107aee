"""Reading a participants table (CSV) with checks that name the file, row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import ValidationError
from workbench.core.services.attribute_types import AttributeType, infer_type
from workbench.core.text.controls import replace_controls

MAX_CSV_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CaseTable:
    columns: tuple[str, ...]
    types: tuple[tuple[AttributeType, tuple[str, ...]], ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{path.name}: the file is not text (save it as CSV, UTF-8).")


def read_table(path: Path) -> CaseTable:
    """Parse and check a CSV of cases; raise ValidationError saying exactly what is wrong."""
    name = path.name
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ValidationError(f"{name}: the file is too large for a table of cases.")
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{name}: cannot be read ({exc.strerror}).") from None
    if b"\x00" in data:
        raise ValidationError(f"{name}: the file is not text (save it as CSV, UTF-8).")
    text = _decode(path, data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise ValidationError(f"{name}: not a readable CSV table ({exc}).") from None
    if not records:
        raise ValidationError(f"{name}: the table is empty.")
    # names taken from a file: control characters become spaces (typed names are refused)
    header = [replace_controls(h) for h in records[0]]
    if len(header) < 1 or not header[0]:
        raise ValidationError(
            f"{name}: the first column must name the cases (e.g. a header 'case' with P01, P02…)."
        )
    for index, column in enumerate(header[1:], start=2):
        if not column:
            raise ValidationError(f"{name}: column {index} has no name in the header row.")
    seen: set[str] = set()
    for column in header:
        if column.casefold() in seen:
            raise ValidationError(f"{name}: the column {column!r} appears twice in the header.")
        seen.add(column.casefold())
    rows: list[tuple[str, tuple[str, ...]]] = []
    names: set[str] = set()
    for line, record in enumerate(records[1:], start=2):
        if len(record) > len(header):
            raise ValidationError(
                f"{name}, row {line}: {len(record)} cells but the header has {len(header)} columns."
            )
        cells = [c.strip() for c in record] + [""] * (len(header) - len(record))
        cells[0] = replace_controls(cells[0])
        if not cells[0]:
            raise ValidationError(f"{name}, row {line}: the case name (first column) is empty.")
        if cells[0] in names:
            raise ValidationError(f"{name}, row {line}: the case {cells[0]!r} appears twice.")
        names.add(cells[0])
        rows.append((cells[0], tuple(cells[1:])))
    if not rows:
        raise ValidationError(f"{name}: the table has a header but no cases.")
    columns = tuple(header[1:])
    types = tuple(infer_type([r[1][i] for r in rows]) for i in range(len(columns)))
    return CaseTable(columns, types, tuple(rows))
