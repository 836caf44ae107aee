"""Members may use the live tables their role needs: coders announce presence and take a
text lease; readers announce presence (they may not correct texts)."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from roles_team import make_team

from workbench.core.errors import ValidationError


def test_coders_and_readers_are_present_and_coders_take_leases(
    server_project: Callable[..., str],
) -> None:
    team = make_team(server_project())
    with team.open("ana") as ana, team.open("rita") as rita:
        ana.presence.announce(team.source)
        rita.presence.announce(team.source)
        here = {p.coder: p.source_uuid for p in ana.presence.list()}
        assert here == {"ana": team.source, "rita": team.source}
        assert ana.leases.take(source=team.source, coder="ana").coder == "ana"
        assert rita.leases.holder(team.source) is not None
        with pytest.raises(ValidationError, match="reader"):
            rita.leases.take(source=team.source, coder="rita")
        with pytest.raises(ValidationError, match="as yourself"):
            ana.leases.release(source=team.source, coder="ben")  # nobody acts as another
        ana.presence.announce(None, coder="ben")
        assert {p.coder for p in rita.presence.list()} == {"ana", "rita"}


def test_nobody_is_present_or_holds_a_lease_under_anothers_name_through_raw_sql(
    server_project: Callable[..., str],
) -> None:
    team = make_team(server_project())
    with team.connect("ana") as conn:
        for table, values in (
            ("presence", "('c1', 'ben', NULL, now(), now())"),
            ("text_leases", f"('{team.source}', 'ben', now(), now() + interval '5 min')"),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(f"INSERT INTO {table} VALUES {values}")
        conn.execute(f"INSERT INTO text_leases VALUES ('{team.source}', 'ana', now(), now())")
        conn.commit()
    with team.connect("ben") as conn:  # ana's lease has expired: ben may take it over
        conn.execute("UPDATE text_leases SET coder = 'ben', expires_at = now() + interval '5 min'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE text_leases SET coder = 'ana'")
