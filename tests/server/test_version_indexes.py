"""A server project indexes ``version`` on every tracked table and on tombstones, so a client
catching up on the change feed (``changes_since``) reads only the newer rows; whether made
empty or published from a file. A project file keeps its schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from workbench.core.db.models import TRACKED_MODELS
from workbench.core.demo import build_demo
from workbench.core.project import Project
from workbench.core.server.local_cluster import LocalCluster
from workbench.core.server.publish import publish

INDEXED = sorted([m.__table__.name for m in TRACKED_MODELS.values()] + ["tombstones"])


def version_indexed(location: str) -> list[str]:
    """The tables with an index whose only column is ``version``."""
    with Project.open(location) as project, project.read() as s:
        return sorted(
            s.scalars(
                text(
                    "SELECT t.relname FROM pg_index i"
                    " JOIN pg_class t ON t.oid = i.indrelid"
                    " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    " WHERE n.nspname = 'public' AND i.indnatts = 1 AND a.attname = 'version'"
                )
            )
        )


def test_a_new_server_project_indexes_version(server_project: Callable[..., str]) -> None:
    assert version_indexed(server_project()) == INDEXED


def test_a_published_project_indexes_version_and_catches_up_by_it(
    pg_cluster: LocalCluster, tmp_path: Path
) -> None:
    demo = build_demo(tmp_path / "demo.qwb")
    location = pg_cluster.url("published_indexes").replace("postgresql+psycopg://", "postgresql://")
    publish(demo, location, owner="Maya Chen")
    assert version_indexed(location) == INDEXED
    with Project.open(location) as project:
        last = project.revision()
        code = project.codebook.add(name="Fresh", coder="Maya Chen").created[-1]
        assert code in project.changes_since(last).updated


def test_a_project_file_keeps_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.qwb"
    Project.create(path, name="P").close()
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    assert not [n for n in names if n.endswith("_version")]
