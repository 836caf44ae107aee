"""The whole-file check an open leaves for after the first paint (issue 18: SQLite's quick_check
reads every page, half a second at 4×R). The window opens on the header, size and journal
checks; the full check runs on the background job runner with the session busy, so every write
waits until it passes. A damaged file closes the project and takes the damaged-file path of an
open: the newest good backup is offered, judged under the project's lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from workbench.core.errors import CorruptProjectError
from workbench.core.progress import Progress
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import Job, background_runner

if TYPE_CHECKING:
    from workbench.core.project import Project


class CheckedWindow(Protocol):
    @property
    def session(self) -> ProjectSession | None: ...

    @property
    def offer_backup(self) -> Callable[[CorruptProjectError], Path | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    def close_project(self) -> bool: ...

    def open_project(self, path: Path) -> bool: ...


def check_in_background(
    window: CheckedWindow, session: ProjectSession, then: Callable[[], None]
) -> Job | None:
    """Start the check ``session``'s project still owes (None: it owes none); ``then`` is
    called once the file is known to be sound."""
    project = session.project
    if not project.unchecked:
        then()
        return None

    def work(_progress: Progress) -> CorruptProjectError | None:
        try:
            project.check_file()
        except CorruptProjectError as exc:
            return exc
        return None

    job = background_runner().start(work, writing=session)

    def judged(outcome: object) -> None:
        if window.session is not session:
            return
        if isinstance(outcome, CorruptProjectError):
            damaged(window, outcome)
        else:
            then()

    job.succeeded.connect(judged)
    job.failed.connect(
        lambda text: (
            window.session is session
            and window.show_error("Cannot check the project", f"{project.path.name}: {text}")
        )
    )
    return job


def judge_now(project: Project) -> CorruptProjectError | None:
    """A read failed while the project was being shown, before its whole check: the file is
    judged at once (None: it is sound, the failure was something else)."""
    if not project.unchecked:
        return None
    try:
        project.check_file()
    except CorruptProjectError as exc:
        return exc
    return None


def damaged(window: CheckedWindow, error: CorruptProjectError) -> None:
    """The project turned out damaged after it was shown: close it (nothing was written since
    it opened) and offer its newest good backup, as opening a damaged file does."""
    if window.close_project():
        offer_restore(window, error)
    else:
        window.show_error("Damaged project", str(error))


def offer_restore(window: CheckedWindow, error: CorruptProjectError) -> bool:
    """Offer the good backup ``error`` names; True if the restored project was opened."""
    restored = window.offer_backup(error)
    if restored is None:
        window.show_error("Cannot open the project", str(error))
        return False
    return window.open_project(restored)
