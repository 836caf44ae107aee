"""Help → Keyboard shortcuts, read from the action registries (so it can never miss one): the
menus' actions under their menu's name, then each panel registry's keys under its scope (where
they work)."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from workbench.gui.window.action_registry import ActionRegistry

Group = tuple[str, list[tuple[str, str]]]  # title, (what, keys) rows
_RECENT = re.compile(r"^Ctrl\+([1-9])$")


def shortcut_groups(window: QMainWindow) -> list[Group]:
    """Every registered action of ``window`` that has a key, grouped by menu, then by scope."""
    groups: list[Group] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [(_plain(a.text()), _keys(a)) for a in _menu_actions(menu) if a.shortcuts()]
        if rows:
            groups.append((_plain(top.text()), rows))
    scopes: dict[str, list[tuple[str, str]]] = {}
    for registry in window.findChildren(ActionRegistry):
        if not registry.scope:
            continue  # the window's own: in its menus above
        rows = scopes.setdefault(registry.scope, [])
        recent: list[str] = []
        for action in registry:
            if not action.shortcuts():
                continue
            keys = _keys(action)
            number = _RECENT.match(keys)
            if number:  # the coding panel's Ctrl+1 … Ctrl+9 make one row
                recent.append(number.group(1))
            else:
                rows.append((_plain(action.text()) or _plain(action.toolTip()), keys))
        if recent:
            rows.append(("Apply recent code 1 … 9", f"Ctrl+{min(recent)} … Ctrl+{max(recent)}"))
    groups += sorted((scope, rows) for scope, rows in scopes.items() if rows)
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
