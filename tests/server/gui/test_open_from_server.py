"""File → Open from server…: the dialog, the password the server asks for, recent servers
without passwords, and the title and status bar naming the server project."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import psycopg
from conftest import Seeded, open_on_server
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from workbench.core.server.local_cluster import LocalCluster
from workbench.gui.server.address import ServerAddress
from workbench.gui.server.dialogs import OpenServerDialog, PasswordAnswer, PasswordDialog
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.settings import WindowSettings


def fill_dialog(qtbot: QtBot, url: str) -> ServerAddress | None:
    """Paste ``url`` into the real dialog and press Open, as a user would."""
    dialog = OpenServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.findChild(type(dialog.url), "serverUrl"), url)
    buttons = dialog.findChild(QDialogButtonBox, "serverButtons")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
    )
    return dialog.address() if dialog.result() else None


def test_open_through_the_dialog_names_the_server_in_title_and_status(
    qtbot: QtBot, window: MainWindow, seeded: Seeded, settings: WindowSettings
) -> None:
    window.ask_server_address = lambda _last, _title: fill_dialog(qtbot, seeded.location)
    window.menus.actions["openFromServer"].trigger()
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    assert window.errors == []  # type: ignore[attr-defined]
    address = ServerAddress.parse(seeded.location)
    assert window.session is not None and window.session.project.on_server
    assert f" — {address.label} (connected) — " in window.windowTitle()
    assert window.windowTitle().startswith("Study")
    status = window.findChild(type(window.location_label), "locationLabel")
    assert status.text() == f"Server: {address.label} · connected"
    assert settings.recent_servers() == [address.location]
    window.menus.recent_menu.aboutToShow.emit()
    servers = [a.text() for a in window.menus.recent_menu.actions() if a.text().startswith("Serv")]
    assert servers == [f"Server: {address.location}"]
    assert window.desk is not None and window.desk.document.source == seeded.source


def test_a_pasted_url_fills_the_fields_and_a_missing_database_keeps_the_dialog(
    qtbot: QtBot,
) -> None:
    dialog = OpenServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.url, "postgres://tomas:pw@lab.example.org:6543/study?sslmode=require")
    assert dialog.address() == ServerAddress("lab.example.org", 6543, "study", "tomas", "require")
    dialog.database.clear()
    buttons = dialog.findChild(QDialogButtonBox, "serverButtons")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and not dialog.result()
    assert "database" in dialog.problem.text()


def _password_role(pg_cluster: LocalCluster, location: str, password: str) -> str:
    """A login that must give ``password`` (scram over TCP); its location, without it."""
    with psycopg.connect(location, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS gui_pw")
        conn.execute(f"CREATE ROLE gui_pw LOGIN SUPERUSER PASSWORD '{password}'")
        hba = pg_cluster.pgdata / "pg_hba.conf"
        rule = "host all gui_pw 127.0.0.1/32 scram-sha-256\n"
        if rule not in hba.read_text():
            hba.write_text(rule + hba.read_text())
        conn.execute("SELECT pg_reload_conf()")
    address = ServerAddress.parse(location)
    return ServerAddress(address.host, address.port, address.database, "gui_pw").location


def test_the_password_is_asked_again_when_refused_and_never_kept_in_settings(
    qtbot: QtBot,
    window: MainWindow,
    seeded: Seeded,
    settings: WindowSettings,
    pg_cluster: LocalCluster,
    tmp_path: Path,
) -> None:
    location = _password_role(pg_cluster, seeded.location, "s3cret-Pass")
    asked: list[str] = []

    def answer(address: ServerAddress, why: str) -> PasswordAnswer | None:
        asked.append(why)
        dialog = PasswordDialog(address, why)
        qtbot.addWidget(dialog)
        dialog.show()
        remember = dialog.findChild(type(dialog.remember), "rememberPassword")
        assert not remember.isEnabled()  # no keyring here: asked each time, never stored
        qtbot.keyClicks(dialog.password, "wrong" if len(asked) == 1 else "s3cret-Pass")
        return dialog.answer()

    window.ask_server_password = answer
    open_on_server(qtbot, window, location)
    assert len(asked) == 2
    assert "asks for a password" in asked[0] and "refused the password" in asked[1]
    assert window.errors == []  # type: ignore[attr-defined]
    assert "gui_pw@" in window.windowTitle()
    settings.qsettings.sync()
    assert "s3cret" not in (tmp_path / "settings.ini").read_text()
    assert settings.recent_servers() == [location]


def test_a_missing_database_is_a_clear_error_and_the_window_stays_as_it_was(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    missing = seeded.location.rsplit("/", 1)[0] + "/no_such_study"
    assert window.open_project(missing)  # under way, in the background
    errors: list[str] = window.errors  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(errors), timeout=15_000)
    assert errors[0].startswith("Cannot open the project: The server has no database")
    assert "no_such_study" in errors[0] and "Publish to server" in errors[0]
    assert window.session is None and window.windowTitle() == "Qualitative Coding Workbench"


def _memory_keyring() -> keyring.backend.KeyringBackend:
    """A keyring for the test (the OS keyring, where one exists, behaves the same way).
    Made when called: a KeyringBackend subclass is a candidate keyring as soon as it exists."""

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.kept.pop((service, username), None)

    return MemoryKeyring()


def test_a_remembered_password_is_kept_in_the_keyring_and_used_next_time(
    qtbot: QtBot,
    window: MainWindow,
    seeded: Seeded,
    settings: WindowSettings,
    pg_cluster: LocalCluster,
    tmp_path: Path,
) -> None:
    location = _password_role(pg_cluster, seeded.location, "s3cret-Pass")
    before = keyring.get_keyring()  # the fail backend here: no keyring
    memory = _memory_keyring()
    keyring.set_keyring(memory)
    try:
        asked: list[str] = []

        def answer(address: ServerAddress, why: str) -> PasswordAnswer | None:
            asked.append(why)
            dialog = PasswordDialog(address, why)
            qtbot.addWidget(dialog)
            assert dialog.remember.isEnabled()
            qtbot.keyClicks(dialog.password, "s3cret-Pass")
            dialog.remember.setChecked(True)
            return dialog.answer()

        window.ask_server_password = answer
        open_on_server(qtbot, window, location)
        assert len(asked) == 1
        assert list(memory.kept.values()) == ["s3cret-Pass"]  # type: ignore[attr-defined]
        window.close_project()
        open_on_server(qtbot, window, location)  # from the keyring: not asked again
        assert len(asked) == 1
        settings.qsettings.sync()
        assert "s3cret" not in (tmp_path / "settings.ini").read_text()
    finally:
        keyring.set_keyring(before)
