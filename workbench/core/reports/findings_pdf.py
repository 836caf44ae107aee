"""The findings report: the shape of a results section — participants, themes at a glance, a
frequency chart, themes across participant groups, co-occurrence, and per theme its categories
with counts and representative quotes."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from workbench.core.db.project_rows import project_row
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.reports.attribute_matrix import attribute_matrix
from workbench.core.reports.charts import bar_chart, heat_map
from workbench.core.reports.codebook_info import codebook_hash, short_hash
from workbench.core.reports.cooccurrence import code_cooccurrence
from workbench.core.reports.dataset import CodingRecord, ReportData, load_report_data
from workbench.core.reports.frequencies import CASES, PASSAGES, SOURCES, code_frequencies
from workbench.core.reports.passages import CoderScope, PassageCounter
from workbench.core.reports.pdf_output import PdfResult, format_date, write_atomic
from workbench.core.reports.pdf_parts import (
    Styles,
    data_table,
    key_value_table,
    overview_table,
    quote_block,
)
from workbench.core.reports.pdf_style import (
    MARGIN_X,
    PAGE_SIZES,
    Heading,
    ReportDoc,
    esc,
    make_styles,
    render,
)
from workbench.core.reports.quotes import TextCache, pick_quotes
from workbench.core.reports.scope_setting import stored_scope
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.tables import ReportTable
from workbench.core.text.wording import noun
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project

MAX_GROUPS = 12


@dataclass(frozen=True)
class FindingsOptions:
    """``exclude_interviewer`` leaves interviewer turns out of every count and quote."""

    exclude_interviewer: bool = True
    quotes_per_category: int = 2
    page_size: str = "A4"
    coders: CoderScope | None = None  # whose codings count; None: the project's stored choice


def export_findings_pdf(
    project: Project,
    path: Path | str,
    options: FindingsOptions | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    """Write the findings report PDF to ``path`` (atomically)."""
    pdf, pages, digest = findings_pdf_bytes(project, options, progress=progress)
    return PdfResult(write_atomic(Path(path), pdf), pages, digest)


def findings_pdf_bytes(
    project: Project,
    options: FindingsOptions | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> tuple[bytes, int, str]:
    """The findings report as bytes, with its page count and the codebook hash."""
    options = options or FindingsOptions()
    info = project.info()
    forest = project.codebook.tree()
    digest = codebook_hash(forest)
    data = load_report_data(project)
    flt = SegmentFilter(exclude_interviewer=options.exclude_interviewer)
    counter = PassageCounter(data, options.coders or stored_scope(project))
    freq = code_frequencies(data, flt, coders=counter.scope)
    styles = make_styles()
    width = PAGE_SIZES.get(options.page_size, PAGE_SIZES["A4"])[0] - 2 * MARGIN_X
    title = f"Findings — {info.name}"

    def factory(buffer: io.BytesIO) -> ReportDoc:
        return ReportDoc(
            buffer,
            title=title,
            running_title=title,
            footer_note=f"Codebook version {short_hash(digest)}",
            page_size=options.page_size,
            subject="Findings report",
        )

    counted = counter.admitted(select_codings(data, flt))
    story: list[Flowable] = []
    story += _front(project, counter, counted, flt, digest, styles, width)
    story += _participants(data, styles, width)
    story += _themes(forest, freq, data, styles, width)
    story += _groups(counter, flt, styles, width)
    story += _cooccurrence(counter, flt, styles, width)
    story += _results(forest, freq, counter, counted, TextCache(project), options, styles, width)
    pdf, pages = render(factory, lambda doc: story, progress=progress)
    return pdf, pages, digest


def _count(freq: ReportTable, uuid: str, key: str) -> int:
    value = freq.value(uuid, key)
    return int(value) if isinstance(value, int) else 0


def _h1(text: str, key: str, styles: Styles) -> Heading:
    return Heading(esc(text), styles["h1"], level=0, key=key, outline=text, section=text)


def _front(
    project: Project,
    counter: PassageCounter,
    counted: list[CodingRecord],
    flt: SegmentFilter,
    digest: str,
    styles: Styles,
    width: float,
) -> list[Flowable]:
    info = project.info()
    data = counter.data
    coders = sorted({c.coder for c in counted}, key=str.casefold)
    counting = counter.describe() + (f"; {flt.describe()}" if flt.describe() else "")
    pairs = [
        (
            "Material",
            f"{len(data.sources):,} sources · {len(data.cases):,} cases · "
            f"{len(counted):,} codings counted",
        ),
        ("Coders", esc(", ".join(coders) or "—")),
        ("Counting", esc(counting)),
        (
            "Passages",
            "For each code (with its sub-codes) in one source, codings that share at least "
            "one character are one passage, however many coders marked it. Co-occurrence "
            "pairs only codings by the same coder.",
        ),
        ("Codebook version", f"<b>{short_hash(digest)}</b>"),
        ("Data as of", esc(format_date(_last_change(project)))),
    ]
    out: list[Flowable] = [
        Spacer(1, 90),
        Paragraph("FINDINGS", styles["label"]),
        Spacer(1, 6),
        Paragraph(esc(info.name), styles["title"]),
        Spacer(1, 12),
    ]
    if info.description.strip():
        text = info.description.strip()
        text = text if len(text) <= 900 else text[:900].rsplit(" ", 1)[0] + " …"
        out += [Paragraph(esc(text), styles["lead"]), Spacer(1, 12)]
    out += [key_value_table(pairs, styles, width), NextPageTemplate("body"), PageBreak()]
    return out


def _last_change(project: Project) -> datetime:
    with project.read() as s:
        modified: datetime = project_row(s).modified_at
        return modified


def _participants(data: ReportData, styles: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [_h1("Participants", "participants", styles)]
    n = len(data.cases)
    out.append(
        Paragraph(
            f"The study has <b>{n}</b> participants (cases). Their characteristics, "
            "from the case attributes:",
            styles["body"],
        )
    )
    rows: list[list[str]] = []
    bold: list[int] = []
    for attr in data.case_attributes():
        counts: dict[str, int] = defaultdict(int)
        for case in data.cases.values():
            value = case.attributes.get(attr.name)
            counts["(no value)" if value is None else str(value)] += 1
        if len(counts) > MAX_GROUPS or not counts:
            continue
        order = [c for c in attr.choices if c in counts] + sorted(
            set(counts) - set(attr.choices), key=str.casefold
        )
        bold.append(len(rows))
        rows.append([esc(attr.name.replace("_", " ").capitalize()), "", ""])
        for value in order:
            share = 100 * counts[value] / n if n else 0
            rows.append(
                [f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(value)}", str(counts[value]), f"{share:.0f}%"]
            )
    if rows:
        out.append(
            data_table(
                ["Characteristic", "n", "%"],
                rows,
                styles,
                [width * 0.6, width * 0.2, width * 0.2],
                bold_rows=bold,
            )
        )
    else:
        out.append(Paragraph("<i>No case attributes have been recorded.</i>", styles["muted"]))
    return out


def _themes(
    forest: list[CodeNode], freq: ReportTable, data: ReportData, styles: Styles, width: float
) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 16), _h1("Themes at a glance", "themes", styles)]
    out.append(
        Paragraph(
            "The codebook's themes, categories and concepts; figures in brackets "
            "are passages (sub-codes included).",
            styles["body"],
        )
    )
    out.append(
        overview_table(forest, styles, width, count=lambda node: _count(freq, node.uuid, PASSAGES))
    )
    rows = []
    side = _coder_columns(freq)
    for theme in forest:
        cases = _count(freq, theme.uuid, CASES)
        share = f"{100 * cases / len(data.cases):.0f}%" if data.cases else "—"
        rows.append(
            [
                esc(theme.name),
                f"{_count(freq, theme.uuid, PASSAGES):,}",
                *[f"{_count(freq, theme.uuid, key):,}" for key, _ in side],
                f"{_count(freq, theme.uuid, SOURCES):,}",
                f"{cases:,}",
                share,
            ]
        )
    widths = [0.4, 0.15, 0.15, 0.15, 0.15]  # theme, passages, sources, participants, %
    if side:  # each coder's passages after the merged count; the long headers keep their room
        each = (1 - 0.26 - 0.54) / len(side)
        widths = [0.26, 0.12, *[each] * len(side), 0.1, 0.14, 0.18]
    out += [
        Spacer(1, 14),
        CondPageBreak(120),
        data_table(
            [
                "Theme",
                "Passages",
                *[esc(name) for _, name in side],
                "Sources",
                "Participants",
                "% of participants",
            ],
            rows,
            styles,
            [width * w for w in widths],
        ),
    ]
    bars = []
    groups = []
    for theme in forest:
        groups.append((theme.name, len(theme.children)))
        bars += [(c.name, float(_count(freq, c.uuid, PASSAGES)), c.color) for c in theme.children]
    if bars:
        out += [
            PageBreak(),
            _h1("Frequencies", "frequencies", styles),
            Paragraph("Passages per category, grouped by theme.", styles["body"]),
            bar_chart(bars, width, groups=groups),
        ]
    return out


def _groups(
    counter: PassageCounter, flt: SegmentFilter, styles: Styles, width: float
) -> list[Flowable]:
    data = counter.data
    attrs = [
        a
        for a in data.case_attributes()
        if 1 < len({str(c.attributes.get(a.name)) for c in data.cases.values()}) <= 6
    ]
    if not attrs:
        return []
    out: list[Flowable] = [PageBreak(), _h1("Themes across participant groups", "groups", styles)]
    out.append(
        Paragraph(
            "How many participants of each group spoke to each theme; the "
            "percentage is the share of the group.",
            styles["body"],
        )
    )
    for attr in attrs:
        table = attribute_matrix(
            data,
            attr.name,
            flt,
            count="cases",
            percent="column",
            depth=0,
            coders=counter.scope,
        )
        header = ["Theme", *[c.label for c in table.columns]]
        rows = [
            [esc(h.label)]
            + [
                f"{c.value} <font color='#616E7C'>({c.percent_text})</font>" if c.value else "—"
                for c in cells
            ]
            for h, cells in zip(table.rows, table.cells, strict=True)
        ]
        first = width * 0.28
        rest = (width - first) / max(len(table.columns), 1)
        out += [
            CondPageBreak(140),
            Paragraph(f"<b>By {esc(attr.name.replace('_', ' '))}</b>", styles["h4"]),
            data_table(header, rows, styles, [first] + [rest] * len(table.columns)),
        ]
    return out


def _cooccurrence(
    counter: PassageCounter, flt: SegmentFilter, styles: Styles, width: float
) -> list[Flowable]:
    table = code_cooccurrence(counter.data, flt, depth=1, coders=counter.scope)
    if len(table.rows) < 2:
        return []
    return [
        PageBreak(),
        _h1("Co-occurrence of categories", "cooccurrence", styles),
        Paragraph(
            "How often passages of two categories overlap in the same interview; a pair "
            "counts when one coder's codings of both overlap (codings of different coders "
            "are not paired), and once however many coders marked it.",
            styles["body"],
        ),
        Spacer(1, 6),
        heat_map(table, width),
    ]


def _results(
    forest: list[CodeNode],
    freq: ReportTable,
    counter: PassageCounter,
    counted: list[CodingRecord],
    texts: TextCache,
    options: FindingsOptions,
    styles: Styles,
    width: float,
) -> list[Flowable]:
    data = counter.data
    by_code: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in counted:
        by_code[coding.code_id].append(coding)
    ids = data.code_ids
    n_cases = len(data.cases)
    out: list[Flowable] = []
    for number, theme in enumerate(forest, start=1):
        out.append(PageBreak())
        out.append(
            Heading(
                f"Theme {number}: {esc(theme.name)}",
                styles["h1"],
                level=0,
                key=f"t-{theme.uuid}",
                outline=f"Theme {number}: {theme.name}",
                section=theme.name,
            )
        )
        if theme.description:
            out.append(Paragraph(esc(theme.description), styles["lead"]))
        out.append(Paragraph(_sentence(freq, theme, n_cases), styles["body"]))
        for category in theme.children:
            out.append(CondPageBreak(110))
            out.append(
                Heading(
                    esc(category.name),
                    styles["h2"],
                    level=1,
                    key=f"r-{category.uuid}",
                    outline=category.name,
                    section=theme.name,
                )
            )
            out.append(Paragraph(_sentence(freq, category, n_cases), styles["body"]))
            concepts = [
                f"{esc(c.name)} ({_count(freq, c.uuid, PASSAGES)})" for c in category.children
            ]
            if concepts:
                out.append(
                    Paragraph(
                        "<font color='#616E7C'>Concepts (passages):</font> " + ", ".join(concepts),
                        styles["small"],
                    )
                )
            codings = [c for node in category.walk() for c in by_code.get(ids[node.uuid], [])]
            quotes = pick_quotes(data, codings, texts, options.quotes_per_category, counter)
            for quote in quotes:
                out += [Spacer(1, 6), quote_block(quote, category.color, styles, width)]
            out.append(Spacer(1, 6))
    return out


def _coder_columns(freq: ReportTable) -> list[tuple[str, str]]:
    """(column key, coder name) of the side-by-side columns, if the table has them."""
    return [(c.key, c.key.split(":", 1)[1]) for c in freq.columns if c.key.startswith("coder:")]


def _sentence(freq: ReportTable, node: CodeNode, n_cases: int) -> str:
    passages = _count(freq, node.uuid, PASSAGES)
    sources = _count(freq, node.uuid, SOURCES)
    cases = _count(freq, node.uuid, CASES)
    who = f"<b>{cases}</b> of {n_cases} participants" if n_cases else f"<b>{sources}</b> sources"
    text = (
        f"Coded in <b>{passages}</b> {noun(passages, 'passage')} from <b>{sources}</b> "
        f"{noun(sources, 'interview')}; raised by {who}."
    )
    side = _coder_columns(freq)
    if side:
        each = ", ".join(f"{esc(name)} {_count(freq, node.uuid, key)}" for key, name in side)
        text += f" Passages by coder: {each}."
    return text
