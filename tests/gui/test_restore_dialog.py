"""File → Restore from backup…: the list, backing up by hand, restoring through the core, and the
offer made for a damaged project."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from workbench.core.errors import CorruptProjectError
from workbench.core.project import Project
from workbench.gui.project_session import ProjectSession
from workbench.gui.window.restore_dialog import RestoreDialog, offer_backup_for_damaged

CODER = "Maya Chen"


def rows(dialog: RestoreDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.topLevelItem(i).text(c) for c in range(table.columnCount())]
        for i in range(table.topLevelItemCount())
    ]


def test_the_dialog_lists_backups_with_date_reason_and_counts(
    qtbot: QtBot, session: ProjectSession
) -> None:
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "restoreDialog"
    info = session.project.info()
    [row] = rows(dialog)
    assert row[1] == "on open" and row[4] == "verified"
    assert row[2].startswith(f"{info.sources} sources · {info.codes} codes · ")
    assert row[0] == dialog.backups[0].created.astimezone().strftime("%d %b %Y, %H:%M")
    qtbot.mouseClick(dialog.backup_now, Qt.MouseButton.LeftButton)
    assert [r[1] for r in rows(dialog)] == ["by hand", "on open"]
    assert dialog.restore_button.isEnabled()


def test_restoring_replaces_the_project_and_clears_undo(
    qtbot: QtBot, session: ProjectSession
) -> None:
    project = session.project
    project.backups.wait()  # the backup on open runs in the background; a loaded machine lags
    session.execute("Add code", lambda coder: project.codebook.add(name="Late idea", coder=coder))
    assert session.undo_stack.count() == 1
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    questions: list[str] = []
    dialog.confirm = lambda text: questions.append(text) is None and False
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(questions) == 1 and "Late idea" in [n.name for n in project.codebook.all()]
    dialog.confirm = lambda text: True
    cleared: list[str] = []
    session.stack_cleared.connect(cleared.append)
    with qtbot.waitSignal(dialog.restored) as restored, qtbot.waitSignal(session.changed):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "Late idea" not in [n.name for n in project.codebook.all()]
    assert session.undo_stack.count() == 0 and cleared == ["restore"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    kept = restored.args[0].kept
    assert [b.reason for b in project.backups.list() if b.path == kept] == ["before restore"]
    assert questions[0].startswith(f"Replace {project.path.name} by the backup of ")


def test_a_damaged_project_is_offered_its_newest_good_backup(qtbot: QtBot, demo_path: Path) -> None:
    with Project.open(demo_path) as project:
        codes = project.info().codes
    data = bytearray(demo_path.read_bytes())
    for offset in range(3 * 4096 + 40, len(data), 89):
        data[offset] = (data[offset] + 101) % 256
    demo_path.write_bytes(bytes(data))
    with pytest.raises(CorruptProjectError) as caught:
        Project.open(demo_path)
    assert caught.value.backup is not None
    asked: list[str] = []
    declined = offer_backup_for_damaged(
        None, caught.value, ask=lambda q: asked.append(q) is None and False
    )
    assert declined is None and "The newest good backup is from" in asked[0]
    again = offer_backup_for_damaged(None, caught.value, ask=lambda q: True)
    assert again == demo_path
    with Project.open(demo_path) as restored:
        assert restored.info().codes == codes


def test_a_project_sound_again_when_the_user_agrees_is_opened_not_replaced(
    qtbot: QtBot, demo_path: Path
) -> None:
    """Judged damaged while another program was rewriting it: by the time the user accepts the
    offered backup, the file passes its check, so it is kept as it is, with all later work."""
    with Project.open(demo_path) as project:
        project.backups.make("by hand")
        project.codebook.add(name="Work after the backup", coder=CODER)
        codes = project.info().codes
    sound = demo_path.read_bytes()
    data = bytearray(sound)
    for offset in range(3 * 4096 + 40, len(data), 89):
        data[offset] = (data[offset] + 101) % 256
    demo_path.write_bytes(bytes(data))
    with pytest.raises(CorruptProjectError) as caught:
        Project.open(demo_path)
    demo_path.write_bytes(sound)  # the other program finished
    assert offer_backup_for_damaged(None, caught.value, ask=lambda q: True) == demo_path
    assert demo_path.read_bytes() == sound
    with Project.open(demo_path) as reopened:
        assert reopened.info().codes == codes
