"""The Theme map panel: the map with a toolbar for layout, zoom, a theme filter, new themes,
relations and export. Questions go through replaceable callables (``ask_text``,
``ask_relation_label``, ``ask_export_path``) so tests never meet a modal dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.gui.map.edge_item import RelationEdge
from workbench.gui.map.map_export import export_map
from workbench.gui.map.map_geometry import free_spot
from workbench.gui.map.node_item import NodeItem
from workbench.gui.map.theme_map_scene import ThemeMapScene
from workbench.gui.map.theme_map_view import ThemeMapView
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel, get_item, get_text
from workbench.gui.window.action_registry import (
    ActionRegistry,
    ActionSpec,
    always,
    project_writable,
)

AskText = Callable[[str, str], "str | None"]  # title, prompt → text
AskLabel = Callable[[str, str, str], "str | None"]  # from name, to name, current → label
AskPath = Callable[[str], "str | None"]  # format (png, svg, pdf) → path
LABELS = ("leads to", "contradicts", "is part of", "influences", "is a condition for", "goes with")
HINT = (
    "Drag a code onto a theme or category to move it there · Shift+drag selects · Ctrl+wheel: zoom"
)
LINK_HINT = "Drag from one code to another to relate them · Esc cancels"


class ThemeMapPanel(QWidget):
    """Double-clicking a code selects it in the session and emits ``segments_requested``."""

    segments_requested = Signal(str)  # code uuid

    def __init__(
        self, session: ProjectSession, parent: QWidget | None = None, *, when_shown: bool = False
    ) -> None:
        """``when_shown``: the map is built when the panel is first shown (it opens behind
        another tab: 2,000 codes take a second)."""
        super().__init__(parent)
        self.setObjectName("themeMapPanel")
        self.session = session
        self.ask_text: AskText = self._ask_text_dialog
        self.ask_relation_label: AskLabel = self._ask_label_dialog
        self.ask_export_path: AskPath = self._ask_path_dialog
        self.scene = ThemeMapScene(session, self, when_shown=when_shown)
        self.view = ThemeMapView(self.scene, self)
        self.message = MessageBar("themeMapMessage", self)
        self.status = small_label("", "themeMapStatus")
        self._fitted = False

        self.registry = ActionRegistry(self, "Theme map")
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("themeMapToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)
        self.tidy_action = self._action(
            "themeMapTidy", "Tidy tree", "tree", lambda: self.arrange("tidy")
        )
        self.tidy_action.setToolTip("Arrange every theme as a tree, left to right")
        self.force_action = self._action(
            "themeMapForce", "Force-directed", "force", lambda: self.arrange("force")
        )
        self.force_action.setToolTip("Arrange by the pull of hierarchy and relations")
        layout_button = QToolButton(self)
        layout_button.setObjectName("themeMapLayout")
        layout_button.setText("Layout")
        layout_button.setIcon(line_icon("tree"))
        layout_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layout_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        layout_menu = QMenu(layout_button)
        layout_menu.addActions([self.tidy_action, self.force_action])
        layout_button.setMenu(layout_menu)
        self.toolbar.addWidget(layout_button)
        self.fit_action = self._action(
            "themeMapFit", "Fit", "fit", self.view.fit, "Show the whole map (Ctrl+0)", writes=False
        )
        self.zoom_out_action = self._action(
            "themeMapZoomOut", "", "zoom_out", self.view.zoom_out, "Zoom out (−)", writes=False
        )
        self.zoom_label = PlainLabel("100 %")
        self.zoom_label.setObjectName("themeMapZoom")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_action = self._action(
            "themeMapZoomIn", "", "zoom_in", self.view.zoom_in, "Zoom in (+)", writes=False
        )
        self.toolbar.addAction(self.fit_action)
        self.toolbar.addAction(self.zoom_out_action)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction(self.zoom_in_action)
        self.toolbar.addSeparator()
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("themeMapFilter")
        self.filter_combo.setToolTip("Show one theme (with the codes related to it)")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.toolbar.addWidget(self.filter_combo)
        self.toolbar.addSeparator()
        self.new_theme_action = self._action(
            "themeMapNewTheme", "New theme", "map_theme", self.new_theme, "New theme on the map"
        )
        self.relate_action = self._action(
            "themeMapRelate", "Relate", "relate", None, "Draw a relation"
        )
        self.relate_action.setCheckable(True)
        self.relate_action.toggled.connect(self._set_linking)
        self.delete_relation_action = self._action(
            "themeMapUnrelate",
            "",
            "unrelate",
            self.delete_relations,
            "Delete the selected relation (Del)",
        )
        self.delete_relation_action.setEnabled(False)
        self.toolbar.addActions(
            [self.new_theme_action, self.relate_action, self.delete_relation_action]
        )
        self.toolbar.addSeparator()
        self.export_actions = {
            kind: self._action(
                f"themeMapExport{kind.title()}",
                f"{kind.upper()}…",
                "export",
                self._exporter(kind),
                writes=False,
            )
            for kind in ("png", "svg", "pdf")
        }
        export_button = QToolButton(self)
        export_button.setObjectName("themeMapExport")
        export_button.setIcon(line_icon("export"))
        export_button.setToolTip("Export the map (what the filter shows) as PNG, SVG or PDF")
        export_button.setText("Export")
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(export_button)
        export_menu.addActions(list(self.export_actions.values()))
        export_button.setMenu(export_menu)
        self.toolbar.addWidget(export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.status.setContentsMargins(8, 3, 8, 3)
        self.status.setWordWrap(True)  # a long hint must not set the window's minimum width
        layout.addWidget(self.status)

        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)} %"))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.scene.synced.connect(self._synced)
        self.scene.refused.connect(self.message.show_error)
        self.scene.node_activated.connect(self.segments_requested)
        self.scene.relation_drawn.connect(self.add_relation)
        self.scene.relation_activated.connect(self.edit_relation)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.registry.follow(session)
        self._synced()

    def _action(
        self,
        name: str,
        text: str,
        icon: str,
        slot: Callable[[], object] | None,
        tip: str = "",
        *,
        writes: bool = True,
    ) -> QAction:
        action = self.registry.add(
            ActionSpec(
                name,
                text,
                slot or (lambda: None),
                enabled_when=project_writable if writes else always,
                icon=line_icon(icon),
            )
        )
        action.setToolTip(tip or text)
        return action

    def _exporter(self, kind: str) -> Callable[[], object]:
        return lambda: self.export(kind)

    # -- commands ------------------------------------------------------------------------------
    def arrange(self, kind: str) -> None:
        """Lay out every node ("tidy" or "force") as one undoable command, then fit."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            positions = self.scene.layout_positions(kind)
            name = "a tidy tree" if kind == "tidy" else "force-directed"
            self.scene.editor.place(f"Arrange the map ({name})", positions)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.view.fit(readable=True)

    def new_theme(self, at: QPointF | None = None) -> str | None:
        """Ask for a name and add a theme where the user asked (else mid-view), in the nearest
        free spot; the map then shows every theme, so the new one is in sight."""
        name = self.ask_text("New theme", "Name of the new theme:")
        if not name or not name.strip():
            return None
        spot = at or self.view.mapToScene(self.view.viewport().rect().center())
        box = NodeItem.new_theme_box(name.strip())
        where = free_spot((spot.x(), spot.y()), box, self.scene.positions(), self.scene.boxes())
        code = self.scene.editor.add_theme(name, where, self.scene.unsaved_positions())
        if code is None:
            return None
        self.filter_combo.setCurrentIndex(0)
        self.view.centerOn(self.scene.nodes[code])
        self.message.show_info(f"Theme {name.strip()!r} added: drag codes onto it.")
        return code

    def add_relation(self, from_code: str, to_code: str) -> str | None:
        label = self.ask_relation_label(
            self.scene.code(from_code).name, self.scene.code(to_code).name, ""
        )
        if label is None:
            return None
        return self.scene.editor.relate(from_code, to_code, label)

    def edit_relation(self, relation: str) -> None:
        edge = self.scene.relations.get(relation)
        if edge is None:
            return
        label = self.ask_relation_label(edge.source.name, edge.target.name, edge.label)
        if label is not None and label.strip() != edge.label:
            self.scene.editor.relabel(relation, label)

    def delete_relations(self) -> None:
        relations = self.scene.selected_relations()
        if relations:
            self.scene.editor.unrelate(relations)

    def export(self, kind: str) -> Path | None:
        path = self.ask_export_path(kind)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        try:
            export_map(self.scene, target, f"Theme map — {self.session.project.info().name}")
        except (WorkbenchError, OSError) as exc:
            self.message.show_error(str(exc))
            return None
        self.message.show_info(f"Map exported to {target}")
        return target

    # -- state ---------------------------------------------------------------------------------
    def _synced(self) -> None:
        themes = self.scene.themes()
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem("All themes", None)
        for theme in themes:
            self.filter_combo.addItem(theme.name, theme.uuid)
        index = self.filter_combo.findData(current) if current else 0
        self.filter_combo.setCurrentIndex(max(index, 0))
        self.filter_combo.blockSignals(False)
        if self.filter_combo.currentData() != self.scene.theme_filter:
            self.scene.set_filter(self.filter_combo.currentData())
        self._show_status()

    def _show_status(self) -> None:
        codes, relations = len(self.scene.nodes), len(self.scene.relations)
        counts = f"{codes} codes · {relations} relation{'s' if relations != 1 else ''}"
        hint = LINK_HINT if self.scene.linking else HINT
        self.status.setText(f"{counts}  —  {hint}")

    def _filter_changed(self) -> None:
        self.scene.set_filter(self.filter_combo.currentData())
        self.view.fit(readable=True)

    def _set_linking(self, on: bool) -> None:
        self.scene.set_linking(on)
        self._show_status()

    def _selection_changed(self) -> None:
        self.delete_relation_action.setEnabled(bool(self.scene.selected_relations()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self.view.fit)  # the whole map: names scale to stay legible

    def _context_menu(self, pos: QPoint) -> None:
        scene_pos = self.view.mapToScene(pos)
        item = self.view.itemAt(pos)
        menu = QMenu(self)
        if isinstance(item, NodeItem):
            code = item.uuid
            menu.addAction("Show coded segments", lambda: self._activate(code))
            root = self.scene.code(code)
            while root.parent_uuid is not None:
                root = self.scene.code(root.parent_uuid)
            theme = root.uuid
            menu.addAction(f"Show only {root.name!r}", lambda: self._filter_to(theme))
        elif isinstance(item, RelationEdge):
            relation = item.uuid
            menu.addAction("Edit label…", lambda: self.edit_relation(relation))
            menu.addAction("Delete relation", lambda: self.scene.editor.unrelate([relation]))
        else:
            menu.addAction("New theme here…", lambda: self.new_theme(scene_pos))
            menu.addSeparator()
            menu.addActions([self.tidy_action, self.force_action, self.fit_action])
        menu.exec(QCursor.pos())

    def _activate(self, code: str) -> None:
        self.session.select_codes([code])
        self.segments_requested.emit(code)

    def _filter_to(self, theme: str) -> None:
        self.filter_combo.setCurrentIndex(max(self.filter_combo.findData(theme), 0))

    # -- default dialogs -----------------------------------------------------------------------
    def _ask_text_dialog(self, title: str, prompt: str) -> str | None:
        text, ok = get_text(self, title, prompt)
        return text if ok else None

    def _ask_label_dialog(self, from_name: str, to_name: str, current: str) -> str | None:
        known = {rel.label for rel in self.scene.editor.session.project.map.relations()}
        choices = [current] if current else []
        choices += [c for c in (*LABELS, *sorted(known)) if c and c not in choices]
        label, ok = get_item(self, "Relation", f"{from_name}  →  {to_name}", choices, 0, True)
        return label.strip() if ok else None

    def _ask_path_dialog(self, kind: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the theme map", f"theme-map.{kind}", f"{kind.upper()} (*.{kind})"
        )
        return path or None
