"""The theme map's view: zoom (Ctrl+wheel, keys, buttons), pan (drag the background, wheel,
scroll bars), fit, and Shift+drag to select several codes with a rubber band."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from workbench.gui.map.map_style import MapStyle
from workbench.gui.map.theme_map_scene import ThemeMapScene

MIN_ZOOM, MAX_ZOOM = 0.08, 4.0
READABLE = 0.72  # "fit" never shrinks a big map below this: labels stay legible
STEP = 1.25


class ThemeMapView(QGraphicsView):
    """Shows a ThemeMapScene. ``zoom_changed`` carries the scale (1.0 = 100 %)."""

    zoom_changed = Signal(float)

    def __init__(self, scene: ThemeMapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("themeMap")
        self.map_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Theme map")

    # -- zoom ----------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``scale``, keeping ``anchor`` (a scene point) where it is on screen."""
        scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        factor = scale / self.zoom()
        if abs(factor - 1.0) < 1e-9:
            return
        if anchor is None:
            self.scale(factor, factor)
        else:
            before = self.mapFromScene(anchor)
            self.scale(factor, factor)
            after = self.mapFromScene(anchor)
            delta = after - before
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self._zoom_about_centre(self.zoom() * STEP)

    def zoom_out(self) -> None:
        self._zoom_about_centre(self.zoom() / STEP)

    def _zoom_about_centre(self, scale: float) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        self.set_zoom(scale, centre)

    def fit(self, *, readable: bool = False) -> None:
        """Show the whole (filtered) map. ``readable``: a map too big to read whole starts at
        its top left at a legible zoom instead (the default view of a large codebook)."""
        rect = self.map_scene.content_rect(visible_only=True)
        if rect.isEmpty():
            return
        rect = rect.adjusted(-24, -24, 24, 24)
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.0)
        self.resetTransform()
        if readable and scale < READABLE:
            self.set_zoom(READABLE)
            half = QPointF(view.width(), view.height()) / (2 * READABLE)
            self.centerOn(rect.topLeft() + half)
        else:
            self.set_zoom(scale)
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    # -- events --------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                anchor = self.mapToScene(event.position().toPoint())
                self.set_zoom(self.zoom() * STEP**steps, anchor)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        on_item = item is not None and item.acceptedMouseButtons() != Qt.MouseButton.NoButton
        if self.map_scene.linking or on_item:
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        else:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.map_scene.set_style(MapStyle.from_palette(self.palette()))
        super().changeEvent(event)
