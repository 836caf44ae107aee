"""The questions around opening a project: a new one, one chosen in a dialog, the demo, a file
another computer holds, and a word of caution about where the file lives."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from workbench.core.errors import ProjectLockedError, WorkbenchError, as_user_error
from workbench.core.project import Project
from workbench.gui.window.settings import WindowSettings


class Opener(Protocol):
    """What opening a project asks and says, and the window's own way to open one."""

    @property
    def settings(self) -> WindowSettings: ...

    @property
    def ask_save_path(self) -> Callable[[str], Path | None]: ...

    @property
    def ask_open_path(self) -> Callable[[], Path | None]: ...

    @property
    def ask_text(self) -> Callable[[str, str, str], str | None]: ...

    @property
    def ask_locked(self) -> Callable[[str, bool], str | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    @property
    def show_warning(self) -> Callable[[str, str], None]: ...

    def busy(self, text: str) -> AbstractContextManager[None]: ...

    def open_project(self, path: Path) -> bool: ...


def new_project(window: Opener) -> None:
    """File → New project: ask where and the name, create it, open it."""
    path = window.ask_save_path("New project")
    if path is None:
        return
    name = window.ask_text("New project", "Project name:", path.stem)
    if name is None:
        return
    try:
        Project.create(path, name=name, coder=window.settings.coder()).close()
    except WorkbenchError as exc:
        window.show_error("Cannot create the project", str(exc))
        return
    window.open_project(path)


def open_project_dialog(window: Opener) -> None:
    path = window.ask_open_path()
    if path is not None:
        window.open_project(path)


def open_demo(window: Opener) -> None:
    from workbench.core.demo import demo_working_copy

    with window.busy("Preparing the demo project…"):
        path = demo_working_copy()
    window.open_project(path)


def open_file(window: Opener, path: Path) -> Project | None:
    """Open ``path``; if it is locked, ask whether to open it read-only or take it over (None:
    neither). Other errors are raised as WorkbenchErrors (a full disk as a DiskFullError)."""
    with window.busy(f"Opening {path.name}…"):
        try:
            return _open(path, read_only=False, takeover=False)
        except ProjectLockedError as exc:
            locked = exc
    choice = window.ask_locked(str(locked), "take it over" in str(locked))
    if choice == "read_only":
        return _open(path, read_only=True, takeover=False)
    if choice == "take_over":
        return _open(path, read_only=False, takeover=True)
    return None


def _open(path: Path, *, read_only: bool, takeover: bool) -> Project:
    try:
        return Project.open(path, read_only=read_only, takeover=takeover, check_later=True)
    except OSError as exc:
        shown = as_user_error(exc, f"opening {path.name}")
        if shown is None:
            raise
        raise shown from exc


def warn_about_location(window: Opener, project: Project) -> None:
    """Once per file: a cloud-synced folder or a network drive deserves a word of caution."""
    warning = project.location_warning()
    key = str(project.path.resolve())
    if warning and not window.settings.location_warned(key):
        window.settings.set_location_warned(key)
        window.show_warning("Where this project lives", warning)
