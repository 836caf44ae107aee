"""An undo the core refuses (the row changed since, e.g. by another coder): the window says so,
nothing changes, and the undo stack drops that step but can still undo the ones below it."""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from workbench.gui.window.main_window import MainWindow


def _rename(window: MainWindow, code: str, name: str) -> None:
    """Rename ``code`` as one undoable command of the window's session."""
    session = window.session
    assert session is not None
    session.execute(
        "Rename", lambda coder: session.project.codebook.rename(code=code, name=name, coder=coder)
    )


def _trigger(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled()
    action.trigger()


def test_a_refused_undo_is_shown_and_the_stack_stays_usable(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    session = demo_window.session
    assert session is not None
    project = session.project
    first, second = [n.uuid for n in session.code_tree()][:2]
    old_first = project.codebook.name(first)
    _rename(demo_window, first, "Renamed")
    _rename(demo_window, second, "Also")
    # Someone else (another window, a merge, later a server) changes the second code.
    project.codebook.recolor(code=second, color="#202020", coder="Ben")
    revision = project.revision()

    _trigger(demo_window, "undoAction")
    message = demo_window.statusBar().currentMessage()
    assert message.startswith("The code 'Also' was changed after this step (by Ben at ")
    assert message.endswith("undo refused, nothing was changed.")
    assert project.revision() == revision and project.codebook.name(second) == "Also"
    stack = session.undo_stack
    assert (stack.count(), stack.index()) == (1, 1)  # the refused step is gone

    _trigger(demo_window, "undoAction")  # the step below it still undoes
    assert project.codebook.name(first) == old_first
    _trigger(demo_window, "redoAction")
    assert project.codebook.name(first) == "Renamed"


def test_undoing_steps_in_turn_on_one_row_still_works(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    session = demo_window.session
    assert session is not None
    project = session.project
    code = session.code_tree()[0].uuid
    old = project.codebook.name(code)
    for name in ("One", "Two", "Three"):
        _rename(demo_window, code, name)
    for expected in ("Two", "One", old):
        _trigger(demo_window, "undoAction")
        assert project.codebook.name(code) == expected
    for expected in ("One", "Two", "Three"):
        _trigger(demo_window, "redoAction")
        assert project.codebook.name(code) == expected
    assert "refused" not in demo_window.statusBar().currentMessage()
