"""Inserting many new rows in one statement (an import's codings, annotations and media
codings)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Literal

from sqlalchemy import bindparam, insert

from workbench.core.db.models import TRACKED_MODELS
from workbench.core.db.row_values import CHANGE_KIND
from workbench.core.db.transaction import WriteTx


def bulk_insert(
    tx: WriteTx,
    kind: Literal["coding", "annotation", "media_coding"],
    rows: list[dict[str, Any]],
    *,
    record: bool = True,
) -> None:
    """Insert many new codings, annotations or media codings (dicts of column values, uuid
    included) at once, stamped as ``WriteTx.add`` stamps them and recorded as created (unless
    not ``record``: a new project's import, whose Changes nobody undoes, need not hold every
    uuid); the dicts are consumed.

    Goes straight to the driver's ``executemany`` with values converted by the column
    types: SQLAlchemy's per-row work would double the time of a 200,000-coding import."""
    if not rows:
        return
    if record:
        created = tx.created
        for row in rows:
            created[row["uuid"]] = kind
    table = TRACKED_MODELS[kind].__table__  # type: ignore[attr-defined]
    connection = tx.session.connection()
    dialect = connection.dialect
    columns = [*rows[0], "modified_at", "modified_by", "version"]
    compiled = insert(table).values({c: bindparam(c) for c in columns}).compile(dialect=dialect)
    convert = {c: table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns}
    for column in rows[0]:
        f = convert[column]
        if f is not None:
            # Converted once per distinct value: timestamps, to the second, repeat a lot.
            done: dict[Any, Any] = {}
            for row in rows:
                value = row[column]
                stored = done.get(value, done)
                if stored is done:
                    stored = done[value] = f(value)
                row[column] = stored
    # The stamps are the same for every row: convert them once.
    stamps = {"modified_at": tx.now, "modified_by": tx.coder.uuid}
    for column, value in (stamps | {"version": tx.revision}).items():
        f = convert[column]
        stamps[column] = f(value) if f is not None else value
    for row in rows:
        row.update(stamps)
    names = list(compiled.positiontup or ()) if compiled.positional else columns
    params: list[Any] = list(map(itemgetter(*names), rows)) if compiled.positional else rows
    connection.exec_driver_sql(compiled.string, params)
    tx.change(CHANGE_KIND[kind])
