"""Questions the panels ask, as replaceable callables (tests swap them, so they never meet a
modal dialog); each factory returns the default, dialog-backed one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.plain_text import ask_yes, get_item, get_text

AskText = Callable[[str, str, str], "str | None"]  # title, label, default → text (None: cancelled)
Confirm = Callable[[str, str], bool]  # title, question → yes?
ChooseItem = Callable[[str, str, list[str]], "str | None"]  # title, label, items → item


def ask_text_dialog(parent: QWidget) -> AskText:
    """The default text question: a QInputDialog owned by ``parent``."""

    def ask(title: str, label: str, default: str) -> str | None:
        text, ok = get_text(parent, title, label, default)
        return text.strip() if ok and text.strip() else None

    return ask


def confirm_dialog(parent: QWidget | None) -> Confirm:
    """The default yes/cancel question (Cancel is the default button)."""

    def confirm(title: str, question: str) -> bool:
        return ask_yes(parent, title, question)

    return confirm


def choose_item_dialog(parent: QWidget) -> ChooseItem:
    """The default pick-one-of question; None when cancelled or there is nothing to pick."""

    def choose(title: str, label: str, items: list[str]) -> str | None:
        if not items:
            return None
        item, ok = get_item(parent, title, label, items, 0, False)
        return item if ok else None

    return choose
