"""The local PostgreSQL the tests and `make server` start: it runs, and it stops completely."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from workbench.core.server import dev_server, local_cluster
from workbench.core.server.local_cluster import LocalCluster
from workbench.core.server.url import engine_url, is_server_location


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_session_cluster_accepts_tcp_and_socket_connections(pg_cluster: LocalCluster) -> None:
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres") as conn:
        (version,) = conn.execute("SHOW server_version_num").fetchone()
    assert int(version) >= 150000
    if sys.platform != "win32":
        socket_dir = str(pg_cluster.socket_dir)
        with psycopg.connect(host=socket_dir, port=pg_cluster.port, user="postgres") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_created_database_has_c_collation(pg_cluster: LocalCluster, pg_database) -> None:
    database = make_url(pg_database()).database
    with psycopg.connect(
        host="127.0.0.1", port=pg_cluster.port, user="postgres", dbname=database
    ) as conn:
        row = conn.execute(
            "SELECT datcollate, datctype, pg_encoding_to_char(encoding) FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()
    assert row == ("C", "C", "UTF8")


def test_a_killed_runs_cluster_is_stopped_by_the_next_start() -> None:
    """A test run killed before its fixture could stop the server leaves a postmaster behind;
    the next start stops it (its owner's pid is dead) and removes its folder."""
    orphan = local_cluster.start_throwaway()
    pid = local_cluster.postmaster_pid(orphan.pgdata)
    assert pid is not None and local_cluster.process_running(pid)
    (orphan.data_dir / local_cluster.OWNER_FILE).write_text(str(_dead_pid()))
    try:
        removed = local_cluster.stop_abandoned(orphan.data_dir.parent)
        assert orphan.data_dir in removed
        assert not local_cluster.process_running(pid)
        assert not orphan.data_dir.exists()
    finally:
        local_cluster.discard(orphan)


def test_make_server_starts_a_persistent_cluster_and_stops_it() -> None:
    # Not pytest's tmp_path: as root, the server user must be able to enter the folder.
    parent = Path(tempfile.mkdtemp(prefix="workbench-devserver-test-"))
    parent.chmod(0o755)
    data_dir = parent / "server"
    cluster = dev_server.start(data_dir)
    try:
        url = dev_server.user_url(cluster)
        assert url.startswith("postgresql://postgres@127.0.0.1:")
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("workbench",)
        assert dev_server.start(data_dir).port == cluster.port  # already running: left as is
        assert dev_server.stop(data_dir)
        assert not cluster.running()
        assert not dev_server.stop(data_dir)
    finally:
        cluster.stop()
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (
            "postgresql://ana@db.example.org:5433/study",
            "postgresql+psycopg://ana@db.example.org:5433/study",
        ),
        (
            "postgres://ana@host/study?sslmode=require",
            "postgresql+psycopg://ana@host/study?sslmode=require",
        ),
        ("postgresql+psycopg://ana@host/study", "postgresql+psycopg://ana@host/study"),
    ],
)
def test_user_urls_become_psycopg_urls(location: str, expected: str) -> None:
    assert is_server_location(location)
    assert engine_url(location).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize(
    "location",
    [
        "study.qwb",
        "/home/ana/study.qwb",
        "C:\\study.qwb",
        "mysql://a@h/db",
        "postgresql://ana@host",
    ],
)
def test_other_locations_are_no_psycopg_urls(location: str) -> None:
    with pytest.raises(ValueError, match="PostgreSQL URL|names no database"):
        engine_url(location)
