"""Dragging the selection out as JSON, and dropping codes onto it."""

from __future__ import annotations

from typing import Protocol

import shiboken6
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDropEvent, QGuiApplication

from workbench.gui.codebook.code_mime import CODE_MIME, decode_codes, encode_selection
from workbench.gui.document.roles import ShownSource


class Dragged(ShownSource, Protocol):
    def selection_range(self) -> tuple[int, int] | None: ...


def selection_mime_data(view: Dragged) -> QMimeData | None:
    """The selection as ``application/x-qwb-selection`` JSON (plus its plain text); None
    without a selection."""
    chosen = view.selection_range()
    if chosen is None:
        return None
    start, end = chosen
    return encode_selection(view.source, start, end, view.loaded.text[start:end])


def accept_codes(event: QDropEvent) -> bool:
    """Accept a drag (enter, move) that carries codes; False leaves it to the text edit."""
    if not event.mimeData().hasFormat(CODE_MIME):
        return False
    event.acceptProposedAction()
    return True


def dropped_codes(event: QDropEvent) -> list[str] | None:
    """The code uuids a drop carries (accepting it), or None when it carries no codes."""
    if not event.mimeData().hasFormat(CODE_MIME):
        return None
    codes = decode_codes(event.mimeData())
    event.acceptProposedAction()
    return codes


def release_clipboard() -> None:
    """Before the application ends: if the clipboard holds a copy made here (a QMimeData
    created in Python), put its plain text there instead. Qt deletes the clipboard's data after
    Python has shut down, and deleting a Python-made object then crashes the process."""
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData() if clipboard is not None else None
    if data is not None and shiboken6.createdByPython(data):
        clipboard.setText(data.text())
