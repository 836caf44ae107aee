"""Publishing a project file to the server: everything kept, sequences continued, the file
checked before anything is created, a failure leaving nothing behind, copies still merging."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, func, select, text

from workbench.core.db.models import Base
from workbench.core.demo import build_demo
from workbench.core.errors import ServerError, ValidationError
from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.server.local_cluster import LocalCluster
from workbench.core.server.publish import publish
from workbench.core.teamwork.merge import merge_copy

_names = itertools.count(1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.qwb")


def new_location(cluster: LocalCluster) -> str:
    """A ``postgresql://`` location whose database does not exist yet."""
    name = f"published_{next(_names)}"
    return cluster.url(name).replace("postgresql+psycopg://", "postgresql://", 1)


def database_exists(cluster: LocalCluster, location: str) -> bool:
    name = location.rsplit("/", 1)[1]
    with psycopg.connect(cluster.url().replace("+psycopg", "")) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


def table_rows(engine_url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(engine_url)
    try:
        with engine.connect() as conn:
            return {
                t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_publish_copies_every_row_as_it_is(
    pg_cluster: LocalCluster, demo_file: Path, tmp_path: Path
) -> None:
    location = new_location(pg_cluster)
    steps: list[tuple[int, int]] = []
    shown = publish(demo_file, location, progress=Progress(lambda d, t, _l: steps.append((d, t))))
    assert shown == location
    assert steps and steps[-1][0] == steps[-1][1] > 1000
    on_file = table_rows(f"sqlite:///{demo_file}")
    on_server = table_rows(location.replace("postgresql://", "postgresql+psycopg://"))
    assert on_server == on_file  # ids, uuids, versions, tombstones, audit: everything
    with psycopg.connect(location) as conn:
        (collation,) = conn.execute(
            "SELECT datcollate FROM pg_database WHERE datname = current_database()"
        ).fetchone()
    assert collation == "C"
    with Project.open(location) as project, Project.open(demo_file, read_only=True) as file:
        assert project.info() == file.info()


def test_sequences_continue_after_the_copied_ids(pg_cluster: LocalCluster, demo_file: Path) -> None:
    location = new_location(pg_cluster)
    publish(demo_file, location)
    with Project.open(location) as project:
        with project.read() as s:
            (top,) = s.execute(text("SELECT max(id) FROM codes")).one()
        code = project.codebook.add(name="Fresh code", coder="Maya Chen").created[-1]
        with project.read() as s:
            (new_id,) = s.execute(text("SELECT id FROM codes WHERE uuid = :u"), {"u": code}).one()
            audit = s.scalar(select(func.max(text("id"))).select_from(text("audit_log")))
    assert new_id == top + 1
    assert audit is not None


def _poke(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("sql", "params", "words"),
    [
        (
            "UPDATE sources SET text = text || ? WHERE name = 'P03'",
            ("bad \x00 byte",),
            ["source 'P03'", "NUL character", "text"],
        ),
        (
            "UPDATE codes SET color = ? WHERE id = (SELECT min(id) FROM codes)",
            ("#1234567890",),
            ["code", "color longer than 9 characters"],
        ),
        (
            'UPDATE codings SET start = ?, "end" = ? WHERE id = (SELECT min(id) FROM codings)',
            (2**40, 2**40 + 5),
            ["coding", "on the source", "start beyond"],
        ),
    ],
)
def test_a_value_the_server_cannot_hold_is_refused_before_anything_is_created(
    pg_cluster: LocalCluster,
    demo_file: Path,
    tmp_path: Path,
    sql: str,
    params: tuple[object, ...],
    words: list[str],
) -> None:
    bad = tmp_path / "bad.qwb"
    bad.write_bytes(demo_file.read_bytes())
    _poke(bad, sql, *params)
    location = new_location(pg_cluster)
    with pytest.raises(ValidationError) as caught:
        publish(bad, location)
    message = str(caught.value)
    assert "bad.qwb cannot be published" in message and "Nothing was created" in message
    for word in words:
        assert word in message
    assert not database_exists(pg_cluster, location)


def test_a_database_holding_anything_is_refused(server_project: object, demo_file: Path) -> None:
    location = server_project()  # type: ignore[operator]
    with pytest.raises(ServerError, match="already holds something"):
        publish(demo_file, location)
    with Project.open(location) as project:
        assert project.info().sources == 0  # untouched


def test_an_existing_empty_database_is_used(pg_database: object, demo_file: Path) -> None:
    location = pg_database().replace("postgresql+psycopg://", "postgresql://")  # type: ignore[operator]
    publish(demo_file, location)
    with Project.open(location) as project:
        assert project.info().sources == 25


def test_a_cancelled_publish_drops_the_database_it_created(
    pg_cluster: LocalCluster, demo_file: Path
) -> None:
    location = new_location(pg_cluster)
    progress = Progress(lambda done, _t, _l: progress.cancel() if done > 500 else None)
    with pytest.raises(Cancelled):
        publish(demo_file, location, progress=progress)
    assert not database_exists(pg_cluster, location)


def test_a_copy_made_before_publishing_merges_into_the_server(
    pg_cluster: LocalCluster, demo_file: Path, tmp_path: Path
) -> None:
    study = tmp_path / "study.qwb"
    study.write_bytes(demo_file.read_bytes())
    copy = tmp_path / "coder.qwb"
    with Project.open(study) as project:
        project.save_copy(copy)
    with Project.open(copy) as coder_copy:  # offline work in the coder's copy
        source = coder_copy.sources.find("P01")
        code = coder_copy.codebook.add(name="Offline idea", coder="Tomás Rivera").created[-1]
        coder_copy.codings.apply(source=source, code=code, start=0, end=10, coder="Tomás Rivera")
    location = new_location(pg_cluster)
    publish(study, location)
    with Project.open(location) as server:
        before = server.info()
        outcome = merge_copy(server, copy, coder="Maya Chen")
        after = server.info()
    assert outcome.report.base == "copy of this project"  # three-way, not a union
    assert outcome.report.added == {"code": 1, "coding": 1}
    assert not outcome.report.deleted and not outcome.report.conflicts
    assert (after.codes, after.codings) == (before.codes + 1, before.codings + 1)
