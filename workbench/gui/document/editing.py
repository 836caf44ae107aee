"""The document view's edits: each one is ONE undoable command through the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.text.replace import Replacement
from workbench.core.values import Changes, CodeNode
from workbench.gui.document.range_dialog import RangeDialog
from workbench.gui.document.text_units import in_vivo_name
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import get_item, get_text

if TYPE_CHECKING:
    from workbench.gui.document.document_view import DocumentView

AskText = Callable[[str, str, str], "str | None"]  # (title, label, initial) -> text
ChooseCode = Callable[[list[CodeNode], str], "str | None"]  # (codes, current code) -> code uuid
AskRange = Callable[[str, int, int, str], "tuple[int, int] | None"]  # (text, start, end, title)


def default_ask_text(parent: QWidget) -> AskText:
    def ask(title: str, label: str, initial: str) -> str | None:
        text, ok = get_text(parent, title, label, initial, multiline=True)
        return text if ok else None

    return ask


def default_choose_code(parent: QWidget) -> ChooseCode:
    def choose(codes: list[CodeNode], current: str) -> str | None:
        paths = [node.path for node in codes]
        now = next((i for i, node in enumerate(codes) if node.uuid == current), 0)
        path, ok = get_item(parent, "Change code", "Move the coding to:", paths, now, False)
        return codes[paths.index(path)].uuid if ok and path in paths else None

    return choose


def default_ask_range(parent: QWidget) -> AskRange:
    def ask(text: str, start: int, end: int, title: str) -> tuple[int, int] | None:
        return RangeDialog.ask(parent, text, start, end, title)

    return ask


class CodingEditor:
    """Turns the view's selection and the user's answers into session commands."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.correct_action = QAction("Correct selection…", view)
        self.correct_action.setObjectName("correctSelectionAction")
        self.correct_action.setEnabled(False)
        self.correct_action.triggered.connect(self.correct_text)

    @property
    def _session(self) -> ProjectSession:
        return self.view.session

    def _abandon_macro(self) -> None:
        """Drop the macro just ended (a step of it failed): undo it and remove it from the stack."""
        stack = self._session.undo_stack
        command = stack.command(stack.index() - 1)
        if command is not None:
            command.setObsolete(True)
            stack.undo()

    def _run(self, text: str, action: Callable[[str], Changes]) -> Changes | None:
        try:
            changes = self._session.execute(text, action)
        except WorkbenchError as exc:
            self.view.message.emit(str(exc))
            return None
        for note in changes.messages:
            self.view.message.emit(note)
        return changes

    def _selection(self, what: str) -> tuple[int, int] | None:
        chosen = self.view.selection_range()
        if chosen is None:
            self.view.message.emit(f"Select some text to {what}.")
        return chosen

    # -- coding ---------------------------------------------------------------------------------
    def apply_codes(self, codes: list[str]) -> None:
        """Apply codes to the selection (several codes: one undoable step)."""
        chosen = self._selection("code")
        if chosen is None or not codes:
            return
        stack = self._session.undo_stack
        if len(codes) > 1:
            stack.beginMacro(f"Code with {len(codes)} codes")
        try:
            for code in codes:
                try:
                    self._session.apply_code(
                        code=code, source=self.view.source, start=chosen[0], end=chosen[1]
                    )
                except WorkbenchError as exc:
                    self.view.message.emit(str(exc))
                    break
        finally:
            if len(codes) > 1:
                stack.endMacro()

    def apply_last_code(self) -> None:
        if not self._session.recent_codes:
            self.view.message.emit("No code applied yet: choose one with “Code with…”.")
            return
        self.apply_codes([self._session.recent_codes[0]])

    def code_in_vivo(self) -> None:
        """A new top-level code named by the selected words, applied to them: one undo step."""
        chosen = self._selection("code in vivo")
        if chosen is None:
            return
        name = in_vivo_name(self.view.loaded.text[chosen[0] : chosen[1]])
        if not name:
            self.view.message.emit("The selection has no words to name a code.")
            return
        project = self._session.project
        existing = next(
            (n for n in self.view.codes.values() if n.parent_uuid is None and n.name == name), None
        )
        stack = self._session.undo_stack
        stack.beginMacro(f"Code in vivo {name!r}")
        failed = True
        try:
            if existing is not None:
                code = existing.uuid
            else:
                code = self._session.execute(
                    f"Add code {name!r}", lambda coder: project.codebook.add(name=name, coder=coder)
                ).created[0]
            self._session.apply_code(
                code=code, source=self.view.source, start=chosen[0], end=chosen[1]
            )
            failed = False
        except WorkbenchError as exc:
            self.view.message.emit(str(exc))
        finally:
            stack.endMacro()
            if failed:
                self._abandon_macro()

    def remove_coding(self, coding: str) -> None:
        label = self._label(coding)
        self._run(
            f"Remove coding {label}",
            lambda coder: self._session.project.codings.remove(codings=[coding], coder=coder),
        )

    def change_code(self, coding: str) -> None:
        info = self.view.loaded_coding(coding)
        if info is None:
            return
        codes = sorted(self.view.codes.values(), key=lambda n: n.path.casefold())
        target = self.view.choose_code(codes, info.code_uuid)
        if not target or target == info.code_uuid:
            return
        self._run(
            f"Change code of {self._label(coding)}",
            lambda coder: self._session.project.codings.change_code(
                coding=coding, code=target, coder=coder
            ),
        )

    def adjust_range(self, coding: str) -> None:
        info = self.view.loaded_coding(coding)
        if info is None:
            return
        chosen = self.view.ask_range(
            self.view.loaded.text, info.start, info.end, f"Range of {self._label(coding)}"
        )
        if chosen is not None:
            self.set_range(coding, *chosen)

    def set_range(self, coding: str, start: int, end: int) -> None:
        self._run(
            f"Adjust range of {self._label(coding)}",
            lambda coder: self._session.project.codings.set_range(
                coding=coding, start=start, end=end, coder=coder
            ),
        )

    def _label(self, coding: str) -> str:
        info = self.view.loaded_coding(coding)
        node = self.view.codes.get(info.code_uuid) if info else None
        return repr(node.name) if node else "coding"

    # -- annotations and corrections --------------------------------------------------------------
    def annotate(self) -> None:
        chosen = self._selection("annotate")
        if chosen is None:
            return
        excerpt = " ".join(self.view.loaded.text[chosen[0] : chosen[1]].split())
        text = self.view.ask_text("Annotate", f"Note on “{excerpt[:60]}”:", "")
        if not text or not text.strip():
            return
        source = self.view.source
        self._run(
            "Annotate",
            lambda coder: self._session.project.annotations.add(
                source=source, start=chosen[0], end=chosen[1], text=text, coder=coder
            ),
        )

    def correct_text(self) -> None:
        """Replace the selected text (edit mode); codings and notes move with the text."""
        if not self.view.edit_mode:
            self.view.message.emit("Turn on edit mode to correct the text.")
            return
        chosen = self._selection("correct")
        if chosen is None:
            return
        old = self.view.loaded.text[chosen[0] : chosen[1]]
        new = self.view.ask_text("Correct text", "Replace the selected text with:", old)
        if new is None or new == old:
            return
        source = self.view.source
        changes = self._run(
            "Correct text",
            lambda coder: self._session.project.sources.replace_text(
                source=source, replacements=[Replacement(chosen[0], chosen[1], new)], coder=coder
            ),
        )
        if changes is not None:
            self.view.select_range(chosen[0], chosen[0] + len(new))
            if not changes.messages:
                self.view.message.emit("Text corrected; codings moved with it.")
