"""File → Publish to server…: the open project file becomes a project on a PostgreSQL server
(``workbench.core.server.publish``), in the background with progress; the window then opens
the server project. The file is closed while it is copied (publishing takes its lock) and
opened again when publishing fails or is cancelled."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from workbench.core.errors import PasswordRequiredError
from workbench.core.progress import Progress
from workbench.gui.server import passwords
from workbench.gui.server.address import ServerAddress
from workbench.gui.server.dialogs import PUBLISH_TITLE
from workbench.gui.server.opening import ServerOpener, ask_again, open_server
from workbench.gui.widgets.jobs import Job, background_runner, follow_in_dialog


class Publisher(ServerOpener, Protocol):
    """What publishing uses of the main window (besides what opening uses)."""

    @property
    def session(self) -> object | None: ...

    def close_project(self) -> bool: ...

    def open_project(self, path: Path | str) -> bool: ...


def database_name(path: Path) -> str:
    """A database name suggested for the project file ``path`` (lower case, ``_`` between)."""
    return re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")[:63] or "project"


def publish_to_server(window: Publisher, path: Path, coder: str) -> Job | None:
    """Ask where (the last server, a database named after the file), close the file, publish
    it as ``coder`` (the owner member), then open the server project."""
    recent = window.settings.recent_servers()
    last = ServerAddress.parse(recent[0]) if recent else ServerAddress()
    suggested = ServerAddress(last.host, last.port, database_name(path), last.user, last.sslmode)
    address = window.ask_server_address(suggested, PUBLISH_TITLE)
    if address is None or not window.close_project():
        return None
    return publish_file(window, path, address, coder)


def publish_file(
    window: Publisher,
    path: Path,
    address: ServerAddress,
    coder: str,
    *,
    password: str | None = None,
    remember: bool = False,
) -> Job:
    """Publish ``path`` at ``address`` in the background (see ``publish_to_server``)."""
    from workbench.core.server.publish import publish

    kept = password is None
    if password is None:
        password = passwords.stored(address)
    location = address.with_password(password)

    def work(progress: Progress) -> str | PasswordRequiredError:
        try:
            return publish(path, location, progress=progress, owner=coder)
        except PasswordRequiredError as exc:
            return exc

    job = background_runner().start(work)
    follow_in_dialog(
        job,
        window.window(),
        f"Publishing {path.name} to {address.label}…",
        title=PUBLISH_TITLE,
        name="publishProgress",
    )

    def published(result: object) -> None:
        if isinstance(result, PasswordRequiredError):
            answer = ask_again(window, address, result, forget=kept and password is not None)
            if answer is None:
                window.open_project(path)
            else:
                publish_file(
                    window, path, address, coder, password=answer.password, remember=answer.remember
                )
            return
        open_server(window, address, password=password, remember=remember)

    def failed(message: str) -> None:
        window.show_error("Cannot publish the project", message)
        window.open_project(path)  # the file is as it was: work goes on there

    job.succeeded.connect(published)
    job.failed.connect(failed)
    job.cancelled.connect(lambda: window.open_project(path))
    return job
