"""Placing the paragraph gutter, the stripe margin and the find bar around the viewport."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect

if TYPE_CHECKING:
    from workbench.gui.document.document_view import DocumentView


def layout_sides(view: DocumentView) -> None:
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


def update_sides(view: DocumentView, rect: QRect, dy: int) -> None:
    """Repaint the gutter and the margin when the text scrolled or was repainted whole."""
    if dy or rect.contains(view.viewport().rect()):
        view.gutter.update()
        view.margin.update()
