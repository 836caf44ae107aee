"""The disagreements between coders: a list to step through (F8 / Shift+F8), the transcript
showing the coders side by side with every disagreement marked, and a consensus resolution for
each (keep one coder's coding, both, neither, or an adjusted range) as one undoable command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.teamwork import Disagreement, Resolution
from workbench.gui.comparison import Comparison
from workbench.gui.document.range_dialog import RangeDialog
from workbench.gui.operations import teamwork
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import PlainLabel, tip
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec

AskRange = Callable[[QWidget | None, str, int, int, str], "tuple[int, int] | None"]
"""(parent, source text, start, end, title) → the agreed range, or None if cancelled."""
ShowError = Callable[[QWidget | None, str, str], None]
Selection = Callable[[], "tuple[str, int, int] | None"]
"""The transcript's selection as (source uuid, start, end), if any."""


def ask_adjusted_range(
    parent: QWidget | None, text: str, start: int, end: int, title: str
) -> tuple[int, int] | None:
    dialog = RangeDialog(text, start, end, title, parent)
    dialog.setWindowTitle("Agree on a range")
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def describe(d: Disagreement) -> str:
    who = ", ".join(n for n, r in d.ranges.items() if r) or "nobody"
    return f"{d.source} · {d.code_path} · {d.start}–{d.end} · coded by {who}"


class DisagreementsView(QWidget):
    """Lists disagreements, shows them in the transcript and resolves them by consensus."""

    resolved = Signal()  # a resolution was made (or failed): the caller recomputes

    def __init__(
        self, session: ProjectSession, show_error: ShowError, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.registry = ActionRegistry(self, "Agreement")
        self.session = session
        self.show_error = show_error
        self.ask_range: AskRange = ask_adjusted_range
        self.selection: Selection = lambda: None
        self.coders: tuple[str, ...] = ()
        self.items: list[Disagreement] = []
        self._busy = False
        self._build()
        session.comparison_changed.connect(self._comparison_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.label = PlainLabel("Disagreements")
        header.addWidget(self.label, 1)
        self.previous_button = self._button("◀ Previous", "agreementPrevious", "Shift+F8")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = self._button("Next ▶", "agreementNext", "F8")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.compare_button = self._button("Side by side", "agreementSideBySide")
        self.compare_button.setCheckable(True)
        self.compare_button.setChecked(True)
        self.compare_button.setToolTip(
            "Show the transcript with each coder's stripes in a column of their own and every "
            "disagreement marked in red"
        )
        self.compare_button.toggled.connect(lambda _on: self._show_comparison())
        for button in (self.previous_button, self.next_button, self.compare_button):
            header.addWidget(button)
        layout.addLayout(header)
        self.list = QListWidget()
        self.list.setObjectName("agreementDisagreements")
        self.list.currentRowChanged.connect(self._on_current)
        self.list.setMinimumHeight(44)  # the dock it shares with other panels stays small
        layout.addWidget(self.list, 1)
        self.resolve_row = QHBoxLayout()
        self.keep_buttons: dict[str, QPushButton] = {}
        self.both_button = self._button("Both", "resolveBoth")
        self.both_button.setToolTip("Everything any coder coded here, for every coder")
        self.both_button.clicked.connect(lambda: self.resolve_current("both"))
        self.neither_button = self._button("Neither", "resolveNeither")
        self.neither_button.setToolTip("Remove the code here for every coder")
        self.neither_button.clicked.connect(lambda: self.resolve_current("neither"))
        self.adjust_button = self._button("Adjust range…", "resolveAdjust")
        self.adjust_button.setToolTip(
            "Agree on one range for every coder (select it in the transcript first, or set it "
            "in the dialog)"
        )
        self.adjust_button.clicked.connect(self.adjust_current)
        self.resolve_row.addStretch(1)
        for button in (self.both_button, self.neither_button, self.adjust_button):
            self.resolve_row.addWidget(button)
        layout.addLayout(self.resolve_row)
        self._sync()

    def _button(self, text: str, name: str, shortcut: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        if shortcut:
            # An action, not the button's own shortcut (which clicks after an animation).
            self.registry.add(
                ActionSpec(
                    f"{name}Key",
                    f"{text.strip('◀▶ ')} disagreement",
                    button.click,
                    shortcut,
                    context=Qt.ShortcutContext.WindowShortcut,
                    on=self,
                )
            )
            button.setToolTip(f"{text.strip('◀▶ ')} disagreement ({shortcut})")
        return button

    # -- contents -------------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._sync()

    def set_disagreements(self, coders: tuple[str, ...], found: list[Disagreement]) -> None:
        """Show ``found``, staying near the disagreement that was selected."""
        keep = self.current()
        self.coders = coders
        self.items = list(found)
        self._rebuild_keep_buttons(coders)
        self.list.blockSignals(True)
        self.list.clear()
        for d in found:
            item = QListWidgetItem(describe(d))
            item.setToolTip(
                tip(
                    "\n".join(
                        f"{n}: {', '.join(f'{a}–{b}' for a, b in r) or 'not coded'}"
                        for n, r in d.ranges.items()
                    )
                )
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.label.setText(f"Disagreements ({len(found)})")
        if found:
            self.list.setCurrentRow(self._place(found, keep))
        else:
            self._sync()
            self._show_comparison()

    def _place(self, found: list[Disagreement], keep: Disagreement | None) -> int:
        """Where to be in a new list: near the disagreement that was selected, else at the
        first one in the source being read, else at the first."""
        if keep is not None:
            here = (keep.source, keep.start)
            later = [i for i, d in enumerate(found) if (d.source, d.start) >= here]
            return later[0] if later else len(found) - 1
        reading = self.session.current_source
        return next((i for i, d in enumerate(found) if d.source_uuid == reading), 0)

    def _rebuild_keep_buttons(self, coders: tuple[str, ...]) -> None:
        if tuple(self.keep_buttons) == coders:
            return
        for button in self.keep_buttons.values():
            self.resolve_row.removeWidget(button)
            button.deleteLater()
        self.keep_buttons = {}
        for i, name in enumerate(coders):
            button = QPushButton(f"Keep {name}")
            button.setObjectName(f"resolveKeep{chr(65 + i) if i < 26 else i}")
            button.setToolTip(tip(f"{name}'s coding is right: every coder gets it"))
            button.clicked.connect(lambda _=False, n=name: self.resolve_current("keep", keep=n))
            self.resolve_row.insertWidget(i, button)
            self.keep_buttons[name] = button

    def current(self) -> Disagreement | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def step(self, delta: int) -> None:
        """Go to the next (``delta`` 1) or previous (-1) disagreement."""
        row = self.list.currentRow() + delta
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _sync(self) -> None:
        selected = self.current() is not None and not self._busy
        buttons = (*self.keep_buttons.values(), self.both_button, self.neither_button)
        for button in (*buttons, self.adjust_button):
            button.setEnabled(selected)
        row = self.list.currentRow()
        self.previous_button.setEnabled(row > 0)
        self.next_button.setEnabled(0 <= row < self.list.count() - 1)

    def _on_current(self, _row: int) -> None:
        self._sync()
        self._show_comparison()
        d = self.current()
        if d is not None:
            self.session.navigate_requested.emit(d.source_uuid, d.start, d.end)

    # -- the transcript -------------------------------------------------------------------------
    def _show_comparison(self) -> None:
        if not self.compare_button.isChecked() or len(self.coders) < 2:
            if self.session.comparison is not None:
                self.session.set_comparison(None)
            return
        d = self.current()
        self.session.set_comparison(
            Comparison.of(
                self.coders,
                ((x.source_uuid, x.start, x.end) for x in self.items),
                (d.source_uuid, d.start, d.end) if d is not None else None,
            )
        )

    def _comparison_changed(self, comparison: object) -> None:
        if comparison is None and self.compare_button.isChecked() and self.items:
            self.compare_button.blockSignals(True)  # the user chose another view
            self.compare_button.setChecked(False)
            self.compare_button.blockSignals(False)

    # -- resolving ------------------------------------------------------------------------------
    def adjust_current(self) -> Changes | None:
        """Resolve with a range agreed in a dialog: the transcript's selection if it overlaps
        the disagreement, else the disagreement's whole extent, to adjust."""
        d = self.current()
        if d is None:
            return None
        start, end = d.start, d.end
        here = self.selection()
        if here is not None and here[0] == d.source_uuid and here[1] < d.end and d.start < here[2]:
            start, end = here[1], here[2]
        text = self.session.project.sources.text(d.source_uuid)
        chosen = self.ask_range(self, text, start, end, f"{d.code_path} in {d.source}")
        if chosen is None:
            return None
        return self.resolve_current("adjust", start=chosen[0], end=chosen[1])

    def resolve_current(
        self,
        resolution: Resolution,
        *,
        keep: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Changes | None:
        """Resolve the selected disagreement as one undoable command."""
        d = self.current()
        if d is None:
            return None
        changes = teamwork.resolve_disagreement(
            self.session,
            d,
            resolution=resolution,
            keep=keep,
            start=start,
            end=end,
            show=lambda message: self.show_error(self, "Resolve disagreement", message),
        )
        self.resolved.emit()
        return changes
