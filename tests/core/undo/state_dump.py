"""A project's whole user-visible state as one comparable value, for undo round trips.

Every tracked table, rows ordered by uuid, foreign keys given as the uuid of the row they point
to. Left out, because they legitimately differ after an undo or a redo:

- ``id``: a row brought back is inserted again and gets a new integer key (rows are known by
  uuid; foreign keys are compared as uuids instead);
- ``modified_at``, ``modified_by``, ``version``: an undo is itself a change, stamped with its own
  time, coder and revision (the undo's own revision is what version-checked undo relies on);
- the ``tombstones``, ``audit_log`` and ``merge_bases`` tables: an undo of a creation deletes the
  row and so leaves a tombstone, and every step is logged — history, not state.

The project row's user-visible fields (name, description, settings) are included.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from workbench.core.db.models import TRACKED_MODELS
from workbench.core.project import Project

BOOKKEEPING = {"id", "modified_at", "modified_by", "version"}
State = dict[str, list[tuple[Any, ...]]]


def dump_state(path: Path) -> State:
    """The state of the project file at ``path`` (readable while the project is open)."""
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(query).fetchall() for table, query in _queries()}
    finally:
        conn.close()


def dump_project_state(project: Project) -> State:
    """The same state read through ``project`` (a file or a server project)."""
    with project.read() as session:
        return {
            table: [tuple(map(_comparable, row)) for row in session.execute(text(query))]
            for table, query in _queries()
        }


def _comparable(value: Any) -> Any:
    """JSON as its text (PostgreSQL's driver hands back dicts and lists, which do not hash)."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def _queries() -> list[tuple[str, str]]:
    out = [("project", "SELECT name, description, settings FROM project")]
    for model in TRACKED_MODELS.values():
        table = model.__table__  # type: ignore[attr-defined]
        select = [f"{table.name}.uuid"]  # first, for kept_coders
        for column in table.columns:
            if column.name in BOOKKEEPING or column.name == "uuid":
                continue
            fks = list(column.foreign_keys)
            if fks:
                target = fks[0].column.table.name
                select.append(
                    f"(SELECT t.uuid FROM {target} t WHERE t.id = {table.name}.{column.name})"
                )
            else:
                select.append(f"{table.name}.{column.name}")
        out.append(
            (table.name, f"SELECT {', '.join(select)} FROM {table.name} ORDER BY {table.name}.uuid")
        )
    return out


def kept_coders(state: State, like: State) -> State:
    """``state`` without the coders ``like`` does not have: a coder a change created stays
    when the change is undone (who did what stays known)."""
    known = {row[0] for row in like["coders"]}
    return {**state, "coders": [row for row in state["coders"] if row[0] in known]}


def state_diff(before: State, after: State) -> str:
    """A short account of what differs (for assertion messages)."""
    lines: list[str] = []
    for table in before:
        old, new = set(before[table]), set(after[table])
        for row in sorted(old - new, key=repr)[:3]:
            lines.append(f"{table}: lost {_short(row)}")
        for row in sorted(new - old, key=repr)[:3]:
            lines.append(f"{table}: gained {_short(row)}")
        if old == new and before[table] != after[table]:
            lines.append(f"{table}: same rows, other order or duplicates")
    return "\n".join(lines)


def _short(row: tuple[Any, ...]) -> str:
    return repr(tuple(v[:60] + "…" if isinstance(v, str) and len(v) > 60 else v for v in row))
