"""Server addresses as the Open-from-server dialog edits them, and recent servers kept
without passwords."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from workbench.gui.server.address import ServerAddress
from workbench.gui.server.publishing import database_name
from workbench.gui.window.settings import WindowSettings


def test_a_url_parses_into_fields_and_back_without_its_password() -> None:
    address = ServerAddress.parse(
        "postgres://tomas:s3cret@lab.example.org:6543/study?sslmode=require"
    )
    assert address == ServerAddress("lab.example.org", 6543, "study", "tomas", "require")
    assert address.location == "postgresql://tomas@lab.example.org:6543/study?sslmode=require"
    assert "s3cret" not in address.location
    assert address.label == "tomas@lab.example.org:6543/study"
    assert ServerAddress.parse("postgresql://ana@lab/study").label == "ana@lab/study"
    opened = address.with_password("p@ss/word")
    assert ServerAddress.parse(opened) == address and "p%40ss%2Fword" in opened


@pytest.mark.parametrize("text", ["study.qwb", "mysql://u@h/d", "postgresql://u@h:port/d"])
def test_what_is_not_a_server_address_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="server address|postgresql://|port"):
        ServerAddress.parse(text)


def test_what_is_missing_is_said() -> None:
    assert "database" in ServerAddress(user="ana").problem()
    assert "user" in ServerAddress(database="study").problem()
    assert ServerAddress(database="study", user="ana").problem() == ""


def test_recent_servers_never_keep_a_password(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    settings = WindowSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    settings.add_recent_server("postgresql://ana:s3cret@lab:5432/study")
    settings.add_recent_server("postgresql://ana@lab/other")
    settings.add_recent_server("postgresql://ana:again@lab/study")
    assert settings.recent_servers() == [
        "postgresql://ana@lab:5432/study",
        "postgresql://ana@lab:5432/other",
    ]
    settings.qsettings.sync()
    assert "s3cret" not in ini.read_text() and "again" not in ini.read_text()


def test_a_database_name_is_suggested_from_the_file_name() -> None:
    assert database_name(Path("/x/My Pilot Study (2025).qwb")) == "my_pilot_study_2025"
    assert database_name(Path("日本.qwb")) == "project"
