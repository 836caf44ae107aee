"""The look shared by the report PDFs: page template with running header and page numbers,
paragraph styles, headings that become bookmarks and table-of-contents entries, and a
deterministic build (fixed creation date and document id)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.reports.pdf_fonts import (
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    SERIF_ITALIC,
    register_fonts,
)

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#616E7C")
RULE = colors.HexColor("#D3DCE6")
ACCENT = colors.HexColor("#24557A")
FILL = colors.HexColor("#F2F5F8")
BODY_FONT, BOLD_FONT, ITALIC_FONT = SANS, SANS_BOLD, SANS_ITALIC
QUOTE_FONT = SERIF_ITALIC
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 2.2 * cm, 2.4 * cm, 2.2 * cm
CREATOR = "Qualitative Coding Workbench"


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": BODY_FONT,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": INK,
        "alignment": TA_LEFT,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


def make_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by role (registers the fonts on first use)."""
    register_fonts()
    s = {
        "title": _style("title", fontName=BOLD_FONT, fontSize=30, leading=36, spaceAfter=8),
        "subtitle": _style("subtitle", fontSize=15, leading=20, textColor=ACCENT, spaceAfter=18),
        "h1": _style(
            "h1",
            keepWithNext=1,
            fontName=BOLD_FONT,
            fontSize=17,
            leading=22,
            spaceBefore=6,
            spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": _style(
            "h2",
            keepWithNext=1,
            fontName=BOLD_FONT,
            fontSize=13,
            leading=17,
            spaceBefore=14,
            spaceAfter=5,
        ),
        "h3": _style(
            "h3",
            keepWithNext=1,
            fontName=BOLD_FONT,
            fontSize=11,
            leading=15,
            spaceBefore=12,
            spaceAfter=4,
        ),
        "h4": _style(
            "h4",
            keepWithNext=1,
            fontName=BOLD_FONT,
            fontSize=10,
            leading=14,
            spaceBefore=10,
            spaceAfter=3,
        ),
        "body": _style("body", spaceAfter=6),
        "lead": _style("lead", fontSize=10.5, leading=15, spaceAfter=8),
        "small": _style("small", fontSize=8.5, leading=11.5),
        "muted": _style("muted", fontSize=8.5, leading=11.5, textColor=MUTED),
        "crumb": _style(
            "crumb", keepWithNext=1, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=4
        ),
        "label": _style("label", fontName=BOLD_FONT, fontSize=8, leading=11, textColor=MUTED),
        "cell": _style("cell", fontSize=8.8, leading=12),
        "cell_bold": _style("cell_bold", fontName=BOLD_FONT, fontSize=8.8, leading=12),
        "head": _style(
            "head", fontName=BOLD_FONT, fontSize=8.5, leading=11, textColor=colors.white
        ),
        "quote": _style("quote", fontName=QUOTE_FONT, fontSize=10.5, leading=14),
        "cite": _style("cite", fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=2),
        "center": _style("center", alignment=TA_CENTER, textColor=MUTED, fontSize=8.5),
    }
    for level, (size, indent, font) in enumerate(
        [(10.5, 0, BOLD_FONT), (9.5, 14, BODY_FONT), (9, 28, BODY_FONT), (8.5, 42, BODY_FONT)]
    ):
        s[f"toc{level}"] = _style(
            f"toc{level}",
            fontName=font,
            fontSize=size,
            leading=size + 4,
            leftIndent=indent + 20,
            firstLineIndent=-20,
            spaceBefore=6 if level == 0 else 0,
        )
    return s


def esc(text: str) -> str:
    """Escape text for a Paragraph (which reads a small XML dialect)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def swatch(color: str, size: float | None = None) -> str:
    """An inline filled square in ``color`` (ZapfDingbats ■, one of the PDF base fonts)."""
    sized = f' size="{size}"' if size else ""
    return f'<font name="ZapfDingbats" color="{color}"{sized}>n</font>'


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes a PDF bookmark and an outline entry; ``section`` (if given) is
    shown in the running header from its page on."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        level: int,
        key: str,
        outline: str,
        section: str | None = None,
    ) -> None:
        super().__init__(f'<a name="{key}"/>{text}', style)
        self.level = level
        self.key = key
        self.outline = outline
        self.section = section


def page_form(key: str) -> str:
    """Name of the form XObject that prints the page number of the heading ``key``."""
    return f"pg-{key}"


TOTAL_FORM = "pg-total"


class TocLine(Flowable):  # type: ignore[misc]
    """One contents entry: a link to the heading, a dotted leader and its page number.

    The page number is a form XObject defined when the heading is placed, so the contents
    needs no second layout pass."""

    NUMBER_WIDTH = 26.0

    def __init__(self, level: int, text: str, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.level = level
        self.key = key
        self.para = Paragraph(f'<a href="#{key}">{text}</a>', style)
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, h = self.para.wrap(availWidth - self.NUMBER_WIDTH - 8, availHeight)
        self.width = availWidth
        self.height = h
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.para.style.spaceBefore)

    def draw(self) -> None:
        canvas = self.canv
        self.para.drawOn(canvas, 0, 0)
        last = self.para.blPara.lines[-1]
        extra = getattr(last, "extraSpace", None)
        if extra is None:
            extra = last[0]
        text_end = self.para.width - float(extra) + 4
        baseline = float(self.para.style.fontSize) * 0.22
        leader_end = self.width - self.NUMBER_WIDTH
        if leader_end > text_end + 6:
            canvas.saveState()
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.8)
            canvas.setDash(0.8, 2.6)
            canvas.line(text_end, baseline + 1, leader_end, baseline + 1)
            canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(page_form(self.key))
        canvas.restoreState()


def _number_form(canvas: Canvas, name: str, number: int, font: str, size: float) -> None:
    canvas.beginForm(name, lowerx=-200, lowery=-20, upperx=200, uppery=40)
    canvas.setFont(font, size)
    canvas.setFillColor(MUTED if name == TOTAL_FORM else INK)
    if name == TOTAL_FORM:
        canvas.drawString(0, 0, str(number))
    else:
        canvas.drawRightString(0, 0, str(number))
    canvas.endForm(compression=0)


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """A4/Letter document with a title-page template and a body template (running header with
    the current section on the right, footer with "page N of M")."""

    def __init__(
        self,
        buffer: io.BytesIO,
        *,
        title: str,
        running_title: str,
        footer_note: str = "",
        page_size: str = "A4",
        author: str = "",
        subject: str = "",
        cover: bool = True,
    ) -> None:
        size = PAGE_SIZES.get(page_size, A4)
        super().__init__(
            buffer,
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator=CREATOR,
            invariant=1,
        )
        self.running_title = running_title
        self.footer_note = footer_note
        self.toc_keys: set[str] = set()
        self._section = ""
        self._page_section: str | None = None
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        title_page = PageTemplate(id="title", frames=[frame], onPage=self._start_page)
        body = PageTemplate(
            id="body", frames=[frame], onPage=self._start_page, onPageEnd=self._decorate
        )
        # The first template is the first page's: a cover page, or a body page at once.
        self.addPageTemplates([title_page, body] if cover else [body, title_page])

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        """One pass: page numbers in the contents and the page total are forms filled in later."""
        doc = self

        class _Canvas(Canvas):  # type: ignore[misc]
            def save(self) -> None:
                total = self.getPageNumber() - 1
                _number_form(self, TOTAL_FORM, total, BODY_FONT, 7.5)
                for key in sorted(doc.toc_keys - doc._placed):
                    _number_form(self, page_form(key), 0, BODY_FONT, 8)
                super().save()

        self._section = ""
        self._placed: set[str] = set()
        super().build(flowables, *args, canvasmaker=_Canvas, **kwargs)

    def _start_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._page_section = None
        self._section_at_start = self._section

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings (anything with ``key``, ``level``, ``outline``, ``section``) become
        bookmarks at their position, outline entries and contents page numbers."""
        if not hasattr(flowable, "outline") or not hasattr(flowable, "key"):
            return
        canvas = self.canv
        top = self.frame._y + flowable.height + 6
        canvas.bookmarkPage(flowable.key, fit="XYZ", left=0, top=top)
        canvas.addOutlineEntry(
            flowable.outline, flowable.key, level=flowable.level, closed=flowable.level >= 1
        )
        if flowable.key in self.toc_keys and flowable.key not in self._placed:
            self._placed.add(flowable.key)
            size = 10.5 if flowable.level == 0 else 9
            font = BOLD_FONT if flowable.level == 0 else BODY_FONT
            _number_form(canvas, page_form(flowable.key), self.page, font, size)
        if flowable.section is not None:
            self._section = flowable.section
            if self._page_section is None:
                self._page_section = flowable.section

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        section = str(self._page_section or getattr(self, "_section_at_start", ""))
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        top = height - MARGIN_TOP + 0.9 * cm
        canvas.line(MARGIN_X, top - 4, width - MARGIN_X, top - 4)
        canvas.setFillColor(MUTED)
        canvas.setFont(BODY_FONT, 7.5)
        canvas.drawString(MARGIN_X, top, _fit(self.running_title, 60))
        canvas.drawRightString(width - MARGIN_X, top, _fit(section, 55))
        bottom = MARGIN_BOTTOM - 1.1 * cm
        canvas.line(MARGIN_X, bottom + 10, width - MARGIN_X, bottom + 10)
        label = f"Page {self.page} of "
        canvas.drawString(MARGIN_X, bottom, label)
        canvas.saveState()
        canvas.translate(MARGIN_X + canvas.stringWidth(label, BODY_FONT, 7.5), bottom)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()
        if self.footer_note:
            canvas.drawRightString(width - MARGIN_X, bottom, self.footer_note)
        canvas.restoreState()


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def contents(
    entries: Sequence[tuple[int, str, str]], styles: dict[str, ParagraphStyle], doc_keys: set[str]
) -> list[Flowable]:
    """Contents lines for (level, text, heading key) entries; registers the keys with the doc."""
    out: list[Flowable] = []
    for level, text, key in entries:
        doc_keys.add(key)
        out.append(TocLine(level, text, key, styles[f"toc{min(level, 3)}"]))
    return out


def render(
    doc_factory: Callable[[io.BytesIO], ReportDoc],
    story: Callable[[ReportDoc], Sequence[Flowable]],
    *,
    progress: Progress = NO_PROGRESS,
) -> tuple[bytes, int]:
    """Build the document in one pass and return (PDF bytes, page count); ``progress`` counts
    the flowables laid out (and stops the build once cancelled: nothing is returned)."""
    buffer = io.BytesIO()
    doc = doc_factory(buffer)
    flowables = list(story(doc))
    total = len(flowables)

    def laid_out(kind: str, value: int) -> None:
        if kind == "PROGRESS":
            progress.step(min(int(value), total), total, "Laying out pages")

    progress.step(0, total, "Laying out pages")
    doc.setProgressCallBack(laid_out)
    doc.build(flowables)
    return buffer.getvalue(), int(doc.page)
