"""The transcript viewer: ``DocumentView`` and its parts."""

from __future__ import annotations

from workbench.gui.document.document_view import CODE_MIME, SELECTION_MIME, DocumentView
from workbench.gui.document.find_bar import FindBar, find_all
from workbench.gui.document.range_dialog import RangeDialog

__all__ = ["CODE_MIME", "SELECTION_MIME", "DocumentView", "FindBar", "RangeDialog", "find_all"]
