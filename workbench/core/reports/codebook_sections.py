"""The codebook PDF's title page and its closing change history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus import TableStyle as TS

from workbench.core.reports.codebook_info import (
    CodebookChange,
    last_codebook_change,
    short_hash,
)
from workbench.core.reports.passages import PassageCounter
from workbench.core.reports.pdf_output import format_date
from workbench.core.reports.pdf_parts import Styles, key_value_table
from workbench.core.reports.pdf_style import ACCENT, RULE, esc
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project

LEVEL_NAMES = ("theme", "category", "concept", "sub-concept")


class TitleOptions(Protocol):
    """What the title page says of the export's choices (``CodebookOptions`` has them)."""

    @property
    def branch(self) -> str | None: ...

    @property
    def quotes(self) -> bool: ...

    @property
    def max_quotes(self) -> int: ...


def level_counts(forest: Sequence[CodeNode]) -> str:
    """``5 themes · 16 categories · 48 concepts``."""
    per_depth: dict[int, int] = defaultdict(int)
    for root in forest:
        for node in root.walk():
            per_depth[node.depth - forest[0].depth] += 1
    parts = []
    for depth in sorted(per_depth):
        n = per_depth[depth]
        if depth < len(LEVEL_NAMES):
            name = LEVEL_NAMES[depth]
            plural = name[:-1] + "ies" if name.endswith("y") else name + "s"
            parts.append(f"{n} {name if n == 1 else plural}")
        else:
            parts.append(f"{n} code(s) at level {depth + 1}")
    return " · ".join(parts) or "no codes"


def title_page(
    project: Project,
    forest: Sequence[CodeNode],
    full_hash: str,
    options: TitleOptions,
    counter: PassageCounter,
    styles: Styles,
    width: float,
) -> list[Flowable]:
    info = project.info()
    st = styles
    coders = project.coders.list()
    per_coder: dict[str, int] = defaultdict(int)
    for coding in counter.data.codings:
        per_coder[coding.coder] += 1
    names = sorted({c.name for c in coders} | set(per_coder), key=str.casefold)
    coder_text = (
        "<br/>".join(
            f"{esc(n)} <font color='#616E7C'>({per_coder.get(n, 0):,} codings)</font>"
            for n in names
        )
        or "—"
    )
    scope = "the whole codebook"
    if options.branch and forest:
        scope = f"the branch {esc(forest[0].path.replace('/', ' › '))}"
    quotes = (
        f"up to {options.max_quotes} representative quotes per code"
        if options.quotes and options.max_quotes > 0
        else "without quotes"
    )
    pairs = [
        (
            "Codebook version",
            f"<b>{short_hash(full_hash)}</b>&nbsp;&nbsp;"
            f"<font size='7' color='#616E7C'>sha256 {full_hash}</font>",
        ),
        ("Last codebook change", esc(format_date(last_codebook_change(project)))),
        ("Codebook", esc(level_counts(forest))),
        ("Material", f"{info.sources:,} sources · {info.cases:,} cases · {info.codings:,} codings"),
        ("Coders", coder_text),
        (
            "Counting",
            esc(counter.describe()) + "; a passage is coded text whose codings of "
            "one code (with its sub-codes) share at least one character",
        ),
        ("This document", f"{scope}, {quotes}"),
    ]
    out: list[Flowable] = [Spacer(1, 3.2 * 72 / 2.54)]
    out.append(Paragraph("CODEBOOK", st["label"]))
    out.append(Spacer(1, 6))
    out.append(Paragraph(esc(info.name), st["title"]))
    out.append(
        Table(
            [[""]],
            colWidths=[width * 0.25],
            rowHeights=[3],
            hAlign="LEFT",
            style=TS([("BACKGROUND", (0, 0), (-1, -1), ACCENT)]),
        )
    )
    out.append(Spacer(1, 14))
    description = info.description.strip()
    if description:
        if len(description) > 900:
            description = description[:900].rsplit(" ", 1)[0] + " …"
        out.append(Paragraph(esc(description), st["lead"]))
        out.append(Spacer(1, 14))
    out.append(key_value_table(pairs, st, width))
    out.append(Spacer(1, 20))
    out.append(
        Paragraph(
            "The version is a fingerprint of the codes' names, hierarchy and definitions: "
            "two copies of the codebook with the same version are the same codebook.",
            st["muted"],
        )
    )
    out.append(NextPageTemplate("body"))
    out.append(PageBreak())
    return out


def history_section(
    changes: Sequence[CodebookChange], styles: Styles, width: float
) -> list[Flowable]:
    st = styles
    if not changes:
        return [Paragraph("The audit log records no changes to these codes.", st["body"])]
    out: list[Flowable] = [
        Paragraph(
            "How the codebook came to be, from the project's audit log: codes added, renamed, "
            "moved, merged, split and redefined, with the date and the coder. Runs of many "
            "alike changes on one day are shown as one line.",
            st["body"],
        )
    ]
    header = ["Date", "Coder", "Change", "Details"]
    widths = [width * 0.19, width * 0.18, width * 0.17, width * 0.46]
    chunk = 40
    for start in range(0, len(changes), chunk):
        rows = [[Paragraph(f"<b>{h}</b>", st["cell"]) for h in header]]
        for change in changes[start : start + chunk]:
            rows.append(
                [
                    Paragraph(esc(format_date(change.at, time=False)), st["cell"]),
                    Paragraph(esc(change.coder), st["cell"]),
                    Paragraph(esc(change.label), st["cell"]),
                    Paragraph(esc(change.summary), st["cell"]),
                ]
            )
        out.append(
            Table(
                rows,
                colWidths=widths,
                repeatRows=1,
                style=TS(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                        ("TOPPADDING", (0, 0), (-1, -1), 3),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                ),
            )
        )
    return out
