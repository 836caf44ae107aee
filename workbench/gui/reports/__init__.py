"""Reports in the GUI: the Reports panel (tables, charts, the segments behind every count, CSV,
XLSX and DOCX exports) and the File menu's PDF exports (codebook, findings, coded transcript)."""

from __future__ import annotations

from workbench.gui.reports.export_actions import (
    ExportDialogs,
    export_codebook,
    export_coded_transcript,
    export_findings,
)
from workbench.gui.reports.reports_panel import ReportsPanel

__all__ = [
    "ExportDialogs",
    "ReportsPanel",
    "export_codebook",
    "export_coded_transcript",
    "export_findings",
]
