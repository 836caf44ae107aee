"""Five coder members, each in their own process, coding one server project at once: every
coding arrives, each under its own revision in commit order, and nobody is shown a deadlock or
a serialization failure (``benchmarks/server_load.py`` runs the writers); and what a coder
reads costs row-level security once per statement, not once per row."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import text

from workbench.core.project import Project
from workbench.core.server.role_rules import PER_CODER

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from server_load import add_members, coder_name, percentile, run_load

FEED_TABLES = ("tombstones", "audit_log", "change_revisions", "changes")
WRITERS = 5
CODINGS = 500


def test_five_writer_processes_leave_every_coding_under_its_own_revision(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    result = run_load(location, writers=WRITERS, codings=CODINGS)

    assert result.errors == []
    assert len(result.applied) == WRITERS * CODINGS
    acknowledged = {a.uuid: a.revision for a in result.applied}
    assert len(set(acknowledged.values())) == WRITERS * CODINGS  # one revision each
    with Project.open(location) as project, project.read() as s:
        rows = s.execute(
            text(
                "SELECT c.uuid, c.version, k.name FROM codings c JOIN coders k ON k.id = c.coder_id"
            )
        ).all()
        feed = dict(s.execute(text("SELECT revision, coder_uuid FROM change_revisions")).all())
        coders = dict(s.execute(text("SELECT uuid, name FROM coders")).all())
        revision = s.scalar(text("SELECT revision FROM project"))
    assert len(rows) == WRITERS * CODINGS
    # Each coding carries the revision its writer was told, under the coder who applied it.
    assert {uuid: version for uuid, version, _ in rows} == acknowledged
    writer_of = {a.uuid: a.writer for a in result.applied}
    assert all(name == coder_name(writer_of[uuid]) for uuid, _, name in rows)
    # Revisions follow commit order without a gap: setup (source, code) then one per coding,
    # each recorded once in the change feed under its coder.
    assert revision == 2 + WRITERS * CODINGS
    assert sorted(acknowledged.values()) == list(range(3, revision + 1))
    assert all(coders[feed[r]] == coder_name(writer_of[u]) for u, r in acknowledged.items())
    # Each writer saw its own acknowledgements in increasing order.
    for n in range(WRITERS):
        mine = [a.revision for a in result.applied if a.writer == n]
        assert mine == sorted(mine)
    together = [a.seconds for a in result.overlapping()]
    assert len(together) > WRITERS * CODINGS // 2, "the writers did not run at the same time"
    p50, p99 = (percentile(together, q) * 1000 for q in (50, 99))
    print(
        f"\n{len(rows)} codings in {result.wall:.1f} s; "
        f"apply, all running: p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )


def test_a_coders_reads_check_row_level_security_once_not_per_row(
    server_project: Callable[..., str],
) -> None:
    """The policies' helper functions (who is this login, is the project blind) are the same
    for every row: evaluated per row, a coder's code tree over R's 200,000 codings took
    seconds (36 µs a row), so each must run once per statement (an InitPlan)."""
    location = server_project()
    coder = add_members(location, ["Ana"])[0]
    per_row: list[str] = []
    statements = [f"SELECT * FROM {t}" for t in (*PER_CODER, *FEED_TABLES)]
    statements += [f"UPDATE {t} SET id = id" for t in PER_CODER]
    statements += [f"DELETE FROM {t}" for t in PER_CODER]
    with psycopg.connect(coder) as conn:
        for statement in statements:
            (plan,) = conn.execute(f"EXPLAIN (FORMAT JSON) {statement}").fetchone() or ()
            per_row += [
                f"{statement}: {node['Filter']}"
                for node in _nodes(plan[0]["Plan"])
                if "wb_" in node.get("Filter", "")
            ]
    assert per_row == []


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)
