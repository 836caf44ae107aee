"""Annotations: notes on a range of a source."""

from __future__ import annotations

from workbench.core.changes import Changes
from workbench.gui.operations.run import Session, ShowMessage, run, seen


def add(
    session: Session, *, source: str, start: int, end: int, text: str, show: ShowMessage
) -> Changes | None:
    """A note on a range of ``source``."""
    annotations = session.project.annotations
    return run(
        session,
        "Annotate",
        lambda coder: annotations.add(source=source, start=start, end=end, text=text, coder=coder),
        show,
    )


def edit(
    session: Session, *, annotation: str, text: str, shown: int | None, show: ShowMessage
) -> Changes | None:
    """Change a note's text; ``shown``: its version as the transcript read it (someone's
    edit made meanwhile is offered as a conflict: theirs, or mine again)."""
    annotations = session.project.annotations
    version = seen(session, annotation, shown)

    def action(coder: str, expected: int | None = version) -> Changes:
        return annotations.edit(
            annotation=annotation, text=text, coder=coder, expected_version=expected
        )

    return run(session, "Edit note", action, show, again=lambda coder: action(coder, None))
