"""Opening a project on a server, off the GUI thread: the address (asked, or a recent one),
the password the server asks for (kept in the OS keyring when the user says so), a progress
dialog while it connects, and a clear message when it cannot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

from workbench.core.errors import PasswordRequiredError
from workbench.core.progress import Progress
from workbench.core.project import Project
from workbench.gui.server import passwords
from workbench.gui.server.address import ServerAddress
from workbench.gui.server.dialogs import OPEN_TITLE, PasswordAnswer
from workbench.gui.widgets.jobs import Job, background_runner, follow_in_dialog
from workbench.gui.window.settings import WindowSettings


class ServerOpener(Protocol):
    """What opening from a server uses of the main window."""

    @property
    def settings(self) -> WindowSettings: ...

    @property
    def ask_server_address(
        self,
    ) -> Callable[[ServerAddress | None, str], ServerAddress | None]: ...

    @property
    def ask_server_password(self) -> Callable[[ServerAddress, str], PasswordAnswer | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    def adopt_project(self, project: Project) -> bool: ...

    def window(self) -> QWidget: ...


def open_from_server(window: ServerOpener) -> Job | None:
    """File → Open from server…: ask the address (the last one filled in) and open it."""
    recent = window.settings.recent_servers()
    address = window.ask_server_address(
        ServerAddress.parse(recent[0]) if recent else None, OPEN_TITLE
    )
    if address is None:
        return None
    return open_server(window, address)


def open_location(window: ServerOpener, location: str) -> Job | None:
    """Open the server project at ``location`` (a ``postgresql://`` URL, e.g. a recent one or
    the command line's). A password in the URL is used, never stored."""
    try:
        address = ServerAddress.parse(location)
    except ValueError as exc:
        window.show_error("Cannot open the project", str(exc))
        return None
    return open_server(window, address, password=ServerAddress.password_in(location))


def open_server(
    window: ServerOpener,
    address: ServerAddress,
    *,
    password: str | None = None,
    remember: bool = False,
) -> Job:
    """Connect in the background; the window adopts the project when it opened. A password
    the server wants is asked (a kept one that it refused is forgotten first)."""
    kept = password is None
    if password is None:
        password = passwords.stored(address)  # None: libpq's PGPASSWORD or ~/.pgpass
    location = address.with_password(password)

    def work(_progress: Progress) -> Project | PasswordRequiredError:
        try:
            return Project.open(location)
        except PasswordRequiredError as exc:
            return exc  # answered on the GUI thread: ask for it

    job = background_runner().start(work)
    follow_in_dialog(
        job,
        window.window(),
        f"Connecting to {address.label}…",
        title="Opening from server",
        name="serverOpenProgress",
        can_cancel=False,
    )

    def opened(result: object) -> None:
        if isinstance(result, PasswordRequiredError):
            answer = ask_again(window, address, result, forget=kept and password is not None)
            if answer is not None:
                open_server(window, address, password=answer.password, remember=answer.remember)
            return
        assert isinstance(result, Project)
        if remember and password:
            passwords.remember(address, password)
        window.settings.add_recent_server(address.location)
        if not window.adopt_project(result):
            result.close()

    job.succeeded.connect(opened)
    job.failed.connect(lambda message: window.show_error("Cannot open the project", message))
    return job


def ask_again(
    window: ServerOpener, address: ServerAddress, refused: PasswordRequiredError, *, forget: bool
) -> PasswordAnswer | None:
    """The server wants a password (or refused the one given): ask for it. ``forget``: the
    refused one came from the keyring, which no longer keeps it."""
    if forget:
        passwords.forget(address)
    return window.ask_server_password(address, str(refused))
