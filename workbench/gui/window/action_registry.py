"""The one action registry: every command as (name, text, shortcut, enabled-when, handler).

The window has one (its menus and toolbar place its QActions); each panel has its own, named by
where its keys work (``scope``), as a child of the panel, so the window finds them all: Help →
Keyboard shortcuts lists every registry's keys by scope. ``update`` is the one place the
enabled-when predicates are applied; a panel's registry ``follow``s its session, so that its
writing actions are disabled while a job writes, automatically. A panel may still enable an
action by its selection (``setEnabled``): the predicate wins while it is false (each action
sits in a ``QActionGroup`` of its own, whose enabled state Qt ANDs with the action's own), so
context menus built from these actions read the state too. On a read-only project the panels'
writing actions are off, as the window's are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

Shortcut = QKeySequence | str | QKeySequence.StandardKey
Icon = QStyle.StandardPixmap | QIcon | None


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


class BusySession(Protocol):
    """What a panel's registry follows (``ProjectSession`` is one)."""

    @property
    def busy(self) -> bool: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def busy_changed(self) -> object: ...  # a Signal(bool)


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window or of a panel. ``enabled_when`` None: something else decides
    (e.g. undo)."""

    name: str  # the QAction's objectName is ``<name>Action``
    text: str
    handler: Callable[[], object]
    shortcut: Shortcut | tuple[Shortcut, ...] | None = None
    enabled_when: EnabledWhen | None = always
    icon: Icon = None
    tip: str = ""
    checkable: bool = False
    context: Qt.ShortcutContext | None = None  # None: the window's (Qt's default)
    on: QWidget | None = None  # the widget whose keys it takes (``addAction``); None: the owner's


class ActionRegistry(QObject):
    """Makes each spec's QAction once (owned by ``owner``) and keeps its enabled state.
    ``scope`` says where its keys work ("" for the window's menus, else a panel's title)."""

    def __init__(self, owner: QWidget, scope: str = "") -> None:
        super().__init__(owner)
        self._owner = owner
        self.scope = scope
        self.actions: dict[str, QAction] = {}
        self._enabled_when: dict[str, EnabledWhen] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._read_only = False
        self.state = WindowState()

    def add(self, spec: ActionSpec) -> QAction:
        if spec.name in self.actions:
            raise ValueError(f"Two actions are named {spec.name!r}.")
        action = QAction(spec.text, self._owner)
        action.setObjectName(f"{spec.name}Action")
        if spec.shortcut is not None:
            keys = spec.shortcut if isinstance(spec.shortcut, tuple) else (spec.shortcut,)
            action.setShortcuts([QKeySequence(key) for key in keys])
        if spec.context is not None:
            action.setShortcutContext(spec.context)
        if isinstance(spec.icon, QIcon):
            action.setIcon(spec.icon)
        elif spec.icon is not None:
            action.setIcon(self._owner.style().standardIcon(spec.icon))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.setCheckable(spec.checkable)
        handler = spec.handler
        action.triggered.connect(lambda _checked=False: handler())
        if spec.on is not None:
            spec.on.addAction(action)
        return self.adopt(spec.name, action, spec.enabled_when)

    def adopt(self, name: str, action: QAction, enabled_when: EnabledWhen | None = None) -> QAction:
        """Register an action made elsewhere (undo and redo come from the undo group)."""
        if name in self.actions:
            raise ValueError(f"Two actions are named {name!r}.")
        self.actions[name] = action
        if enabled_when is not None:
            self._enabled_when[name] = enabled_when
            if action.actionGroup() is None:  # a group of its own: the predicate ANDs with
                group = QActionGroup(self)  # the action's own enabled state
                group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
                group.addAction(action)
                self._groups[name] = group
            self._apply(name)
        return action

    def follow(self, session: BusySession) -> None:
        """A panel's registry: the state is the session's (open; writable unless read-only or
        while a job writes)."""
        self._read_only = session.read_only
        session.busy_changed.connect(self._busy_changed)  # type: ignore[attr-defined]
        self._busy_changed(session.busy)

    def _busy_changed(self, busy: bool) -> None:
        self.update(WindowState(open=True, writable=not self._read_only, busy=busy))

    def _apply(self, name: str) -> None:
        on = self._enabled_when[name](self.state)
        group = self._groups.get(name)
        if group is not None:
            group.setEnabled(on)
        else:
            self.actions[name].setEnabled(on)

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]

    def __iter__(self) -> Iterator[QAction]:
        return iter(self.actions.values())

    def update(self, state: WindowState) -> None:
        """Enable each action whose predicate holds in ``state``, disable the others."""
        self.state = state
        for name in self._enabled_when:
            self._apply(name)

    def writable(self) -> bool:
        """Whether an edit may run now (for menu entries made on the spot)."""
        return project_writable(self.state)
