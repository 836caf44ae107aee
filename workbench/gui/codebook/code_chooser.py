"""A small modal chooser of one code (e.g. the target of "Merge into…"), fuzzy-filtered."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.values import CodeNode
from workbench.gui.codebook.fuzzy import fuzzy_score
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.icons import line_icon
from workbench.gui.widgets.plain_text import PlainLabel, tip

_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
ChooseCode = Callable[[str, Sequence[CodeNode]], "str | None"]  # title, candidates → uuid


class CodeChooserDialog(QDialog):
    """Type to narrow the list, Enter (or double-click) picks; ``chosen`` holds the uuid."""

    def __init__(
        self, title: str, candidates: Sequence[CodeNode], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeChooser")
        self.setWindowTitle(title)
        self.chosen: str | None = None
        self._nodes = list(candidates)
        label = PlainLabel(title)
        label.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to find a code…")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 420)
        self.filter.textChanged.connect(self._fill)
        self.filter.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._fill("")

    def _fill(self, text: str) -> None:
        self.list.clear()
        scored: list[tuple[float, int, CodeNode]] = []
        for order, node in enumerate(self._nodes):
            score = fuzzy_score(text, node.path) if text.strip() else 0.0
            if score is not None:
                scored.append((-score if text.strip() else 0.0, order, node))
        for _, _, node in sorted(scored, key=lambda t: (t[0], t[1])):
            item = QListWidgetItem(swatch_icon(node.color), node.path.replace("/", " › "))
            item.setData(Qt.ItemDataRole.UserRole, node.uuid)
            item.setToolTip(tip(node.description))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.list.count() > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _MOVE_KEYS
        ):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = str(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


def choose_code_dialog(parent: QWidget) -> ChooseCode:
    """The default code chooser: a modal CodeChooserDialog."""

    def choose(title: str, candidates: Sequence[CodeNode]) -> str | None:
        dialog = CodeChooserDialog(title, candidates, parent)
        dialog.exec()
        return dialog.chosen

    return choose
