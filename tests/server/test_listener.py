"""``ChangeListener``: reports each newer revision, survives a dropped connection and a
restarted server, and catches up on everything committed meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import create_engine

from workbench.core.project import Project
from workbench.core.server import local_cluster
from workbench.core.server.listener import CONNECTED, OFFLINE, ChangeListener
from workbench.core.server.local_cluster import LocalCluster
from workbench.core.server.schema import create_server_project

WAIT_S = 10.0


class Consumer:
    """What a consumer (the GUI) does: keep the revisions reported and the states told. An
    ``offline`` hold keeps the listener inside ``on_state(False, …)`` until released, so the
    test can commit while the listener is certainly down."""

    def __init__(self, *, hold_offline: bool = False) -> None:
        self.revisions: list[int] = []
        self.states: list[tuple[bool, str]] = []
        self.cond = threading.Condition()
        self.offline = threading.Event()
        self.release = threading.Event()
        if not hold_offline:
            self.release.set()

    def on_change(self, revision: int) -> None:
        with self.cond:
            self.revisions.append(revision)
            self.cond.notify_all()

    def on_state(self, connected: bool, message: str) -> None:
        with self.cond:
            self.states.append((connected, message))
            self.cond.notify_all()
        if not connected:
            self.offline.set()
            self.release.wait(WAIT_S)

    def wait_for(self, predicate: Callable[[], bool], what: str) -> None:
        with self.cond:
            assert self.cond.wait_for(predicate, WAIT_S), f"{what}: {self.revisions} {self.states}"


@pytest.fixture
def listen() -> Iterator[Callable[..., ChangeListener]]:
    started: list[ChangeListener] = []

    def start(location: object, consumer: Consumer, *, since: int) -> ChangeListener:
        listener = ChangeListener(
            location,  # type: ignore[arg-type]
            since=since,
            on_change=consumer.on_change,
            on_state=consumer.on_state,
        )
        started.append(listener)
        listener.start()
        assert listener.listening.wait(WAIT_S), consumer.states
        return listener

    yield start
    for listener in started:
        listener.stop()


def _add_sources(project: Project, names: list[str]) -> list[str]:
    return [
        project.sources.add(name=n, text=f"text of {n}", coder="ana").created[-1] for n in names
    ]


def test_each_commit_is_reported_in_order_and_stop_is_prompt(
    server_project: Callable[..., str], listen: Callable[..., ChangeListener]
) -> None:
    location = server_project()
    consumer = Consumer()
    with Project.open(location) as project:
        start = project.revision()
        listener = listen(location, consumer, since=start)
        consumer.wait_for(lambda: consumer.states == [(True, CONNECTED)], "connected")
        for name in ("P01", "P02", "P03"):
            project.sources.add(name=name, text=f"words of {name}", coder="ana")
            # one at a time: each revision is reported by itself
            now = project.revision()
            consumer.wait_for(lambda now=now: consumer.revisions[-1:] == [now], f"r{now}")
        assert consumer.revisions == [start + 1, start + 2, start + 3]
    began = time.monotonic()
    listener.stop()
    assert time.monotonic() - began < 1.0
    assert not listener.listening.is_set()


def test_a_burst_is_reported_once_with_its_newest_revision(
    server_project: Callable[..., str], listen: Callable[..., ChangeListener]
) -> None:
    location = server_project()
    consumer = Consumer()
    with Project.open(location) as project:
        listener = listen(location, consumer, since=project.revision())
        # Held inside on_change, the listener cannot read the burst until it is complete.
        gate = threading.Event()
        original = consumer.on_change

        def slow(revision: int) -> None:
            gate.wait(WAIT_S)
            original(revision)

        listener._on_change = slow  # the first report waits; the rest arrive meanwhile
        _add_sources(project, ["P01"])
        _add_sources(project, ["P02", "P03", "P04"])
        newest = project.revision()
        gate.set()
        consumer.wait_for(lambda: consumer.revisions[-1:] == [newest], "the newest")
    assert len(consumer.revisions) == 2  # the first commit, then the rest of the burst as one
    assert consumer.revisions == sorted(set(consumer.revisions))


def test_a_killed_listener_reports_offline_reconnects_and_misses_nothing(
    server_project: Callable[..., str],
    listen: Callable[..., ChangeListener],
    pg_cluster: LocalCluster,
) -> None:
    location = server_project()
    consumer = Consumer(hold_offline=True)
    with Project.open(location) as project:
        _add_sources(project, ["P00"])
        seen = project.revision()
        listener = listen(location, consumer, since=seen)
        pid = listener.backend_pid
        assert pid is not None
        with psycopg.connect(pg_cluster.url().replace("+psycopg", ""), autocommit=True) as su:
            assert su.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        assert consumer.offline.wait(WAIT_S)
        assert consumer.states[-1] == (False, OFFLINE)
        made = _add_sources(project, ["P01", "P02", "P03"])  # while the listener is down
        deleted = project.sources.find("P00")
        project.sources.delete(source=deleted, coder="ana")
        consumer.release.set()
        newest = project.revision()
        consumer.wait_for(lambda: consumer.states[-1] == (True, CONNECTED), "reconnected")
        consumer.wait_for(lambda: consumer.revisions[-1:] == [newest], "caught up")
        assert listener.listening.is_set() and listener.backend_pid != pid
        assert consumer.revisions == [newest]  # one catch-up report for everything missed
        caught = project.changes_since(seen)
        assert set(made) <= set(caught.updated)
        assert deleted in caught.deleted
        # and it listens again
        later = _add_sources(project, ["P04"])
        consumer.wait_for(lambda: consumer.revisions[-1] == project.revision(), "after")
        assert set(later) <= set(project.changes_since(newest).updated)


def test_a_restarted_server_is_caught_up_with(listen: Callable[..., ChangeListener]) -> None:
    # A cluster of its own: the session's shared one keeps serving the other tests.
    cluster = local_cluster.start_throwaway()
    try:
        url = cluster.create_database("restart")
        engine = create_engine(url)
        with engine.begin() as conn:
            create_server_project(conn, name="Restart")
        engine.dispose()
        location = url.replace("postgresql+psycopg://", "postgresql://")
        consumer = Consumer(hold_offline=True)
        with Project.open(location) as project:
            _add_sources(project, ["P01"])
            seen = project.revision()
        listener = listen(location, consumer, since=seen)
        cluster.stop()
        assert consumer.offline.wait(WAIT_S)
        assert not listener.listening.is_set()
        cluster.start(durable=False)
        with Project.open(location) as project:
            made = _add_sources(project, ["P02", "P03"])
            newest = project.revision()
            consumer.release.set()
            consumer.wait_for(lambda: consumer.revisions[-1:] == [newest], "caught up")
            assert consumer.states[-1] == (True, CONNECTED)
            assert set(made) <= set(project.changes_since(seen).updated)
    finally:
        local_cluster.discard(cluster)


def test_an_unreachable_server_is_told_and_a_failing_consumer_does_not_stop_the_feed(
    server_project: Callable[..., str], listen: Callable[..., ChangeListener]
) -> None:
    states: list[tuple[bool, str]] = []
    nowhere = ChangeListener(
        f"postgresql://postgres@127.0.0.1:{local_cluster.free_port()}/none",
        since=0,
        on_change=lambda r: None,
        on_state=lambda ok, m: states.append((ok, m)),
    )
    nowhere.start()
    deadline = time.monotonic() + WAIT_S
    while not states and time.monotonic() < deadline:
        time.sleep(0.05)
    began = time.monotonic()
    nowhere.stop()
    assert states[:1] == [(False, OFFLINE)] and not nowhere.listening.is_set()
    assert time.monotonic() - began < 2.0

    location = server_project()
    consumer = Consumer()
    with Project.open(location) as project:
        listener = listen(location, consumer, since=project.revision())
        calls: list[int] = []

        def broken(revision: int) -> None:
            calls.append(revision)
            raise RuntimeError("a consumer's bug")

        listener._on_change = broken
        _add_sources(project, ["P01"])
        first = project.revision()
        deadline = time.monotonic() + WAIT_S
        while calls != [first] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert calls == [first]
        listener._on_change = consumer.on_change
        _add_sources(project, ["P02"])
        consumer.wait_for(lambda: consumer.revisions == [project.revision()], "still listening")
