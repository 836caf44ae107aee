"""Selecting by unit (sentence, paragraph, speaker turn) and stepping from coding to coding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QTextCursor

from workbench.gui.document import text_units
from workbench.gui.document.roles import Selecting, ShownSource

if TYPE_CHECKING:
    from workbench.gui.project_session import ProjectSession


class Navigable(ShownSource, Selecting, Protocol):
    @property
    def session(self) -> ProjectSession: ...

    @property
    def message(self) -> SignalInstance: ...

    def textCursor(self, /) -> QTextCursor: ...

    def select_coding(self, coding: str) -> None: ...


def cursor_position(view: Navigable) -> int:
    """The cursor's position in code points."""
    offsets = view.loaded.offsets
    return offsets.from_utf16(min(view.textCursor().position(), offsets.utf16_length))


def paragraph_bounds(view: Navigable) -> tuple[int, int]:
    block = view.textCursor().block()
    offsets = view.loaded.offsets
    start = block.position()
    return offsets.from_utf16(start), offsets.from_utf16(start + block.length() - 1)


def select_sentence(view: Navigable) -> None:
    """The sentence around the cursor, without a speaker label that opens it."""
    lo, hi = paragraph_bounds(view)
    lo = max(lo, view.loaded.label_end_at(lo))
    view.select_range(*text_units.sentence_at(view.loaded.text, cursor_position(view), lo, hi))


def select_paragraph(view: Navigable) -> None:
    view.select_range(*text_units.trim(view.loaded.text, *paragraph_bounds(view)))


def select_turn(view: Navigable) -> None:
    turn = view.loaded.turn_at(cursor_position(view))
    if turn is None:
        view.message.emit("The cursor is not in a speaker turn.")
    else:
        view.select_range(*turn)


def jump(view: Navigable, *, forward: bool) -> None:
    """From a selected coding to its neighbour; from a plain cursor, to the first coding that
    starts at or after it (forwards) or before it (backwards)."""
    cursor = view.textCursor()
    here = (cursor.selectionStart(), cursor.selectionEnd())
    same = [c for c in view.layer.containing(here[0]) if (c.u_start, c.u_end) == here]
    current = next((c for c in same if c.uuid == view.session.current_coding), None)
    current = current or (same[0] if same else None)
    key = (current.u_start, current.u_end, current.uuid) if current else (here[0], -1, "")
    find = view.layer.next_coding if forward else view.layer.previous_coding
    found = find(*key)
    if found is None:
        view.message.emit("No further coding in this direction.")
    else:
        view.select_coding(found.uuid)
