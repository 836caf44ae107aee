"""The theme map's scene: it mirrors the project (codes, hierarchy, relations, positions) and
turns what the user does with the mouse into commands.

``sync`` creates, updates and removes items after every change the session reports; items never
write. A drag is saved once, on release (all dragged nodes in one command); a drop onto a theme
or category moves the dragged codes there; in link mode a drag from code to code draws a
relation (``relation_drawn``; the panel asks for its label)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.map_layout import Box, Point, force_directed
from workbench.core.values import CodeNode, RelationInfo
from workbench.gui.map.edge_item import RelationEdge, TreeEdge
from workbench.gui.map.map_edits import MapEditor
from workbench.gui.map.map_geometry import (
    beside,
    can_adopt,
    free_spot,
    parallel_bends,
    resolve_positions,
    tidy_positions,
    visible_codes,
)
from workbench.gui.map.map_style import MapStyle, radius_for
from workbench.gui.map.node_item import NODE_Z, NodeItem
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.when_shown import WhenShown

SYNC_KINDS = frozenset({"codebook", "map", "project"})
COUNT_KINDS = frozenset({"codings", "sources"})  # only sizes change: refresh after the repaint
MARGIN = 400.0  # room to pan around the map


class ThemeMapScene(QGraphicsScene):
    node_activated = Signal(str)  # code uuid, double-clicked
    relation_activated = Signal(str)  # relation uuid, double-clicked
    relation_drawn = Signal(str, str)  # from code, to code (link mode)
    refused = Signal(str)  # a refused edit, to show
    synced = Signal()  # items were created, updated or removed

    def __init__(
        self, session: ProjectSession, parent: QWidget | None = None, *, when_shown: bool = False
    ) -> None:
        """``when_shown``: the items are first made when ``parent`` is first shown, not now."""
        super().__init__(parent)
        self.session = session
        self.editor = MapEditor(session, self.refused.emit)
        self.map_style = MapStyle.from_palette(QApplication.palette())
        self.nodes: dict[str, NodeItem] = {}
        self.tree_edges: dict[str, TreeEdge] = {}  # by child uuid
        self.relations: dict[str, RelationEdge] = {}
        self.stored: dict[str, Point] = {}
        self.theme_filter: str | None = None
        self.linking = False
        self._codes: dict[str, CodeNode] = {}
        self._relation_rows: list[RelationInfo] = []
        self._press: dict[str, QPointF] = {}
        self._drop: NodeItem | None = None
        self._link_from: NodeItem | None = None
        self._link_line: QGraphicsLineItem | None = None
        self._selecting = False
        # A map in a hidden tab catches up once, when shown (540 nodes take 60-80 ms on R).
        self.pending = WhenShown(parent, self.sync, self)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(self.map_style.background)
        session.changed.connect(self._on_changed)
        session.codes_selected.connect(self._show_selection)
        self.selectionChanged.connect(self._selection_changed)
        if when_shown:
            self.pending.stale = True  # a map behind the transcript's tab: built when shown
        else:
            self.sync()

    # -- mirroring the project -----------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & SYNC_KINDS:
            self.pending.request()
        elif changes.kinds & COUNT_KINDS:
            self.pending.request(later=True)

    def sync(self) -> None:
        """Bring the items in line with the project: codes, hierarchy, relations, positions."""
        self.pending.cancel()
        project = self.session.project
        codes = self.session.code_nodes(counts=True)
        self._codes = codes
        most = max((node.total_codings for node in codes.values()), default=0)
        resized = False
        for uuid, node in codes.items():
            item = self.nodes.get(uuid)
            if item is None:
                item = self.nodes[uuid] = NodeItem(uuid, self.map_style)
                self.addItem(item)
            radius = radius_for(node.total_codings, most)
            resized = item.set_node(node, radius, bool(node.children)) or resized
        for uuid in [u for u in self.nodes if u not in codes]:
            self.removeItem(self.nodes.pop(uuid))
        self._sync_tree_edges(codes)
        self.stored = {p.code_uuid: (p.x, p.y) for p in project.map.positions()}
        positions = resolve_positions(codes, self.stored, self.boxes())
        moved = False
        for uuid, (x, y) in positions.items():
            item = self.nodes[uuid]
            if item.x() != x or item.y() != y:
                item.edges_follow = False  # the edges follow once, below
                item.setPos(x, y)
                item.edges_follow = True
                moved = True
        if moved:
            for tree_edge in self.tree_edges.values():
                tree_edge.adjust()
        self._sync_relations(project.map.relations(), moved or resized)
        self._apply_filter()
        self._show_selection(self.session.current_codes)
        self.setSceneRect(self.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.synced.emit()

    def _sync_tree_edges(self, codes: dict[str, CodeNode]) -> None:
        for child, edge in list(self.tree_edges.items()):
            node = codes.get(child)
            if node is None or node.parent_uuid != edge.source.uuid:
                edge.detach()
                self.removeItem(edge)
                del self.tree_edges[child]
        for uuid, node in codes.items():
            if node.parent_uuid is not None and uuid not in self.tree_edges:
                edge = TreeEdge(self.nodes[node.parent_uuid], self.nodes[uuid], self.map_style)
                self.tree_edges[uuid] = edge
                self.addItem(edge)

    def _sync_relations(self, rows: list[RelationInfo], moved: bool) -> None:
        self._relation_rows = rows
        wanted = {rel.uuid: rel for rel in rows}
        for uuid, edge in list(self.relations.items()):
            rel = wanted.get(uuid)
            if rel is None or (rel.from_uuid, rel.to_uuid) != (edge.source.uuid, edge.target.uuid):
                edge.detach()
                self.removeItem(edge)
                del self.relations[uuid]
        bends = parallel_bends(rows)
        for rel in rows:
            existing = self.relations.get(rel.uuid)
            if existing is None:
                existing = RelationEdge(
                    rel.uuid, self.nodes[rel.from_uuid], self.nodes[rel.to_uuid], rel.label,
                    self.map_style,
                )  # fmt: skip
                self.relations[rel.uuid] = existing
                self.addItem(existing)
            elif moved:
                existing.adjust()
            existing.set_label(rel.label)
            existing.set_bend(bends[rel.uuid])

    # -- queries -------------------------------------------------------------------------------
    def code(self, uuid: str) -> CodeNode:
        return self._codes[uuid]

    def themes(self) -> list[CodeNode]:
        return [node for node in self._codes.values() if node.parent_uuid is None]

    def boxes(self) -> dict[str, Box]:
        return {uuid: item.box() for uuid, item in self.nodes.items()}

    def positions(self) -> dict[str, Point]:
        return {uuid: (item.x(), item.y()) for uuid, item in self.nodes.items()}

    def unsaved_positions(self) -> dict[str, Point]:
        """Positions the map shows but the project has not saved (its default layout): saved
        with the first edit, so that edit's undo returns to exactly this picture."""
        return {u: (i.x(), i.y()) for u, i in self.nodes.items() if u not in self.stored}

    def content_rect(self, visible_only: bool = False) -> QRectF:
        rect = QRectF()
        for item in self.nodes.values():
            if not visible_only or item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        for edge in self.relations.values():
            if not visible_only or edge.isVisible():
                rect = rect.united(edge.sceneBoundingRect())
        return rect

    def selected_relations(self) -> list[str]:
        return [i.uuid for i in self.selectedItems() if isinstance(i, RelationEdge)]

    def layout_positions(self, kind: str) -> dict[str, Point]:
        """Where ``kind`` ("tidy" or "force") puts every node."""
        if kind == "tidy":
            return tidy_positions(self._codes, self.boxes())
        edges = [(n.parent_uuid, u) for u, n in self._codes.items() if n.parent_uuid is not None]
        related = [(r.from_uuid, r.to_uuid) for r in self._relation_rows]
        boxes = self.boxes()
        start = tidy_positions(self._codes, boxes)
        return force_directed(list(self._codes), edges, boxes, weak=related, initial=start)

    # -- filter, selection, style --------------------------------------------------------------
    def set_filter(self, theme: str | None) -> None:
        self.theme_filter = theme
        self._apply_filter()

    def _apply_filter(self) -> None:
        if self.theme_filter is not None and self.theme_filter not in self._codes:
            self.theme_filter = None
        shown = visible_codes(self._codes, self._relation_rows, self.theme_filter)
        for uuid, item in self.nodes.items():
            item.setVisible(uuid in shown)
        for uuid, tree_edge in self.tree_edges.items():
            tree_edge.setVisible(uuid in shown and tree_edge.source.uuid in shown)
        for relation in self.relations.values():
            relation.setVisible(relation.source.uuid in shown and relation.target.uuid in shown)

    @contextmanager
    def quiet_selection(self) -> Iterator[None]:
        """Selection changes made inside do not reach the session (mirroring, exports)."""
        before, self._selecting = self._selecting, True
        try:
            yield
        finally:
            self._selecting = before

    def _show_selection(self, codes: list[str]) -> None:
        with self.quiet_selection():
            for uuid, item in self.nodes.items():
                item.setSelected(uuid in codes)

    def _selection_changed(self) -> None:
        if self._selecting:
            return
        codes = [i.uuid for i in self.selectedItems() if isinstance(i, NodeItem)]
        if codes:
            self.session.select_codes(codes)

    def set_style(self, style: MapStyle) -> None:
        """Follow a palette change (light ↔ dark)."""
        self.map_style = style
        self.setBackgroundBrush(style.background)
        for item in self.items():
            if isinstance(item, NodeItem | TreeEdge | RelationEdge):
                item.set_style(style)

    @contextmanager
    def uncached(self) -> Iterator[None]:
        """Items paint themselves instead of their cached pixmaps (vector exports)."""
        modes = {item: item.cacheMode() for item in self.items()}
        for item in modes:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            yield
        finally:
            for item, mode in modes.items():
                item.setCacheMode(mode)

    def set_linking(self, on: bool) -> None:
        """Link mode: dragging from one code to another draws a relation instead of moving."""
        self.linking = on
        self._cancel_link()
        for item in self.nodes.values():
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not on)
            item.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    # -- the mouse -----------------------------------------------------------------------------
    def node_at(
        self, pos: QPointF, exclude: set[str] | frozenset[str] = frozenset()
    ) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem) and item.isVisible() and item.uuid not in exclude:
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.linking and event.button() == Qt.MouseButton.LeftButton:
            node = self.node_at(event.scenePos())
            if node is not None:
                self._link_from = node
                self._link_line = QGraphicsLineItem(QLineF(node.pos(), event.scenePos()))
                pen = QPen(self.map_style.relation, 2, Qt.PenStyle.DashLine)
                self._link_line.setPen(pen)
                self._link_line.setZValue(NODE_Z + 1)
                self.addItem(self._link_line)
                event.accept()
                return
        super().mousePressEvent(event)
        self._press = {}
        if event.button() == Qt.MouseButton.LeftButton and isinstance(
            self.mouseGrabberItem(), NodeItem
        ):
            for item in self.selectedItems():
                if isinstance(item, NodeItem):
                    self._press[item.uuid] = item.pos()
                    item.setZValue(NODE_Z + 0.5)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_line is not None and self._link_from is not None:
            self._link_line.setLine(QLineF(self._link_from.pos(), event.scenePos()))
            target = self.node_at(event.scenePos(), {self._link_from.uuid})
            self._set_drop(target)
            return
        super().mouseMoveEvent(event)
        if self._press:
            target = self.node_at(event.scenePos(), set(self._press))
            ok = (
                target is not None
                and target.hits_circle(event.scenePos())
                and can_adopt(self._codes, target.uuid, self._press)
            )
            self._set_drop(target if ok else None)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._link_line is not None and self._link_from is not None:
            source = self._link_from
            target = self.node_at(event.scenePos(), {source.uuid})
            self._cancel_link()
            if target is not None:
                self.relation_drawn.emit(source.uuid, target.uuid)
            return
        super().mouseReleaseEvent(event)
        pressed, self._press = self._press, {}
        target, self._drop = self._drop, None
        if target is not None:
            target.set_drop_target(False)
        for uuid in pressed:
            if uuid in self.nodes:
                self.nodes[uuid].setZValue(NODE_Z)
        moved = {
            uuid: (self.nodes[uuid].x(), self.nodes[uuid].y())
            for uuid, before in pressed.items()
            if uuid in self.nodes and self.nodes[uuid].pos() != before
        }
        if not moved:
            return
        if target is not None:
            self._reparent(list(moved), target, moved)
            return
        names = [self.nodes[u].name for u in moved]
        text = f"Move {names[0]!r} on the map" if len(moved) == 1 else f"Move {len(moved)} codes"
        if not self.editor.place(text, {**self.unsaved_positions(), **moved}):
            self.sync()  # refused: the nodes go back to where the project has them

    def _reparent(self, codes: list[str], target: NodeItem, moved: dict[str, Point]) -> None:
        codes = [c for c in codes if self._codes[c].parent_uuid != target.uuid]
        spot = (target.x(), target.y())
        boxes = self.boxes()
        others = {u: p for u, p in self.positions().items() if u not in moved}
        positions: dict[str, Point] = {}
        for uuid, point in moved.items():  # each lands beside the target, clear of every node
            near = beside(spot, target.radius, point, self.nodes[uuid].radius)
            positions[uuid] = others[uuid] = free_spot(near, boxes[uuid], others, boxes)
        if not self.editor.reparent(codes, target.uuid, {**self.unsaved_positions(), **positions}):
            self.sync()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem) and item.isVisible():
                self.session.select_codes([item.uuid])
                self.node_activated.emit(item.uuid)
                event.accept()
                return
            if isinstance(item, RelationEdge) and item.isVisible():
                self.relation_activated.emit(item.uuid)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected_relations():
            self.editor.unrelate(self.selected_relations())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._link_line is not None:
            self._cancel_link()
            event.accept()
            return
        super().keyPressEvent(event)

    def _set_drop(self, target: NodeItem | None) -> None:
        if target is self._drop:
            return
        if self._drop is not None:
            self._drop.set_drop_target(False)
        self._drop = target
        if target is not None:
            target.set_drop_target(True)

    def _cancel_link(self) -> None:
        if self._link_line is not None:
            self.removeItem(self._link_line)
        self._link_line = None
        self._link_from = None
        self._set_drop(None)
