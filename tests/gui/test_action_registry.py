"""The window's commands are defined once, in its action registry: the menus and the toolbar only
place the registry's actions, and the registry alone sets which are enabled."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from workbench.gui.window.action_registry import (
    ActionRegistry,
    ActionSpec,
    WindowState,
    project_open,
    project_writable,
)
from workbench.gui.window.main_window import MainWindow


def _placed(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            if sub.objectName() != "recentMenu":  # one entry per recent file, made on opening
                out += _placed(sub)
        elif not action.isSeparator():
            out.append(action)
    return out


def test_every_menu_and_toolbar_action_comes_from_the_registry(demo_window: MainWindow) -> None:
    registry = demo_window.menus.registry
    menus = [top.menu() for top in demo_window.menuBar().actions()]
    placed = [a for menu in menus if isinstance(menu, QMenu) for a in _placed(menu)]
    placed += [a for a in demo_window.menus.toolbar.actions() if not a.isSeparator()]
    panels = set(demo_window.menus.panels_menu.actions())  # the docks' own show/hide actions
    outside = [a.text() for a in placed if a not in panels and a not in set(registry)]
    assert not outside, f"actions made outside the registry: {outside}"
    assert set(registry) <= set(placed)


def test_the_registry_sets_enabled_state_from_each_predicate(qapp: object) -> None:
    owner = QWidget()
    registry = ActionRegistry(owner)
    hits: list[str] = []
    registry.add(ActionSpec("open", "Open", lambda: hits.append("open")))
    registry.add(ActionSpec("find", "Find", lambda: None, "Ctrl+F", enabled_when=project_open))
    registry.add(ActionSpec("code", "Code", lambda: None, enabled_when=project_writable))
    manual = registry.add(ActionSpec("merge", "Undo merge", lambda: None, enabled_when=None))
    manual.setEnabled(False)
    for state, expected in [
        (WindowState(), {"open": True, "find": False, "code": False}),
        (WindowState(open=True), {"open": True, "find": True, "code": False}),
        (WindowState(open=True, writable=True), {"open": True, "find": True, "code": True}),
    ]:
        registry.update(state)
        assert {n: registry[n].isEnabled() for n in expected} == expected
        assert not manual.isEnabled()  # its owner decides
    registry["open"].trigger()
    assert hits == ["open"]
    assert registry["find"].objectName() == "findAction"
    with pytest.raises(ValueError, match="find"):
        registry.add(ActionSpec("find", "Find again", lambda: None))
