"""A project on PostgreSQL opened through ``Project.open(URL)``: services, revisions in commit
order, the change feed, the messages for what cannot be opened."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy import create_engine, select, text

from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import NotOnServerError, ServerError
from workbench.core.project import Project
from workbench.core.server.feed import CHANNEL
from workbench.core.server.schema import (
    VERSION_KEY,
    change_revisions,
    change_rows,
    server_meta,
)


def test_services_work_on_a_server_project(server_project: Callable[..., str]) -> None:
    location = server_project()
    with Project.open(location) as project:
        assert project.on_server and project.location.startswith("postgresql://")
        added = project.sources.add(name="P01", text="Hello mentoring world", coder="ana")
        source = added.created[-1]
        code = project.codebook.add(name="Trust", coder="ana").created[-1]
        applied = project.codings.apply(source=source, code=code, start=0, end=5, coder="ana")
        assert applied.revision == project.revision() == 3
        assert [c.code_uuid for c in project.codings.of_source(source)] == [code]
        project.restore(applied.undo, coder="ana")
        assert project.codings.of_source(source) == []
        assert project.info().name == "Study"


def test_each_commit_records_its_rows_and_notifies_its_revision(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with psycopg.connect(location, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with Project.open(location) as project:
            changes = project.sources.add(name="P01", text="Some words here", coder="ana")
            engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://"))
            with engine.connect() as conn:
                rows = conn.execute(
                    select(change_rows.c.kind, change_rows.c.uuid).where(
                        change_rows.c.revision == changes.revision
                    )
                ).all()
                kinds = conn.scalar(
                    select(change_revisions.c.kinds).where(
                        change_revisions.c.revision == changes.revision
                    )
                )
            engine.dispose()
        notes = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert ("source", changes.created[-1]) in rows
    assert "sources" in (kinds or "")
    assert notes == [str(changes.revision)]


def test_concurrent_writers_get_distinct_revisions_in_commit_order(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as setup:
        source = setup.sources.add(name="P01", text="x" * 400, coder="ana").created[-1]
        code = setup.codebook.add(name="Trust", coder="ana").created[-1]
    revisions: list[int] = []
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with Project.open(location) as project:
                for i in range(15):
                    start = offset * 100 + i * 2
                    changes = project.codings.apply(
                        source=source, code=code, start=start, end=start + 1, coder=f"c{offset}"
                    )
                    revisions.append(changes.revision)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(revisions)) == 60
    with Project.open(location) as project:
        # setup, then 60 codings (each new coder is made by its first)
        assert project.revision() == 2 + 60
        with project.read() as s:
            versions = s.execute(text("SELECT version FROM codings ORDER BY version")).scalars()
            assert len(set(versions)) == 60


def test_a_database_without_a_project_is_named_in_the_message(
    pg_database: Callable[[], str],
) -> None:
    location = pg_database().replace("postgresql+psycopg://", "postgresql://")
    with pytest.raises(ServerError, match="holds no workbench project"):
        Project.open(location)


def test_a_missing_database_and_a_newer_format_are_refused_clearly(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with pytest.raises(ServerError, match="has no database 'nope'"):
        Project.open(location.rsplit("/", 1)[0] + "/nope")
    engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(
            server_meta.update()
            .where(server_meta.c.key == VERSION_KEY)
            .values(value=str(SCHEMA_VERSION + 1))
        )
    engine.dispose()
    with pytest.raises(ServerError, match="newer than this workbench"):
        Project.open(location)


def test_file_only_operations_say_take_an_offline_copy(server_project: Callable[..., str]) -> None:
    with (
        Project.open(server_project()) as project,
        pytest.raises(NotOnServerError, match="offline copy"),
    ):
        project.sqlite_connection()
