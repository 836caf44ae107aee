"""Placing the paragraph gutter, the stripe margin and the find bar around the viewport."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from workbench.gui.document.find_bar import FindBar
    from workbench.gui.document.gutter import ParagraphGutter
    from workbench.gui.document.margin import StripeMargin


class Framed(Protocol):
    """A text view with a gutter on its left, a margin on its right and a find bar below."""

    @property
    def gutter(self) -> ParagraphGutter: ...

    @property
    def margin(self) -> StripeMargin: ...

    @property
    def find_bar(self) -> FindBar: ...

    def viewport(self, /) -> QWidget: ...

    def contentsRect(self, /) -> QRect: ...

    def setViewportMargins(self, left: int, top: int, right: int, bottom: int, /) -> None: ...


def layout_sides(view: Framed) -> None:
    """Make room for the side widgets (their widths follow the source and font) and place them."""
    left = view.gutter.preferred_width()
    right = view.margin.preferred_width()
    bottom = view.find_bar.sizeHint().height() if view.find_bar.isVisible() else 0
    view.setViewportMargins(left, 0, right, bottom)
    rect = view.contentsRect()
    port = view.viewport().geometry()
    view.gutter.setGeometry(QRect(rect.left(), port.top(), left, port.height()))
    view.margin.setGeometry(QRect(port.right() + 1, port.top(), right, port.height()))
    if bottom:
        width = port.right() + 1 + right - rect.left()
        view.find_bar.setGeometry(QRect(rect.left(), port.bottom() + 1, width, bottom))
    view.gutter.update()
    view.margin.update()


def update_sides(view: Framed, rect: QRect, dy: int) -> None:
    """Repaint the gutter and the margin when the text scrolled or was repainted whole."""
    if dy or rect.contains(view.viewport().rect()):
        view.gutter.update()
        view.margin.update()
