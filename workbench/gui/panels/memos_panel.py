"""The Memos panel: memos of the project, the current source, code or coding, or all of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import WorkbenchError
from workbench.core.services.memos import TargetKind
from workbench.core.values import MemoInfo
from workbench.gui.operations import memos
from workbench.gui.panels.memo_delegate import MemoDelegate
from workbench.gui.panels.memo_editor import MemoEditor
from workbench.gui.panels.memos_model import MEMO_ROLE, SEARCH_ROLE, MemosModel
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.dialogs import confirm_dialog
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.views import paint_placeholder
from workbench.gui.widgets.when_shown import WhenShown
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

SCOPES: tuple[tuple[str, str], ...] = (
    ("project", "Project"),
    ("source", "Current source"),
    ("code", "Current code"),
    ("coding", "Current coding"),
    ("all", "All memos"),
)
_KINDS = frozenset({"memos", "sources", "codebook", "codings", "cases", "annotations", "coders"})


class _MemosView(QListView):
    placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)


class MemosPanel(QWidget):
    """Lists memos for the chosen scope and edits one; every change is an undoable command.

    What is typed saves itself (see ``AutosaveField``), at the latest before another memo is
    shown. ``confirm`` and ``show_error`` are replaceable for tests."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memosPanel")
        self.session = session
        self.confirm = confirm_dialog(self)
        self._loading = False

        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("memosScope")
        for key, text in SCOPES:
            self.scope_combo.addItem(text, key)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("memosSearch")
        self.search_edit.setPlaceholderText("Search memos…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.target_label = small_label(object_name="memosTarget")
        self.target_label.setWordWrap(True)

        self.model = MemosModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = _MemosView()
        self.view.setObjectName("memosView")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(MemoDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)

        self.message = MessageBar("memosMessage")
        self.show_error: Callable[[str], None] = self.message.show_error
        self.editor = MemoEditor(session, lambda text: self.show_error(text))
        self.title_edit = self.editor.title_edit
        self.text_edit = self.editor.text_edit
        self.new_button = self.editor.new_button
        self.delete_button = self.editor.delete_button
        self.registry = ActionRegistry(self, "Memos")
        self.registry.add(
            ActionSpec(
                "memoSave",
                "Save the memo now",  # saving is automatic anyway
                self.save,
                QKeySequence.StandardKey.Save,
                enabled_when=project_writable,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                on=self,
            )
        )
        self.registry.follow(session)
        self._build_layout()

        self.scope_combo.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.search_edit.textChanged.connect(self._search_changed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.editor.edited.connect(self._update_buttons)
        self.new_button.clicked.connect(self.new_memo)
        self.delete_button.clicked.connect(self.delete_memo)
        self._catch_up = WhenShown(self, self.refresh)
        session.changed.connect(self._on_changed)
        # bound methods, not lambdas: Qt drops them when the panel is deleted before the session
        session.source_selected.connect(self._source_selected)
        session.codes_selected.connect(self._codes_selected)
        session.coding_selected.connect(self._coding_selected)
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.scope_combo)
        top.addWidget(self.search_edit, 1)

        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        list_layout.addWidget(self.target_label)
        list_layout.addWidget(self.view, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("memosSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(listing)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)  # the memo being written gets the larger part
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # -- scope ------------------------------------------------------------------------------
    @property
    def scope(self) -> str:
        return str(self.scope_combo.currentData())

    def set_scope(self, scope: str) -> None:
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(scope)))

    def target(self) -> tuple[str, str | None] | None:
        """Where a new memo goes: (target kind, uuid), or None when the scope has no item."""
        scope = self.scope
        if scope in ("project", "all"):
            return ("project", None)
        if scope == "source" and self.session.current_source:
            return ("source", self.session.current_source)
        if scope == "code" and self.session.current_codes:
            return ("code", self.session.current_codes[0])
        if scope == "coding" and self.session.current_coding:
            return ("coding", self.session.current_coding)
        return None

    def _scope_changed(self) -> None:
        self._save_pending()
        self.refresh()

    def _source_selected(self, _source: str) -> None:
        self._selection_moved("source")

    def _codes_selected(self, _codes: list[str]) -> None:
        self._selection_moved("code")

    def _coding_selected(self, _coding: str) -> None:
        self._selection_moved("coding")

    def _selection_moved(self, scope: str) -> None:
        if self.scope == scope:
            self._save_pending()
            self.refresh()

    def _target_description(self) -> str:
        scope, target = self.scope, self.target()
        project = self.session.project
        if scope == "all":
            return "Every memo in the project, newest first."
        if scope == "project":
            return "Memos about the project as a whole."
        if target is None:
            return {
                "source": "Select a source to see its memos.",
                "code": "Select a code to see its memos.",
                "coding": "Select a coded segment to see its memos.",
            }[scope]
        try:
            if scope == "source":
                return f"Memos on the source {project.sources.get(str(target[1])).name}."
            if scope == "code":
                return f"Memos on the code {self.session.code_node(str(target[1])).path}."
        except WorkbenchError:
            return ""
        return "Memos on the selected coded segment."

    # -- loading ----------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & _KINDS:
            self._catch_up.request()  # while the dock is hidden: once, when it is shown

    def _list(self) -> list[MemoInfo]:
        memos = self.session.project.memos
        if self.scope == "all":
            return memos.list()
        target = self.target()
        if target is None:
            return []
        kind, uuid = target
        try:
            if kind == "project":
                return memos.list(target_kind="project")
            if kind == "source":
                return memos.list(target_kind="source", target=uuid)
            if kind == "code":
                return memos.list(target_kind="code", target=uuid)
            return memos.list(target_kind="coding", target=uuid)
        except WorkbenchError:
            return []

    def refresh(self) -> None:
        """Reload the list; the memo in the editor stays selected (and reloads if unedited)."""
        keep = self.editor.memo.uuid if self.editor.memo is not None else ""
        memos = self._list()
        self._loading = True
        try:
            self.model.set_memos(memos, show_targets=self.scope == "all")
            fresh = next((m for m in memos if m.uuid == keep), None)
            self._load(fresh)  # text still being typed stays
            if fresh is not None:
                self._select(fresh.uuid)
        finally:
            self._loading = False
        description = self._target_description()
        count = self.model.rowCount()
        if count:
            description += f"  ({count} memo{'' if count == 1 else 's'})"
        self.target_label.setText(description)
        self.view.placeholder = (
            "No memos yet. Press New to write one." if self.target() is not None else ""
        )
        self._update_buttons()

    def _select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)

    def _load(self, memo: MemoInfo | None) -> None:
        self.editor.load(memo)
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        memo = current.data(MEMO_ROLE) if current.isValid() else None
        shown = self.editor.memo
        if isinstance(memo, MemoInfo) and shown is not None and memo.uuid == shown.uuid:
            return
        if self.is_dirty():
            saved = self.save()  # refreshes the list; then show the memo that was clicked
            keep = memo if saved else shown  # not saved: its text stays in the editor
            if isinstance(keep, MemoInfo):
                self._loading = True
                try:
                    self._select(keep.uuid)
                finally:
                    self._loading = False
            if not saved:
                return
        self._load(memo if isinstance(memo, MemoInfo) else None)

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.view.placeholder = "No memo contains that text." if text.strip() else ""

    # -- editing ----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.editor.is_dirty()

    def _update_buttons(self) -> None:
        if self._loading:
            return
        self.new_button.setEnabled(self.target() is not None)
        self.new_button.setToolTip(
            "Write a new memo here" if self.target() is not None else self._target_description()
        )
        self.delete_button.setEnabled(self.editor.memo is not None)

    def _save_pending(self) -> None:
        if self.is_dirty():
            self.save()

    def new_memo(self) -> None:
        """Add a memo to the scope's item and open it for writing."""
        self._save_pending()
        target = self.target()
        if target is None:
            self.show_error(self._target_description())
            return
        kind, uuid = target
        changes = memos.add(
            self.session,
            target_kind=cast(TargetKind, kind),
            target=uuid,
            show=self.show_error,
        )
        if changes is None or not changes.created:
            return
        created = changes.created[0]
        fresh = next((m for m in self.model.items() if m.uuid == created), None)
        if fresh is not None:
            self._loading = True
            try:
                self._select(created)
            finally:
                self._loading = False
            self._load(fresh)
            self.title_edit.setFocus()
            self.title_edit.selectAll()

    def save(self) -> bool:
        """Save what is typed in the editor now (it also saves itself); False if it failed."""
        return self.editor.flush()

    def delete_memo(self) -> None:
        memo = self.editor.memo
        if memo is None:
            return
        title = memo.title or "this memo"
        if not self.confirm("Delete memo", f"Delete the memo “{title}”?\n\nYou can undo this."):
            return
        self._load(None)
        done = memos.delete(self.session, memo=memo.uuid, title=memo.title, show=self.show_error)
        if done is None:
            self._load(memo)
