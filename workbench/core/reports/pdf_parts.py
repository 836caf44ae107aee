"""Building blocks of the report PDFs: the theme · category · concepts overview, definition
tables, quotes, key-value tables and plain data tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from workbench.core.reports.pdf_style import (
    ACCENT,
    BOLD_FONT,
    FILL,
    ITALIC_FONT,
    MUTED,
    QUOTE_FONT,
    RULE,
    esc,
    swatch,
)
from workbench.core.reports.quotes import Quote, describe_ranges
from workbench.core.reports.textflow import PlainText
from workbench.core.values import CodeNode

Styles = Mapping[str, ParagraphStyle]


def overview_table(
    forest: Sequence[CodeNode],
    styles: Styles,
    width: float,
    *,
    count: Callable[[CodeNode], int | None] = lambda node: None,
) -> Table:
    """The classic three-column codebook table: theme · category · concepts, with swatches.

    Deeper codes are listed under their category as "Concept › Sub-concept". ``count`` may give a
    number to print after each name (e.g. coded segments)."""

    def name(node: CodeNode, label: str | None = None, bold: bool = False) -> str:
        text = esc(label or node.name)
        n = count(node)
        suffix = f' <font color="#616E7C">({n})</font>' if n is not None else ""
        text = f"<b>{text}</b>" if bold else text
        return f"{swatch(node.color)}&nbsp;{text}{suffix}"

    head = [Paragraph(h, styles["head"]) for h in ("Theme", "Category", "Concepts")]
    rows: list[list[Flowable | str]] = [head]
    theme_rows: list[int] = []
    for theme in forest:
        theme_rows.append(len(rows))
        theme_cell = Paragraph(name(theme, bold=True), styles["cell"])
        if not theme.children:
            rows.append([theme_cell, Paragraph("—", styles["cell"]), ""])
            continue
        for index, category in enumerate(theme.children):
            items = []
            for concept in category.children:
                for node in concept.walk():
                    label = node.path[len(category.path) + 1 :].replace("/", " › ")
                    items.append(name(node, label))
            concepts = "&nbsp;&nbsp; ".join(items) if items else "—"
            rows.append(
                [
                    theme_cell if index == 0 else "",
                    Paragraph(name(category), styles["cell"]),
                    Paragraph(concepts, styles["cell"]),
                ]
            )
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (1, 1), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, ACCENT),
    ]
    for start in theme_rows[1:]:
        commands.append(("LINEABOVE", (0, start), (-1, start), 1.0, ACCENT))
    for number, start in enumerate(theme_rows):
        if number % 2 == 0:
            end = theme_rows[number + 1] - 1 if number + 1 < len(theme_rows) else len(rows) - 1
            commands.append(("BACKGROUND", (0, start), (0, end), FILL))
    return Table(
        rows,
        colWidths=[width * 0.27, width * 0.27, width * 0.46],
        repeatRows=1,
        style=TableStyle(commands),
    )


class DefinitionBlock(Flowable):  # type: ignore[misc]
    """Rows of a small upper-case label in a left column beside plain text, ruled between
    rows; one flowable for a code's whole definition (cheap to lay out), split between rows
    or inside a long one."""

    def __init__(
        self, rows: Sequence[tuple[str, PlainText]], *, label_width: float, pad: float = 4
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.label_width = label_width
        self.pad = pad
        self.width = 0.0
        self.height = 0.0
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = availWidth - self.label_width
        self._heights = [text.wrap(inner, availHeight)[1] + 2 * self.pad for _, text in self.rows]
        self.width = availWidth
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used = 0.0
        for index, height in enumerate(self._heights):
            if used + height <= availHeight:
                used += height
                continue
            label, text = self.rows[index]
            parts = text.split(availWidth - self.label_width, availHeight - used - 2 * self.pad)
            head = self.rows[:index]
            tail = self.rows[index:]
            if len(parts) == 2:
                head = [*head, (label, parts[0])]
                tail = [("", parts[1]), *self.rows[index + 1 :]]
            if not head:
                return []
            return [
                DefinitionBlock(head, label_width=self.label_width, pad=self.pad),
                DefinitionBlock(tail, label_width=self.label_width, pad=self.pad),
            ]
        return [self]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        for index, ((label, text), height) in enumerate(zip(self.rows, self._heights, strict=True)):
            if index:
                canvas.line(0, top, self.width, top)
            if label:
                canvas.setFillColor(MUTED)
                canvas.setFont(BOLD_FONT, 7.2)
                canvas.drawString(0, top - self.pad - text.size + 0.4, label)
            text.draw_at(canvas, self.label_width, top - height + self.pad)
            top -= height


class QuoteBlock(Flowable):  # type: ignore[misc]
    """A quotation with a coloured rule on its left and its citation below."""

    def __init__(self, quote: PlainText, cite: PlainText, color: str, indent: float = 12) -> None:
        super().__init__()
        self.quote = quote
        self.cite = cite
        self.color = colors.HexColor(color)
        self.indent = indent
        self.width = 0.0
        self.height = 0.0
        self._qh = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = availWidth - self.indent
        _, self._qh = self.quote.wrap(inner, availHeight)
        _, ch = self.cite.wrap(inner, availHeight)
        self.width = availWidth
        self.height = self._qh + 3 + ch
        return self.width, self.height

    def draw(self) -> None:
        self.draw_at(self.canv, 0, 0)

    def draw_at(self, canvas: Canvas, x: float, y: float) -> None:
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(2.2)
        canvas.line(x + 2, y + 1, x + 2, y + self.height)
        self.quote.draw_at(canvas, x + self.indent, y + self.height - self._qh)
        self.cite.draw_at(canvas, x + self.indent, y)


class QuotesBlock(Flowable):  # type: ignore[misc]
    """A small label and a run of quote blocks as one flowable, split between quotes."""

    GAP = 6.0

    def __init__(self, label: PlainText | None, quotes: Sequence[QuoteBlock]) -> None:
        super().__init__()
        self.label = label
        self.quotes = list(quotes)
        self.width = 0.0
        self.height = 0.0
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._heights = [q.wrap(availWidth, availHeight)[1] for q in self.quotes]
        label = self.label.wrap(availWidth, availHeight)[1] + 4 if self.label else 0.0
        self.width = availWidth
        self.height = label + sum(self._heights) + self.GAP * (len(self.quotes) - 1)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used = self.label.height + 4 if self.label else 0.0
        fit = 0
        for index, height in enumerate(self._heights):
            used += height + (self.GAP if index else 0)
            if used > availHeight:
                break
            fit += 1
        if fit == 0 or fit == len(self.quotes):
            return []
        return [QuotesBlock(self.label, self.quotes[:fit]), QuotesBlock(None, self.quotes[fit:])]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        if self.label:
            top -= self.label.height
            self.label.draw_at(canvas, 0, top)
            top -= 4
        for quote, height in zip(self.quotes, self._heights, strict=True):
            top -= height
            quote.canv = canvas
            quote.draw_at(canvas, 0, top)
            top -= self.GAP


def definition_table(node: CodeNode, styles: Styles, width: float) -> list[Flowable]:
    """Definition, inclusion, exclusion and example of a code (empty fields left out)."""
    fields = [
        ("DEFINITION", node.description),
        ("INCLUDE WHEN", node.inclusion),
        ("EXCLUDE WHEN", node.exclusion),
        ("EXAMPLE", node.example),
    ]
    rows = [
        (label, PlainText(text.strip(), size=8.8, leading=12))
        for label, text in fields
        if text.strip()
    ]
    if not rows:
        return [
            PlainText(
                "No definition has been written for this code yet.",
                font=ITALIC_FONT,
                size=8.5,
                color=MUTED,
            )
        ]
    return [DefinitionBlock(rows, label_width=2.7 * cm)]


def quote_block(quote: Quote, color: str, styles: Styles, width: float) -> QuoteBlock:
    """A quotation with a coloured rule on its left and the citation below it."""
    ranges = describe_ranges(quote.ranges)
    if not ranges and quote.coders:
        ranges = f"coded by {', '.join(quote.coders)}"
    coders = f" · {ranges}" if ranges else ""
    return QuoteBlock(
        PlainText(f"“{quote.text}”", font=QUOTE_FONT, size=10.5, leading=14),
        PlainText(f"— {quote.citation}{coders}", size=8, leading=10.5, color=MUTED),
        color,
    )


def key_value_table(pairs: Sequence[tuple[str, str]], styles: Styles, width: float) -> Table:
    """Labels on the left, values (Paragraph markup) on the right."""
    rows = [
        [Paragraph(esc(label).upper(), styles["label"]), Paragraph(value, styles["cell"])]
        for label, value in pairs
    ]
    return Table(
        rows,
        colWidths=[4.2 * 72 / 2.54, width - 4.2 * 72 / 2.54],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (0, -1), 6.5),
            ]
        ),
    )


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: Styles,
    widths: Sequence[float],
    *,
    numeric_from: int = 1,
    bold_rows: Sequence[int] = (),
) -> Table:
    """A plain table: header on an accent band, thin rules, numbers right-aligned."""

    def style(name: str, column: int) -> ParagraphStyle:
        base = styles[name]
        if column < numeric_from:
            return base
        return ParagraphStyle(base.name + "-num", parent=base, alignment=2)

    head = [Paragraph(esc(h), style("head", i)) for i, h in enumerate(header)]
    body: list[list[Flowable | str]] = [
        [
            Paragraph(cell, style("cell_bold" if r in bold_rows else "cell", c))
            for c, cell in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    return Table(
        [head, *body],
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
        style=TableStyle(commands),
    )
