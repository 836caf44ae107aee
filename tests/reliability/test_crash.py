"""Crash safety: SIGKILL a process that is changing a project, at random moments and during
backups and schema upgrades; every time, the file passes integrity_check, opens, and holds every
change that was acknowledged. ``benchmarks/crash_soak.py`` runs 1,000 such kills."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from crash_harness import run
from reliability_helpers import CODER, fill

from workbench.core.db.sqlite_file import journal_path
from workbench.core.project import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")

PLAN = ["random"] * 30 + ["backup"] * 10 + ["migration"] * 10


@pytest.mark.slow
def test_fifty_kills_lose_no_acknowledged_change(tmp_path: Path) -> None:
    tally, seconds = run(tmp_path, PLAN)
    print(tally.report(seconds))
    assert tally.failures == []
    assert tally.kills >= 50
    assert tally.phases["schema upgrade"] >= 1 and tally.phases["backup"] >= 1
    assert tally.acknowledged >= 100 and tally.backups_checked >= 10


def test_a_change_interrupted_by_a_crash_is_rolled_back_on_open(tmp_path: Path) -> None:
    """A kill mid-transaction leaves a hot journal: opening (even read-only) rolls it back
    instead of calling the file damaged."""
    path = tmp_path / "study.qwb"
    with Project.create(path, name="Study", coder=CODER) as project:
        fill(project)
        codes_before = project.info().codes
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file early
        conn.execute("BEGIN IMMEDIATE")
        for i in range(300):
            conn.execute(
                "INSERT INTO codes (uuid, name, color, description, inclusion, exclusion, "
                "example, position, created_at, modified_at, modified_by, version) VALUES "
                "(?, ?, '#000000', ?, '', '', '', 0, '2026-01-01', '2026-01-01', 'x', 1)",
                (f"u{i}", f"half-made {i}", "x" * 2000),
            )
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    assert journal_path(path).exists()
    with Project.open(path, read_only=True) as reader:
        assert reader.info().codes == codes_before
    assert not journal_path(path).exists()
    with Project.open(path) as project:
        assert project.info().codes == codes_before
        conn = project.sqlite_connection()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
