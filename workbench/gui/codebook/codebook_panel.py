"""The Codebook panel: the code tree with a filter, code sets and a compact toolbar for every
codebook edit (new, rename in place, move by drag, merge, recolour, delete)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.values import CodeNode
from workbench.gui.codebook.code_chooser import ChooseCode, choose_code_dialog
from workbench.gui.codebook.code_sets import CodeSetBar
from workbench.gui.codebook.code_tree import CodeFilterProxy, CodeTreeView
from workbench.gui.codebook.codebook_menu import codebook_menu
from workbench.gui.codebook.codebook_model import NAME, CodebookModel
from workbench.gui.codebook.delete_dialog import DeleteChoice, ask_delete_dialog
from workbench.gui.operations import codes
from workbench.gui.operations.run import together
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import shade
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.window.action_registry import (
    ActionRegistry,
    ActionSpec,
    always,
    project_writable,
)

AskDeleteMode = Callable[[Sequence[CodeNode]], "DeleteChoice | None"]
ChooseColor = Callable[[QColor], "QColor | None"]


class CodebookPanel(QWidget):
    """The codebook as a tree. Selecting codes selects them in the session; double-click (or
    Enter) activates one. Questions go through replaceable callables (``ask_delete_mode``,
    ``choose_code``, ``choose_color``; the set bar's ``ask_text``/``choose_item``) so tests never
    meet a modal dialog, and refusals appear in an inline message line."""

    code_activated = Signal(str)  # code uuid (double-clicked or Enter)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codebook_editable = True  # False: a server member who may not edit it
        self.setObjectName("codebookPanel")
        self.session = session
        self._syncing = False
        self.ask_delete_mode: AskDeleteMode = ask_delete_dialog(self)
        self.choose_code: ChooseCode = choose_code_dialog(self)
        self.choose_color: ChooseColor = self._choose_color_dialog

        self.model = CodebookModel.for_session(session)
        self.proxy = CodeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = CodeTreeView(self.proxy)
        self.view.setObjectName("codebookTree")
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.placeholder = "No codes yet. Add a theme with the first button above."

        self.message = MessageBar("codebookMessage")
        self.show_error: Callable[[str], None] = self.message.show_error
        self.show_info: Callable[[str], None] = self.message.show_info

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("codebookFilter")
        self.filter_edit.setPlaceholderText("Filter codes and definitions…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.set_bar = CodeSetBar(session, self.view.selected_uuids, self.show_error)
        self.set_combo = self.set_bar.combo

        self._make_actions()
        self.registry.follow(session)
        self.toolbar = self._make_toolbar()
        self.summary = small_label(object_name="codebookSummary")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.set_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(5)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.set_bar.set_chosen.connect(self._set_chosen)
        self.model.message.connect(self.show_error)
        self.model.refreshed.connect(self._after_refresh)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.activated.connect(self._activated)
        self.view.customContextMenuRequested.connect(self._show_menu)
        session.codes_selected.connect(self._follow_codes)
        self.setFocusProxy(self.view)
        self._update_actions()
        self._update_summary()
        if session.current_codes:
            self._follow_codes(session.current_codes)

    # -- building -----------------------------------------------------------------------------
    def _make_actions(self) -> None:
        self.registry = ActionRegistry(self, "Codebook")

        def action(
            name: str,
            text: str,
            icon: str,
            slot: Callable[[], object],
            shortcut: str = "",
            tip: str = "",
            writes: bool = True,
        ) -> QAction:
            hint = tip or text.rstrip("…")
            return self.registry.add(
                ActionSpec(
                    name,
                    text,
                    slot,
                    shortcut or None,
                    enabled_when=project_writable if writes else always,
                    icon=line_icon(icon),
                    tip=f"{hint} ({QKeySequence(shortcut).toString()})" if shortcut else hint,
                    # on the tree only: Del in the filter box must still delete text, and
                    # window-wide shortcuts of the main window are not overloaded
                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut if shortcut else None,
                    on=self.view if shortcut else None,
                )
            )

        self.new_theme_action = action(
            "codebookNewTheme", "New code", "theme", self.new_code, "", "New top-level code (theme)"
        )
        self.new_child_action = action(
            "codebookNewChild",
            "New child code",
            "child",
            self.new_child_code,
            "Ins",
            "New code under the selected",
        )
        self.rename_action = action("codebookRename", "Rename", "rename", self.rename_current, "F2")
        self.recolor_action = action("codebookRecolor", "Recolour…", "color", self.recolor_selected)
        self.merge_action = action("codebookMerge", "Merge into…", "merge", self.merge_selected)
        self.delete_action = action(
            "codebookDelete", "Delete…", "delete", self.delete_selected, "Del"
        )
        self.expand_all_action = action(
            "codebookExpandAll", "Expand all", "expand", self.view.expandAll, writes=False
        )
        self.collapse_all_action = action(
            "codebookCollapseAll", "Collapse all", "collapse", self.view.collapseAll, writes=False
        )
        self.color_by_theme_action = QAction("Colour new sub-codes by theme", self)
        self.color_by_theme_action.setCheckable(True)
        self.color_by_theme_action.setToolTip(
            "New child codes get a lighter or darker shade of their theme's colour"
        )

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setObjectName("codebookToolbar")
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.setStyleSheet("QToolBar { border: none; spacing: 2px; padding: 0px; }")
        for act in (self.new_theme_action, self.new_child_action):
            bar.addAction(act)
        bar.addSeparator()
        for act in (self.rename_action, self.recolor_action, self.merge_action, self.delete_action):
            bar.addAction(act)
        bar.addSeparator()
        bar.addAction(self.expand_all_action)
        bar.addAction(self.collapse_all_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        options = QToolButton()
        options.setObjectName("codebookOptions")
        options.setText("⋯")
        options.setToolTip("Codebook options")
        options.setAutoRaise(True)
        options.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(options)
        menu.addAction(self.color_by_theme_action)
        options.setMenu(menu)
        options.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        bar.addWidget(options)
        for button in bar.findChildren(QToolButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return bar

    # -- selection ----------------------------------------------------------------------------
    def selected_nodes(self) -> list[CodeNode]:
        return [n for u in self.view.selected_uuids() if (n := self.model.node_for(u))]

    def select_code(self, uuid: str) -> None:
        self.view.select_uuids([uuid])

    def _selection_changed(self, *_: object) -> None:
        self._update_actions()
        if not self._syncing:
            self._syncing = True
            try:
                self.session.select_codes(self.view.selected_uuids())
            finally:
                self._syncing = False

    def _follow_codes(self, uuids: list[str]) -> None:
        if self._syncing or uuids == self.view.selected_uuids():
            return
        self._syncing = True
        try:
            self.view.select_uuids(list(uuids))
        finally:
            self._syncing = False
        self._update_actions()

    def _activated(self, index: QModelIndex) -> None:
        uuid = self.view.uuid_at(index)
        if uuid:
            self.session.select_codes([uuid])
            self.code_activated.emit(uuid)

    def _after_refresh(self) -> None:
        selected = self.view.selected_uuids()
        gone = [u for u in self.session.current_codes if self.model.node_for(u) is None]
        if gone and not self._syncing:
            self.session.select_codes(selected)
        self._update_actions()
        self._update_summary()

    def set_codebook_editable(self, on: bool) -> None:
        """Grey the codebook's edits for a member who may not change it (a server's coder
        without the owner's leave; the server refuses them anyway)."""
        self.codebook_editable = on
        self._update_actions()

    def _update_actions(self) -> None:
        count = len(self.view.selectionModel().selectedRows(NAME))
        edits = self.codebook_editable
        current = bool(self.view.current_uuid()) and edits
        self.new_theme_action.setEnabled(edits)
        self.new_child_action.setEnabled(current)
        self.rename_action.setEnabled(current)
        for act in (self.recolor_action, self.merge_action, self.delete_action):
            act.setEnabled(count > 0 and edits)
        self.set_bar.add_action.setEnabled(count > 0)

    def _update_summary(self) -> None:
        nodes = self.model.nodes()
        total = len(nodes)
        themes = len(self.model.roots())
        if self.proxy.active:
            shown = sum(1 for n in nodes if self.view.view_index(n.uuid).isValid())
            self.summary.setText(f"{shown} of {total} codes shown")
        else:
            codes = f"{total} code{'s' if total != 1 else ''}"
            self.summary.setText(f"{codes} · {themes} theme{'s' if themes != 1 else ''}")

    def _filter_changed(self, text: str) -> None:
        self.view.set_filter(text)
        self._update_summary()

    def _set_chosen(self, members: frozenset[str] | None) -> None:
        self.view.set_allowed(members)
        self._update_summary()

    # -- edits --------------------------------------------------------------------------------
    def new_code(self, parent: str | None = None, name: str | None = None) -> str | None:
        """Add a code (a theme when ``parent`` is None) as one command; without ``name`` it is
        called "New code" and its name opens for editing in place. Returns the new uuid."""
        edit = name is None
        siblings = {n.name for n in self._children(parent)}
        if name is None:
            name, number = "New code", 2
            while name in siblings:
                name, number = f"New code {number}", number + 1
        color = self._theme_shade(parent) if parent else None
        changes = codes.add(
            self.session, name=name, parent=parent, color=color, show=self.show_error
        )
        if changes is None or not changes.created:
            return None
        uuid = next((u for u in changes.created if self.model.node_for(u)), changes.created[0])
        self.view.select_uuids([uuid])
        if edit:
            self.view.setFocus()
            self.view.edit(self.view.view_index(uuid))
        return uuid

    def new_child_code(self, name: str | None = None) -> str | None:
        parent = self.view.current_uuid()
        if not parent:
            return self.new_code(None, name)
        index = self.view.view_index(parent)
        self.view.setExpanded(index, True)
        return self.new_code(parent, name)

    def _children(self, parent: str | None) -> list[CodeNode]:
        return [n for u in self.model.children_uuids(parent) if (n := self.model.node_for(u))]

    def _theme_shade(self, parent: str) -> str | None:
        if not self.color_by_theme_action.isChecked():
            return None
        theme = self.model.theme_of(parent)
        node = self.model.node_for(parent)
        if theme is None or node is None:
            return None
        return shade(theme.color, len(node.children), node.depth + 1)

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.setFocus()
            self.view.edit(index.siblingAtColumn(NAME))

    def _each(self, text: str, nodes: Sequence[CodeNode], edit: Callable[[str], object]) -> bool:
        """``edit(uuid)`` (an operation) for every node, as ONE undo step; refusals are shown."""
        with (
            self.model.hold(),
            together(self.session, text, self.show_error, count=len(nodes)) as group,
        ):
            for node in nodes:
                edit(node.uuid)
        return group.ok

    def delete_selected(self) -> None:
        nodes = self.selected_nodes()
        if not nodes:
            return
        how: DeleteChoice = "delete_all"
        if any(n.children or n.codings for n in nodes):
            answer = self.ask_delete_mode(nodes)
            if answer is None:
                return
            how = answer
        chosen = {n.uuid for n in nodes}
        if how == "delete_all":  # a deleted ancestor takes its selected descendants with it
            nodes = [n for n in nodes if not chosen & set(self.model.ancestors(n.uuid))]
        parent = nodes[0].parent_uuid
        done = self._each(
            f"Delete {len(nodes)} codes",
            list(reversed(nodes)),  # sub-codes before their parents
            lambda code: codes.delete(self.session, code=code, mode=how, show=self.show_error),
        )
        if done and parent and self.model.node_for(parent):
            self.view.select_uuids([parent])

    def merge_selected(self) -> None:
        nodes = self.selected_nodes()
        if not nodes:
            return
        excluded = {c.uuid for n in nodes for c in n.walk()}
        candidates = [n for n in self.model.nodes() if n.uuid not in excluded]
        if not candidates:
            self.show_error("There is no other code to merge into.")
            return
        names = f"“{nodes[0].name}”" if len(nodes) == 1 else f"{len(nodes)} codes"
        target = self.choose_code(f"Merge {names} into…", candidates)
        into = self.model.node_for(target) if target else None
        if into is None:
            return
        dst = into.uuid
        if self._each(
            f"Merge {len(nodes)} codes into {into.name!r}",
            list(reversed(nodes)),
            lambda code: codes.merge(self.session, code=code, into=dst, show=self.show_error),
        ):
            self.view.select_uuids([dst])
            self.show_info(f"Merged {names} into “{into.name}”. Duplicate codings were collapsed.")

    def recolor_selected(self) -> None:
        nodes = self.selected_nodes()
        if not nodes:
            return
        color = self.choose_color(QColor(nodes[0].color))
        if color is None or not color.isValid():
            return
        value = color.name()
        self._each(
            f"Recolour {len(nodes)} codes",
            [n for n in nodes if n.color != value],
            lambda code: codes.recolor(self.session, code=code, color=value, show=self.show_error),
        )

    def _choose_color_dialog(self, initial: QColor) -> QColor | None:
        color = QColorDialog.getColor(initial, self, "Code colour")
        return color if color.isValid() else None

    # -- context menu -------------------------------------------------------------------------
    def _show_menu(self, pos: QPoint) -> None:
        menu = codebook_menu(self)
        menu.exec(self.view.viewport().mapToGlobal(pos))
