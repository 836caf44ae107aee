"""A second launch hands its file to the running workbench; macOS file-open events open files."""

from __future__ import annotations

import subprocess
import sys
import uuid

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from pytestqt.qtbot import QtBot

from workbench.gui.single_instance import FileOpenFilter, InstanceServer, hand_over

CLIENT = """
import sys
from PySide6.QtCore import QCoreApplication
from workbench.gui.single_instance import hand_over
app = QCoreApplication([])
sys.exit(0 if hand_over(sys.argv[2:], sys.argv[1]) else 3)
"""


def test_a_second_launch_hands_its_file_over(qtbot: QtBot) -> None:
    name = f"qwb-test-{uuid.uuid4().hex[:8]}"
    server = InstanceServer(name)
    assert server.listen()
    try:
        client = subprocess.Popen(
            [sys.executable, "-c", CLIENT, name, "/data/Study é.qwb"],
            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        )
        with qtbot.waitSignal(server.files_received, timeout=10_000) as blocker:
            pass
        assert blocker.args == [["/data/Study é.qwb"]]
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=10_000)  # the loop replies
        assert client.returncode == 0
    finally:
        server.close()


def test_without_a_running_instance_nothing_is_handed_over(qapp: object) -> None:
    assert not hand_over(["/x.qwb"], f"qwb-none-{uuid.uuid4().hex[:8]}")


def test_file_open_events_are_turned_into_paths(qtbot: QtBot) -> None:
    opener = FileOpenFilter()
    app = QCoreApplication.instance()
    assert app is not None
    app.installEventFilter(opener)
    try:
        with qtbot.waitSignal(opener.file_opened) as blocker:
            QCoreApplication.sendEvent(app, QFileOpenEvent("/tmp/Team study.qwb"))
        assert blocker.args == ["/tmp/Team study.qwb"]
    finally:
        app.removeEventFilter(opener)
