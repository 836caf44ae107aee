"""Edits on the theme map: positions, themes, relations (moving codes is ``codes.move``)."""

from __future__ import annotations

from collections.abc import Mapping

from workbench.core.changes import Changes
from workbench.gui.operations import codes
from workbench.gui.operations.run import Session, ShowMessage, run, together

Point = tuple[float, float]


def place(
    session: Session, *, positions: Mapping[str, Point], text: str, show: ShowMessage
) -> Changes | None:
    """Save node positions (a drag, a layout: ``text`` names it) as one step."""
    mapping = session.project.map
    frozen = {uuid: (float(x), float(y)) for uuid, (x, y) in positions.items()}
    return run(session, text, lambda coder: mapping.place(positions=frozen, coder=coder), show)


def new_theme(
    session: Session, *, code: str, name: str, positions: Mapping[str, Point], show: ShowMessage
) -> bool:
    """A new top-level code ``code`` named ``name``, placed at ``positions[code]`` (with the
    other unsaved positions): one undo step."""
    with together(session, f"New theme {name.strip()!r} on the map", show) as group:
        codes.add(session, name=name, uuid=code, show=show)
        place(session, positions=positions, text="Place on the map", show=show)
    return group.ok


def relate(
    session: Session,
    *,
    relation: str,
    from_code: str,
    to_code: str,
    label: str,
    text: str,
    show: ShowMessage,
) -> Changes | None:
    """A labelled relation ``relation`` (its uuid) from one code to another."""
    mapping = session.project.map
    return run(
        session,
        text,
        lambda coder: mapping.relate(
            from_code=from_code, to_code=to_code, label=label, coder=coder, uuid=relation
        ),
        show,
    )


def relabel(session: Session, *, relation: str, label: str, show: ShowMessage) -> Changes | None:
    """Change a relation's label."""
    mapping = session.project.map
    return run(
        session,
        f"Relabel relation {label.strip()!r}",
        lambda coder: mapping.relabel(relation=relation, label=label, coder=coder),
        show,
    )


def unrelate(session: Session, *, relation: str, show: ShowMessage) -> Changes | None:
    """Delete a relation."""
    mapping = session.project.map
    return run(
        session,
        "Delete relation",
        lambda coder: mapping.unrelate(relation=relation, coder=coder),
        show,
    )
