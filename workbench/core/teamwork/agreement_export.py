"""The agreement table as CSV, XLSX or PDF (undefined values shown empty, with their reasons)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.core.errors import ValidationError
from workbench.core.export_files import save_workbook, write_csv, write_file
from workbench.core.teamwork.agreement import AgreementReport
from workbench.core.teamwork.agreement_reasons import reasons
from workbench.core.text.wording import counted

HEADER = [
    "code",
    "units",
    "percent agreement",
    "Cohen's kappa",
    "Krippendorff's alpha",
    "why undefined",
]


def rows(report: AgreementReport) -> list[list[Any]]:
    """One row per code, overall first: name, units, the three coefficients (None when
    undefined), and the reasons for the undefined ones."""
    out = []
    for row in (report.overall, *report.per_code):
        out.append(
            [
                row.code or "(all codes)",
                row.units,
                _round(row.percent_agreement.value, 2),
                None if row.cohen_kappa is None else _round(row.cohen_kappa.value, 4),
                _round(row.krippendorff_alpha.value, 4),
                reasons(row),
            ]
        )
    return out


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _caption(report: AgreementReport) -> str:
    return (
        f"Coders: {', '.join(report.coders)} · unit: {report.unit} · "
        f"{counted(len(report.sources), 'source')}"
    )


def write_agreement(report: AgreementReport, path: Path | str) -> Path:
    """Write the table; the format follows the extension (.csv, .xlsx or .pdf)."""
    target = Path(path)
    suffix = target.suffix.lower()
    writers = {".csv": _csv, ".xlsx": _xlsx, ".pdf": _pdf}
    if suffix not in writers:
        raise ValidationError(f"{target.name}: choose a .csv, .xlsx or .pdf file.")
    writers[suffix](report, target)
    return target


def _csv(report: AgreementReport, path: Path) -> None:
    write_csv(path, [HEADER, *rows(report)], encoding="utf-8")


def _xlsx(report: AgreementReport, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Agreement"
    sheet.append([_caption(report)])
    sheet.append([report.caveat])
    sheet.append(HEADER)
    for row in rows(report):
        sheet.append(row)
    for note in report.notes:
        sheet.append([note])
    save_workbook(book, path)


def _pdf(report: AgreementReport, path: Path) -> None:
    from workbench.core.teamwork.agreement_pdf import write_agreement_pdf  # ReportLab on demand

    write_file(path, lambda partial: write_agreement_pdf(report, partial))
