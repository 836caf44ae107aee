"""Find in the document: runs ``find_all`` for the find bar and walks through the hits."""

from __future__ import annotations

from typing import Protocol

from workbench.gui.document.find_bar import FindBar, find_all
from workbench.gui.document.roles import Selecting, ShownSource, TextWidget


class Searched(ShownSource, Selecting, TextWidget, Protocol):
    @property
    def find_bar(self) -> FindBar: ...

    def layout_sides(self) -> None: ...

    def setFocus(self, /) -> None: ...


class Finder:
    """The matches of the find bar's query (UTF-16 ranges, for painting) and the current one."""

    def __init__(self, view: Searched) -> None:
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        bar = view.find_bar
        bar.query_changed.connect(self.find)
        bar.stepped.connect(self.step)
        bar.closed.connect(self._closed)

    def open(self) -> None:
        """Show the bar, seeded with a short one-line selection."""
        view = self.view
        chosen = view.selection_range()
        seed = view.loaded.text[chosen[0] : chosen[1]] if chosen else ""
        view.find_bar.open_bar(seed if "\n" not in seed and len(seed) < 80 else "")
        view.layout_sides()

    def find(self, query: str, *, select: bool = True) -> None:
        """Find every hit, and go to the first one at or after the cursor."""
        view = self.view
        turns = [[speaker, start, end] for speaker, start, end in view.loaded.turns]
        hits = find_all(view.loaded.text, query, turns)
        flat = view.loaded.offsets.to_utf16_many([p for hit in hits for p in hit])
        self.matches = list(zip(flat[::2], flat[1::2], strict=True))
        self.current = -1
        if self.matches and select:
            here = view.textCursor().selectionStart()
            self.current = next((i for i, (s, _e) in enumerate(self.matches) if s >= here), 0)
            self._show()
        view.find_bar.set_count(self.current, len(self.matches))
        view.viewport().update()

    def refresh(self) -> None:
        """The text changed: find the bar's query again, without moving."""
        self.matches, self.current = [], -1
        bar = self.view.find_bar
        if bar.isVisible() and bar.query():
            self.find(bar.query(), select=False)

    def step(self, forward: bool) -> None:
        if not self.matches:
            return
        if self.current < 0:
            self.current = 0
        else:
            self.current = (self.current + (1 if forward else -1)) % len(self.matches)
        self._show()
        self.view.find_bar.set_count(self.current, len(self.matches))

    def _show(self) -> None:
        u_start, u_end = self.matches[self.current]
        offsets = self.view.loaded.offsets
        self.view.select_range(offsets.from_utf16(u_start), offsets.from_utf16(u_end))

    def _closed(self) -> None:
        self.matches, self.current = [], -1
        self.view.layout_sides()
        self.view.viewport().update()
        self.view.setFocus()
