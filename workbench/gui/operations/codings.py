"""Applying codes to text and changing codings."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.changes import Changes
from workbench.core.services import autocode
from workbench.core.services.codings import CodingRequest
from workbench.gui.operations.codes import name_of
from workbench.gui.operations.run import Session, ShowMessage, run


def apply(
    session: Session, *, code: str, source: str, start: int, end: int, show: ShowMessage | None
) -> Changes | None:
    """Apply ``code`` to a range of ``source``, and remember it as the most recent code."""
    project = session.project
    changes = run(
        session,
        f"Code with {name_of(session, code)!r}",
        lambda coder: project.codings.apply(
            source=source, code=code, start=start, end=end, coder=coder
        ),
        show,
    )
    if changes is not None:
        session.remember_code(code)
    return changes


def apply_many(
    session: Session, *, requests: Sequence[CodingRequest], text: str, show: ShowMessage
) -> Changes | None:
    """Apply many codings at once (e.g. to search hits) as one step named ``text``."""
    project = session.project
    return run(session, text, lambda coder: project.codings.apply_many(requests, coder=coder), show)


def code_whole_source(
    session: Session, *, source: str, code: str, show: ShowMessage
) -> Changes | None:
    """Apply ``code`` to the whole of ``source``."""
    project = session.project
    return run(
        session,
        "Code the whole document",
        lambda coder: project.codings.apply_many(
            autocode.whole_source(project, source=source, code=code), coder=coder
        ),
        show,
    )


def code_speaker_turns(
    session: Session, *, source: str, speaker: str, code: str, show: ShowMessage
) -> Changes | None:
    """Apply ``code`` to every turn of ``speaker`` in ``source``."""
    project = session.project
    return run(
        session,
        f"Code every turn of {speaker}",
        lambda coder: project.codings.apply_many(
            autocode.speaker_turns(project, source=source, speaker=speaker, code=code),
            coder=coder,
        ),
        show,
    )


def remove(session: Session, *, coding: str, label: str, show: ShowMessage) -> Changes | None:
    """Remove one coding (``label`` names it in the undo step)."""
    project = session.project
    return run(
        session,
        f"Remove coding {label}",
        lambda coder: project.codings.remove(codings=[coding], coder=coder),
        show,
    )


def change_code(
    session: Session, *, coding: str, code: str, label: str, show: ShowMessage
) -> Changes | None:
    """Move one coding to another code."""
    project = session.project
    return run(
        session,
        f"Change code of {label}",
        lambda coder: project.codings.change_code(coding=coding, code=code, coder=coder),
        show,
    )


def set_range(
    session: Session, *, coding: str, start: int, end: int, label: str, show: ShowMessage
) -> Changes | None:
    """Give one coding another range of its source."""
    project = session.project
    return run(
        session,
        f"Adjust range of {label}",
        lambda coder: project.codings.set_range(coding=coding, start=start, end=end, coder=coder),
        show,
    )
