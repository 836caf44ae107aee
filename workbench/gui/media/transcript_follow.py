"""The transcript follows the recording: the cue being played is highlighted and scrolled into
view; a click on a timestamp or Ctrl+click on a line seeks there; a selection shows its time
span."""

from __future__ import annotations

import re
from bisect import bisect_right

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit

from workbench.core.media.sync import SyncPoint, parse_clock
from workbench.gui.document import DocumentView
from workbench.gui.media.clock import clock

# ``[01:02:03]``, ``[1:02]``, ``(02:03)``, ``(1:02:03.5)``: the stamps transcription tools write
STAMP = re.compile(r"[\[(]((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]")


class TranscriptFollower(QObject):
    """Binds a ``DocumentView`` to the times of its source's sync points."""

    seek_requested = Signal(int)
    span_changed = Signal(str)  # the selection's time span ("" without one)

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.points: list[SyncPoint] = []
        self._offsets: list[int] = []
        self._by_time: list[SyncPoint] = []
        self._times: list[int] = []
        self.duration_ms = 0
        self.cue: tuple[int, int] | None = None  # the highlighted [start, end) in code points
        view.viewport().installEventFilter(self)
        view.selectionChanged.connect(self._selection_changed)

    def set_points(self, points: list[SyncPoint], duration_ms: int = 0) -> None:
        self.points = sorted(points, key=lambda p: p.offset)
        self._offsets = [p.offset for p in self.points]
        self._by_time = sorted(points, key=lambda p: p.ms)
        self._times = [p.ms for p in self._by_time]
        self.duration_ms = duration_ms
        self._highlight(None)

    # -- time ↔ text ------------------------------------------------------------------------------
    def time_at(self, offset: int) -> int | None:
        rank = bisect_right(self._offsets, offset) - 1
        return self.points[rank].ms if rank >= 0 else None

    def end_time_at(self, offset: int) -> int | None:
        """When the cue holding ``offset`` ends: the next cue's start (or the recording's end)."""
        rank = bisect_right(self._offsets, offset)
        if rank < len(self.points):
            return self.points[rank].ms
        return self.duration_ms or None

    def cue_at(self, ms: int) -> tuple[int, int] | None:
        """The [start, end) (code points) of the cue playing at ``ms``."""
        rank = bisect_right(self._times, ms) - 1
        if rank < 0:
            return None
        start = self._by_time[rank].offset
        after = bisect_right(self._offsets, start)
        end = self._offsets[after] if after < len(self._offsets) else len(self.view.loaded.text)
        return (start, end) if end > start else None

    # -- following --------------------------------------------------------------------------------
    def follow(self, ms: int, *, scroll: bool = True) -> None:
        """Highlight the cue at ``ms``; scroll it into view when it changed (and ``scroll``)."""
        cue = self.cue_at(ms) if self.points else None
        if cue != self.cue:
            self._highlight(cue)
            if cue is not None and scroll:
                self._scroll_to(cue[0])

    def _highlight(self, cue: tuple[int, int] | None) -> None:
        self.cue = cue
        if cue is None:
            self.view.setExtraSelections([])
            return
        u_start, u_end = self.view.loaded.offsets.to_utf16_many(cue)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        shade = QColor(self.view.palette().color(QPalette.ColorRole.Highlight))
        shade.setAlphaF(0.16)
        played = QTextEdit.ExtraSelection()
        played.cursor = cursor
        played.format = QTextCharFormat()
        played.format.setBackground(shade)
        played.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.view.setExtraSelections([played])

    def _scroll_to(self, offset: int) -> None:
        view = self.view
        block = view.document().findBlock(view.loaded.offsets.to_utf16(offset))
        first = view.firstVisibleBlock().blockNumber()
        shown = max(1, view.viewport().height() // max(1, view.fontMetrics().lineSpacing()) - 2)
        if not first <= block.blockNumber() < first + shown // 2:  # keep it in the upper half
            view.verticalScrollBar().setValue(max(0, block.blockNumber() - 2))

    # -- seeking from the text --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            ms = self._time_clicked(event)
            if ms is not None:
                self.seek_requested.emit(ms)
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    return True  # Ctrl+click seeks and leaves the selection alone
        return False

    def _time_clicked(self, event: QMouseEvent) -> int | None:
        view = self.view
        cursor = view.cursorForPosition(event.position().toPoint())
        block = cursor.block()
        column = cursor.positionInBlock()
        for found in STAMP.finditer(block.text()):
            if found.start() <= column <= found.end():
                return parse_clock(found.group(1))
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.points:
            return self.time_at(view.loaded.offsets.from_utf16(cursor.position()))
        return None

    def _selection_changed(self) -> None:
        chosen = self.view.selection_range()
        if chosen is None or not self.points:
            self.span_changed.emit("")
            return
        start, end = self.time_at(chosen[0]), self.end_time_at(chosen[1] - 1)
        if start is None:
            self.span_changed.emit("")
            return
        shown = f"{clock(start)} – {clock(end)}" if end is not None else f"from {clock(start)}"
        self.span_changed.emit(f"Selection: {shown}")
