"""The code editor: name, colour and definition of the current code, its counts and memos.

Edits wait until Apply (or Ctrl+Enter) and then become ONE undoable command; Revert drops them.
Switching to another code applies pending edits rather than losing them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QColorDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import NotFoundError
from workbench.core.values import Changes, CodeNode
from workbench.gui.codebook.code_memos import CodeMemos
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.commands import run_steps
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel, tip

ChooseColor = Callable[[QColor], "QColor | None"]
FIELDS = ("description", "inclusion", "exclusion", "example")
_LABELS = {
    "description": ("Description", "What this code means, in a sentence or two…"),
    "inclusion": ("Inclusion criteria", "When to apply this code…"),
    "exclusion": ("Exclusion criteria", "When not to apply it, and what to use instead…"),
    "example": ("Example", "A typical quote that this code captures…"),
}
_KINDS = frozenset({"codebook", "codings", "cases", "sources", "project"})


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class CodeEditor(QWidget):
    """Shows and edits the session's current code (the first of ``codes_selected``)."""

    applied = Signal(str)  # code uuid whose edits were written

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.session = session
        self.code = ""
        self.node: CodeNode | None = None
        self._loaded: dict[str, str] = {}
        self._color = ""  # the colour shown (pending until applied)
        self.choose_color: ChooseColor = self._choose_color_dialog

        self.message = MessageBar("codeEditorMessage")
        self.show_error: Callable[[str], None] = self.message.show_error
        self.path_label = small_label(object_name="codeEditorPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.color_button = QToolButton()
        self.color_button.setObjectName("codeColorButton")
        self.color_button.setToolTip("Choose the code's colour")
        self.color_button.setIconSize(QSize(20, 20))
        self.color_button.setAutoRaise(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("codeNameEdit")
        self.name_edit.setPlaceholderText("Code name")
        font = self.name_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.name_edit.setFont(font)
        self.counts_label = small_label(object_name="codeEditorCounts")
        self.edits: dict[str, QPlainTextEdit] = {}
        self.memos = CodeMemos(session, self.show_error)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setObjectName("codeApply")
        self.apply_button.setToolTip("Save the changes as one step (Ctrl+Enter)")
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("codeRevert")
        self.revert_button.setToolTip("Discard the changes")
        self.empty_label = PlainLabel("Select a code to see and edit its definition.")
        self.empty_label.setObjectName("codeEditorEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(self.path_label.foregroundRole())
        self.empty_label.setPalette(self.path_label.palette())

        self._build()
        self.apply_action = QAction("Apply code edits", self)
        self.apply_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.apply_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.apply_action.triggered.connect(lambda _c=False: self.apply())
        self.addAction(self.apply_action)

        self.color_button.clicked.connect(self._pick_color)
        self.name_edit.textEdited.connect(self._update_state)
        for edit in self.edits.values():
            edit.textChanged.connect(self._update_state)
        self.apply_button.clicked.connect(lambda _c=False: self.apply())
        self.revert_button.clicked.connect(lambda _c=False: self.revert())
        session.codes_selected.connect(self._follow)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(lambda: self._load(force=False) if self.code else None)
        session.changed.connect(self._on_changed)
        self.set_code(session.current_codes[0] if session.current_codes else "")

    def _build(self) -> None:
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(6)
        head.addWidget(self.color_button)
        head.addWidget(self.name_edit, 1)
        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(10, 8, 10, 8)
        form.setSpacing(4)
        form.addWidget(self.path_label)
        form.addLayout(head)
        form.addWidget(self.counts_label)
        form.addSpacing(6)
        for key in FIELDS:
            title, placeholder = _LABELS[key]
            label = PlainLabel(title)
            bold = label.font()
            bold.setBold(True)
            label.setFont(bold)
            edit = QPlainTextEdit()
            edit.setObjectName(f"code{key.title()}Edit")
            edit.setPlaceholderText(placeholder)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(52)
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            edit.installEventFilter(self)
            label.setBuddy(edit)
            self.edits[key] = edit
            form.addWidget(label)
            form.addWidget(edit, 2 if key == "description" else 1)
            form.addSpacing(4)
        self.name_edit.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 2, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        form.addLayout(buttons)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        form.addSpacing(6)
        form.addWidget(line)
        form.addWidget(self.memos, 2)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        self._scroll = scroll

    # -- which code ---------------------------------------------------------------------------
    def set_code(self, uuid: str) -> None:
        """Show ``uuid`` ("" for none); pending edits of the previous code are applied."""
        if uuid == self.code and self.node is not None:
            return
        pending = self._steps() if self.node is not None else []
        label = f"Edit code {self.node.name!r}" if self.node is not None else ""
        self.code = uuid
        self._load(force=True)
        if pending:  # after the switch has finished, so the tree is not reset mid-selection
            QTimer.singleShot(0, lambda: run_steps(self.session, label, pending, self.show_error))

    def _follow(self, uuids: list[str]) -> None:
        self.set_code(uuids[0] if uuids else "")

    def _on_changed(self, changes: Changes) -> None:
        if self.code and changes.kinds <= {"codings", "annotations"}:
            self._later.start()  # only the counts changed: after the transcript repaints
        elif self.code and changes.kinds & _KINDS:
            self._load(force=False)

    def _load(self, *, force: bool) -> None:
        """Fill the fields from the project; without ``force`` a field the user has changed
        keeps its text."""
        node: CodeNode | None = None
        if self.code:
            try:
                node = self.session.code_node(self.code, counts=True)
            except NotFoundError:
                self.code = ""
        self.node = node
        self.empty_label.setVisible(node is None)
        self._scroll.setVisible(node is not None)
        if node is None:
            self._loaded = {}
            self.memos.set_code("")
            self._update_state()
            return
        values = {"name": node.name, **{k: getattr(node, k) for k in FIELDS}}
        if force or self.name_edit.text() == self._loaded.get("name"):
            self.name_edit.setText(node.name)
        for key in FIELDS:
            edit = self.edits[key]
            shown = edit.toPlainText()
            if (force or shown == self._loaded.get(key)) and shown != values[key]:
                edit.setPlainText(values[key])
        if force or self._color == self._loaded.get("color"):
            self._color = node.color
        self._loaded = {**values, "color": node.color}
        self.path_label.setText(" › ".join(node.path.split("/")[:-1]) or "Theme")
        self.path_label.setToolTip(tip(node.path))
        self.counts_label.setText(
            f"{_plural(node.total_codings, 'coding')} · {_plural(node.total_sources, 'source')}"
            f" · {_plural(node.total_cases, 'case')}"
        )
        self.counts_label.setToolTip(
            tip(
                f"On {node.name!r} itself: {_plural(node.codings, 'coding')} in "
                f"{_plural(node.sources, 'source')}; the counts shown include its sub-codes."
            )
        )
        if force:
            self.memos.set_code(node.uuid)
        self._update_state()

    # -- edits --------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """What the fields show now (name, colour and the definition fields)."""
        return {
            "name": self.name_edit.text().strip(),
            "color": self._color,
            **{key: edit.toPlainText() for key, edit in self.edits.items()},
        }

    def is_dirty(self) -> bool:
        if self.node is None:
            return False
        now = self.values()
        return any(now[k] != self._loaded.get(k) for k in now)

    def _steps(self) -> list[tuple[str, Callable[[str], Changes]]]:
        if self.node is None:
            return []
        now, was, uuid = self.values(), dict(self._loaded), self.node.uuid
        codebook = self.session.project.codebook
        steps: list[tuple[str, Callable[[str], Changes]]] = []
        if now["name"] != was["name"]:
            name = now["name"]
            steps.append(
                (
                    f"Rename code {was['name']!r} to {name!r}",
                    lambda coder: codebook.rename(code=uuid, name=name, coder=coder),
                )
            )
        if now["color"] != was["color"]:
            color = now["color"]
            steps.append(
                (
                    f"Recolour code {now['name'] or was['name']!r}",
                    lambda coder: codebook.recolor(code=uuid, color=color, coder=coder),
                )
            )
        changed = {k: now[k] for k in FIELDS if now[k] != was[k]}
        if changed:
            steps.append(
                (
                    f"Define code {now['name'] or was['name']!r}",
                    lambda coder: codebook.define(code=uuid, coder=coder, **changed),
                )
            )
        return steps

    def apply(self) -> bool:
        """Write the pending edits as one undoable step; False if refused (shown inline)."""
        if self.node is None or not self.is_dirty():
            return True
        uuid, name = self.node.uuid, self.node.name
        if run_steps(self.session, f"Edit code {name!r}", self._steps(), self.show_error):
            self._load(force=True)
            self.applied.emit(uuid)
            return True
        return False

    def revert(self) -> None:
        self._load(force=True)

    def _pick_color(self) -> None:
        if self.node is None:
            return
        color = self.choose_color(QColor(self._color))
        if color is not None and color.isValid():
            self._color = color.name()
            self._update_state()

    def _update_state(self, *_: object) -> None:
        dirty = self.is_dirty()
        self.apply_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.apply_button.setDefault(dirty)
        if self._color:
            self.color_button.setIcon(swatch_icon(self._color, 20))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.apply()
            return True
        return super().eventFilter(watched, event)

    def _choose_color_dialog(self, initial: QColor) -> QColor | None:
        color = QColorDialog.getColor(initial, self, "Code colour")
        return color if color.isValid() else None
