"""Presence on a server: who has the project open and which source each reads, announced with
a NOTIFY on ``workbench_presence``; a client that stops its heartbeat fades after a minute, one
that closes the project leaves at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import update

from workbench.cli.main import main
from workbench.core.project import Project
from workbench.core.server.live_tables import presence, server_transaction
from workbench.core.server.presence import CHANNEL, STALE_S

TEXT = "P07: I met my mentor through a friend at work."


def _seen(project: Project) -> list[tuple[str, str | None]]:
    return [(p.coder, p.source_uuid) for p in project.presence.list()]


def test_each_client_shows_who_reads_which_source(server_project: Callable[..., str]) -> None:
    location = server_project()
    with psycopg.connect(location, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with Project.open(location) as a, Project.open(location) as b:
            source = a.sources.add(name="P07", text=TEXT, coder="Tomás").created[-1]
            a.presence.announce(source, coder="Tomás")
            b.presence.announce(None, coder="Ana")
            assert _seen(b) == [("Ana", None), ("Tomás", source)]
            since = a.presence.list()[1].since
            a.presence.heartbeat()  # same source: no notification, ``since`` kept
            assert a.presence.list()[1].since == since
            b.presence.announce(source, coder="Ana")
            assert _seen(a) == [("Ana", source), ("Tomás", source)]
            assert b.presence.list()[0].member == "Ana"
            a.presence.leave()
            assert _seen(b) == [("Ana", source)]
        notes = [n.payload for n in listener.notifies(timeout=2, stop_after=5)]
        # came, came, moved, left; and b left when it was closed (gone, not merely stale)
        assert notes == ["Tomás", "Ana", "Ana", "Tomás", "Ana"]
        with Project.open(location) as c:
            assert c.presence.list() == []


def test_a_client_whose_heartbeat_stopped_fades(server_project: Callable[..., str]) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        a.presence.announce(None, coder="Tomás")
        b.presence.announce(None, coder="Ana")
        with server_transaction(a) as conn:  # Tomás's program froze a minute ago
            a_minute_ago = presence.c.seen_at - timedelta(seconds=STALE_S + 1)
            conn.execute(
                update(presence)
                .where(presence.c.client == a.presence.client)
                .values(seen_at=a_minute_ago)
            )
        assert _seen(b) == [("Ana", None)]
        a.presence.heartbeat()  # it woke up: back, ``since`` starting afresh
        assert _seen(b) == [("Ana", None), ("Tomás", None)]


def test_the_coder_defaults_to_the_database_user(server_project: Callable[..., str]) -> None:
    location = server_project()
    with Project.open(location) as a:
        a.presence.announce(None)
        assert _seen(a) == [("postgres", None)]  # the test server's superuser


def test_the_cli_lists_who_is_where(
    server_project: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    location = server_project()
    with Project.open(location) as a:
        source = a.sources.add(name="P07", text=TEXT, coder="Tomás").created[-1]
        a.presence.announce(source, coder="Tomás")
        a.leases.take(source=source, coder="Tomás")
        assert main(["presence", location, "--json"]) == 0
        [row] = json.loads(capsys.readouterr().out)
        assert (row["coder"], row["source"], row["source_uuid"]) == ("Tomás", "P07", source)
        assert row["correcting_until"] is not None
        assert main(["presence", location]) == 0
        assert capsys.readouterr().out.startswith("Tomás\tP07\tsince ")
