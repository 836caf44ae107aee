"""The document view's edits: each one is ONE undoable step through ``gui/operations``."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from workbench.core.changes import Changes
from workbench.core.text.replace import Replacement
from workbench.core.values import CodeNode, CodingInfo
from workbench.gui.document.range_dialog import RangeDialog
from workbench.gui.document.roles import Selecting
from workbench.gui.document.text_units import in_vivo_name
from workbench.gui.operations import annotations as annotation_ops
from workbench.gui.operations import codes, codings, sources
from workbench.gui.operations.run import together
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import get_item, get_text
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

if TYPE_CHECKING:
    from workbench.gui.document.layer import ShownAnnotation
    from workbench.gui.document.loaded import LoadedSource

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


class Edited(Selecting, Protocol):
    """What the edits read of the view: the source, its codes and codings, the coder's session,
    the questions they ask, and where they report."""

    @property
    def source(self) -> str: ...

    @property
    def loaded(self) -> LoadedSource: ...

    @property
    def codes(self) -> dict[str, CodeNode]: ...

    @property
    def session(self) -> ProjectSession: ...

    @property
    def message(self) -> SignalInstance: ...

    @property
    def edit_mode(self) -> bool: ...

    @property
    def ask_text(self) -> AskText: ...

    @property
    def choose_code(self) -> ChooseCode: ...

    @property
    def ask_range(self) -> AskRange: ...

    def loaded_coding(self, coding: str) -> CodingInfo | None: ...


class CodingEditor:
    """Turns the view's selection and the user's answers into operations."""

    def __init__(self, view: Edited, parent: QWidget) -> None:
        self.view = view
        self.registry = ActionRegistry(parent, "Transcript")
        spec = ActionSpec(
            "correctSelection",
            "Correct selection…",
            self.correct_text,
            enabled_when=project_writable,
        )
        self.correct_action = self.registry.add(spec)
        self.correct_action.setEnabled(False)
        self.registry.follow(view.session)

    @property
    def _session(self) -> ProjectSession:
        return self.view.session

    def _show(self, message: str) -> None:
        self.view.message.emit(message)

    def _noted(self, changes: Changes | None) -> Changes | None:
        for note in changes.messages if changes is not None else ():
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
        session = self._session
        with together(session, f"Code with {len(codes)} codes", self._show, count=len(codes)):
            for code in codes:
                self._apply(code, *chosen)

    def _apply(self, code: str, start: int, end: int) -> None:
        codings.apply(
            self._session,
            code=code,
            source=self.view.source,
            start=start,
            end=end,
            show=self._show,
        )

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
        existing = next(
            (n for n in self.view.codes.values() if n.parent_uuid is None and n.name == name), None
        )
        with together(self._session, f"Code in vivo {name!r}", self._show):
            code = existing.uuid if existing is not None else str(uuid_module.uuid4())
            if existing is None:
                codes.add(self._session, name=name, uuid=code, show=self._show)
            self._apply(code, *chosen)

    def remove_coding(self, coding: str) -> None:
        label = self._label(coding)
        self._noted(codings.remove(self._session, coding=coding, label=label, show=self._show))

    def change_code(self, coding: str) -> None:
        info = self.view.loaded_coding(coding)
        if info is None:
            return
        codes = sorted(self.view.codes.values(), key=lambda n: n.path.casefold())
        target = self.view.choose_code(codes, info.code_uuid)
        if not target or target == info.code_uuid:
            return
        label = self._label(coding)
        self._noted(
            codings.change_code(
                self._session, coding=coding, code=target, label=label, show=self._show
            )
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
        label = self._label(coding)
        self._noted(
            codings.set_range(
                self._session, coding=coding, start=start, end=end, label=label, show=self._show
            )
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
        self._noted(
            annotation_ops.add(
                self._session,
                source=source,
                start=chosen[0],
                end=chosen[1],
                text=text,
                show=self._show,
            )
        )

    def edit_note(self, note: ShownAnnotation) -> None:
        """Change a note's text (double-click its marker in the gutter)."""
        text = self.view.ask_text("Edit note", f"Note by {note.coder}:", note.text)
        if not text or not text.strip() or text == note.text:
            return
        annotation_ops.edit(
            self._session, annotation=note.uuid, text=text, shown=note.version, show=self._show
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
        changes = self._noted(
            sources.correct_text(
                self._session,
                source=source,
                replacements=[Replacement(chosen[0], chosen[1], new)],
                show=self._show,
            )
        )
        if changes is not None:
            self.view.select_range(chosen[0], chosen[0] + len(new))
            if not changes.messages:
                self.view.message.emit("Text corrected; codings moved with it.")
