"""Two coders edit the same row: the second is told the other's value and who, and may apply
theirs again over it (or keep the other's)."""

from __future__ import annotations

import pytest
from conftest import Seeded, open_on_server
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.core.project import Project
from workbench.gui.operations import codes
from workbench.gui.window.main_window import MainWindow


@pytest.mark.parametrize("mine_again", [True, False])
def test_a_rename_made_meanwhile_is_shown_and_mine_can_be_applied_again(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine_again: bool
) -> None:
    open_on_server(qtbot, window, seeded.location)
    session = window.session
    assert session is not None
    asked: list[str] = []

    def ask(message: str) -> bool:
        asked.append(message)
        return mine_again

    window.ask_apply_again = ask
    shown: list[str] = []
    with Project.open(seeded.location) as other:
        other.codebook.rename(code=seeded.code, name="Confidence", coder="Tomás Rivera")
    # Before this window hears of it, it renames the code as it still shows it.
    codes.rename(session, code=seeded.code, name="Faith", show=shown.append)
    assert shown == []
    assert len(asked) == 1
    assert "Tomás Rivera" in asked[0] and "Confidence" in asked[0]
    expected = "Faith" if mine_again else "Confidence"
    assert session.project.codebook.name(seeded.code) == expected
    assert session.undo_stack.count() == (1 if mine_again else 0)
    qtbot.waitUntil(lambda: session.code_node(seeded.code).name == expected, timeout=1000)


@pytest.mark.parametrize("mine_again", [True, False])
def test_a_note_edited_meanwhile_is_shown_and_mine_can_be_applied_again(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, mine_again: bool
) -> None:
    with Project.open(seeded.location) as project:
        note = project.annotations.add(
            source=seeded.source, start=0, end=11, text="First note.", coder="Maya Chen"
        ).created[-1]
    open_on_server(qtbot, window, seeded.location)
    assert window.desk is not None
    view = window.desk.document
    qtbot.waitUntil(lambda: bool(view.gutter.markers()))
    [(marker, _notes)] = view.gutter.markers()
    asked: list[str] = []

    def ask(message: str) -> bool:
        asked.append(message)
        return mine_again

    window.ask_apply_again = ask
    view.ask_text = lambda _title, _label, initial: "Mine." if initial == "First note." else None
    with Project.open(seeded.location) as other:
        other.annotations.edit(annotation=note, text="Theirs.", coder="Tomás Rivera")
        # Before this window hears of it, its note is edited as shown (double-click the marker).
        qtbot.mouseDClick(view.gutter, Qt.MouseButton.LeftButton, pos=marker.center().toPoint())
        assert len(asked) == 1 and "Tomás Rivera" in asked[0]
        [info] = other.annotations.list(source=seeded.source)
        assert info.text == ("Mine." if mine_again else "Theirs.")
