"""Settling who codes when a project opens: asked on first start, and whenever the project's
coders do not include the name this computer codes under; the coder's record is made then, and
work left under the login name can be given to the chosen coder as one undoable step."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from workbench.core.project import Project
from workbench.core.text.wording import counted
from workbench.core.values import CoderInfo
from workbench.gui.operations import coders as coder_ops
from workbench.gui.widgets.dialogs import Confirm
from workbench.gui.window.settings import WindowSettings, login_name

if TYPE_CHECKING:
    from workbench.gui.project_session import ProjectSession
    from workbench.gui.window.coder_dialog import CoderChoice


class CoderQuestions(Protocol):
    """Who codes here (the settings), the open session, and the two questions asked."""

    @property
    def settings(self) -> WindowSettings: ...

    @property
    def session(self) -> ProjectSession | None: ...

    @property
    def ask_coder(self) -> Callable[[Sequence[CoderInfo], str], CoderChoice]: ...

    @property
    def confirm(self) -> Confirm: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...


def settle_coder(window: CoderQuestions, project: Project) -> CoderChoice:
    """The name to code under in ``project`` (asking when it is not settled); ``ensure_coder``
    then makes its record, so that the first coding does not also create it."""
    from workbench.gui.window.coder_dialog import CoderChoice

    member = server_member(project)
    if member:  # on a server you code as the member you connect as, not a typed name
        return CoderChoice(member)
    current = window.settings.coder()
    if project.read_only:
        return CoderChoice(current)
    coders = project.coders.list()
    chosen_before = window.settings.coder_is_set() or bool(os.environ.get("WORKBENCH_CODER"))
    if not chosen_before or (coders and current not in {c.name for c in coders}):
        choice = window.ask_coder(coders, current)
        window.settings.set_coder(choice.name)
        return choice
    return CoderChoice(current)


def ensure_coder(project: Project, choice: CoderChoice) -> None:
    """Make the chosen coder's record (nothing for a read-only project); a refusal is raised.
    Call it once the project may be written: after ``Project.check_file`` when the open left
    the whole-file check for later (nothing is written to a file not known sound)."""
    if not project.read_only and not server_member(project):  # a member's row is the server's
        coder_ops.ensure(project, name=choice.name, color=choice.color)


def offer_login_work(window: CoderQuestions) -> None:
    """If work was done here under the login name before a name was chosen, offer to give it to
    the chosen coder (one undoable step)."""
    session = window.session
    if session is None or session.project.read_only or server_member(session.project):
        return
    login = login_name()
    if login == session.coder:
        return
    work = session.project.coders.work_of(login)
    if work.empty:
        return
    parts = [counted(work.codings, "coding"), counted(work.annotations, "annotation")]
    parts += [counted(work.memos, "memo"), counted(work.done_marks, "done mark")]
    question = (
        f"This project holds work made under the login name {login!r}: {', '.join(parts)}. "
        f"Give it to {session.coder!r}? (Edit → Undo takes it back.)"
    )
    if not window.confirm("Work under your login name", question):
        return
    coder_ops.take_over(
        session,
        old=login,
        show=lambda message: window.show_error("Work under your login name", message),
    )


def server_member(project: Project) -> str:
    """The member name a server project codes under ("" for a file, or a login that is no
    member: the publisher before anyone was added)."""
    return project.member.name if project.member is not None else ""
