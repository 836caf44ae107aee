"""Shared helpers for main-window tests: an isolated window and small database queries."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from workbench.core.project import Project
from workbench.gui.widgets.jobs import background_runner
from workbench.gui.window.coder_dialog import CoderChoice
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings

EMOJI_TEXT = (
    "Interviewer: How did it start? 😀\n\n"
    "P26: We met on Zoom 👩‍💻 and then my mentor showed me Slack. It was great.\n"
)


def isolated_settings(folder: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))


def make_window(
    settings: WindowSettings, path: Path | None = None, *, checked: bool = True
) -> MainWindow:
    """A shown window (on ``path`` if given); asked who codes, it keeps the suggested name.
    ``checked``: returns once the background whole-file check has passed (edits wait for it)."""
    window = MainWindow(settings=settings)
    window.ask_coder = lambda _coders, suggested: CoderChoice(suggested)
    window.resize(1600, 1000)
    window.show()
    if path is not None:
        assert window.open_project(path)
        if checked:
            wait_for_file_check(window)
    return window


def wait_for_file_check(window: MainWindow, seconds: float = 30) -> None:
    """Until the project open in ``window`` is no longer busy with its whole-file check. Only
    the job's queued signals are delivered meanwhile (no paint or timer events: the test goes
    on from the state open_project left)."""
    deadline = time.monotonic() + seconds
    while window.session is not None and window.session.busy:
        assert time.monotonic() < deadline, "the file check did not end"
        background_runner().wait(50)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


def add_emoji_source(path: Path) -> None:
    with Project.open(path) as project:
        project.sources.add(name="P26 emoji", text=EMOJI_TEXT, coder="Maya Chen")


def spans(window: MainWindow, source: str, code: str) -> list[tuple[int, int]]:
    assert window.session is not None
    return sorted(
        (c.start, c.end)
        for c in window.session.project.codings.of_source(source)
        if c.code_uuid == code
    )
