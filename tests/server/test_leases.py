"""Text leases on a server: one coder corrects a transcript's text at a time ("Tomás is
correcting P07"); the lease is renewed by its holder, expires, is released, and two coders
taking it at the same moment never both get it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update

from workbench.core.errors import LeaseError
from workbench.core.project import Project
from workbench.core.server.live_tables import server_transaction, text_leases
from workbench.core.text.replace import Replacement

TEXT = "P07: I met my mentor through a friend at work."


def test_another_coder_cannot_correct_a_text_while_its_lease_is_held(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        source = a.sources.add(name="P07", text=TEXT, coder="Tomás").created[-1]
        lease = a.leases.take(source=source, coder="Tomás")
        assert b.leases.holder(source) == lease
        since = lease.taken_at.astimezone().strftime("%H:%M")

        with pytest.raises(LeaseError) as refused:
            b.leases.take(source=source, coder="Ana")
        assert str(refused.value).startswith(f"Tomás is correcting P07 (since {since})")
        assert refused.value.holder == "Tomás"

        revision = b.revision()
        with pytest.raises(LeaseError, match="Tomás is correcting P07"):
            b.sources.replace_text(
                source=source, replacements=[Replacement(0, 3, "P7")], coder="Ana"
            )
        assert b.revision() == revision and b.sources.text(source) == TEXT  # nothing written

        a.sources.replace_text(source=source, replacements=[Replacement(0, 3, "P7")], coder="Tomás")
        renewed = a.leases.take(source=source, coder="Tomás", minutes=10)  # mine: renewed
        assert renewed.taken_at == lease.taken_at and renewed.expires_at > lease.expires_at

        a.leases.release(source=source, coder="Tomás")
        assert b.leases.holder(source) is None
        assert b.leases.take(source=source, coder="Ana").coder == "Ana"
        b.sources.replace_text(source=source, replacements=[Replacement(0, 2, "P07")], coder="Ana")
        assert a.sources.text(source) == TEXT


def test_an_expired_lease_is_free_to_take(server_project: Callable[..., str]) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        source = a.sources.add(name="P07", text=TEXT, coder="Tomás").created[-1]
        a.leases.take(source=source, coder="Tomás")
        with server_transaction(a) as conn:  # Tomás's program died five minutes ago
            ten_minutes_earlier = text_leases.c.expires_at - timedelta(minutes=10)
            conn.execute(update(text_leases).values(expires_at=ten_minutes_earlier))
        assert b.leases.holder(source) is None
        b.sources.replace_text(source=source, replacements=[Replacement(0, 3, "P7")], coder="Ana")
        assert b.leases.take(source=source, coder="Ana").coder == "Ana"
        with pytest.raises(LeaseError, match="Ana is correcting P07"):
            a.leases.take(source=source, coder="Tomás")


def test_two_coders_taking_one_lease_at_once_never_both_get_it(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as setup:
        sources = [
            setup.sources.add(name=f"P{i:02}", text=f"{TEXT} {i}", coder="Tomás").created[-1]
            for i in range(8)
        ]
    coders = ("Tomás", "Ana")
    won: dict[str, list[str]] = {c: [] for c in coders}
    refused: dict[str, list[str]] = {c: [] for c in coders}
    barrier = threading.Barrier(2)

    def taker(coder: str) -> None:
        with Project.open(location) as project:
            for source in sources:
                barrier.wait(10)
                try:
                    project.leases.take(source=source, coder=coder)
                    won[coder].append(source)
                except LeaseError:
                    refused[coder].append(source)

    threads = [threading.Thread(target=taker, args=(c,)) for c in coders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for source in sources:
        winners = [c for c in coders if source in won[c]]
        assert len(winners) == 1, (source, winners)
        loser = coders[1 - coders.index(winners[0])]
        assert source in refused[loser]
    with Project.open(location) as check:
        assert {s: check.leases.holder(s).coder for s in sources} == {  # type: ignore[union-attr]
            s: next(c for c in coders if s in won[c]) for s in sources
        }


def test_undoing_a_correction_waits_for_the_colleague_correcting_that_text(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        source = a.sources.add(name="P07", text=TEXT, coder="Tomás").created[-1]
        mine = b.sources.replace_text(
            source=source, replacements=[Replacement(0, 3, "P7")], coder="Ana"
        )
        a.leases.take(source=source, coder="Tomás")
        with pytest.raises(LeaseError, match="Tomás is correcting P07"):
            b.restore(mine.undo, coder="Ana")
        assert a.sources.text(source) == "P7" + TEXT[3:]  # nothing changed under Tomás
        a.leases.release(source=source, coder="Tomás")
        b.restore(mine.undo, coder="Ana")
        assert a.sources.text(source) == TEXT
