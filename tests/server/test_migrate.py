"""One migration path for both backends, and ``workbench-cli migrate URL`` (owner only)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from roles_team import make_team
from sqlalchemy import Column, Connection, Text, column, create_engine, func, table

from workbench.cli.main import main
from workbench.core.db import migrations
from workbench.core.db.migrations import SCHEMA_VERSION, add_column
from workbench.core.errors import ServerError
from workbench.core.project import Project
from workbench.core.server import members
from workbench.core.server.migrate import upgrade
from workbench.core.server.schema import VERSION_KEY, server_meta

OLDER = SCHEMA_VERSION - 1


def _shorthand_step(conn: Connection) -> None:
    """A future step as steps are to be written: SQLAlchemy constructs only."""
    add_column(conn, "codes", Column("shorthand", Text, nullable=False, server_default=""))
    codes = table("codes", column("name"), column("shorthand"))
    conn.execute(codes.update().values(shorthand=func.substr(codes.c.name, 1, 3)))


@pytest.fixture
def fake_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS, OLDER, _shorthand_step)


def _stamp_server(location: str, version: int) -> None:
    engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(
            server_meta.update().where(server_meta.c.key == VERSION_KEY).values(value=str(version))
        )
    engine.dispose()


def _shorthands(location: str) -> list[str]:
    with psycopg.connect(location) as conn:
        return [r[0] for r in conn.execute("SELECT shorthand FROM codes ORDER BY name")]


@pytest.mark.usefixtures("fake_step")
def test_migrate_url_runs_the_step_and_refuses_when_current(
    server_project: Callable[..., str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    location = server_project()
    with Project.open(location) as project:
        project.codebook.add(name="Mentoring", coder="Ana")
    _stamp_server(location, OLDER)
    with pytest.raises(ServerError, match=f"older file format \\({OLDER}\\).*migrate"):
        Project.open(location)
    assert main(["migrate", location, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "location": location,
        "from": OLDER,
        "to": SCHEMA_VERSION,
    }
    assert _shorthands(location) == ["Men"]
    with Project.open(location) as project:  # current again: it opens
        assert project.info().codes == 1
    assert main(["migrate", location]) == 1
    assert f"already at file format {SCHEMA_VERSION}" in capsys.readouterr().err


def test_the_same_step_upgrades_a_file(tmp_path: Path, fake_step: None) -> None:
    project_path = tmp_path / "study.qwb"
    with Project.create(project_path, name="Study") as project:
        project.codebook.add(name="Mentoring", coder="Ana")
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {OLDER}")
    conn.close()
    with Project.open(project_path):
        pass
    conn = sqlite3.connect(project_path)
    assert conn.execute("SELECT shorthand FROM codes").fetchall() == [("Men",)]
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    conn.close()


def test_a_failing_step_leaves_the_server_project_as_it_was(
    server_project: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Connection) -> None:
        _shorthand_step(conn)
        raise RuntimeError("simulated failure half-way")

    monkeypatch.setitem(migrations.MIGRATIONS, OLDER, broken)
    location = server_project()
    _stamp_server(location, OLDER)
    with pytest.raises(RuntimeError, match="half-way"):
        upgrade(location)
    with psycopg.connect(location) as conn:
        version = conn.execute("SELECT value FROM server_meta WHERE key = 'schema_version'")
        assert version.fetchone() == (str(OLDER),)
        columns = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'codes'"
        )
        assert "shorthand" not in {r[0] for r in columns}


def test_only_the_owner_may_migrate(
    server_project: Callable[..., str], fake_step: None, capsys: pytest.CaptureFixture[str]
) -> None:
    team = make_team(server_project())
    owen = members.add(team.location, "owen", "owner").login  # an owner who did not publish
    team.logins["owen"] = owen
    _stamp_server(team.location, OLDER)
    for name in ("ana", "owen"):
        assert main(["migrate", team.url(name)]) == 1
        err = capsys.readouterr().err
        assert "Only the project's owner who published it" in err and team.logins[name] in err
    assert upgrade(team.url("olga")).to_version == SCHEMA_VERSION  # olga published it


def test_migrate_needs_a_server_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", str(tmp_path / "study.qwb")]) == 1
    assert "upgraded when it is opened" in capsys.readouterr().err
