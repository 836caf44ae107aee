"""File → Take an offline copy…: a project file of the open server project
(``workbench.core.server.snapshot``), written in the background with progress. The copy
remembers the server revision it came from, so its work merges back later."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStatusBar, QWidget

from workbench.core.progress import Progress
from workbench.gui.widgets.jobs import Job, background_runner, follow_in_dialog

if TYPE_CHECKING:
    from workbench.gui.project_session import ProjectSession

TITLE = "Take an offline copy"


class CopyWindow(Protocol):
    @property
    def ask_save_path(self) -> Callable[[str], Path | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...


def take_offline_copy(window: CopyWindow, session: ProjectSession) -> Job | None:
    """Ask where, then write the copy off the GUI thread; say where it went."""
    url = session.project.server_url
    out = window.ask_save_path(TITLE)
    if url is None or out is None:
        return None
    location = url.render_as_string(hide_password=False)  # connects as this window does
    shown = session.project.location

    def work(progress: Progress) -> Path:
        from workbench.core.server.snapshot import snapshot

        return Path(snapshot(location, out, progress=progress))

    job = background_runner().start(work)
    follow_in_dialog(job, window.window(), f"Copying {shown} to {out.name}…", title=TITLE,
                     name="offlineCopyProgress")  # fmt: skip

    def written(path: object) -> None:
        window.statusBar().showMessage(
            f"Offline copy saved as {path}. Work in it anywhere; bring the work back with "
            f"workbench-cli merge {shown} {Path(str(path)).name}. You keep working here.",
            12_000,
        )

    job.succeeded.connect(written)
    job.failed.connect(lambda message: window.show_error("Cannot take an offline copy", message))
    return job
