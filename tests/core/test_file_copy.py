"""``sqlite_file.copy_file``: a byte copy of a live project file that holds its committed state
while a change is being made, and is a sound database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from workbench.core.db import sqlite_file


def _count(path: Path) -> tuple[int, list[str]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM t").fetchone()[0], sqlite_file.quick_check(conn)


def test_a_copy_taken_during_a_change_holds_the_state_before_it(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    with closing(sqlite3.connect(live, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode = DELETE")
        writer.execute("CREATE TABLE t (x TEXT)")
        writer.execute("INSERT INTO t VALUES ('committed')")
        writer.execute("BEGIN IMMEDIATE")
        writer.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
        reader = sqlite_file.connect(live, mode="ro")
        try:
            sqlite_file.copy_file(reader, live, tmp_path / "during.db")
            writer.execute("COMMIT")
            sqlite_file.copy_file(reader, live, tmp_path / "after.db")
        finally:
            reader.close()
    assert _count(tmp_path / "during.db") == (1, [])
    assert _count(tmp_path / "after.db") == (201, [])
    assert not list(tmp_path.glob("*.partial*"))
