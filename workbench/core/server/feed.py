"""The change feed's writing side: each server commit records which rows it changed and
notifies every listener of its revision (``NOTIFY`` is delivered at commit, never before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from workbench.core.server.schema import change_revisions, change_rows

if TYPE_CHECKING:
    from workbench.core.db.transaction import WriteTx

CHANNEL = "workbench_changes"
"""The channel every open workbench LISTENs on; the payload is the new revision only."""


FOLDED_ROWS = 500
"""Up to this many changed rows go into the one statement that records a revision; a bigger
write (an import, a merge) inserts them beforehand, in batches."""


def record(tx: WriteTx) -> None:
    """Write ``tx``'s rows into the feed and queue the notification (call before commit), in
    one statement for an everyday write: a round trip costs more than the rows."""
    rows = [{"revision": tx.revision, "kind": kind, "uuid": u} for u, kind in tx.created.items()]
    rows += [{"revision": tx.revision, "kind": tx.before[u].kind, "uuid": u} for u in tx.updated]
    rows += [{"revision": tx.revision, "kind": tx.deleted_kinds[u], "uuid": u} for u in tx.deleted]
    session = tx.session
    coder = getattr(tx, "coder", None)
    revision = insert(change_revisions).values(
        revision=tx.revision,
        coder_uuid=coder.uuid if coder is not None else None,
        kinds=",".join(sorted(tx.kinds)),
    )
    # Data-modifying WITH clauses run to completion whether or not the query reads them.
    notify = select(func.pg_notify(CHANNEL, str(tx.revision))).add_cte(revision.cte("revision"))
    if len(rows) > FOLDED_ROWS:
        session.execute(insert(change_rows), rows)
    elif rows:
        notify = notify.add_cte(insert(change_rows).values(rows).cte("changed"))
    session.execute(notify)
