"""Sources: done marks, names, deletion, text corrections; imports are run by the import job."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.changes import Changes
from workbench.core.text.replace import Replacement
from workbench.gui.operations.run import Session, ShowMessage, run

if TYPE_CHECKING:
    from workbench.core.progress import Progress
    from workbench.core.project import Project
    from workbench.core.services.import_report import ImportReport


def set_done(
    session: Session, *, source: str, name: str, done: bool, show: ShowMessage
) -> Changes | None:
    """Mark a source done (or not done) for the current coder."""
    sources = session.project.sources
    return run(
        session,
        f"Mark {name!r} {'done' if done else 'not done'}",
        lambda coder: sources.set_done(source=source, coder=coder, done=done),
        show,
    )


def rename(
    session: Session, *, source: str, old: str, name: str, show: ShowMessage
) -> Changes | None:
    """Rename a source (``old``: its name now)."""
    sources = session.project.sources
    return run(
        session,
        f"Rename source {old!r}",
        lambda coder: sources.rename(source=source, name=name, coder=coder),
        show,
    )


def delete(session: Session, *, source: str, name: str, show: ShowMessage) -> Changes | None:
    """Delete a source with its codings, annotations and memos."""
    sources = session.project.sources
    return run(
        session,
        f"Delete source {name!r}",
        lambda coder: sources.delete(source=source, coder=coder),
        show,
    )


def correct_text(
    session: Session, *, source: str, replacements: Sequence[Replacement], show: ShowMessage
) -> Changes | None:
    """Replace parts of a source's text; codings and annotations move with the text."""
    sources = session.project.sources
    return run(
        session,
        "Correct text",
        lambda coder: sources.replace_text(source=source, replacements=replacements, coder=coder),
        show,
    )


def import_files(
    project: Project, paths: Sequence[Path], *, coder: str, progress: Progress
) -> ImportReport:
    """Import documents — a long job, run off the GUI thread by the import job and not undoable
    step by step (the job clears the undo stack)."""
    return project.sources.import_files(paths, coder=coder, progress=progress)
