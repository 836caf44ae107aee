"""Blind coding: while on, the database shows each coder only their own codings and
annotations (also in tombstones, the audit log and the change feed), readers none, owners
all; codebook edits, text corrections, merges and agreement are the owners'."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from roles_team import Team, make_team

from workbench.core.errors import ValidationError
from workbench.core.server import members
from workbench.core.teamwork.agreement import agreement
from workbench.core.teamwork.merge import plan_merge
from workbench.core.text.replace import Replacement


@pytest.fixture
def team(server_project: Callable[..., str]) -> Team:
    team = make_team(server_project())
    with team.open("ana") as project:  # a deletion, so tombstones hold one of ana's codings
        gone = project.codings.apply(
            source=team.source, code=team.code, start=20, end=25, coder="ana"
        ).created[-1]
        project.codings.remove(codings=[gone], coder="ana")
        team.codings["ana-deleted"] = gone
    with team.open("olga") as project:
        members.set_blind(project, True)
    return team


def _uuids(conn: psycopg.Connection[tuple[object, ...]], query: str) -> set[object]:
    return {row[0] for row in conn.execute(query)}


def _seen(team: Team, name: str) -> dict[str, set[object]]:
    with team.connect(name) as conn:
        return {
            "codings": _uuids(conn, "SELECT uuid FROM codings"),
            "annotations": _uuids(conn, "SELECT uuid FROM annotations"),
            "tombstones": _uuids(conn, "SELECT uuid FROM tombstones WHERE kind = 'coding'"),
            "audit": _uuids(
                conn, "SELECT DISTINCT coder_name FROM audit_log WHERE entity_kind = 'coding'"
            ),
            "changes": _uuids(conn, "SELECT uuid FROM changes WHERE kind = 'coding'"),
            "feed coders": _uuids(
                conn,
                "SELECT DISTINCT c.name FROM change_revisions r JOIN coders c"
                " ON c.uuid = r.coder_uuid",
            ),
        }


def test_a_blind_coder_sees_only_their_own_work_through_raw_sql(team: Team) -> None:
    ana, ben = team.codings["ana"], team.codings["ben"]
    gone = team.codings["ana-deleted"]
    seen = _seen(team, "ben")
    assert seen["codings"] == {ben}
    assert seen["annotations"] == {team.annotations["ben"]}
    assert seen["tombstones"] == set()
    assert seen["audit"] == {"ben"}
    assert seen["changes"] == {ben}
    assert seen["feed coders"] == {"ben"}
    seen = _seen(team, "ana")
    assert seen["codings"] == {ana} and seen["tombstones"] == {gone}
    assert seen["changes"] == {ana, gone}
    seen = _seen(team, "rita")  # a reader sees no codings
    assert seen["codings"] == set() and seen["annotations"] == set()
    assert seen["changes"] == set() and seen["tombstones"] == set()
    seen = _seen(team, "olga")  # an owner sees all
    assert seen["codings"] == {ana, ben} and seen["tombstones"] == {gone}
    assert seen["audit"] == {"ana", "ben"}


def test_a_blind_coder_sees_only_their_own_codings_in_the_app(team: Team) -> None:
    with team.open("ben") as project:
        assert [c.uuid for c in project.codings.of_source(team.source)] == [team.codings["ben"]]
        caught_up = project.changes_since(0)
        assert team.codings["ana"] not in caught_up.created
        assert team.codings["ana-deleted"] not in caught_up.deleted
    with team.open("olga") as project:
        assert {c.uuid for c in project.codings.of_source(team.source)} == {
            team.codings["ana"],
            team.codings["ben"],
        }


def test_while_blind_codebook_texts_merges_and_agreement_are_the_owners(
    team: Team, tmp_path: Path
) -> None:
    with team.open("olga") as owner:
        members.allow_codebook_edits(owner, True)
    with team.open("ana") as project:
        with pytest.raises(ValidationError, match="only the project's owners edit the codebook"):
            project.codebook.add(name="Hope", coder="ana")
        with pytest.raises(ValidationError, match="correcting a text is for the project's owners"):
            project.sources.replace_text(
                source=team.source, replacements=[Replacement(0, 5, "Hi")], coder="ana"
            )
        with pytest.raises(ValidationError, match="agreement is for the project's owners"):
            agreement(project, coders=["ana", "ben"])
        with pytest.raises(ValidationError, match="merging a copy is for the project's owners"):
            plan_merge(project, tmp_path / "copy.qwb")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE codes SET name = 'Hope'")
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE sources SET text = 'Hi'")
    with team.open("olga") as project:  # the owner still can
        project.codebook.add(name="Hope", coder="olga")
        project.sources.rename(source=team.source, name="P01 (Ana)", coder="olga")


def test_turning_blind_coding_off_reveals_and_is_in_the_audit_log(team: Team) -> None:
    with team.open("olga") as project:
        before = project.revision()
        members.set_blind(project, False)
        assert project.revision() == before + 1
    with psycopg.connect(team.location) as su:
        summary = su.execute(
            "SELECT summary, db_user FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert summary == (
        "Blind coding turned off (reveal): everyone sees all codings",
        team.logins["olga"],
    )
    assert _seen(team, "ben")["codings"] == {team.codings["ana"], team.codings["ben"]}


def test_only_owners_turn_blind_coding_on_or_off(team: Team) -> None:
    from workbench.core.errors import ServerError

    with team.open("ana") as project, pytest.raises(ServerError, match="owners"):
        members.set_blind(project, False)
    with team.connect("ana") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT wb_set_setting('blind', false)")
    assert members.is_blind(team.location)
