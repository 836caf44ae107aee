"""A test-only witness of every row a transaction writes: SQLite triggers on the tracked tables.

Triggers see every INSERT, UPDATE and DELETE, raw SQL included (a ``before_flush`` hook sees only
the ORM's own writes). ``WriteProbe.run`` performs one service call and fails when a written
tracked row is missing from the call's undo snapshot or from its ``Changes``, or does not carry
the transaction's revision as its ``version`` (a tombstone, for a deleted row).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.changes import Changes
from workbench.core.db.models import TRACKED_MODELS
from workbench.core.project import Project

LOG = "_undo_probe_log"
TABLE_KIND = {model.__tablename__: kind for kind, model in TRACKED_MODELS.items()}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Written:
    table: str
    uuid: str
    ops: frozenset[str]


class WriteProbe:
    """Triggers installed in a test project's file (any connection's writes are logged)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as conn:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {LOG} (tbl TEXT, uuid TEXT, op TEXT)")
            for table in TABLE_KIND:
                for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
                    conn.execute(
                        f"CREATE TRIGGER IF NOT EXISTS _undo_probe_{table}_{op.lower()} "
                        f"AFTER {op} ON {table} BEGIN "
                        f"INSERT INTO {LOG} VALUES ('{table}', {row}.uuid, '{op.lower()}'); END"
                    )
                # A changed uuid is a row deleted and another created.
                conn.execute(
                    f"CREATE TRIGGER IF NOT EXISTS _undo_probe_{table}_rekey "
                    f"AFTER UPDATE OF uuid ON {table} WHEN OLD.uuid IS NOT NEW.uuid BEGIN "
                    f"INSERT INTO {LOG} VALUES ('{table}', OLD.uuid, 'delete'); END"
                )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        return conn

    def take(self) -> list[Written]:
        """The rows written since the last ``take``, by (table, uuid)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            ops: dict[tuple[str, str], set[str]] = {}
            for table, row_uuid, op in conn.execute(f"SELECT tbl, uuid, op FROM {LOG}"):
                ops.setdefault((table, row_uuid), set()).add(op)
            conn.execute(f"DELETE FROM {LOG}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        return [Written(t, u, frozenset(o)) for (t, u), o in sorted(ops.items())]

    def run(self, project: Project, call: Callable[[], Changes]) -> Changes:
        """Run one service call and check that everything it wrote can be undone and is reported."""
        self.take()
        revision = project.revision()
        changes = call()
        written = self.take()
        assert project.revision() == revision + 1, "a service call must be one transaction"
        assert getattr(changes, "revision", revision + 1) == revision + 1
        problems = self.problems(written, changes, revision + 1)
        assert not problems, "\n".join(problems)
        return changes

    def problems(self, written: list[Written], changes: Changes, revision: int) -> list[str]:
        """What is wrong with ``changes`` as the account of the ``written`` rows."""
        undo_rows = {r.uuid for r in changes.undo.rows}
        undo_created = {u for _, u in changes.undo.created}
        out: list[str] = []
        conn = self._connect()
        try:
            for w in written:
                kind = TABLE_KIND[w.table]
                now = conn.execute(f"SELECT version FROM {w.table} WHERE uuid = ?", (w.uuid,))
                row = now.fetchone()
                tomb = conn.execute("SELECT version FROM tombstones WHERE uuid = ?", (w.uuid,))
                tombstone = tomb.fetchone()
                out.extend(
                    _row_problems(
                        w, kind, row, tombstone, changes, undo_rows, undo_created, revision
                    )
                )
        finally:
            conn.close()
        return out


def _row_problems(
    w: Written,
    kind: str,
    row: tuple[Any, ...] | None,
    tombstone: tuple[Any, ...] | None,
    changes: Changes,
    undo_rows: set[str],
    undo_created: set[str],
    revision: int,
) -> list[str]:
    name = f"{kind} {w.uuid} ({'/'.join(sorted(w.ops))})"
    inserted = "insert" in w.ops
    if row is None and inserted:
        return []  # created and deleted again within the transaction: nothing to undo
    out: list[str] = []
    if row is None:  # deleted
        if w.uuid not in undo_rows:
            out.append(f"{name}: deleted, but not in the undo snapshot (no tx.delete?)")
        if w.uuid not in changes.deleted:
            out.append(f"{name}: deleted, but not in Changes.deleted")
        if tombstone is None or tombstone[0] != revision:
            out.append(f"{name}: deleted without a tombstone of revision {revision}")
        return out
    if row[0] != revision:
        out.append(f"{name}: written but carries version {row[0]}, not revision {revision}")
    if inserted and w.uuid not in undo_rows:
        if w.uuid not in changes.created:
            out.append(f"{name}: created, but not in Changes.created")
        # The coder a change creates for itself stays when the change is undone.
        if w.uuid not in undo_created and kind != "coder":
            out.append(f"{name}: created, but not in the undo snapshot's created rows")
        return out
    if w.uuid not in undo_rows and w.uuid not in undo_created:
        out.append(f"{name}: changed, but not in the undo snapshot (no tx.touch?)")
    if w.uuid not in changes.updated and w.uuid not in changes.created:
        out.append(f"{name}: changed, but not in Changes.updated")
    return out
