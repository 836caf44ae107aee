"""One real PostgreSQL for the whole test session, for every test in tests/server.

Never skipped: a server that cannot start fails these tests with the reason (CI must not go
green without them).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from workbench.core.server import local_cluster
from workbench.core.server.local_cluster import ClusterError, LocalCluster

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    try:
        cluster = local_cluster.start_throwaway()
    except ClusterError as e:
        pytest.fail(f"the test PostgreSQL did not start: {e}", pytrace=False)
    pid = local_cluster.postmaster_pid(cluster.pgdata)
    try:
        yield cluster
    finally:
        local_cluster.discard(cluster)
    # Stopping leaves nothing behind (a failure here is reported as a teardown error).
    assert pid is not None and not local_cluster.process_running(pid), (
        f"postmaster {pid} outlived the tests"
    )
    assert not cluster.data_dir.exists()


@pytest.fixture
def pg_database(pg_cluster: LocalCluster) -> Callable[[], str]:
    """Creates a new, empty C-collation database on each call; its SQLAlchemy URL."""
    return lambda: pg_cluster.create_database(f"test_{next(_names)}")


@pytest.fixture
def server_project(pg_database: Callable[[], str]) -> Callable[..., str]:
    """Makes an empty project in a new database on each call; its ``postgresql://`` location
    (what a user types; the test superuser connects without a password)."""
    from sqlalchemy import create_engine

    from workbench.core.server.schema import create_server_project

    def make(name: str = "Study") -> str:
        url = pg_database()
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                create_server_project(conn, name=name)
        finally:
            engine.dispose()
        return url.replace("postgresql+psycopg://", "postgresql://", 1)

    return make
