"""Where the text sits on screen: the visible blocks and the y of a position, shared with the
gutter and the stripe margin."""

from __future__ import annotations

from bisect import bisect_right
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QWidget

from workbench.gui.document.painting import VisibleBlock


class Scrolled(Protocol):
    """The plain-text widget's layout on screen (Qt's own methods)."""

    def firstVisibleBlock(self, /) -> QTextBlock: ...

    def contentOffset(self, /) -> QPointF: ...

    def blockBoundingGeometry(self, block: QTextBlock, /) -> QRectF: ...

    def viewport(self, /) -> QWidget: ...

    def document(self, /) -> QTextDocument: ...


class OnScreenBlocks:
    """The view's visible blocks with their lines, measured once per scroll position and layout."""

    def __init__(self, view: Scrolled) -> None:
        self.view = view
        self._generation = 0  # bumped whenever the text is laid out anew
        self._blocks: list[VisibleBlock] = []
        self._key: tuple[object, ...] = ()

    def invalidate(self) -> None:
        """The text was laid out anew (new text or font): measure again on the next call."""
        self._generation += 1

    def blocks(self) -> list[VisibleBlock]:
        """The blocks on screen (cached until the view scrolls, resizes or relayouts)."""
        view = self.view
        first = view.firstVisibleBlock()
        viewport = view.viewport()
        key = (
            first.blockNumber(),
            view.contentOffset().y(),
            viewport.width(),
            viewport.height(),
            self._generation,
        )
        if key == self._key:
            return self._blocks
        out: list[VisibleBlock] = []
        block = first
        offset = view.contentOffset()
        height = viewport.height()
        while block.isValid():
            rect = view.blockBoundingGeometry(block).translated(offset)
            if rect.top() > height:
                break
            if block.isVisible():
                out.append(VisibleBlock.measure(block, rect))
            block = block.next()
        self._blocks, self._key = out, key
        return out

    def position_y(
        self, position: int, *, bottom: bool = False, blocks: list[VisibleBlock] | None = None
    ) -> float:
        """Viewport y of the top (or bottom) of the line holding a UTF-16 position."""
        if blocks is None:
            blocks = self.blocks()
        rank = bisect_right(blocks, position, key=_block_start) - 1
        if rank >= 0 and position <= blocks[rank].end:
            line = blocks[rank].line_of(position)
            if line is not None:
                return line.top + (line.height if bottom else 0.0)
        # off screen (or between measured lines): ask the document layout itself
        view = self.view
        block = view.document().findBlock(position)
        rect = view.blockBoundingGeometry(block).translated(view.contentOffset())
        qline = block.layout().lineForTextPosition(position - block.position())
        if not qline.isValid():
            return rect.bottom() if bottom else rect.top()
        return rect.top() + qline.y() + (qline.height() if bottom else 0.0)


def _block_start(visible: VisibleBlock) -> int:
    return visible.start
