"""The change feed's writing side: each server commit records which rows it changed and
notifies every listener of its revision (``NOTIFY`` is delivered at commit, never before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ARRAY, Integer, String, bindparam, cast, func, insert, select
from sqlalchemy.sql.expression import Executable

from workbench.core.server.schema import change_revisions, change_rows

if TYPE_CHECKING:
    from workbench.core.db.transaction import WriteTx

CHANNEL = "workbench_changes"
"""The channel every open workbench LISTENs on; the payload is the new revision only."""


def _recording() -> Executable:
    """One statement recording a revision: its ``change_revisions`` row, its ``changes`` rows
    (from two arrays, so any number of rows is the same statement, compiled once) and the
    notification. Data-modifying WITH clauses run to completion whether read or not."""
    revision = bindparam("revision", type_=Integer)
    rows = (
        func.unnest(
            bindparam("kinds", type_=ARRAY(String)), bindparam("uuids", type_=ARRAY(String))
        )
        .table_valued("kind", "uuid")
        .render_derived(name="row")
    )
    head = insert(change_revisions).values(
        revision=revision, coder_uuid=bindparam("coder_uuid"), kinds=bindparam("kinds_text")
    )
    body = insert(change_rows).from_select(
        ["revision", "kind", "uuid"], select(revision, rows.c.kind, rows.c.uuid)
    )
    return (
        select(func.pg_notify(CHANNEL, cast(revision, String)))
        .add_cte(head.cte("revision"))
        .add_cte(body.cte("changed"))
    )


_RECORD = _recording()


def record(tx: WriteTx) -> None:
    """Write ``tx``'s rows into the feed and queue the notification (call before commit), in
    one statement: on a server each statement is a round trip."""
    kinds = [*tx.created.values(), *(tx.before[u].kind for u in tx.updated)]
    kinds += [tx.deleted_kinds[u] for u in tx.deleted]
    coder = getattr(tx, "coder", None)
    tx.session.execute(
        _RECORD,
        {
            "revision": tx.revision,
            "coder_uuid": coder.uuid if coder is not None else None,
            "kinds_text": ",".join(sorted(tx.kinds)),
            "kinds": kinds,
            "uuids": [*tx.created, *tx.updated, *tx.deleted],
        },
    )
