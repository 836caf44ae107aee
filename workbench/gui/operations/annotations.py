"""Annotations: notes on a range of a source."""

from __future__ import annotations

from workbench.core.changes import Changes
from workbench.gui.operations.run import Session, ShowMessage, run


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
