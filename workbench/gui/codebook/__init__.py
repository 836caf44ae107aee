"""The codebook side of the coding desk: the code tree model, the Codebook and Coding panels,
the code editor and the quick-code palette."""

from __future__ import annotations

from workbench.gui.codebook.code_editor import CodeEditor
from workbench.gui.codebook.codebook_model import CodebookModel
from workbench.gui.codebook.codebook_panel import CodebookPanel
from workbench.gui.codebook.coding_panel import CodingPanel
from workbench.gui.codebook.delete_dialog import DeleteDialog
from workbench.gui.codebook.fuzzy import fuzzy_score
from workbench.gui.codebook.quick_code_palette import QuickCodePalette

__all__ = [
    "CodeEditor",
    "CodebookModel",
    "CodebookPanel",
    "CodingPanel",
    "DeleteDialog",
    "QuickCodePalette",
    "fuzzy_score",
]
