"""Roles enforced by PostgreSQL: each member connects with raw SQL (what psql gives them) and
the statements their role forbids fail or change nothing; stamps come from the login."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from roles_team import Team, make_team

from workbench.core.errors import ServerError, ValidationError
from workbench.core.project import Project
from workbench.core.server import members


@pytest.fixture
def team(server_project: Callable[..., str]) -> Team:
    return make_team(server_project())


def _coder_id(conn: psycopg.Connection[tuple[object, ...]], uuid: str) -> object:
    row = conn.execute("SELECT coder_id FROM codings WHERE uuid = %s", (uuid,)).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO cases (uuid, created_at, modified_at, version, name, description)"
        " VALUES ('x', now(), now(), 0, 'C1', '')",
        "UPDATE codings SET start = 0",
        "DELETE FROM codings",
        "UPDATE sources SET name = 'Renamed'",
        "DELETE FROM memos",
        "UPDATE codes SET name = 'Distrust'",
        "UPDATE project SET revision = revision + 1",
        "INSERT INTO audit_log (at, revision, coder_name, action, entity_kind, summary, details)"
        " VALUES (now(), 1, 'rita', 'x', 'x', '', '{}')",
    ],
)
def test_a_reader_cannot_write(team: Team, statement: str) -> None:
    with team.connect("rita") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
    with team.connect("rita") as conn:  # and may read
        assert conn.execute("SELECT count(*) FROM codings").fetchone() == (2,)


def test_a_coder_cannot_change_or_delete_another_coders_rows(team: Team) -> None:
    with team.connect("ben") as conn:
        for table, uuid in (
            ("codings", team.codings["ana"]),
            ("memos", team.memos["ana"]),
            ("annotations", team.annotations["ana"]),
        ):
            column = "text" if table != "codings" else "start"
            value = "'mine now'" if table != "codings" else "2"
            assert (
                conn.execute(
                    f"UPDATE {table} SET {column} = {value} WHERE uuid = %s", (uuid,)
                ).rowcount
                == 0
            )
            assert conn.execute(f"DELETE FROM {table} WHERE uuid = %s", (uuid,)).rowcount == 0
        # Nor take a row over by naming themselves its coder.
        ben = _coder_id(conn, team.codings["ben"])
        assert (
            conn.execute(
                "UPDATE codings SET coder_id = %s WHERE uuid = %s", (ben, team.codings["ana"])
            ).rowcount
            == 0
        )
        conn.commit()
    with psycopg.connect(team.location) as su:
        assert su.execute(
            "SELECT count(*) FROM codings WHERE uuid = ANY(%s)", (list(team.codings.values()),)
        ).fetchone() == (2,)
        assert su.execute(
            "SELECT text FROM memos WHERE uuid = %s", (team.memos["ana"],)
        ).fetchone() == ("ana's thought",)
        assert su.execute(
            "SELECT text FROM annotations WHERE uuid = %s", (team.annotations["ana"],)
        ).fetchone() == ("ana notes",)


def test_a_coder_cannot_code_under_another_coders_id(team: Team) -> None:
    with team.connect("ben") as conn:
        ana = _coder_id(conn, team.codings["ana"])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO codings (uuid, created_at, modified_at, version, source_id,"
                ' code_id, coder_id, start, "end")'
                " SELECT 'forged', now(), now(), 9, source_id, code_id, %s, 20, 25"
                " FROM codings WHERE uuid = %s",
                (ana, team.codings["ben"]),
            )


def test_stamps_come_from_the_login_not_the_client(team: Team) -> None:
    with psycopg.connect(team.location) as su:
        ana_uuid, ben_uuid = (
            su.execute("SELECT uuid FROM coders WHERE name = %s", (n,)).fetchone()[0]  # type: ignore[index]
            for n in ("ana", "ben")
        )
    with team.connect("ben") as conn:
        conn.execute(
            "UPDATE codings SET modified_by = %s WHERE uuid = %s", (ana_uuid, team.codings["ben"])
        )
        conn.execute(
            "INSERT INTO audit_log (at, revision, coder_uuid, coder_name, action, entity_kind,"
            " summary, details) VALUES (now(), 1, %s, 'ana', 'forge', 'coding', 'x', '{}')",
            (ana_uuid,),
        )
        conn.commit()
    with psycopg.connect(team.location) as su:
        assert su.execute(
            "SELECT modified_by FROM codings WHERE uuid = %s", (team.codings["ben"],)
        ).fetchone() == (ben_uuid,)
        assert su.execute(
            "SELECT coder_uuid, coder_name, db_user FROM audit_log WHERE action = 'forge'"
        ).fetchone() == (ben_uuid, "ben", team.logins["ben"])
        # Every entry names the database user that wrote it.
        users = {r[0] for r in su.execute("SELECT DISTINCT db_user FROM audit_log")}
    assert users == {team.logins[n] for n in ("olga", "ana", "ben")}


def test_a_coder_moves_the_revision_on_by_one_and_changes_nothing_else_of_the_project(
    team: Team,
) -> None:
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE project SET revision = revision + 5")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE project SET name = 'Mine'")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE project SET settings = '{}'")


def test_a_coder_neither_deletes_sources_nor_edits_the_codebook_unless_allowed(
    team: Team,
) -> None:
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM sources")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE codes SET name = 'Distrust'")
    with team.open("ana") as project:
        own = project.sources.add(name="P02", text="Ana's own interview", coder="ana")
        with pytest.raises(ValidationError, match="Only the project's owners delete sources"):
            project.sources.delete(source=own.created[-1], coder="ana")
        with pytest.raises(ValidationError, match="owners edit its codebook"):
            project.codebook.add(name="Hope", coder="ana")
    with team.open("olga") as owner:
        members.allow_codebook_edits(owner, True)
    with team.open("ana") as project:
        project.codebook.add(name="Hope", coder="ana")
        assert "Hope" in [c.name for c in project.codebook.all()]


def test_members_manage_nothing_unless_owners(team: Team) -> None:
    with pytest.raises(ServerError, match="Only the project's owners"):
        members.add(team.url("ana"), "eve", "owner")
    with pytest.raises(ServerError, match="Only the project's owners"):
        members.remove(team.url("ana"), "ben")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO members VALUES ('eve', 'postgres', 'owner', 'u')")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT wb_set_setting('blind', false)")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE server_meta SET value = 'off'")
    # An owner member (not the superuser) manages members through the database's functions.
    dora = members.add(team.location, "dora", "owner")
    team.logins["dora"] = dora.login
    added = members.add(team.url("dora"), "eve", "reader")
    assert added.password and added.login.startswith("wb_")
    assert [m.name for m in members.list(team.url("dora"))] == [
        "ana",
        "ben",
        "dora",
        "eve",
        "olga",
        "rita",
    ]


def test_the_whole_service_path_works_as_a_coder(team: Team) -> None:
    with team.open("ana") as project:
        assert project.member is not None and project.member.role == "coder"
        applied = project.codings.apply(
            source=team.source, code=team.code, start=10, end=20, coder="ana"
        )
        coding = applied.created[-1]
        memo = project.memos.add(text="why", coder="ana", target_kind="coding", target=coding)
        project.memos.edit(memo=memo.created[-1], text="why, really", coder="ana")
        note = project.annotations.add(source=team.source, start=3, end=9, text="n", coder="ana")
        project.annotations.edit(annotation=note.created[-1], text="note", coder="ana")
        project.annotations.delete(annotation=note.created[-1], coder="ana")
        project.sources.set_done(source=team.source, coder="ana")
        project.codings.set_range(coding=coding, start=11, end=20, coder="ana")
        removed = project.codings.remove(codings=[coding], coder="ana")
        project.restore(removed.undo, coder="ana")  # undo: its tombstone goes, the row is back
        mine = [c for c in project.codings.of_source(team.source) if c.uuid == coding]
        assert [(c.start, c.end) for c in mine] == [(11, 20)]
        again = project.codings.apply(
            source=team.source, code=team.code, start=30, end=35, coder="ana"
        )
        project.restore(again.undo, coder="ana")
        assert again.created[-1] not in [c.uuid for c in project.codings.of_source(team.source)]
        # Another's rows are refused with a message, before the database would filter them out.
        with pytest.raises(ValidationError, match="This coding is ben's"):
            project.codings.remove(codings=[team.codings["ben"]], coder="ana")
        with pytest.raises(ValidationError, match="This memo is ben's"):
            project.memos.edit(memo=team.memos["ben"], text="mine", coder="ana")
        with pytest.raises(ValidationError, match="This annotation is ben's"):
            project.annotations.delete(annotation=team.annotations["ben"], coder="ana")
    with psycopg.connect(team.location) as su:
        rows = su.execute(
            "SELECT DISTINCT c.name FROM audit_log a JOIN coders c ON c.uuid = a.coder_uuid"
            " WHERE a.db_user = %s",
            (team.logins["ana"],),
        ).fetchall()
    assert rows == [("ana",)]


def test_on_a_server_you_code_as_yourself(team: Team) -> None:
    with team.open("ana") as project:
        with pytest.raises(ValidationError, match=r"you code as yourself \(ana\)"):
            project.codings.apply(source=team.source, code=team.code, start=0, end=2, coder="ben")
        changes = project.codings.apply(
            source=team.source, code=team.code, start=0, end=2, coder=""
        )  # no name given: the member's own
    with psycopg.connect(team.location) as su:
        assert su.execute(
            "SELECT c.name FROM codings g JOIN coders c ON c.id = g.coder_id WHERE g.uuid = %s",
            (changes.created[-1],),
        ).fetchone() == ("ana",)
    with (
        team.open("rita") as project,
        pytest.raises(ValidationError, match="reader of this project"),
    ):
        project.memos.add(text="hi", coder="rita")


def test_a_login_that_is_no_member_is_refused(team: Team) -> None:
    with psycopg.connect(team.location, autocommit=True) as su:
        su.execute("CREATE ROLE stranger LOGIN")
    team.logins["stranger"] = "stranger"
    with pytest.raises(ServerError, match="stranger is no member of the project"):
        Project.open(team.url("stranger"))


def test_a_removed_member_loses_the_login_and_their_rows_stay(team: Team) -> None:
    members.remove(team.location, "ben")
    with psycopg.connect(team.location) as su:
        assert (
            su.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (team.logins["ben"],)
            ).fetchone()
            is None
        )
        assert su.execute(
            "SELECT c.name FROM codings g JOIN coders c ON c.id = g.coder_id WHERE g.uuid = %s",
            (team.codings["ben"],),
        ).fetchone() == ("ben",)
    assert "ben" not in [m.name for m in members.list(team.location)]
    with pytest.raises(ServerError, match="last owner"):
        members.remove(team.location, "olga")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE coders SET name = 'olga (owner)' WHERE name = 'ben'",
        "INSERT INTO coders (uuid, created_at, modified_at, version, name, color)"
        " VALUES ('x', now(), now(), 0, 'ghost', '#000000')",
        "INSERT INTO change_revisions (revision, coder_uuid, kinds)"
        " SELECT revision + 1, NULL, 'codings' FROM project",
        "INSERT INTO changes (revision, kind, uuid)"
        " SELECT revision + 1, 'coding', 'x' FROM project",
        "UPDATE members SET role = 'owner'",
    ],
)
def test_a_coder_cannot_forge_who_they_are_or_block_the_feed(team: Team, statement: str) -> None:
    with team.connect("ben") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
