"""Each pooled connection's page cache is sized for what it does (issue 18: the window's memory):
small while it reads, large while it writes, and a write's large cache is given back by the
connection's next read."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from workbench.core.db import sqlite_file
from workbench.core.project import Project

CODER = "Maya Chen"


def _kib(session: Session) -> int:
    return -int(session.execute(text("PRAGMA cache_size")).scalar_one())


def test_reads_keep_a_small_cache_and_writes_a_large_one(project: Project) -> None:
    assert sqlite_file.READ_CACHE_KIB < sqlite_file.CACHE_KIB
    with project.read() as s:
        assert _kib(s) == sqlite_file.READ_CACHE_KIB
    with project.write(coder=CODER) as tx:
        assert _kib(tx.session) == sqlite_file.CACHE_KIB
    # the write's connection went back to the pool; whichever connection reads next is small
    for _ in range(6):
        with project.read() as s:
            assert _kib(s) == sqlite_file.READ_CACHE_KIB


def test_a_write_between_reads_on_one_connection_gives_its_cache_back(project: Project) -> None:
    with project.write(coder=CODER) as tx:
        raw = tx.session.connection().connection.dbapi_connection
        assert _kib(tx.session) == sqlite_file.CACHE_KIB
    for _ in range(20):  # the pool may hand out another idle connection first
        with project.read() as s:
            if s.connection().connection.dbapi_connection is raw:
                assert _kib(s) == sqlite_file.READ_CACHE_KIB
                return
    pytest.fail("the write's connection was never read through again")


def test_a_raw_read_only_connection_keeps_a_small_cache(project: Project) -> None:
    conn = project.sqlite_connection()  # backups and checks read the whole file through it
    try:
        assert -int(conn.execute("PRAGMA cache_size").fetchone()[0]) == sqlite_file.READ_CACHE_KIB
    finally:
        conn.close()


def test_a_backup_reads_through_a_small_cache_and_gives_the_source_its_own_back(
    project: Project, tmp_path: Path
) -> None:
    source = sqlite_file.connect(project.path, mode="rw")  # as an upgrade's backup: 64 MiB
    traced: list[str] = []
    try:
        source.set_trace_callback(traced.append)
        sqlite_file.backup(source, tmp_path / "copy.qwb")
        source.set_trace_callback(None)
        sizes = [int(s.split("=")[1]) for s in traced if s.startswith("PRAGMA cache_size =")]
        assert sizes[0] == -sqlite_file.CHECK_CACHE_KIB  # while it copies every page
        assert -int(source.execute("PRAGMA cache_size").fetchone()[0]) == sqlite_file.CACHE_KIB
    finally:
        source.close()
