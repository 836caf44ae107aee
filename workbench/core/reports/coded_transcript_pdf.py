"""A source as a printable PDF with its coding stripes and code labels in the margin, and
paragraph numbers (¶, as in retrieval references) in the gutter — for team meetings."""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer

from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.reports.dataset import CodingRecord, ReportData, load_report_data
from workbench.core.reports.pdf_output import PdfResult, write_atomic
from workbench.core.reports.pdf_style import (
    BODY_FONT,
    BOLD_FONT,
    INK,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    Heading,
    ReportDoc,
    esc,
    make_styles,
    render,
    swatch,
)
from workbench.core.reports.selection import SegmentFilter, select_codings
from workbench.core.reports.textflow import _width
from workbench.core.services.coders import initials

if TYPE_CHECKING:
    from workbench.core.project import Project

FONT_SIZE, LEADING = 9.0, 12.5
LANE, MAX_LANES = 6.0, 10
_WORD = re.compile(r"\S+")


@dataclass
class _Labels:
    """Where the next code label may go on the current page (labels never overlap)."""

    page: int = 0
    next_y: float = 1e9
    lanes: int = 1


@dataclass
class _Stripe:
    lane: int
    color: colors.Color
    label: str
    first: int
    last: int


@dataclass
class _Line:
    text: str
    start: int
    paragraph: int | None
    label_end: int = 0
    stripes: list[_Stripe] = field(default_factory=list)


def layout_lines(text: str, width: float) -> list[tuple[str, int, int, int | None]]:
    """Word-wrapped lines as (text, start, end, paragraph number if it starts one)."""
    out: list[tuple[str, int, int, int | None]] = []
    position = 0
    paragraph = 0
    space = _width(" ", BODY_FONT, FONT_SIZE)
    for raw in text.split("\n"):
        words = [(m.start() + position, m.group()) for m in _WORD.finditer(raw)]
        if not words:
            out.append(("", position, position, None))
        else:
            paragraph += 1
            first = True
            line: list[tuple[int, str]] = []
            used = 0.0
            for start, word in words:
                w = _width(word, BODY_FONT, FONT_SIZE)
                if line and used + space + w > width:
                    out.append(_joined(text, line, paragraph if first else None))
                    first = False
                    line, used = [], 0.0
                used = w if not line else used + space + w
                line.append((start, word))
            out.append(_joined(text, line, paragraph if first else None))
        position += len(raw) + 1
    return out


def _joined(
    text: str, words: list[tuple[int, str]], paragraph: int | None
) -> tuple[str, int, int, int | None]:
    start = words[0][0]
    end = words[-1][0] + len(words[-1][1])
    return " ".join(w for _, w in words), start, end, paragraph


class _TranscriptLine(Flowable):  # type: ignore[misc]
    def __init__(self, line: _Line, index: int, text_width: float, labels: _Labels) -> None:
        super().__init__()
        self.line = line
        self.index = index
        self.text_width = text_width
        self.labels = labels
        self.width = 0.0
        self.height = LEADING

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        line = self.line
        base = LEADING - FONT_SIZE
        if line.paragraph is not None:
            canvas.setFont(BODY_FONT, 6.5)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(-6, base, f"¶{line.paragraph}")
        canvas.setFillColor(INK)
        label_len = max(0, line.label_end - line.start)
        if label_len:
            head = line.text[:label_len]
            canvas.setFont(BOLD_FONT, FONT_SIZE)
            canvas.drawString(0, base, head)
            canvas.setFont(BODY_FONT, FONT_SIZE)
            canvas.drawString(_width(head, BOLD_FONT, FONT_SIZE), base, line.text[label_len:])
        else:
            canvas.setFont(BODY_FONT, FONT_SIZE)
            canvas.drawString(0, base, line.text)
        lanes_x = self.text_width + 10
        label_x = lanes_x + self.labels.lanes * LANE + 6
        page = canvas.getPageNumber()
        if self.labels.page != page:
            self.labels.page, self.labels.next_y = page, 1e9
        for stripe in line.stripes:
            x = lanes_x + stripe.lane * LANE
            top = LEADING if stripe.first < self.index else LEADING - 1.5
            bottom = 0 if stripe.last > self.index else 2
            canvas.setFillColor(stripe.color)
            canvas.rect(x, bottom, LANE - 2, top - bottom, stroke=0, fill=1)
            if stripe.first == self.index:
                _, y_abs = canvas.absolutePosition(0, base)
                y_abs = min(y_abs, self.labels.next_y - 9)
                self.labels.next_y = y_abs
                _, origin = canvas.absolutePosition(0, 0)
                y = y_abs - origin
                canvas.setFont(BODY_FONT, 7)
                canvas.setFillColor(stripe.color)
                canvas.rect(label_x, y - 0.5, 5, 5, stroke=0, fill=1)
                canvas.setFillColor(INK)
                room = self.width - label_x - 8
                canvas.drawString(label_x + 8, y, _fit(stripe.label, room))


def _fit(text: str, room: float) -> str:
    if _width(text, BODY_FONT, 7) <= room:
        return text
    while text and _width(text + "…", BODY_FONT, 7) > room:
        text = text[:-1]
    return text + "…"


def coded_transcript_pdf_bytes(
    project: Project,
    source: str,
    flt: SegmentFilter | None = None,
    *,
    page_size: str = "A4",
    progress: Progress = NO_PROGRESS,
) -> tuple[bytes, int]:
    """The source (a uuid) with the codings ``flt`` selects as stripes; (PDF bytes, pages)."""
    data = load_report_data(project)
    record = next((s for s in data.sources.values() if s.uuid == source), None)
    if record is None:
        from workbench.core.errors import NotFoundError

        raise NotFoundError(f"No source with id {source} in this project.")
    base = flt or SegmentFilter()
    chosen = select_codings(
        data,
        SegmentFilter(
            codes=base.codes,
            coders=base.coders,
            sources=(source,),
            exclude_interviewer=base.exclude_interviewer,
            exclude_speakers=base.exclude_speakers,
        ),
    )
    text = project.sources.text(source)
    styles = make_styles()
    width = PAGE_SIZES.get(page_size, PAGE_SIZES["A4"])[0] - 2 * MARGIN_X
    text_width = width * 0.6
    laid = layout_lines(text, text_width)
    lines = [_Line(t, s, p) for t, s, _, p in laid]
    for speaker, start, _ in record.turns:
        for line in lines:
            if line.start == start:
                line.label_end = start + len(speaker) + 1
    ends = [e for _, _, e, _ in laid]
    lanes = _place_stripes(data, chosen, lines, ends)
    cases = [data.cases[i].name for i, _ in data.links.get(record.id, [])]
    used = sorted({c.code_id for c in chosen}, key=lambda i: data.code(i).path)
    legend = "&nbsp;&nbsp; ".join(
        f"{swatch(data.code(i).color)}&nbsp;{esc(data.code(i).name)}" for i in used
    )
    title = f"{record.name} — coded transcript"
    story: list[Flowable] = [
        Heading(
            esc(record.name),
            styles["h1"],
            level=0,
            key="source",
            outline=record.name,
            section=record.name,
        ),
        Paragraph(
            f"{len(chosen)} coding(s) by {esc(', '.join(sorted({c.coder for c in chosen})) or '—')}"
            + (f" · case {esc(', '.join(dict.fromkeys(cases)))}" if cases else "")
            + (f" · {esc(base.describe())}" if base.describe() else ""),
            styles["muted"],
        ),
    ]
    if legend:
        story += [Spacer(1, 4), Paragraph(legend, styles["small"])]
    story.append(Spacer(1, 10))
    labels = _Labels(lanes=lanes)
    story += [_TranscriptLine(line, i, text_width, labels) for i, line in enumerate(lines)]

    def factory(buffer: io.BytesIO) -> ReportDoc:
        return ReportDoc(
            buffer,
            title=title,
            running_title=title,
            page_size=page_size,
            subject="Coded transcript",
            cover=False,
        )

    return render(factory, lambda doc: story, progress=progress)


def _place_stripes(
    data: ReportData, chosen: list[CodingRecord], lines: list[_Line], ends: list[int]
) -> int:
    """One stripe per coded passage and code (its coders' initials in the label), each in a
    lane reused once the lane's previous stripe has ended; returns the number of lanes."""
    starts = [line.start for line in lines]
    passages: dict[tuple[int, int, int], list[str]] = {}
    for coding in chosen:
        passages.setdefault((coding.code_id, coding.start, coding.end), []).append(coding.coder)
    lane_last: list[int] = []
    for (code_id, start, end), coders in sorted(
        passages.items(), key=lambda kv: (kv[0][1], -kv[0][2], data.code(kv[0][0]).path)
    ):
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(first, bisect.bisect_left(starts, end) - 1)
        while last > first and ends[last] <= start:
            last -= 1
        lane = next((i for i, used in enumerate(lane_last) if used < first), None)
        if lane is None:
            lane = min(len(lane_last), MAX_LANES - 1)
            if lane == len(lane_last):
                lane_last.append(last)
        lane_last[lane] = max(lane_last[lane], last)
        code = data.code(code_id)
        marks = ", ".join(initials(name) for name in sorted(set(coders)))
        stripe = _Stripe(lane, colors.HexColor(code.color), f"{code.name} ({marks})", first, last)
        for index in range(first, last + 1):
            lines[index].stripes.append(stripe)
    return max(1, len(lane_last))


def export_coded_transcript_pdf(
    project: Project,
    source: str,
    path: Path | str,
    flt: SegmentFilter | None = None,
    *,
    page_size: str = "A4",
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    """Write the coded transcript of ``source`` (a uuid) to ``path`` (atomically)."""
    pdf, pages = coded_transcript_pdf_bytes(
        project, source, flt, page_size=page_size, progress=progress
    )
    return PdfResult(write_atomic(Path(path), pdf), pages, "")
