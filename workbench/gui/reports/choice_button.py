"""A compact multi-choice filter: a button whose popup holds a checkable list or tree (it stays
open while the researcher ticks several items) and whose text sums up the choice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.plain_text import tip

KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Choice:
    """One item: ``depth`` nests it under the previous shallower item."""

    label: str
    key: str
    depth: int = 0
    color: str | None = None
    tip: str = ""


class ChoiceButton(QPushButton):
    """``changed`` fires whenever an item is ticked or unticked, or the choice is cleared."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        everything: str,
        object_name: str,
        *,
        searchable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.title = title
        self.everything = everything
        self.setAutoDefault(False)
        self._labels: dict[str, str] = {}
        self.view = QTreeWidget()
        self.view.setObjectName(object_name + "List")
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setMinimumSize(280, 220)
        self.view.itemChanged.connect(self._item_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._find)
        self.search.setVisible(searchable)
        clear = QPushButton("Clear")
        clear.setObjectName(object_name + "Clear")
        clear.setAutoDefault(False)
        clear.clicked.connect(self.clear)
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(clear)
        layout.addLayout(row)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(host)
        menu.addAction(action)
        menu.aboutToShow.connect(self.search.setFocus)
        self.setMenu(menu)
        self._update_text()

    # -- contents ----------------------------------------------------------------------------
    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Offer ``choices``; ticked items that are still offered stay ticked (no signal)."""
        keep = set(self.keys())
        self.view.blockSignals(True)
        self.view.clear()
        self._labels = {}
        parents: list[tuple[int, QTreeWidgetItem]] = []
        for choice in choices:
            while parents and parents[-1][0] >= choice.depth:
                parents.pop()
            item = QTreeWidgetItem([choice.label])
            item.setData(0, KEY_ROLE, choice.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                0, Qt.CheckState.Checked if choice.key in keep else Qt.CheckState.Unchecked
            )
            if choice.color:
                item.setIcon(0, swatch_icon(choice.color, 12))
            if choice.tip:
                item.setToolTip(0, tip(choice.tip))
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.view.addTopLevelItem(item)
            parents.append((choice.depth, item))
            self._labels[choice.key] = choice.label
        self.view.setRootIsDecorated(any(c.depth > 0 for c in choices))
        self.view.expandAll()
        self.view.blockSignals(False)
        self.setEnabled(bool(choices))
        self._update_text()

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        iterator = QTreeWidgetItemIterator(self.view)
        while iterator.value():
            out.append(iterator.value())
            iterator += 1
        return out

    def keys(self) -> tuple[str, ...]:
        """The ticked keys, in list order."""
        return tuple(
            str(item.data(0, KEY_ROLE))
            for item in self._items()
            if item.checkState(0) == Qt.CheckState.Checked
        )

    def set_keys(self, keys: Sequence[str]) -> None:
        """Tick exactly ``keys`` (unknown keys are ignored); emits ``changed`` once."""
        wanted = set(keys)
        self.view.blockSignals(True)
        for item in self._items():
            checked = str(item.data(0, KEY_ROLE)) in wanted
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.view.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def clear(self) -> None:
        if self.keys():
            self.set_keys([])

    # -- reacting ----------------------------------------------------------------------------
    def _item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._update_text()
        self.changed.emit()

    def _find(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(needle) and needle not in item.text(0).casefold())
        if needle:  # keep the parents of matches visible
            for item in self._items():
                if not item.isHidden():
                    parent = item.parent()
                    while parent is not None:
                        parent.setHidden(False)
                        parent = parent.parent()

    def _update_text(self) -> None:
        keys = self.keys()
        if not keys:
            summary = self.everything
        elif len(keys) == 1:
            summary = self._labels.get(keys[0], keys[0])
        else:
            summary = f"{len(keys)} chosen"
        self.setText(f"{self.title}: {summary}" if self.title else summary)
        self.setToolTip(tip("\n".join(self._labels.get(k, k) for k in keys)))
