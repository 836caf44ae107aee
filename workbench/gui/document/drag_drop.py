"""Dragging the selection out as JSON, and dropping codes onto it."""

from __future__ import annotations

import json
from typing import Protocol

import shiboken6
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDropEvent, QGuiApplication

from workbench.gui.codebook.code_mime import CODE_MIME, SELECTION_MIME
from workbench.gui.document.roles import ShownSource


class Dragged(ShownSource, Protocol):
    def selection_range(self) -> tuple[int, int] | None: ...


def selection_mime_data(view: Dragged, mime: QMimeData | None = None) -> QMimeData | None:
    """The selection as ``application/x-qwb-selection`` JSON (plus its plain text), added to
    ``mime`` or to a new QMimeData; None without a selection."""
    chosen = view.selection_range()
    if chosen is None:
        return None
    mime = QMimeData() if mime is None else mime
    payload = {"source": view.source, "start": chosen[0], "end": chosen[1]}
    mime.setData(SELECTION_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText(view.loaded.text[chosen[0] : chosen[1]])
    return mime


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
    raw = bytes(event.mimeData().data(CODE_MIME).data()).decode("utf-8")
    codes = [line.strip() for line in raw.split("\n") if line.strip()]
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
