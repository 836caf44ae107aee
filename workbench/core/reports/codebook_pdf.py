"""The codebook as a PDF: title page with version hash, contents, the theme · category · concepts
overview, one section per code in tree order, and the codebook's change history.

The same project gives the same bytes: nothing depends on the export time, and ReportLab's
creation date and document id are fixed (invariant mode)."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from workbench.core.errors import NotFoundError
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.reports.codebook_info import (
    codebook_changes,
    codebook_hash,
    short_hash,
)
from workbench.core.reports.codebook_sections import history_section, level_counts, title_page
from workbench.core.reports.dataset import CodingRecord, load_report_data
from workbench.core.reports.frequencies import CASES, PASSAGES, SOURCES, code_frequencies
from workbench.core.reports.passages import CoderScope, PassageCounter
from workbench.core.reports.pdf_output import PdfResult, write_atomic
from workbench.core.reports.pdf_parts import (
    QuotesBlock,
    Styles,
    definition_table,
    overview_table,
)
from workbench.core.reports.pdf_parts import quote_block as quote_flowable
from workbench.core.reports.pdf_style import (
    BODY_FONT,
    BOLD_FONT,
    ITALIC_FONT,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    Heading,
    ReportDoc,
    contents,
    esc,
    make_styles,
    render,
)
from workbench.core.reports.quotes import Quote, TextCache, pick_quotes
from workbench.core.reports.scope_setting import stored_scope
from workbench.core.reports.tables import ReportTable
from workbench.core.reports.textflow import CodeHeading, PlainText, TextRun
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project


@dataclass(frozen=True)
class CodebookOptions:
    """What the codebook PDF contains. ``branch`` is the uuid of a code whose subtree alone is
    exported; ``toc_depth`` limits the contents to headings down to that level (0 = themes)."""

    quotes: bool = True
    max_quotes: int = 3
    branch: str | None = None
    toc: bool = True
    toc_depth: int = 3
    history: bool = True
    page_size: str = "A4"
    coders: CoderScope | None = None  # whose codings count; None: the project's stored choice


def _find(forest: Sequence[CodeNode], uuid: str) -> CodeNode:
    for root in forest:
        for node in root.walk():
            if node.uuid == uuid:
                return node
    raise NotFoundError(f"No code with id {uuid} in this project.")


def export_codebook_pdf(
    project: Project,
    path: Path | str,
    options: CodebookOptions | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    """Write the codebook PDF to ``path`` (atomically) and return its page count and hash."""
    data, pages, full_hash = codebook_pdf_bytes(project, options, progress=progress)
    return PdfResult(write_atomic(Path(path), data), pages, full_hash)


def codebook_pdf_bytes(
    project: Project,
    options: CodebookOptions | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> tuple[bytes, int, str]:
    """The codebook PDF as bytes, with its page count and the full codebook hash."""
    options = options or CodebookOptions()
    full = project.codebook.tree()
    full_hash = codebook_hash(full)
    forest = [_find(full, options.branch)] if options.branch else full
    info = project.info()
    styles = make_styles()
    title = f"Codebook — {info.name}"
    version = short_hash(full_hash)

    def factory(buffer: io.BytesIO) -> ReportDoc:
        return ReportDoc(
            buffer,
            title=title,
            running_title=title,
            footer_note=f"Codebook version {version}",
            page_size=options.page_size,
            subject="Codebook",
        )

    width = PAGE_SIZES.get(options.page_size, PAGE_SIZES["A4"])[0] - 2 * MARGIN_X
    data = load_report_data(project)
    scope = options.coders or stored_scope(project)
    counter = PassageCounter(data, scope)
    codings: dict[int, list[CodingRecord]] = defaultdict(list)
    for coding in data.codings:
        codings[coding.code_id].append(coding)
    ids = data.code_ids
    own = code_frequencies(data, rollup=False, coders=scope)
    total = code_frequencies(data, coders=scope)
    texts = TextCache(project)
    with_quotes = options.quotes and options.max_quotes > 0
    base = forest[0].depth if forest else 0
    entries: list[tuple[int, str, str]] = [(0, "Overview", "overview")]
    body: list[Flowable] = [
        Heading(
            "Overview",
            styles["h1"],
            level=0,
            key="overview",
            outline="Overview",
            section="Overview",
        ),
        Paragraph(
            f"The codebook at a glance: {esc(level_counts(forest))}. Each theme is listed with "
            "its categories and their concepts; the colour of each code is the one used in the "
            "workbench.",
            styles["body"],
        ),
        overview_table(forest, styles, width),
    ]
    for number, root in enumerate(forest, start=1):
        body.append(PageBreak())
        for node, label in _numbered(root, str(number)):
            level = node.depth - base
            if level <= options.toc_depth:
                entries.append((level, esc(f"{label}  {node.name}"), f"c-{node.uuid}"))
            figures = (
                _figures(own, node.uuid),
                _figures(total, node.uuid),
                _by_coder(total, node.uuid),
            )
            body += _code_section(node, label, level, root.name, figures, styles, width)
            if with_quotes:
                mine = codings.get(ids[node.uuid], [])
                quotes = pick_quotes(data, mine, texts, options.max_quotes, counter)
                body += _quotes(quotes, node.color, styles, width)
    if options.history:
        body.append(PageBreak())
        body.append(
            Heading(
                "Codebook history",
                styles["h1"],
                level=0,
                key="history",
                outline="Codebook history",
                section="Codebook history",
            )
        )
        entries.append((0, "Codebook history", "history"))
        codes = None if not options.branch else {n.uuid for r in forest for n in r.walk()}
        body += history_section(codebook_changes(project, codes=codes), styles, width)
    front = title_page(project, forest, full_hash, options, counter, styles, width)

    def story(doc: ReportDoc) -> list[Flowable]:
        out = list(front)
        if options.toc:
            out.append(
                Heading(
                    "Contents",
                    styles["h1"],
                    level=0,
                    key="contents",
                    outline="Contents",
                    section="Contents",
                )
            )
            out += contents(entries, styles, doc.toc_keys)
            out.append(PageBreak())
        return out + body

    pdf, pages = render(factory, story, progress=progress)
    return pdf, pages, full_hash


def _quotes(quotes: Sequence[Quote], color: str, styles: Styles, width: float) -> list[Flowable]:
    if not quotes:
        return []
    label = PlainText("REPRESENTATIVE QUOTES", font=BOLD_FONT, size=7.2, color=MUTED)
    blocks = [quote_flowable(q, color, styles, width) for q in quotes]
    return [CondPageBreak(2.5 * cm), QuotesBlock(label, blocks), Spacer(1, 8)]


def _numbered(node: CodeNode, label: str) -> list[tuple[CodeNode, str]]:
    out = [(node, label)]
    for index, child in enumerate(node.children, start=1):
        out.extend(_numbered(child, f"{label}.{index}"))
    return out


Figures = tuple[int, int, int]  # passages, sources, cases


def _get(table: ReportTable, uuid: str, key: str) -> int:
    value = table.value(uuid, key)
    return value if isinstance(value, int) else 0


def _figures(table: ReportTable, uuid: str) -> Figures:
    return _get(table, uuid, PASSAGES), _get(table, uuid, SOURCES), _get(table, uuid, CASES)


def _by_coder(table: ReportTable, uuid: str) -> tuple[tuple[str, int], ...]:
    """Each coder's passages, when the table has them side by side."""
    return tuple(
        (column.key.split(":", 1)[1], _get(table, uuid, column.key))
        for column in table.columns
        if column.key.startswith("coder:")
    )


def _code_section(
    node: CodeNode,
    label: str,
    level: int,
    theme: str,
    figures: tuple[Figures, Figures, tuple[tuple[str, int], ...]],
    styles: Styles,
    width: float,
) -> list[Flowable]:
    size, before, after = ((17, 0, 10), (13, 14, 4), (11, 12, 3), (10, 10, 3))[min(level, 3)]
    out: list[Flowable] = []
    if level > 0:
        out.append(CondPageBreak(5 * cm))
    out.append(
        CodeHeading(
            node.name,
            label,
            node.color,
            size=size,
            level=level,
            key=f"c-{node.uuid}",
            section=theme,
            space_before=before,
            space_after=after,
        )
    )
    if node.depth > 0:
        parent = node.path.rsplit("/", 1)[0] if "/" in node.path else ""
        crumb = parent.replace("\\/", "\u2215").replace("/", " › ").replace("\u2215", "/")
        out.append(PlainText(f"in {crumb}", size=8.3, color=MUTED, space_after=4))
    out += definition_table(node, styles, width)

    def runs(passages: int, sources: int, cases: int) -> list[tuple[str, str]]:
        return [
            (f"{passages:,}", BOLD_FONT),
            (" passage · " if passages == 1 else " passages · ", BODY_FONT),
            (f"{sources:,}", BOLD_FONT),
            (" source · " if sources == 1 else " sources · ", BODY_FONT),
            (f"{cases:,}", BOLD_FONT),
            (" case" if cases == 1 else " cases", BODY_FONT),
        ]

    own, rolled, by_coder = figures
    parts = runs(*own)
    if node.children:
        total = runs(*rolled)
        if own[0]:
            parts += [("     with sub-codes: ", ITALIC_FONT), *total]
        else:
            parts = [*total, ("  (all in its sub-codes)", ITALIC_FONT)]
    out.append(Spacer(1, 4))
    out.append(TextRun(parts, size=8.5))
    if by_coder:
        where = " (with sub-codes)" if node.children else ""
        each = " · ".join(f"{name} {n:,}" for name, n in by_coder)
        out.append(PlainText(f"Passages by coder{where}: {each}", size=8.5, color=MUTED))
    if node.children:
        names = ", ".join(c.name for c in node.children)
        out.append(PlainText(f"Sub-codes: {names}", size=8.5, color=MUTED))
    out.append(Spacer(1, 8))
    return out
