"""Help → Keyboard shortcuts, read from the actions themselves (so it can never miss one): the
menus' actions under their menu's name, then each panel's own keys under the panel's name."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

Group = tuple[str, list[tuple[str, str]]]  # title, (what, keys) rows
_RECENT = re.compile(r"^Ctrl\+([1-9])$")


def shortcut_groups(window: QMainWindow) -> list[Group]:
    """Every action of ``window`` that has a key, grouped by menu, then by panel."""
    groups: list[Group] = []
    listed: set[QAction] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = []
        for action in _menu_actions(menu):
            listed.add(action)
            if action.shortcuts():
                rows.append((_plain(action.text()), _keys(action)))
        if rows:
            groups.append((_plain(top.text()), rows))
    panels: dict[str, list[tuple[str, str]]] = {}
    recent: list[str] = []
    for action in window.findChildren(QAction):
        if action in listed or not action.shortcuts():
            continue
        keys = _keys(action)
        number = _RECENT.match(keys)
        if number:  # the coding panel's Ctrl+1 … Ctrl+9 make one row
            recent.append(number.group(1))
            continue
        what = _plain(action.text()) or _plain(action.toolTip())
        if what:
            panels.setdefault(_panel_title(action), []).append((what, keys))
    if recent:
        rows = panels.setdefault("Code the selection", [])
        rows.append(("Apply recent code 1 … 9", f"Ctrl+{min(recent)} … Ctrl+{max(recent)}"))
    groups += sorted(panels.items())
    return groups


def _menu_actions(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            out += _menu_actions(sub)
        elif not action.isSeparator():
            out.append(action)
    return out


def _keys(action: QAction) -> str:
    keys = dict.fromkeys(
        k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
    )
    return " or ".join(k for k in keys if k)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _panel_title(action: QAction) -> str:
    """The title of the dock (or tab) the action's widget lives in."""
    widget = action.parent()
    while isinstance(widget, QWidget):
        if isinstance(widget, QDockWidget):
            return widget.windowTitle()
        widget = widget.parentWidget()
    owner = action.parent()
    name = owner.objectName() if isinstance(owner, QWidget) else ""
    return _TITLES.get(name, "Elsewhere")


_TITLES = {"reportsPanel": "Reports", "themeMapPanel": "Theme map", "documentView": "Transcript"}
