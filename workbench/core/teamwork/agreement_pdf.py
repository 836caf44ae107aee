"""The agreement table as a PDF in the look of the other reports: one row per code (overall
first), numbers aligned and rounded alike, α shaded by Krippendorff's reliability thresholds,
the reasons for undefined values, and page numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workbench.core.reports.pdf_style import (
    ACCENT,
    BODY_FONT,
    CREATOR,
    FILL,
    MUTED,
    RULE,
    esc,
    make_styles,
)
from workbench.core.teamwork.agreement import AgreementReport, AgreementRow
from workbench.core.teamwork.agreement_reasons import reasons
from workbench.core.teamwork.agreement_stats import Stat
from workbench.core.text.codepath import split_path
from workbench.core.text.wording import counted

UNIT_NAMES = {
    "char": "characters",
    "paragraph": "paragraphs",
    "turn": "speaker turns",
    "segment": "coded segments",
}
GOOD, TENTATIVE, LOW = "#DFF1E3", "#FFF1CC", "#FBE0E0"
DASH = "–"


def write_agreement_pdf(report: AgreementReport, path: Path) -> None:
    styles = make_styles()
    number = styles["cell"].clone("number", alignment=TA_RIGHT)
    bold_number = styles["cell_bold"].clone("bold_number", alignment=TA_RIGHT)
    kappa = len(report.coders) == 2
    header = ["Code", f"Units ({UNIT_NAMES.get(report.unit, report.unit)})", "Agreement %"]
    header += (["Cohen's κ"] if kappa else []) + ["Krippendorff's α"]
    rows_shown = [report.overall, *report.per_code]
    why = [reasons(row) for row in rows_shown]
    with_reasons = any(why)
    if with_reasons:
        header.append("Why a value is undefined")
    data: list[list[Any]] = [[Paragraph(esc(h), styles["head"]) for h in header]]
    shading: list[tuple[Any, ...]] = []
    for r, row in enumerate(rows_shown, start=1):
        first = r == 1
        numbers = bold_number if first else number
        cells = [
            Paragraph(_code(row), styles["cell_bold"] if first else styles["cell"]),
            Paragraph(_units(row.units), numbers),
            Paragraph(_value(row.percent_agreement, 1), numbers),
        ]
        if kappa:
            cells.append(Paragraph(_value(row.cohen_kappa, 3), numbers))
        cells.append(Paragraph(_value(row.krippendorff_alpha, 3), numbers))
        alpha_column = len(cells) - 1
        if with_reasons:
            cells.append(Paragraph(esc(why[r - 1]), styles["muted"]))
        data.append(cells)
        band = _band(row.krippendorff_alpha)
        if band:
            shading.append(("BACKGROUND", (alpha_column, r), (alpha_column, r), band))
    widths = _widths(kappa, with_reasons)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("BACKGROUND", (0, 1), (-1, 1), FILL),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("LINEBELOW", (0, 1), (-1, 1), 0.9, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *shading,
            ]
        )
    )
    coders = ", ".join(esc(name) for name in report.coders)
    body: list[Any] = [
        Paragraph("Inter-coder agreement", styles["h1"]),
        Paragraph(
            f"Coders: <b>{coders}</b> · unit of analysis: {UNIT_NAMES.get(report.unit)} · "
            f"{counted(len(report.sources), 'source')}",
            styles["lead"],
        ),
        Paragraph(esc(report.caveat), styles["muted"]),
        Paragraph(
            "Krippendorff's α shaded by his thresholds: "
            f'<font backColor="{GOOD}">&nbsp;α ≥ 0.800&nbsp;</font> reliable, '
            f'<font backColor="{TENTATIVE}">&nbsp;0.667 ≤ α &lt; 0.800&nbsp;</font> tentative '
            f'conclusions only, <font backColor="{LOW}">&nbsp;α &lt; 0.667&nbsp;</font> '
            f"unreliable. “{DASH}”: undefined (see the reason).",
            styles["muted"],
        ),
        Spacer(1, 6),
        table,
    ]
    body += [Paragraph(esc(note), styles["muted"]) for note in report.notes]
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.6 * cm,
        title="Inter-coder agreement",
        author=CREATOR,
        creator=CREATOR,
    )

    def footer(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(BODY_FONT, 7.5)
        canvas.setFillColor(MUTED)
        text = f"Inter-coder agreement · {stamp} · page {document.page}"
        canvas.drawRightString(document.pagesize[0] - 1.6 * cm, 0.9 * cm, text)
        canvas.restoreState()

    doc.build(body, onFirstPage=footer, onLaterPages=footer)


def _widths(kappa: bool, with_reasons: bool) -> list[float]:
    usable = landscape(A4)[0] - 3.2 * cm
    numbers = [96.0, 72.0] + ([64.0] if kappa else []) + [98.0]
    reason = [210.0] if with_reasons else []
    return [usable - sum(numbers) - sum(reason), *numbers, *reason]


def _code(row: AgreementRow) -> str:
    if not row.code:
        return "All codes (overall)"
    *parents, leaf = split_path(row.code)
    trail = f'<font color="#616E7C">{esc(" › ".join(parents))} › </font>' if parents else ""
    return f"{trail}<b>{esc(leaf)}</b>"


def _units(units: float) -> str:
    return f"{units:,.0f}" if float(units).is_integer() else f"{units:,.1f}"


def _value(stat: Stat | None, digits: int) -> str:
    if stat is None or stat.value is None:
        return DASH
    return f"{stat.value:.{digits}f}"


def _band(stat: Stat) -> Any:
    if stat.value is None:
        return None
    if stat.value >= 0.8:
        return colors.HexColor(GOOD)
    return colors.HexColor(TENTATIVE if stat.value >= 0.667 else LOW)
