"""The window's one action registry: every window-wide command as (name, text, shortcut,
enabled-when, handler). The menus and the toolbar place its QActions, Help → Keyboard shortcuts
reads them, and ``update`` is the one place their enabled state is set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

Shortcut = QKeySequence | str | QKeySequence.StandardKey


@dataclass(frozen=True)
class WindowState:
    """What an action's enabled-when predicate looks at."""

    open: bool = False  # a project is open
    writable: bool = False  # … and may be changed (not read-only)
    busy: bool = False  # a job is writing to it: every other write waits until it ends


EnabledWhen = Callable[[WindowState], bool]


def always(_state: WindowState) -> bool:
    return True


def project_open(state: WindowState) -> bool:
    return state.open


def project_writable(state: WindowState) -> bool:
    return state.open and state.writable and not state.busy


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window. ``enabled_when`` None: something else decides (e.g. undo)."""

    name: str  # the QAction's objectName is ``<name>Action``
    text: str
    handler: Callable[[], object]
    shortcut: Shortcut | None = None
    enabled_when: EnabledWhen | None = always
    icon: QStyle.StandardPixmap | None = None
    tip: str = ""
    checkable: bool = False


class ActionRegistry:
    """Makes each spec's QAction once (owned by ``owner``) and keeps its enabled state."""

    def __init__(self, owner: QWidget) -> None:
        self._owner = owner
        self.actions: dict[str, QAction] = {}
        self._enabled_when: dict[str, EnabledWhen] = {}
        self.state = WindowState()

    def add(self, spec: ActionSpec) -> QAction:
        if spec.name in self.actions:
            raise ValueError(f"Two actions are named {spec.name!r}.")
        action = QAction(spec.text, self._owner)
        action.setObjectName(f"{spec.name}Action")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(self._owner.style().standardIcon(spec.icon))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.setCheckable(spec.checkable)
        handler = spec.handler
        action.triggered.connect(lambda _checked=False: handler())
        return self.adopt(spec.name, action, spec.enabled_when)

    def adopt(self, name: str, action: QAction, enabled_when: EnabledWhen | None = None) -> QAction:
        """Register an action made elsewhere (undo and redo come from the undo group)."""
        self.actions[name] = action
        if enabled_when is not None:
            self._enabled_when[name] = enabled_when
            action.setEnabled(enabled_when(self.state))
        return action

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]

    def __iter__(self) -> Iterator[QAction]:
        return iter(self.actions.values())

    def update(self, state: WindowState) -> None:
        """Enable each action whose predicate holds in ``state``, disable the others."""
        self.state = state
        for name, enabled_when in self._enabled_when.items():
            self.actions[name].setEnabled(enabled_when(state))
