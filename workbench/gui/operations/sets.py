"""Sets of codes or of sources: created, filled, emptied, deleted."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.changes import Changes
from workbench.core.services.sets import SetKind
from workbench.core.text.wording import counted
from workbench.gui.operations.run import Session, ShowMessage, run


def create(
    session: Session, *, name: str, kind: SetKind, members: Sequence[str], show: ShowMessage
) -> Changes | None:
    """A new set of codes or sources, with its first members."""
    sets = session.project.sets
    return run(
        session,
        f"New {kind} set {name!r}",
        lambda coder: sets.create(name=name, kind=kind, members=members, coder=coder),
        show,
    )


def add_members(
    session: Session,
    *,
    set: str,
    name: str,
    kind: SetKind,
    members: Sequence[str],
    show: ShowMessage,
) -> Changes | None:
    """Put codes or sources into the set ``set`` (``name``: its name)."""
    sets = session.project.sets
    return run(
        session,
        f"Add {counted(len(members), kind)} to set {name!r}",
        lambda coder: sets.add_members(set=set, members=members, coder=coder),
        show,
    )


def remove_members(
    session: Session,
    *,
    set: str,
    name: str,
    kind: SetKind,
    members: Sequence[str],
    show: ShowMessage,
) -> Changes | None:
    """Take codes or sources out of a set (they stay in the project)."""
    sets = session.project.sets
    return run(
        session,
        f"Remove {counted(len(members), kind)} from set {name!r}",
        lambda coder: sets.remove_members(set=set, members=members, coder=coder),
        show,
    )


def delete(
    session: Session, *, set: str, name: str, kind: SetKind, show: ShowMessage
) -> Changes | None:
    """Delete a set (its members stay in the project)."""
    sets = session.project.sets
    return run(
        session,
        f"Delete {kind} set {name!r}",
        lambda coder: sets.delete(set=set, coder=coder),
        show,
    )
