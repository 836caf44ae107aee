"""Row versions: an edit made from what a coder read is refused, with the other's value, when
someone changed the row meanwhile (two coders on one server, or two windows on one file).

Every edit of one row takes ``expected_version`` (the ``version`` of the value the coder saw;
None: no check). The check runs inside the write transaction, after the project row is locked
on a server, so no write can slip in between the check and the edit. After a saved edit the row
carries ``Changes.revision``: an editor that saves again (an autosave burst) passes that."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.db.models import AuditEntry, Coder, Tracked
from workbench.core.errors import ConflictError

if TYPE_CHECKING:
    from workbench.core.db.transaction import WriteTx

_DONE: dict[str, Callable[[str, Tracked], str]] = {
    "rename": lambda kind, row: f"renamed this {kind} to {getattr(row, 'name', '')!r}",
    "recolor": lambda kind, row: f"recoloured this {kind} {getattr(row, 'color', '')}",
    "define": lambda kind, row: f"edited this {kind}'s definition",
    "move": lambda kind, row: f"moved this {kind}",
    "edit": lambda kind, row: f"edited this {kind}",
}


def expect_version(
    tx: WriteTx,
    row: Tracked | None,
    expected: int | None,
    *,
    kind: str,
    fields: Sequence[str] = (),
    theirs: Callable[[Any], dict[str, object]] | None = None,
    done: str | None = None,
) -> None:
    """Raise ConflictError (nothing written) unless ``row`` still carries ``expected``.

    ``row`` None stands for a value not set (version 0: e.g. an attribute value nobody set);
    ``fields`` are the attributes the edit sets (their current values go into the error's
    ``theirs``), or ``theirs`` makes those values from the row (e.g. a parent's uuid, not its
    row id); ``done`` says what the other did when the audit log cannot ("set 'age' to 41")."""
    current = row.version if row is not None else 0
    if expected is None or current == expected:
        return
    if row is None:
        raise ConflictError(
            f"Someone cleared this {kind} meanwhile; your change was not saved. "
            "Apply yours again?",
            theirs={},
            who=None,
        )
    session = tx.session
    who = session.scalar(select(Coder.name).where(Coder.uuid == row.modified_by))
    if done is None:
        action = session.scalar(
            select(AuditEntry.action)
            .where(AuditEntry.entity_uuid == row.uuid, AuditEntry.revision == row.version)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        describe = _DONE.get(action or "")
        done = describe(kind, row) if describe else f"changed this {kind}"
    raise ConflictError(
        f"{who or 'Someone'} {done} meanwhile; your change was not saved. Apply yours again?",
        theirs=theirs(row) if theirs else {name: getattr(row, name) for name in fields},
        who=who,
    )
