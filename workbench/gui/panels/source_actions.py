"""The Sources panel's actions: which apply to the selection, and the right-click menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from workbench.gui.panels.sources_panel import SourcesPanel


def update_source_actions(panel: SourcesPanel) -> None:
    """Enable only the actions that would do something for the selected sources."""
    infos = panel.selected_infos()
    coder = panel.session.coder
    any_selected = bool(infos)
    panel.rename_action.setEnabled(len(infos) == 1)
    panel.delete_action.setEnabled(any_selected)
    panel.done_action.setEnabled(any(coder not in s.done_by for s in infos))
    panel.not_done_action.setEnabled(any(coder in s.done_by for s in infos))
    panel.new_set_action.setEnabled(any_selected)
    panel.add_to_set_action.setEnabled(any_selected and bool(panel.set_bar.sets()))
    panel.remove_from_set_action.setEnabled(any_selected and panel.set_bar.chosen() is not None)
    panel.attach_recording_action.setEnabled(len(infos) == 1)
    panel.relink_recording_action.setEnabled(len(infos) == 1)


def sources_menu(panel: SourcesPanel) -> QMenu:
    """Rename, done marks, sets and delete for the selected sources (the caller shows it)."""
    update_source_actions(panel)
    menu = QMenu(panel)
    menu.addAction(panel.rename_action)
    menu.addSeparator()
    menu.addAction(panel.done_action)
    menu.addAction(panel.not_done_action)
    menu.addSeparator()
    menu.addAction(panel.new_set_action)
    menu.addAction(panel.add_to_set_action)
    if panel.set_bar.chosen() is not None:
        menu.addAction(panel.remove_from_set_action)
    menu.addSeparator()
    menu.addAction(panel.attach_recording_action)
    menu.addAction(panel.relink_recording_action)
    menu.addSeparator()
    menu.addAction(panel.delete_action)
    return menu
