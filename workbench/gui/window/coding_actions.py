"""Code-menu and View-menu work of the main window that needs a question first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar

from workbench.core.changes import Changes
from workbench.core.services import autocode
from workbench.core.text.wording import counted
from workbench.core.values import CodeNode
from workbench.gui.operations import codings
from workbench.gui.operations.run import ShowMessage

if TYPE_CHECKING:
    from workbench.gui.codebook.code_chooser import ChooseCode
    from workbench.gui.project_session import ProjectSession
    from workbench.gui.server.text_lease import TextLease
    from workbench.gui.window.desk import CodingDesk


class NamedActions(Protocol):
    @property
    def actions(self) -> dict[str, QAction]: ...


class CodingWindow(Protocol):
    """The open project and its desk, the questions asked first, and where results are told."""

    @property
    def session(self) -> ProjectSession | None: ...

    @property
    def desk(self) -> CodingDesk | None: ...

    @property
    def menus(self) -> NamedActions: ...

    @property
    def choose_code(self) -> ChooseCode: ...

    @property
    def ask_item(self) -> Callable[[str, str, list[str], str], str | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    @property
    def text_lease(self) -> TextLease | None: ...  # a server project's text lease

    def with_desk(self, call: Callable[[CodingDesk], object]) -> None: ...

    def statusBar(self, /) -> QStatusBar: ...


def code_document(window: CodingWindow) -> None:
    if window.session is None or window.desk is None or not window.desk.document.source:
        return
    source = window.desk.document.source
    code = window.choose_code("Code the whole document with…", _codes(window))
    if code is None:
        return
    _report(
        window,
        "Code the whole document",
        codings.code_whole_source(
            window.session,
            source=source,
            code=code,
            show=_shower(window, "Code the whole document"),
        ),
    )


def code_speaker(window: CodingWindow) -> None:
    if window.session is None or window.desk is None or not window.desk.document.source:
        return
    source = window.desk.document.source
    project = window.session.project
    speakers = list(dict.fromkeys(t.speaker for t in autocode.source_turns(project, source)))
    if not speakers:
        window.statusBar().showMessage("This source has no speaker turns.", 6000)
        return
    speaker = window.ask_item("Code a speaker's turns", "Speaker:", speakers, speakers[-1])
    if speaker is None:
        return
    code = window.choose_code(f"Code every turn of {speaker} with…", _codes(window))
    if code is None:
        return
    text = f"Code every turn of {speaker}"
    _report(
        window,
        text,
        codings.code_speaker_turns(
            window.session,
            source=source,
            speaker=speaker,
            code=code,
            show=_shower(window, text),
        ),
    )


def _codes(window: CodingWindow) -> list[CodeNode]:
    assert window.session is not None
    return list(window.session.code_nodes().values())


def _shower(window: CodingWindow, title: str) -> ShowMessage:
    return lambda message: window.show_error(title, message)


def _report(window: CodingWindow, text: str, changes: Changes | None) -> None:
    if changes is None:
        return
    window.statusBar().showMessage(
        f"{text}: {counted(len(changes.created), 'coding')} added.", 6000
    )


def toggle_edit_mode(window: CodingWindow) -> None:
    on = window.menus.actions["editMode"].isChecked()
    lease = window.text_lease  # on a server: one coder corrects a text at a time
    if lease is not None and window.desk is not None:
        why = lease.take(window.desk.document.source) if on else ""
        if not on:
            lease.release()
        if why:
            window.menus.actions["editMode"].setChecked(False)
            window.show_error("The text cannot be corrected now", why)
            return
    window.with_desk(lambda d: d.document.set_edit_mode(on))
    window.statusBar().showMessage(
        "Edit mode: select a word and choose “Correct selection…” from the right-click menu."
        if on
        else "Edit mode off.",
        6000,
    )


def set_highlight_filter(window: CodingWindow, mode: str) -> None:
    if window.desk is None or window.session is None:
        return
    window.session.set_comparison(None)  # the usual view again
    coder = None
    if mode == "coder":
        names = [c.name for c in window.session.project.coders.list()]
        coder = window.ask_item("Show one coder's codings", "Coder:", names, window.session.coder)
        if coder not in names:
            window.menus.actions["filterAll"].setChecked(True)
            mode, coder = "all", None
    window.desk.document.set_filter(mode, coder=coder)
    shown = {"all": "all codings", "selected": "the selected codes' codings"}
    window.statusBar().showMessage(f"Showing {shown.get(mode) or f'the codings of {coder}'}.", 5000)
