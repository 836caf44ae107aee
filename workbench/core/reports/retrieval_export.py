"""Writing retrieved segments to DOCX (grouped by code, ready to quote) and XLSX (one per row)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from workbench.core.export_files import save_workbook, write_file
from workbench.core.media.sync import format_clock
from workbench.core.reports.retrieval import reference
from workbench.core.values import Segment

XLSX_COLUMNS = (
    "Code",
    "Source",
    "Cases",
    "Case attributes",
    "Source attributes",
    "Speaker",
    "Paragraph",
    "Start",
    "End",
    "Coder",
    "Text",
    "Memos",
    "Coding id",
    "Passage",
    "Time start",
    "Time end",
)


def _attributes(segment: Segment) -> str:
    parts = []
    for case, values in segment.case_attributes.items():
        inner = "; ".join(f"{k}: {v}" for k, v in values.items())
        parts.append(f"{case} — {inner}" if inner else case)
    return " | ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def write_retrieval_xlsx(segments: Sequence[Segment], path: Path | str) -> Path:
    """One row per coding with every reference in its own column; codings of one passage
    (overlapping codings of a code, e.g. by two coders) share its number."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Segments"
    sheet.append(list(XLSX_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECEF")
    for seg in segments:
        sheet.append(
            [
                seg.code_path,
                seg.source,
                ", ".join(seg.cases),
                _attributes(seg),
                "; ".join(f"{k}: {v}" for k, v in seg.source_attributes.items()),
                ", ".join(seg.speakers),
                seg.paragraph,
                seg.start,
                seg.end,
                seg.coder,
                seg.text,
                "\n\n".join(seg.memos),
                seg.coding_uuid,
                seg.passage,
                "" if seg.start_ms is None else format_clock(seg.start_ms),
                "" if seg.end_ms is None else format_clock(seg.end_ms),
            ]
        )
        sheet.cell(row=sheet.max_row, column=11).alignment = Alignment(wrap_text=True)
    widths = [36, 14, 12, 36, 30, 14, 10, 8, 8, 16, 80, 40, 38, 9, 13, 13]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    return save_workbook(book, path)


def write_retrieval_docx(
    segments: Sequence[Segment], path: Path | str, *, title: str = "Coded segments"
) -> Path:
    """A Word document: one heading per code, each passage as a quotation with its reference.
    Give it ``merge_passages(segments)`` so that a passage coded by two coders is quoted once,
    naming each coder's range."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    doc = Document()
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    summary = doc.add_paragraph()
    sources = len({s.source_uuid for s in segments})
    summary.add_run(
        f"{_count(len(segments), 'passage')} from {_count(sources, 'source')}. References give "
        "the case and its attributes, the source and paragraph (¶, counting non-empty lines), "
        "the speaker, the time in the recording (hh:mm:ss.mmm) and the coder (with each coder's "
        "characters when several coded it)."
    ).italic = True
    for code_path, group in groupby(segments, key=lambda s: s.code_path):
        items = list(group)
        heading = doc.add_heading(level=1)
        swatch = heading.add_run("■ ")
        swatch.font.color.rgb = RGBColor.from_string(items[0].code_color.lstrip("#")[:6].upper())
        heading.add_run(code_path.replace("/", " › "))
        doc.add_paragraph(_count(len(items), "passage")).runs[0].italic = True
        for seg in items:
            quote = doc.add_paragraph(style="Quote")
            heard = seg.text.strip()
            quote.add_run(f"“{heard}”" if heard or seg.start_ms is None else "(no transcript)")
            ref = doc.add_paragraph()
            ref.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = ref.add_run(f"— {reference(seg)}")
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x52, 0x60, 0x6D)
            for memo in seg.memos:
                note = doc.add_paragraph()
                label = note.add_run("Memo: ")
                label.bold = True
                label.font.size = Pt(9)
                body = note.add_run(memo)
                body.italic = True
                body.font.size = Pt(9)
    return write_file(path, lambda partial: doc.save(str(partial)))
