"""Deliver a drag-and-drop through real Qt drop events (QTest cannot run a real drag)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def drop(widget: QWidget, pos: QPoint, mime: QMimeData) -> bool:
    """Send enter, move and drop at ``pos``; assert the enter was accepted; return the drop's."""
    enter = QDragEnterEvent(pos, ACTIONS, mime, LEFT, NO_KEYS)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the widget refused the drag"
    QApplication.sendEvent(widget, QDragMoveEvent(pos, ACTIONS, mime, LEFT, NO_KEYS))
    event = QDropEvent(QPointF(pos), ACTIONS, mime, LEFT, NO_KEYS)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()
