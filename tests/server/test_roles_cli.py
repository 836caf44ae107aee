"""``workbench-cli team add/list/remove/blind/codebook`` and ``--coder`` on a server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from roles_team import Team, make_team

from workbench.cli.main import main
from workbench.core.server import members


@pytest.fixture
def team(server_project: Callable[..., str]) -> Team:
    return make_team(server_project())


def test_team_add_prints_the_login_and_a_generated_password_once(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["team", "add", team.location, "Tomás", "--role", "coder", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert set(added) == {"name", "login", "role", "password"}
    assert (added["name"], added["role"]) == ("Tomás", "coder")
    assert added["login"].startswith("wb_") and len(added["password"]) >= 20
    # The password is the login's: the server keeps its SCRAM verifier.
    with psycopg.connect(team.location) as su:
        (secret,) = su.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (added["login"],)
        ).fetchone() or (None,)
    assert secret is not None and secret.startswith("SCRAM-SHA-256$")
    assert added["password"] not in secret
    team.logins["Tomás"] = added["login"]
    with team.open("Tomás") as project:
        assert project.member is not None and project.member.name == "Tomás"


def test_team_add_with_a_password_file_prints_no_password(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    args = ["team", "add", team.location, "dora", "--role", "reader"]
    assert main([*args, "--password-file", str(secret), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"name", "login", "role"}
    assert main(["team", "list", team.location, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(m["name"], m["role"]) for m in listed} >= {("dora", "reader"), ("olga", "owner")}
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert (
        main(
            ["team", "add", team.location, "eve", "--role", "coder", "--password-file", str(empty)]
        )
        == 1
    )
    assert "is empty" in capsys.readouterr().err


def test_team_remove_and_blind(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "remove", team.location, "ben"]) == 0
    assert "ben" not in [m.name for m in members.list(team.location)]
    assert main(["team", "blind", team.location, "on"]) == 0
    assert members.is_blind(team.location)
    assert main(["team", "codebook", team.location, "on"]) == 0
    assert members.setting(team.location, "coders_edit_codebook")
    # A coder may not: the server refuses, and the CLI says so.
    assert main(["team", "blind", team.url("ana"), "off"]) == 1
    assert "owners" in capsys.readouterr().err
    assert main(["team", "add", team.url("ana"), "eve", "--role", "owner"]) == 1
    assert "Only the project's owners" in capsys.readouterr().err


def test_on_a_server_the_cli_codes_as_the_member_and_refuses_another_coder(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code = ["code", team.url("ana"), "--source", "P01", "--code", "Trust"]
    assert main([*code, "--start", "6", "--end", "15"]) == 0
    assert main([*code, "--start", "7", "--end", "15", "--coder", "ben"]) == 1
    assert "you code as yourself (ana)" in capsys.readouterr().err
    with psycopg.connect(team.location) as su:
        coders = su.execute(
            "SELECT c.name FROM codings g JOIN coders c ON c.id = g.coder_id"
            ' WHERE g.start = 6 AND g."end" = 15'
        ).fetchall()
    assert coders == [("ana",)]
