"""The "Code sets" bar of the codebook panel: show all codes or one set, and edit sets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.values import SetInfo
from workbench.gui.operations import sets
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.plain_text import get_item, get_text
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

AskText = Callable[[str, str, str], "str | None"]  # title, label, default → text
ChooseItem = Callable[[str, str, list[str]], "str | None"]  # title, label, items → item


class CodeSetBar(QWidget):
    """A combo of "All codes" and each code set, with a menu to add the selection to a set."""

    set_chosen = Signal(object)  # frozenset of member uuids, or None for all codes

    def __init__(
        self,
        session: ProjectSession,
        selected: Callable[[], list[str]],
        show_error: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._selected = selected
        self.show_error = show_error
        self.ask_text: AskText = self._ask_text
        self.choose_item: ChooseItem = self._choose_item
        self._sets: list[SetInfo] = []

        self.combo = QComboBox()
        self.combo.setObjectName("codeSetCombo")
        self.combo.setToolTip("Show all codes or only the codes of one set")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(9)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.registry = ActionRegistry(self, "Codebook")

        def add(name: str, text: str, slot: Callable[[], object], tip: str = "") -> QAction:
            spec = ActionSpec(name, text, slot, tip=tip, enabled_when=project_writable)
            return self.registry.add(spec)

        self.add_action = add("codeSetAdd", "Add selected to set…", self.add_selected)
        tip = "A new code set holding the selected codes"
        self.new_action = add("codeSetNew", "New set…", self.new_set, tip)
        self.remove_action = add(
            "codeSetRemove", "Remove selected from this set", self.remove_selected
        )
        self.delete_action = add("codeSetDelete", "Delete this set", self.delete_set)
        self.registry.follow(session)
        menu = QMenu(self)
        for action in (self.add_action, self.new_action, self.remove_action, self.delete_action):
            menu.addAction(action)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("codeSetMenu")
        self.menu_button.setIcon(line_icon("set"))
        self.menu_button.setToolTip("Code sets")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setMenu(menu)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.menu_button)

        self.combo.currentIndexChanged.connect(self._chosen)
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- state --------------------------------------------------------------------------------
    def current_set(self) -> SetInfo | None:
        uuid = self.combo.currentData()
        return next((s for s in self._sets if s.uuid == uuid), None)

    def choose_set(self, uuid: str | None) -> None:
        """Show the set ``uuid`` (None: all codes)."""
        row = self.combo.findData(uuid) if uuid else 0
        self.combo.setCurrentIndex(max(0, row))

    def refresh(self) -> None:
        keep = self.combo.currentData()
        self._sets = self.session.project.sets.list("code")
        blocker = self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem("All codes", None)
            for info in self._sets:
                self.combo.addItem(
                    line_icon("set"), f"{info.name} ({len(info.members)})", info.uuid
                )
            row = self.combo.findData(keep) if keep else 0
            self.combo.setCurrentIndex(max(0, row))
        finally:
            self.combo.blockSignals(blocker)
        self._update_actions()
        self._chosen()

    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & {"sets", "codebook", "project"}:
            self.refresh()

    def _chosen(self, *_: object) -> None:
        current = self.current_set()
        self._update_actions()
        self.set_chosen.emit(None if current is None else frozenset(current.members))

    def _update_actions(self) -> None:
        in_set = self.current_set() is not None
        self.remove_action.setEnabled(in_set)
        self.delete_action.setEnabled(in_set)

    # -- edits --------------------------------------------------------------------------------
    def add_selected(self) -> None:
        members = self._selected()
        if not members:
            self.show_error("Select the codes to add to a set first.")
            return
        if not self._sets:
            self.new_set()
            return
        names = [s.name for s in self._sets]
        name = self.choose_item("Add to code set", "Add the selected codes to:", names)
        target = next((s for s in self._sets if s.name == name), None)
        if target is None:
            return
        sets.add_members(
            self.session,
            set=target.uuid,
            name=target.name,
            kind="code",
            members=members,
            show=self.show_error,
        )

    def new_set(self) -> None:
        members = self._selected()
        name = self.ask_text("New code set", "Name of the new code set:", "")
        if not name:
            return
        changes = sets.create(
            self.session, name=name, kind="code", members=members, show=self.show_error
        )
        if changes is not None and changes.created:
            self.choose_set(next((u for u in changes.created if self.combo.findData(u) > 0), None))

    def remove_selected(self) -> None:
        current, members = self.current_set(), self._selected()
        if current is None or not members:
            return
        sets.remove_members(
            self.session,
            set=current.uuid,
            name=current.name,
            kind="code",
            members=members,
            show=self.show_error,
        )

    def delete_set(self) -> None:
        current = self.current_set()
        if current is None:
            return
        sets.delete(
            self.session, set=current.uuid, name=current.name, kind="code", show=self.show_error
        )

    # -- default questions --------------------------------------------------------------------
    def _ask_text(self, title: str, label: str, default: str) -> str | None:
        text, ok = get_text(self, title, label, default)
        return text.strip() if ok and text.strip() else None

    def _choose_item(self, title: str, label: str, items: list[str]) -> str | None:
        item, ok = get_item(self, title, label, items, 0, False)
        return item if ok else None
