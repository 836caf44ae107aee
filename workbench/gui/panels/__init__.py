"""The coding desk's docked panels: sources, coded segments, memos and cases."""

from __future__ import annotations

from workbench.gui.panels.cases_panel import CasesPanel
from workbench.gui.panels.memos_panel import MemosPanel
from workbench.gui.panels.segments_panel import SegmentsPanel
from workbench.gui.panels.sources_panel import SourcesPanel

__all__ = ["CasesPanel", "MemosPanel", "SegmentsPanel", "SourcesPanel"]
