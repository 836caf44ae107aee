"""The search panel: full-text search with keyword-in-context results and "Code all hits…"."""

from __future__ import annotations

from workbench.gui.search.search_panel import SearchPanel

__all__ = ["SearchPanel"]
