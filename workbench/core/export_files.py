"""Writing export files (CSV, XLSX, DOCX…): atomically, and with user text never a formula.

Every export goes through :func:`written_atomically`, so a failure mid-write (a full disk, a
crash) leaves the previous file as it was. Spreadsheet programs run a cell that starts with
``=`` (and, when they read CSV, ``+ - @``, tab or CR) as a formula: ``=HYPERLINK("http://…")`` in
a code name would be live in the researcher's spreadsheet. So every string goes into an XLSX file
as a string cell, and into CSV escaped as OWASP recommends (a leading ``'``).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.atomic_file import built_beside

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet program read a CSV field as a formula (OWASP)."""


@contextmanager
def written_atomically(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target`` to write the export to; it takes ``target``'s name in
    one step when the block ends, and is removed if the block fails (the old file stays)."""
    # a name of its own per call: two exports to the same file may overlap
    with built_beside(Path(target), f"{uuid.uuid4().hex[:8]}.part") as partial:
        yield partial


def write_file(target: Path | str, write: Callable[[Path], object]) -> Path:
    """Call ``write(temporary_path)`` and put the result in place atomically."""
    with written_atomically(target) as partial:
        write(partial)
    return Path(target)


def csv_cell(value: Any) -> Any:
    """A CSV field: ``None`` as empty, a string a spreadsheet would run as a formula escaped."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def write_csv(
    target: Path | str, rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8-sig"
) -> Path:
    """Write ``rows`` as CSV (by default UTF-8 with a BOM, so spreadsheet programs read
    accents), every field through :func:`csv_cell`."""

    def write(path: Path) -> None:
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            for row in rows:
                writer.writerow([csv_cell(v) for v in row])

    return write_file(target, write)


def save_workbook(book: Workbook, target: Path | str) -> Path:
    """Save an openpyxl workbook atomically, every string as a string cell (openpyxl would
    store a string starting with ``=`` as a formula)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    return write_file(target, book.save)
