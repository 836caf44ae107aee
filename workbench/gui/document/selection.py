"""The view's selection in code points (the project's offsets) rather than Qt's UTF-16
positions."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QTextCursor

from workbench.gui.document import text_units
from workbench.gui.document.roles import ShownSource, TextWidget


class SelectableText(ShownSource, TextWidget, Protocol):
    def setTextCursor(self, cursor: QTextCursor, /) -> None: ...

    def centerCursor(self, /) -> None: ...


def selection_range(view: SelectableText) -> tuple[int, int] | None:
    """The selected ``[start, end)`` in code points, or None without a (non-empty) selection."""
    cursor = view.textCursor()
    if not cursor.hasSelection() or not view.source:
        return None
    offsets = view.loaded.offsets
    start = offsets.from_utf16(cursor.selectionStart())
    end = offsets.from_utf16(cursor.selectionEnd())
    return (start, end) if start < end else None


def select_range(view: SelectableText, start: int, end: int) -> None:
    """Select ``[start, end)`` (code points) and scroll it into the middle of the view."""
    offsets = view.loaded.offsets
    start, end = sorted((max(0, min(start, len(offsets))), max(0, min(end, len(offsets)))))
    u_start, u_end = offsets.to_utf16(start), offsets.to_utf16(end)
    cursor = QTextCursor(view.document())
    cursor.setPosition((u_start + u_end) // 2)
    view.setTextCursor(cursor)
    view.centerCursor()
    cursor.setPosition(u_end)
    cursor.setPosition(u_start, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def snap_selection_to_words(view: SelectableText) -> None:
    """Widen the selection to whole words (after a mouse selection), keeping it where it is."""
    chosen = selection_range(view)
    if chosen is None:
        return
    snapped = text_units.snap_to_words(view.loaded.text, *chosen)
    if snapped == chosen:
        return
    u_start, u_end = view.loaded.offsets.to_utf16_many(snapped)
    cursor = view.textCursor()
    cursor.setPosition(u_start)
    cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def codings_under_cursor(view: SelectableText) -> list[str]:
    """The uuids of the shown codings the selection overlaps (or the cursor is in)."""
    cursor = view.textCursor()
    if cursor.hasSelection():
        found = view.layer.overlapping(cursor.selectionStart(), cursor.selectionEnd())
    else:
        found = view.layer.containing(cursor.position())
    return [c.uuid for c in found]
