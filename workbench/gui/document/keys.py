"""The document view's own keys (handled before the window's shortcuts can take them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

if TYPE_CHECKING:
    from workbench.gui.document.find_bar import FindBar


class KeyTarget(Protocol):
    """The view's actions that have keys of their own."""

    @property
    def find_bar(self) -> FindBar: ...

    def select_sentence(self) -> None: ...

    def select_paragraph(self) -> None: ...

    def select_turn(self) -> None: ...

    def next_coding(self) -> None: ...

    def previous_coding(self) -> None: ...

    def reset_zoom(self) -> None: ...

    def zoom_in(self) -> None: ...

    def zoom_out(self) -> None: ...

    def open_find(self) -> None: ...


def key_action(view: KeyTarget, event: QKeyEvent) -> Callable[[], None] | None:
    """What a key press does in the view, or None to leave it to QPlainTextEdit."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    ctrl_shift = ctrl | Qt.KeyboardModifier.ShiftModifier
    alt = Qt.KeyboardModifier.AltModifier
    table: dict[tuple[object, int], Callable[[], None]] = {
        (ctrl_shift, Qt.Key.Key_S): view.select_sentence,
        (ctrl_shift, Qt.Key.Key_P): view.select_paragraph,
        (ctrl_shift, Qt.Key.Key_T): view.select_turn,
        (alt, Qt.Key.Key_Down): view.next_coding,
        (alt, Qt.Key.Key_Up): view.previous_coding,
        (ctrl, Qt.Key.Key_0): view.reset_zoom,
        (ctrl, Qt.Key.Key_Equal): view.zoom_in,
        (ctrl, Qt.Key.Key_Plus): view.zoom_in,
        (ctrl_shift, Qt.Key.Key_Plus): view.zoom_in,
        (ctrl, Qt.Key.Key_Minus): view.zoom_out,
    }
    action = table.get((mods, event.key()))
    if action is not None:
        return action
    if event.matches(QKeySequence.StandardKey.Find):
        return view.open_find
    if event.key() == Qt.Key.Key_Escape and view.find_bar.isVisible():
        return view.find_bar.close_bar
    return None


def claims_shortcut(view: KeyTarget, event: QEvent) -> bool:
    """Accept a shortcut override for one of the view's keys, so that the window's shortcuts
    do not take it."""
    if (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and key_action(view, event) is not None
    ):
        event.accept()
        return True
    return False


def run_key(view: KeyTarget, event: QKeyEvent) -> bool:
    """Run the view's action for a key press; False leaves the key to QPlainTextEdit."""
    action = key_action(view, event)
    if action is None:
        return False
    action()
    event.accept()
    return True
