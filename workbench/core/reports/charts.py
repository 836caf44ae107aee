"""Charts for the PDFs, drawn with ReportLab graphics: horizontal bars and heat maps.

Each returns a ``Drawing`` that flows in a PDF story and can be saved alone as PDF or SVG
(:func:`save_drawing`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.core.export_files import write_file
from workbench.core.reports.pdf_fonts import register_fonts
from workbench.core.reports.pdf_style import BODY_FONT, BOLD_FONT, INK, MUTED, RULE
from workbench.core.reports.tables import ReportTable

Bar = tuple[str, float, str]  # label, value, colour "#RRGGBB"


def nice_step(top: float, ticks: int = 5, *, whole: bool = False) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``ticks`` intervals up to ``top``;
    ``whole`` (counts) keeps it a whole number, so no axis reads 0.2, 0.4… of a passage."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if whole and (step < 1 or not float(step).is_integer()):
            continue
        if raw <= step:
            return float(step)
    return float(10 * power)


def all_whole(values: Sequence[float]) -> bool:
    """True when every value is a whole number (a chart of counts)."""
    return all(float(v).is_integer() for v in values)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def bar_chart(
    bars: Sequence[Bar],
    width: float,
    *,
    bar_height: float = 11,
    gap: float = 5,
    label_width: float | None = None,
    groups: Sequence[tuple[str, int]] = (),
) -> Drawing:
    """Horizontal bars with their labels on the left and values at the bar ends.

    ``groups`` are (title, number of bars) runs drawn with a title row above them."""
    register_fonts()
    size = 8
    label_width = label_width or min(
        width * 0.38, max((stringWidth(b[0], BODY_FONT, size) for b in bars), default=40) + 10
    )
    top_value = max((b[1] for b in bars), default=0)
    step = nice_step(top_value, whole=all_whole([b[1] for b in bars]))
    axis_max = step * math.ceil(top_value / step) if top_value else step
    plot_w = width - label_width - 28
    group_rows = {start: title for title, start in _group_starts(groups)}
    rows = len(bars) + len(group_rows)
    height = rows * (bar_height + gap) + 22
    d = Drawing(width, height)
    y = height - 4
    ticks = round(axis_max / step)
    for t in range(ticks + 1):
        x = label_width + plot_w * t / ticks
        d.add(Line(x, 16, x, height - 2, strokeColor=RULE, strokeWidth=0.4))
        value = step * t
        d.add(
            String(
                x,
                6,
                f"{value:g}",
                fontName=BODY_FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    for index, (label, value, color) in enumerate(bars):
        if index in group_rows:
            y -= bar_height + gap
            d.add(
                String(
                    0,
                    y + 2,
                    _fit(group_rows[index], BOLD_FONT, size, width),
                    fontName=BOLD_FONT,
                    fontSize=size,
                    fillColor=INK,
                )
            )
        y -= bar_height + gap
        d.add(
            String(
                label_width - 6,
                y + 2.5,
                _fit(label, BODY_FONT, size, label_width - 10),
                fontName=BODY_FONT,
                fontSize=size,
                fillColor=INK,
                textAnchor="end",
            )
        )
        length = plot_w * value / axis_max if axis_max else 0
        d.add(
            Rect(
                label_width,
                y,
                max(length, 0.5),
                bar_height,
                fillColor=colors.HexColor(color),
                strokeColor=None,
            )
        )
        d.add(
            String(
                label_width + length + 3,
                y + 2.5,
                f"{value:g}",
                fontName=BODY_FONT,
                fontSize=7,
                fillColor=MUTED,
            )
        )
    return d


def _group_starts(groups: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    out = []
    start = 0
    for title, count in groups:
        out.append((title, start))
        start += count
    return out


def _mix(value: float) -> colors.Color:
    """White → blue for 0..1."""
    low, high = (1.0, 1.0, 1.0), (0.14, 0.33, 0.48)
    return colors.Color(*[a + (b - a) * value for a, b in zip(low, high, strict=True)])


def heat_map(table: ReportTable, width: float, *, max_label: float = 150) -> Drawing:
    """A square heat map of a matrix table (e.g. co-occurrence): darker cells hold more."""
    register_fonts()
    size = 7
    n_rows, n_cols = len(table.rows), len(table.columns)
    label_w = min(
        max_label, max((stringWidth(h.label, BODY_FONT, size) for h in table.rows), default=30) + 8
    )
    cell = max(6.0, min(26.0, (width - label_w) / max(n_cols, 1)))
    head_h = min(
        max_label,
        max((stringWidth(h.label, BODY_FONT, size) for h in table.columns), default=30) + 8,
    )
    d = Drawing(label_w + cell * n_cols + 2, head_h + cell * n_rows + 2)
    top = cell * n_rows
    values = [c.value for row in table.cells for c in row if isinstance(c.value, int | float)]
    peak = max(values, default=0) or 1
    for r, header in enumerate(table.rows):
        y = top - (r + 1) * cell
        d.add(
            String(
                label_w - 4,
                y + cell / 2 - 2.5,
                _fit(header.label, BODY_FONT, size, label_w - 8),
                fontName=BODY_FONT,
                fontSize=size,
                fillColor=INK,
                textAnchor="end",
            )
        )
        for c in range(n_cols):
            value = table.cells[r][c].value
            x = label_w + c * cell
            if not isinstance(value, int | float):
                d.add(
                    Rect(
                        x,
                        y,
                        cell,
                        cell,
                        fillColor=colors.HexColor("#E4E7EB"),
                        strokeColor=colors.white,
                        strokeWidth=0.6,
                    )
                )
                continue
            share = float(value) / peak
            d.add(
                Rect(
                    x,
                    y,
                    cell,
                    cell,
                    fillColor=_mix(share),
                    strokeColor=colors.white,
                    strokeWidth=0.6,
                )
            )
            if value and cell >= 12:
                ink = colors.white if share > 0.55 else INK
                d.add(
                    String(
                        x + cell / 2,
                        y + cell / 2 - 2.3,
                        f"{value:g}",
                        fontName=BODY_FONT,
                        fontSize=min(7, cell * 0.45),
                        fillColor=ink,
                        textAnchor="middle",
                    )
                )
    for c, header in enumerate(table.columns):
        x = label_w + c * cell + cell / 2 + 2.5
        label = String(
            0,
            0,
            _fit(header.label, BODY_FONT, size, head_h - 8),
            fontName=BODY_FONT,
            fontSize=size,
            fillColor=INK,
        )
        g = Group(label)
        g.transform = (0, 1, -1, 0, x, top + 4)
        d.add(g)
    return d


def save_drawing(drawing: Drawing, path: Path | str) -> Path:
    """Save a chart alone as .pdf or .svg."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from reportlab.graphics import renderPDF

        write_file(path, lambda partial: renderPDF.drawToFile(drawing, str(partial), autoSize=1))
    elif suffix == ".svg":
        from reportlab.graphics import renderSVG

        write_file(path, lambda partial: renderSVG.drawToFile(drawing, str(partial)))
    else:
        from workbench.core.errors import ValidationError

        raise ValidationError(f"Charts can be saved as .pdf or .svg, not {suffix or 'no suffix'}.")
    return path
