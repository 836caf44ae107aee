"""The explicit question before a code with sub-codes or coded segments is deleted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.text.codepath import split_path
from workbench.core.text.wording import counted
from workbench.core.values import CodeNode
from workbench.gui.widgets.colors import dim_color
from workbench.gui.widgets.plain_text import PlainLabel, escaped, rich_label

DeleteChoice = Literal["move_up", "delete_all"]


def parent_name(node: CodeNode) -> str | None:
    names = split_path(node.path)
    return names[-2] if len(names) > 1 else None


def can_move_up(nodes: Sequence[CodeNode]) -> bool:
    """Themes have no parent to take their own coded segments."""
    return all(node.parent_uuid is not None or node.codings == 0 for node in nodes)


def describe(nodes: Sequence[CodeNode]) -> tuple[str, str, str]:
    """(question, what "move up" does, what "delete all" does) for ``nodes``."""
    direct = sum(len(n.children) for n in nodes)
    below = sum(len(n.walk()) - 1 for n in nodes)
    own = sum(n.codings for n in nodes)
    total = sum(n.total_codings for n in nodes)
    one = len(nodes) == 1
    if one:
        node = nodes[0]
        subject, its = f"“{node.name}”", "its"
        target = f"“{parent_name(node)}”" if node.parent_uuid else "the top level"
    else:
        subject, its = f"These {len(nodes)} codes", "their"
        target = "their parents"
    has = "has" if one else "have"
    subcodes = counted(direct, "sub-code")
    if below > direct:
        subcodes += f" ({below} codes below in all)"
    segments = f"{counted(own, 'coded segment')} of {its} own"
    if total > own:
        segments += f" ({total} with sub-codes)"
    question = f"{subject} {has} {subcodes} and {segments}. What should happen to them?"
    move = f"Keep them: move sub-codes and coded segments up to {target}"
    code = "the code" if one else "the codes"
    delete = (
        f"Delete everything: {code}, {counted(below, 'code')} below and "
        f"{counted(total, 'coded segment')}"
    )
    return question, move, delete


class DeleteDialog(QDialog):
    """Asks what becomes of a code's sub-codes and coded segments; ``choice`` after ``exec``."""

    def __init__(self, nodes: Sequence[CodeNode], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deleteCodeDialog")
        self.setWindowTitle("Delete code" if len(nodes) == 1 else f"Delete {len(nodes)} codes")
        self.choice: DeleteChoice | None = None
        question, move_text, delete_text = describe(nodes)

        title = rich_label(
            f"<b>Delete “{escaped(nodes[0].name)}”?</b>"
            if len(nodes) == 1
            else f"<b>Delete {len(nodes)} codes?</b>"
        )
        body = PlainLabel(question)
        body.setWordWrap(True)
        hint = PlainLabel("You can undo this with Edit ▸ Undo.")
        palette = hint.palette()
        palette.setColor(hint.foregroundRole(), dim_color(palette))
        hint.setPalette(palette)

        self.move_button = QPushButton(move_text)
        self.move_button.setObjectName("deleteMoveUp")
        self.move_button.setEnabled(can_move_up(nodes))
        if not self.move_button.isEnabled():
            self.move_button.setToolTip(
                "A theme's own coded segments have no parent code to go to: merge the theme "
                "into another code instead, or delete everything."
            )
        self.delete_button = QPushButton(delete_text)
        self.delete_button.setObjectName("deleteAll")
        for button in (self.move_button, self.delete_button):
            button.setStyleSheet("text-align: left; padding: 6px 10px;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.move_button.clicked.connect(lambda: self._choose("move_up"))
        self.delete_button.clicked.connect(lambda: self._choose("delete_all"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addSpacing(4)
        layout.addWidget(self.move_button)
        layout.addWidget(self.delete_button)
        layout.addWidget(hint)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.setMinimumWidth(440)

    def _choose(self, choice: DeleteChoice) -> None:
        self.choice = choice
        self.accept()


def ask_delete_dialog(parent: QWidget) -> Callable[[Sequence[CodeNode]], DeleteChoice | None]:
    """The default ``ask_delete_mode``: a modal DeleteDialog."""

    def ask(nodes: Sequence[CodeNode]) -> DeleteChoice | None:
        dialog = DeleteDialog(nodes, parent)
        dialog.exec()
        return dialog.choice

    return ask
