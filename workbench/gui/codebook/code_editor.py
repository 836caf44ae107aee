"""The code editor: name, colour and definition of the current code, its counts and memos.

The name and the definition fields save themselves as the user types (``AutosaveField``): each
editing burst is ONE undoable command. Ctrl+Enter saves at once; a colour is saved when chosen.
Switching to another code saves pending edits rather than losing them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.text.wording import counted
from workbench.core.values import CodeNode
from workbench.gui.codebook.code_memos import CodeMemos
from workbench.gui.codebook.codebook_model import COUNT_KINDS
from workbench.gui.operations import codes
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.autosave import AutosaveField
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.conflict_bar import ConflictBar
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel, tip
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

ChooseColor = Callable[[QColor], "QColor | None"]
FIELDS = ("description", "inclusion", "exclusion", "example")
_LABELS = {
    "description": ("Description", "What this code means, in a sentence or two…"),
    "inclusion": ("Inclusion criteria", "When to apply this code…"),
    "exclusion": ("Exclusion criteria", "When not to apply it, and what to use instead…"),
    "example": ("Example", "A typical quote that this code captures…"),
}
_KINDS = frozenset({"codebook", "codings", "media_codings", "cases", "sources", "project"})


class CodeEditor(QWidget):
    """Shows and edits the session's current code (the first of ``codes_selected``)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.session = session
        self.code = ""
        self._wanted = ""  # the code to show once pending edits are saved
        self.node: CodeNode | None = None
        self.choose_color: ChooseColor = self._choose_color_dialog

        self.message = MessageBar("codeEditorMessage")
        self.conflict_bar = ConflictBar("codeEditorConflict")
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
        self.codable_box = QCheckBox("Can be applied to text")
        self.codable_box.setObjectName("codeCodable")
        self.codable_box.setToolTip(
            "Untick for a category that only groups its sub-codes: it cannot be applied to text."
        )
        self.edits: dict[str, QPlainTextEdit] = {}
        self.memos = CodeMemos(session, self.show_error)
        self.empty_label = PlainLabel("Select a code to see and edit its definition.")
        self.empty_label.setObjectName("codeEditorEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(self.path_label.foregroundRole())
        self.empty_label.setPalette(self.path_label.palette())

        self._build()
        registry, show = session.autosave, self._show_error
        self.fields = {
            "name": AutosaveField(
                self.name_edit,
                self._save_name,
                registry,
                what="Code name",
                show_error=show,
                normalize=str.strip,
                theirs_key="name",
            ),
            **{
                key: AutosaveField(
                    edit,
                    partial(self._save_definition, key),
                    registry,
                    what=_LABELS[key][0],
                    show_error=show,
                    theirs_key=key,
                )
                for key, edit in self.edits.items()
            },
        }
        for field in self.fields.values():
            self.conflict_bar.watch(field)
        self.registry = ActionRegistry(self, "Code details")
        self.registry.add(
            ActionSpec(
                "codeEditorApply",
                "Save code edits now",
                self.apply,
                ("Ctrl+Return", "Ctrl+Enter"),
                enabled_when=project_writable,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                on=self,
            )
        )
        self.registry.follow(session)

        self.color_button.clicked.connect(self._pick_color)
        self.codable_box.clicked.connect(self._set_codable)
        session.codes_selected.connect(self._follow)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(lambda: self._load() if self.code else None)
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
        form.addWidget(self.codable_box)
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
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self.message)
        self._scroll = scroll

    # -- which code ---------------------------------------------------------------------------
    def set_code(self, uuid: str) -> None:
        """Show ``uuid`` ("" for none); pending edits of the previous code are saved first
        (when that fails the code stays, with its text and the reason shown)."""
        if uuid == self.code and self.node is not None:
            return
        if not self.apply():
            return
        self.code = uuid
        self._load()

    def _follow(self, uuids: list[str]) -> None:
        uuid = uuids[0] if uuids else ""
        self._wanted = uuid
        if self.is_dirty():  # save after the selection has settled: saving resets the tree
            QTimer.singleShot(0, lambda: self.set_code(self._wanted))
        else:
            self.set_code(uuid)

    def _on_changed(self, changes: Changes) -> None:
        if self.code and changes.kinds <= COUNT_KINDS:
            self._later.start()  # only the counts changed: after the transcript repaints
        elif self.code and changes.kinds & _KINDS:
            self._load()

    def _load(self) -> None:
        """Fill the fields from the project; text still being typed into this code stays."""
        node: CodeNode | None = None
        if self.code:
            try:
                node = self.session.code_node(self.code, counts=True)
            except NotFoundError:
                self.code = ""
        self.node = node
        self.empty_label.setVisible(node is None)
        self._scroll.setVisible(node is not None)
        target = node.uuid if node is not None else None
        for key, field in self.fields.items():
            field.load(target, getattr(node, key) if node is not None else "")
        if node is None:
            self.memos.set_code("")
            return
        self.color_button.setIcon(swatch_icon(node.color, 20))
        self.path_label.setText(" › ".join(node.path.split("/")[:-1]) or "Theme")
        self.path_label.setToolTip(tip(node.path))
        self.counts_label.setText(
            f"{counted(node.total_codings, 'coding')} · {counted(node.total_sources, 'source')}"
            f" · {counted(node.total_cases, 'case')}"
        )
        self.counts_label.setToolTip(
            tip(
                f"On {node.name!r} itself: {counted(node.codings, 'coding')} in "
                f"{counted(node.sources, 'source')}; the counts shown include its sub-codes."
            )
        )
        self.codable_box.setChecked(node.codable)
        if self.memos.code != node.uuid:
            self.memos.set_code(node.uuid)

    # -- edits --------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """Whether a field holds typing not saved yet."""
        return any(field.pending() for field in self.fields.values())

    def _save_name(self, code: str, name: str, burst: str) -> None:
        codes.rename(self.session, code=code, name=name, burst=burst, show=None)

    def _save_definition(self, key: str, code: str, text: str, burst: str) -> None:
        codes.define(
            self.session,
            code=code,
            field=key,
            text=text,
            label=_LABELS[key][0],
            burst=burst,
            show=None,
        )

    def _show_error(self, message: str) -> None:
        self.show_error(message)

    def apply(self) -> bool:
        """Save what is typed now (it also saves itself); False if a save failed."""
        ok = True
        for field in self.fields.values():
            ok = field.finish() and ok
        return ok

    def _pick_color(self) -> None:
        if self.node is None:
            return
        color = self.choose_color(QColor(self.node.color))
        if color is None or not color.isValid() or color.name() == self.node.color:
            return
        codes.recolor(self.session, code=self.node.uuid, color=color.name(), show=self.show_error)

    def _set_codable(self, codable: bool) -> None:
        if self.node is None:
            return
        done = codes.set_codable(
            self.session, code=self.node.uuid, codable=codable, show=self.show_error
        )
        if done is None:  # refused: show what is stored
            self.codable_box.setChecked(self.node.codable)

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
