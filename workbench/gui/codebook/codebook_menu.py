"""The Codebook panel's right-click menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from workbench.gui.codebook.codebook_panel import CodebookPanel


def codebook_menu(panel: CodebookPanel) -> QMenu:
    """New / edit / sets / expand actions for the selected codes (the caller shows it)."""
    menu = QMenu(panel)
    for act in (panel.new_theme_action, panel.new_child_action):
        menu.addAction(act)
    menu.addSeparator()
    for act in (panel.rename_action, panel.recolor_action, panel.merge_action, panel.delete_action):
        menu.addAction(act)
    menu.addSeparator()
    menu.addAction(panel.set_bar.add_action)
    menu.addAction(panel.set_bar.new_action)
    if panel.set_bar.current_set() is not None:
        menu.addAction(panel.set_bar.remove_action)
    menu.addSeparator()
    menu.addAction(panel.expand_all_action)
    menu.addAction(panel.collapse_all_action)
    return menu
