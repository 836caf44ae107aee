"""The Sources panel: every document with its counts, attributes, cases and done marks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMenu, QStyle, QVBoxLayout, QWidget

from workbench.core.changes import Changes
from workbench.core.progress import Progress
from workbench.core.values import AttributeInfo, SourceInfo
from workbench.gui.panels import sources_model
from workbench.gui.panels.source_actions import sources_menu, update_source_actions
from workbench.gui.panels.source_commands import (
    add_to_source_set,
    delete_sources,
    mark_done,
    mark_sources_done,
    new_source_set,
    remove_from_source_set,
    rename_source,
)
from workbench.gui.panels.source_set_bar import SourceSetBar
from workbench.gui.panels.sources_model import UUID_ROLE, SourcesFilter, SourcesModel
from workbench.gui.panels.sources_view import SourcesView
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.dialogs import ask_text_dialog, choose_item_dialog, confirm_dialog
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.jobs import background_runner
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, Icon, project_writable

_KINDS = frozenset({"sources", "codings", "status", "attributes", "sets", "cases", "coders"})
_Read = tuple[int, list[SourceInfo], list[AttributeInfo]]  # which read, rows, attributes


class SourcesPanel(QWidget):
    """Lists the project's sources; selecting one makes it the session's current source.

    Questions go through replaceable callables (``ask_text``, ``confirm``, ``choose_item``) and
    refusals through ``show_error``, so tests never meet a modal dialog."""

    recording_wanted = Signal(str, str)  # "attach" or "relink", source uuid

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.session = session
        self.ask_text = ask_text_dialog(self)
        self.confirm = confirm_dialog(self)
        self.choose_item = choose_item_dialog(self)
        self._syncing = False

        self.model = SourcesModel(self)
        self.proxy = SourcesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = SourcesView(self.proxy)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("sourcesFilter")
        self.filter_edit.setPlaceholderText("Filter by name, case or attribute…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._make_actions()
        self.set_bar = SourceSetBar(
            [self.new_set_action, self.add_to_set_action, self.remove_from_set_action]
        )
        self.set_combo = self.set_bar.combo

        self.summary = small_label(object_name="sourcesSummary")
        self.message = MessageBar("sourcesMessage")
        self.show_error: Callable[[str], None] = self.message.show_error

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.set_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.set_bar.set_chosen.connect(self._set_changed)
        self.model.done_toggled.connect(self._done_toggled)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh_counts)
        self._counted: list[Changes] = []  # coding changes not counted yet
        self._counted_while_read: list[Changes] | None = None  # while every source is read
        self._reading = 0  # counts the reads: one in the background that was overtaken is dropped
        self._rest_later = QTimer(self)  # the rest of the sources, after the first paint
        self._rest_later.setSingleShot(True)
        self._rest_later.setInterval(0)
        self._rest_later.timeout.connect(self._read_rest)
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._coder_changed)
        session.source_selected.connect(self._follow_source)
        self.refresh(first_only=True)
        self._follow_source(session.current_source)

    # -- building ---------------------------------------------------------------------------
    def _make_actions(self) -> None:
        self.registry = ActionRegistry(self, "Sources")

        def action(
            name: str, text: str, slot: Callable[[], None], shortcut: str = "", icon: Icon = None
        ) -> QAction:
            return self.registry.add(
                ActionSpec(
                    name,
                    text,
                    slot,
                    shortcut or None,
                    enabled_when=project_writable,  # every one of them writes
                    icon=icon,
                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut if shortcut else None,
                    on=self.view if shortcut else None,
                )
            )

        pixmap = QStyle.StandardPixmap
        self.rename_action = action("sourceRename", "Rename…", self.rename_selected, "F2")
        self.delete_action = action(
            "sourceDelete", "Delete…", self.delete_selected, "Delete", pixmap.SP_TrashIcon
        )
        self.done_action = action(
            "sourceDone",
            "Mark done",
            lambda: self.set_selected_done(True),
            icon=pixmap.SP_DialogApplyButton,
        )
        self.not_done_action = action(
            "sourceNotDone", "Mark not done", lambda: self.set_selected_done(False)
        )
        self.new_set_action = action(
            "sourceNewSet",
            "New set from selection…",
            self.new_set_from_selection,
            icon=line_icon("plus"),
        )
        self.add_to_set_action = action(
            "sourceAddToSet", "Add selection to set…", self.add_selection_to_set
        )
        self.remove_from_set_action = action(
            "sourceRemoveFromSet", "Remove selection from this set", self.remove_from_set
        )
        self.attach_recording_action = action(
            "sourceAttachRecording", "Attach recording…", lambda: self._recording("attach")
        )
        self.relink_recording_action = action(
            "sourceRelinkRecording", "Relink recording…", lambda: self._recording("relink")
        )
        self.registry.follow(self.session)

    def _recording(self, what: str) -> None:
        infos = self.selected_infos()
        if len(infos) == 1:
            self.recording_wanted.emit(what, infos[0].uuid)

    # -- refreshing -------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds <= {"codings", "annotations"}:
            self._counted.append(changes)
            if self._counted_while_read is not None:
                self._counted_while_read.append(changes)
            self._later.start()  # only counts changed: after the transcript has repainted
        elif changes.kinds & _KINDS:
            self.refresh()

    def _coder_changed(self, _name: str) -> None:
        self.refresh()

    def refresh_counts(self) -> None:
        """Only the coding counts changed: update that column in place, for the sources the
        changes touched."""
        sources, changes = self.session.project.sources, self._counted
        self._counted = []
        counts = sources.counts_after(changes) if changes else None
        if counts is None:
            self.model.update_counts(sources.coding_counts())
        else:
            self.model.update_counts(counts, every=False)

    def refresh(self, *, first_only: bool = False) -> None:
        """Reload sources, attributes and sets, keeping the selection and the chosen set.

        ``first_only`` (on open): only the first batch now, the rest read in the background
        after the first paint (issue 18: open is sublinear)."""
        self._later.stop()
        self._counted, self._counted_while_read = [], None
        self._reading += 1
        project = self.session.project
        selected = self.selected_sources()
        current = self._current_uuid()
        self._syncing = True
        try:
            attributes = project.cases.attributes("source")
            if first_only:
                rows, total = project.sources.first(count=sources_model.FETCH_BATCH)
                self.model.set_first_rows(rows, total, attributes, self.session.coder)
                if not self.model.complete:
                    self._rest_later.start()
            else:
                self.model.set_rows(project.sources.list(), attributes, self.session.coder)
            self.set_bar.set_sets(project.sets.list("source"), self.model.total)
            self._apply_set()
            self.view.fit_columns(self.model.done_column)
            if self._current_uuid() != current or set(self.selected_sources()) != set(selected):
                self._restore_selection(selected, current)
        finally:
            self._syncing = False
        self._update_summary()
        self._update_actions()

    def _read_rest(self) -> None:
        """Read every source in the background; ``_rest_read`` shows them."""
        project, reading = self.session.project, self._reading
        self._counted_while_read = []

        def work(_progress: Progress) -> _Read:
            rows = project.sources.list(small_cache=True)
            return reading, rows, project.cases.attributes("source")

        background_runner().start(work).succeeded.connect(self._rest_read)

    def _rest_read(self, read: _Read) -> None:
        reading, rows, attributes = read
        if reading != self._reading or self.session.closed:
            return  # read again since (sources, sets or the coder changed), or closed
        self.model.set_rows(rows, attributes, self.session.coder)
        changes, self._counted_while_read = self._counted_while_read, None
        if changes:  # codings changed while it was read: their sources are counted again
            sources = self.session.project.sources
            counts = sources.counts_after(changes)
            self.model.update_counts(
                sources.coding_counts() if counts is None else counts, every=counts is None
            )
        if self.proxy.filtering:
            self.model.fetch_all()
        self.view.updateGeometries()  # scrolled to the end meanwhile: the next batch is fetched
        self._update_summary()
        self._follow_source(self.session.current_source)  # it may be beyond the first rows

    def set_presence(self, present: dict[str, tuple[str, ...]]) -> None:
        """Who else has each source open (a server project): shown beside the names."""
        self.model.set_presence(present)
        self.view.fit_names()

    def _update_summary(self) -> None:
        total = self.model.total
        shown = self.proxy.rowCount() + self.model.total - self.model.rowCount()  # + unfetched
        head = f"{total} sources" if shown == total else f"Showing {shown} of {total} sources"
        if not self.model.complete:
            self.summary.setText(head)
            return
        mine = sum(1 for s in self.model.sources() if self.session.coder in s.done_by)
        self.summary.setText(f"{head}  ·  {mine} done by you")

    # -- selection --------------------------------------------------------------------------
    def selected_sources(self) -> list[str]:
        """The uuids of the selected rows, in view order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [str(index.data(UUID_ROLE)) for index in rows]

    def selected_infos(self) -> list[SourceInfo]:
        """The selected sources, in view order."""
        by_uuid = {s.uuid: s for s in self.model.sources()}
        return [by_uuid[u] for u in self.selected_sources() if u in by_uuid]

    def _current_uuid(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(UUID_ROLE)) if index.isValid() else ""

    def _proxy_row(self, uuid: str) -> int:
        row = self.model.row_of(uuid)
        if row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(row, 0)).row()

    def _restore_selection(self, selected: list[str], current: str) -> None:
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        for uuid in selected:
            row = self._proxy_row(uuid)
            if row >= 0:
                selection.select(self.proxy.index(row, 0), self.proxy.index(row, last))
        model = self.view.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row = self._proxy_row(current)
        if row >= 0:
            model.setCurrentIndex(
                self.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.session.select_source(str(current.data(UUID_ROLE)))

    def _follow_source(self, uuid: str) -> None:
        if not uuid or uuid == self._current_uuid():
            return
        row = self._proxy_row(uuid)
        if row < 0:
            return
        self._syncing = True
        try:
            index = self.proxy.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)
        finally:
            self._syncing = False

    def _update_actions(self, *_args: object) -> None:
        update_source_actions(self)

    # -- filtering --------------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_summary()

    def _set_changed(self) -> None:
        self._apply_set()
        self._update_actions()

    def _apply_set(self) -> None:
        self.proxy.set_members(self.set_bar.members())
        self._update_summary()

    # -- commands (see source_commands) -----------------------------------------------------
    def _done_toggled(self, uuid: str, done: bool) -> None:
        mark_done(self, uuid, done)

    def set_selected_done(self, done: bool) -> None:
        """Mark the selected sources done (or not done) for the current coder, as one step."""
        mark_sources_done(self, done)

    def rename_selected(self) -> None:
        rename_source(self)

    def delete_selected(self) -> None:
        delete_sources(self)

    def new_set_from_selection(self) -> None:
        new_source_set(self)

    def add_selection_to_set(self) -> None:
        add_to_source_set(self)

    def remove_from_set(self) -> None:
        remove_from_source_set(self)

    # -- context menu -----------------------------------------------------------------------
    def context_menu(self) -> QMenu:
        """The menu for the selected sources (also used by tests)."""
        return sources_menu(self)

    def _show_menu(self, pos: QPoint) -> None:
        if not self.view.indexAt(pos).isValid():
            return
        self.context_menu().exec(self.view.viewport().mapToGlobal(pos))
