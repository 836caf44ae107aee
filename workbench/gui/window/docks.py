"""The docked panels and their default arrangement (users rearrange; QSettings remembers)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QUndoView

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class DockSpec:
    key: str
    title: str
    area: Qt.DockWidgetArea


DOCKS = (
    DockSpec("sources", "Sources", Area.LeftDockWidgetArea),
    DockSpec("codebook", "Codebook", Area.LeftDockWidgetArea),
    DockSpec("mediaPlayer", "Player", Area.RightDockWidgetArea),  # the source's recording
    DockSpec("coding", "Code the selection", Area.RightDockWidgetArea),
    DockSpec("editor", "Code details", Area.RightDockWidgetArea),
    DockSpec("memos", "Memos", Area.RightDockWidgetArea),
    DockSpec("history", "Undo history", Area.RightDockWidgetArea),
    DockSpec("segments", "Coded segments", Area.BottomDockWidgetArea),
    DockSpec("cases", "Cases", Area.BottomDockWidgetArea),
    DockSpec("search", "Search", Area.BottomDockWidgetArea),
    DockSpec("agreement", "Agreement", Area.BottomDockWidgetArea),
)


def make_dock(window: QMainWindow, spec: DockSpec, undo_group: QUndoGroup) -> QDockWidget:
    """An empty dock in its default area (a project's panel goes in when it opens); the history
    dock shows ``undo_group`` for as long as the window lives."""
    dock = QDockWidget(spec.title, window)
    dock.setObjectName(f"{spec.key}Dock")
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(spec.area, dock)
    if spec.key == "history":
        view = QUndoView(undo_group)
        view.setObjectName("undoHistory")
        view.setEmptyLabel("Project opened")
        dock.setWidget(view)
    return dock


def restore_default_layout(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Every dock docked, shown and in its default place; the window keeps its size."""
    size = window.size()
    for dock in docks.values():
        dock.setFloating(False)
    default_layout(window, docks)  # tabify first: docks side by side would widen us
    for dock in docks.values():
        dock.show()
    # Sized once shown (hidden docks keep no size). Tabifying again here would leave Qt's first
    # tab bar of the group behind, drawn over the details panel.
    default_sizes(window, docks)
    window.resize(size)


def default_layout(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Sources over the codebook on the left; codes to apply and details on the right; segments
    and cases under the document."""
    window.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
    window.splitDockWidget(docks["sources"], docks["codebook"], Qt.Orientation.Vertical)
    window.splitDockWidget(docks["mediaPlayer"], docks["coding"], Qt.Orientation.Vertical)
    window.splitDockWidget(docks["coding"], docks["editor"], Qt.Orientation.Vertical)
    window.tabifyDockWidget(docks["editor"], docks["memos"])
    window.tabifyDockWidget(docks["memos"], docks["history"])
    window.tabifyDockWidget(docks["segments"], docks["cases"])
    window.tabifyDockWidget(docks["cases"], docks["search"])
    window.tabifyDockWidget(docks["search"], docks["agreement"])
    docks["editor"].raise_()
    docks["segments"].raise_()
    default_sizes(window, docks)


def default_sizes(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """The default share of the window for each dock."""
    window.resizeDocks([docks["sources"], docks["coding"]], [380, 340], Qt.Orientation.Horizontal)
    # In proportion to the window, so a laptop and a large screen both get a usable share.
    height = max(window.height(), 600)
    vertical = Qt.Orientation.Vertical
    window.resizeDocks([docks["sources"], docks["codebook"]], [height * 2, height * 3], vertical)
    window.resizeDocks(
        [docks["mediaPlayer"], docks["coding"], docks["editor"]],
        [height // 10, height * 2 // 5, height],
        vertical,
    )
    window.resizeDocks([docks["segments"]], [max(200, height * 7 // 20)], vertical)
