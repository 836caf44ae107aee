"""Reports: counts, matrices, retrieval and word frequency as tables with the segments behind
every count; CSV/XLSX/DOCX exports; the codebook PDF and the findings report PDF.

Typical use (e.g. from a worker thread)::

    data = load_report_data(project)                  # one consistent snapshot
    table = code_frequencies(data, SegmentFilter(exclude_interviewer=True))
    segments = segments_for(project, table.cell(0, 0).codings, data=data)
    write_xlsx(table, "frequencies.xlsx")
    export_codebook_pdf(project, "codebook.pdf", CodebookOptions(max_quotes=2))
"""

from __future__ import annotations

from workbench.core.reports.attribute_matrix import attribute_matrix
from workbench.core.reports.charts import bar_chart, heat_map, save_drawing
from workbench.core.reports.codebook_info import (
    CodebookChange,
    codebook_changes,
    codebook_hash,
    last_codebook_change,
    short_hash,
)
from workbench.core.reports.codebook_pdf import (
    CodebookOptions,
    codebook_pdf_bytes,
    export_codebook_pdf,
)
from workbench.core.reports.coded_transcript_pdf import (
    coded_transcript_pdf_bytes,
    export_coded_transcript_pdf,
)
from workbench.core.reports.cooccurrence import code_cooccurrence
from workbench.core.reports.dataset import ReportData, load_report_data
from workbench.core.reports.findings_pdf import (
    FindingsOptions,
    export_findings_pdf,
    findings_pdf_bytes,
)
from workbench.core.reports.frequencies import code_frequencies
from workbench.core.reports.passages import CoderScope, Passage, PassageCounter, group_passages
from workbench.core.reports.pdf_output import PdfResult
from workbench.core.reports.retrieval import (
    merge_passages,
    reference,
    retrieve,
    segments_for,
)
from workbench.core.reports.retrieval_export import write_retrieval_docx, write_retrieval_xlsx
from workbench.core.reports.scope_setting import store_scope, stored_scope
from workbench.core.reports.selection import SegmentFilter, is_interviewer_label, select_codings
from workbench.core.reports.tables import (
    Cell,
    Header,
    ReportTable,
    table_json,
    write_csv,
    write_xlsx,
)
from workbench.core.reports.word_frequency import ENGLISH_STOP_WORDS, word_frequencies

__all__ = [
    "ENGLISH_STOP_WORDS",
    "Cell",
    "CodebookChange",
    "CodebookOptions",
    "CoderScope",
    "FindingsOptions",
    "Header",
    "Passage",
    "PassageCounter",
    "PdfResult",
    "ReportData",
    "ReportTable",
    "SegmentFilter",
    "attribute_matrix",
    "bar_chart",
    "code_cooccurrence",
    "code_frequencies",
    "codebook_changes",
    "codebook_hash",
    "codebook_pdf_bytes",
    "coded_transcript_pdf_bytes",
    "export_codebook_pdf",
    "export_coded_transcript_pdf",
    "export_findings_pdf",
    "findings_pdf_bytes",
    "group_passages",
    "heat_map",
    "is_interviewer_label",
    "last_codebook_change",
    "load_report_data",
    "merge_passages",
    "reference",
    "retrieve",
    "save_drawing",
    "segments_for",
    "select_codings",
    "short_hash",
    "store_scope",
    "stored_scope",
    "table_json",
    "word_frequencies",
    "write_csv",
    "write_retrieval_docx",
    "write_retrieval_xlsx",
    "write_xlsx",
]
