"""The issue's two-process checks: another program (another coder's workbench, here a second
Python process) changes the server project while this window runs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import Seeded, open_on_server, tree_count
from pytestqt.qtbot import QtBot

from workbench.gui.operations import codes
from workbench.gui.window.main_window import MainWindow


def in_other_process(location: str, body: str) -> None:
    """Run ``body`` (``project`` is the server project opened there) in a new process."""
    script = "from workbench.core.project import Project\n"
    script += f"with Project.open({location!r}) as project:\n" + textwrap.indent(body, "    ")
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_a_coding_made_in_another_process_appears_within_a_second(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    assert tree_count(window, "Trust") == "0"
    in_other_process(
        seeded.location,
        f"project.codings.apply(source={seeded.source!r}, code={seeded.code!r}, start=0, "
        "end=11, coder='Tomás Rivera')\n",
    )
    qtbot.waitUntil(lambda: tree_count(window, "Trust") == "1", timeout=1000)


def test_a_rename_by_another_process_is_reported_not_lost(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    session = window.session
    assert session is not None
    asked: list[str] = []
    window.ask_apply_again = lambda message: asked.append(message) or False
    in_other_process(
        seeded.location,
        f"project.codebook.rename(code={seeded.code!r}, name='Confidence', coder='Tomás Rivera')\n",
    )
    # This window renames the code as it showed it before; the other's name is kept and told.
    codes.rename(session, code=seeded.code, name="Faith", show=asked.append)
    assert len(asked) == 1 and "Tomás Rivera" in asked[0] and "Confidence" in asked[0]
    assert session.project.codebook.name(seeded.code) == "Confidence"
    qtbot.waitUntil(lambda: session.code_node(seeded.code).name == "Confidence", timeout=1000)
