"""A code on the theme map: a circle in the code's colour, sized by its codings, with its name.

The item only draws; the scene moves it, and a finished drag becomes a command there."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from workbench.core.map_layout import Box
from workbench.core.values import CodeNode
from workbench.gui.map.map_lod import MAX_SCALE, label_scale
from workbench.gui.map.map_style import (
    LABEL_MAX,
    R_MIN,
    MapStyle,
    count_font,
    ink_on,
    label_font,
)
from workbench.gui.widgets.plain_text import escaped

NODE_Z = 2.0
NAME_ALIGN = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft  # enum "|" is slow:
COUNT_ALIGN = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight  # combine once
CENTRE = Qt.AlignmentFlag.AlignCenter
MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
PAD_X, PAD_Y = 4.0, 1.0  # around a label, inside its backing pill
COUNT_INSIDE = 12.5  # circles at least this big show their count inside


class Attached(Protocol):
    def adjust(self) -> None: ...


class NodeItem(QGraphicsItem):
    """One code. Labels sit above codes that have sub-codes (their edges leave to the right)
    and to the right of codes without (so a tidy tree reads like an outline)."""

    def __init__(self, uuid: str, style: MapStyle) -> None:
        super().__init__()
        self.uuid = uuid
        self.style = style
        self.node: CodeNode | None = None
        self._key: tuple[object, ...] = ()
        self.radius = 0.0
        self.has_children = False
        self.drop_target = False
        self.edges: list[Attached] = []
        self.edges_follow = True  # off while the scene moves many nodes at once
        self._fill = QColor()
        self._label = ""
        self._name_width = 0.0
        self._count = ""
        self._label_rect = QRectF()
        self._anchor = QPointF()
        self._bounds = QRectF()
        self._font = label_font(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(NODE_Z)
        # painted once per zoom level, then panning only copies pixmaps
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._outline = QPen()
        self._ink = QColor()

    # -- data ----------------------------------------------------------------------------------
    def set_node(self, node: CodeNode, radius: float, has_children: bool) -> bool:
        """Show ``node`` (name, colour, counts); recomputes the geometry only when it changes
        (then True)."""
        key = (
            node.path, node.color, node.description, node.codings, node.total_codings,
            node.total_sources, radius, has_children,
        )  # fmt: skip
        self.node = node
        if key == self._key:
            return False
        resized = radius != self.radius
        self._key = key
        self.prepareGeometryChange()
        self.radius = radius
        self.has_children = has_children
        self._fill = QColor(node.color)
        self._outline = QPen(self._fill.darker(145), 1.2)
        self._ink = ink_on(self._fill)
        self._font = label_font(min(node.depth, 2))
        metrics = QFontMetricsF(self._font)
        self._label = node.name
        self._name_width = metrics.horizontalAdvance(node.name)
        if self._name_width > LABEL_MAX:
            self._label = metrics.elidedText(node.name, Qt.TextElideMode.ElideRight, LABEL_MAX)
            self._name_width = metrics.horizontalAdvance(self._label)
        # the count goes inside a circle big enough to hold it, else after the name, dimmed
        self._count = "" if radius >= COUNT_INSIDE else f"{node.total_codings}"
        count_width = metrics.horizontalAdvance(f"  {self._count}") if self._count else 0.0
        width = self._name_width + count_width + 2 * PAD_X
        self._label_rect = label_rect(width, metrics.height() + 2 * PAD_Y, radius, has_children)
        if has_children:
            # Zoomed out, a theme's name grows up and to the left (its categories' names are to
            # the right), a category's up and to both sides (its codes' names are hidden then).
            self._anchor = QPointF(width / 2 if node.depth == 0 else 0.0, -radius - 3)
        else:
            self._anchor = QPointF(radius + 5, 0)
        circle = QRectF(-radius, -radius, 2 * radius, 2 * radius)
        grown = _scaled(self._label_rect, self._anchor, MAX_SCALE if has_children else 1.0)
        self._bounds = circle.united(grown).adjusted(-7, -7, 7, 7)
        self.setToolTip(self._tooltip(node))
        self.update()
        return resized

    @staticmethod
    def _tooltip(node: CodeNode) -> str:
        counts = f"{node.total_codings} codings · {node.total_sources} sources"
        if node.children:
            counts += f" (itself: {node.codings})"
        lines = [f"<b>{escaped(node.path)}</b>", counts]
        if node.description:
            text = node.description if len(node.description) < 240 else node.description[:239]
            lines.append(f"<i>{escaped(text)}</i>")
        lines.append("Double-click: coded segments · drag onto a theme or category: move it there")
        return "<br>".join(lines)

    @staticmethod
    def new_theme_box(name: str) -> Box:
        """The extent of a theme named ``name`` without codings (its circle, its name above)."""
        metrics = QFontMetricsF(label_font(0))
        count = metrics.horizontalAdvance("  0")  # a small circle's count follows its name
        width = min(metrics.horizontalAdvance(name), LABEL_MAX) + count + 2 * PAD_X
        label = label_rect(width, metrics.height() + 2 * PAD_Y, R_MIN, has_children=False)
        return _box(R_MIN, label)

    @property
    def name(self) -> str:
        return self.node.name if self.node else ""

    def box(self) -> Box:
        """The node's extent around its centre (circle and label), for the layouts."""
        return _box(self.radius, self._label_rect)

    def hits_circle(self, scene_pos: QPointF) -> bool:
        """True when ``scene_pos`` lies on the circle (a little margin makes small ones easy)."""
        d = scene_pos - self.pos()
        reach = self.radius + 4
        return d.x() * d.x() + d.y() * d.y() <= reach * reach

    def set_style(self, style: MapStyle) -> None:
        self.style = style
        self.update()  # also drops the cached pixmap

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    # -- QGraphicsItem -------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius + 2, self.radius + 2)
        path.addRect(self._label_rect)
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change is MOVED and self.edges_follow:
            for edge in self.edges:
                edge.adjust()
        return value  # what QGraphicsItem.itemChange returns (skipping it saves a call)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.node is None:
            return
        style = self.style
        lod = painter.worldTransform().m11()  # the map is never rotated
        r = self.radius
        if self.drop_target:
            painter.setPen(QPen(style.drop, 3, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 6, r + 6)
        if self.isSelected():
            painter.setPen(QPen(style.highlight, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 3.5, r + 3.5)
        painter.setPen(self._outline)
        painter.setBrush(self._fill)
        painter.drawEllipse(QPointF(0, 0), r, r)
        if not self._count and lod >= 0.5:
            painter.setFont(count_font())
            painter.setPen(self._ink)
            painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), CENTRE, str(self.node.total_codings))
        scale = label_scale(
            self._font.pixelSize(), lod, self.node.depth, has_children=self.has_children
        )
        if scale is None:
            return  # too small to read: the circles alone keep the shape of the map
        if scale != 1.0:
            painter.translate(self._anchor)
            painter.scale(scale, scale)
            painter.translate(-self._anchor)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.label_back)
        painter.drawRoundedRect(self._label_rect, 4, 4)
        painter.setFont(self._font)
        painter.setPen(style.text)
        text_rect = self._label_rect.adjusted(PAD_X, 0, -PAD_X, 0)
        painter.drawText(text_rect, NAME_ALIGN, self._label)
        if self._count:
            painter.setPen(style.dim_text)
            painter.drawText(text_rect, COUNT_ALIGN, self._count)


def label_rect(width: float, height: float, radius: float, has_children: bool) -> QRectF:
    """Where a node's name goes: above a code with sub-codes (its edges leave to the right),
    to the right of one without."""
    if has_children:
        return QRectF(-width / 2, -radius - 3 - height, width, height)
    return QRectF(radius + 5, -height / 2, width, height)


def _box(radius: float, label: QRectF) -> Box:
    return Box(
        left=max(radius, -label.left()),
        top=max(radius, -label.top()),
        right=max(radius, label.right()),
        bottom=max(radius, label.bottom()),
    )


def _scaled(rect: QRectF, anchor: QPointF, scale: float) -> QRectF:
    """``rect`` grown ``scale`` times about ``anchor``."""
    return QRectF(
        anchor + (rect.topLeft() - anchor) * scale, anchor + (rect.bottomRight() - anchor) * scale
    )
