"""Edges of the theme map: the codebook's hierarchy (quiet grey curves) and the relations a
coder drew between two codes (coloured arrows with a label, selectable)."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from workbench.gui.map.map_lod import MAX_SCALE, label_scale
from workbench.gui.map.map_style import MapStyle
from workbench.gui.map.node_item import NodeItem

TREE_Z = 0.0
RELATION_Z = 1.0


class TreeEdge(QGraphicsPathItem):
    """Parent → child, an S-curve along the axis the two nodes are further apart on. A plain
    path item: Qt paints it without calling into Python, which keeps big maps fast."""

    def __init__(self, parent: NodeItem, child: NodeItem, style: MapStyle) -> None:
        super().__init__()
        self.source = parent
        self.target = child
        self.set_style(style)
        self.setZValue(TREE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        parent.edges.append(self)
        child.edges.append(self)
        self.adjust()

    def set_style(self, style: MapStyle) -> None:
        self.style = style
        self.setPen(hairline(style.tree_edge, printing=style.printing))

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        path = QPainterPath(a)
        dx, dy = b.x() - a.x(), b.y() - a.y()
        if abs(dx) >= abs(dy) * 0.5:
            path.cubicTo(QPointF(a.x() + dx / 2, a.y()), QPointF(a.x() + dx / 2, b.y()), b)
        else:
            path.cubicTo(QPointF(a.x(), a.y() + dy / 2), QPointF(b.x(), a.y() + dy / 2), b)
        self.setPath(path)


class RelationEdge(QGraphicsItem):
    """A labelled relation ``source → target``, bowed to one side so it stands apart from the
    hierarchy and from other relations between the same two codes (``bend`` picks the side)."""

    def __init__(
        self,
        uuid: str,
        source: NodeItem,
        target: NodeItem,
        label: str,
        style: MapStyle,
    ) -> None:
        super().__init__()
        self.uuid = uuid
        self.source = source
        self.target = target
        self.style = style
        self.label = label
        self.bend = 1.0
        self._font = QFont()
        self._font.setPixelSize(11)
        self._font.setItalic(True)
        self._path = QPainterPath()
        self._arrow = QPainterPath()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self._shape = QPainterPath()
        self.setZValue(RELATION_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        source.edges.append(self)
        target.edges.append(self)
        self.adjust()

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    def set_style(self, style: MapStyle) -> None:
        self.style = style
        self.update()

    def set_label(self, label: str) -> None:
        if label != self.label:
            self.label = label
            self.adjust()
            self.update()

    def set_bend(self, bend: float) -> None:
        if bend != self.bend:
            self.bend = bend
            self.adjust()

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        length = max(line.length(), 1e-6)
        normal = QPointF(-(b.y() - a.y()) / length, (b.x() - a.x()) / length)
        bow = min(0.22 * length, 60.0) * self.bend
        control = (a + b) / 2 + normal * bow
        start = _towards(a, control, self.source.radius + 2)
        end = _towards(b, control, self.target.radius + 4)
        path = QPainterPath(start)
        path.quadTo(control, end)
        angle = math.atan2(end.y() - control.y(), end.x() - control.x())
        arrow = QPainterPath(end)
        for side in (-1, 1):
            arrow.lineTo(
                end
                - QPointF(math.cos(angle + side * 0.42) * 11, math.sin(angle + side * 0.42) * 11)
            )
        arrow.closeSubpath()
        middle = start * 0.25 + control * 0.5 + end * 0.25
        metrics = QFontMetricsF(self._font)
        text = self.label or "related"
        width, height = metrics.horizontalAdvance(text) + 10, metrics.height() + 2
        self.prepareGeometryChange()
        self._path, self._arrow = path, arrow
        self._label_rect = QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._shape = stroker.createStroke(path)
        self._shape.addRect(self._label_rect)
        grown = QRectF(0, 0, width * MAX_SCALE, height * MAX_SCALE)
        grown.moveCenter(self._label_rect.center())  # the label as drawn far zoomed out
        self._bounds = (path.boundingRect().united(arrow.boundingRect()).united(grown)).adjusted(
            -4, -4, 4, 4
        )

    def label_rect(self) -> QRectF:
        return QRectF(self._label_rect)

    def path(self) -> QPainterPath:
        """The curve (scene coordinates), without the arrow head."""
        return QPainterPath(self._path)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        style = self.style
        color = style.highlight if self.isSelected() else style.relation
        painter.setPen(hairline(color, 2.5 if self.isSelected() else 1.0, style.printing))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        exposed = option.exposedRect
        if self._arrow.intersects(exposed):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPath(self._arrow)
        lod = painter.worldTransform().m11()
        scale = label_scale(self._font.pixelSize(), lod, -1, has_children=True)
        if scale is None or not self._bounds.intersects(exposed):
            return  # a long relation crosses the view often without its label in it
        if scale != 1.0:
            centre = self._label_rect.center()
            painter.translate(centre)
            painter.scale(scale, scale)
            painter.translate(-centre)
        painter.setPen(QPen(color, 1))
        painter.setBrush(style.label_back)
        painter.drawRoundedRect(self._label_rect, 8, 8)
        painter.setFont(self._font)
        painter.setPen(style.text)
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label or "related")


def hairline(color: QColor, width: float = 1.0, printing: bool = False) -> QPen:
    """A pen as wide on screen at every zoom. One pixel is what keeps panning a big map fast:
    Qt draws antialiased 1-px curves on a fast path, wider ones through a costly stroker.
    In print (``printing``) it is a real line, 1.3 map pixels per pixel asked for."""
    if printing:
        return QPen(color, width * 1.3)
    pen = QPen(color, width)
    pen.setCosmetic(True)
    return pen


def _towards(point: QPointF, other: QPointF, distance: float) -> QPointF:
    line = QLineF(point, other)
    if line.length() <= distance:
        return QPointF(point)
    return line.pointAt(distance / line.length())
