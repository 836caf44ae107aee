"""Opening a project in the window when its lock file is odd or the disk is full: a clear
message, never a crash."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core import lockfile
from workbench.core.lockfile import lock_path


def test_a_lock_that_is_a_folder_is_explained_and_read_only_offered(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    lock_path(demo_path).mkdir()
    window = make_window(isolated_settings(tmp_path))
    qtbot.addWidget(window)
    asked: list[str] = []
    window.ask_locked = lambda text, _take: asked.append(text) or "read_only"
    assert window.open_project(demo_path)
    assert "demo.qwb.lock is a folder" in asked[0]
    assert "[read-only]" in window.windowTitle()
    window.close_project()


def test_a_full_disk_while_taking_the_lock_says_so(
    qtbot: QtBot, tmp_path: Path, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kw: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lockfile.os, "write", full)
    window = make_window(isolated_settings(tmp_path))
    qtbot.addWidget(window)
    errors: list[str] = []
    window.show_error = lambda _title, text: errors.append(text)
    assert not window.open_project(demo_path)
    assert errors and "not enough disk space for" in errors[0]
    assert sorted(p.name for p in demo_path.parent.iterdir() if "demo" in p.name) == ["demo.qwb"]


def test_a_full_disk_in_a_background_job_says_so() -> None:
    from workbench.gui.widgets.jobs import failure_text

    text = failure_text(OSError(errno.ENOSPC, "No space left on device", "/out/report.pdf"))
    assert "not enough disk space for" in text and "unexpected" not in text
