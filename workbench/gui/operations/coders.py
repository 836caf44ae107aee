"""Coders: who codes, and whose work is whose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.changes import Changes
from workbench.gui.operations.run import Session, ShowMessage, run

if TYPE_CHECKING:
    from workbench.core.project import Project


def ensure(project: Project, *, name: str, color: str | None = None) -> None:
    """Make sure the coder ``name`` has its record (on opening a project or changing coder:
    not an undo step; a refusal is raised)."""
    project.coders.ensure(name=name, color=color)


def take_over(session: Session, *, old: str, show: ShowMessage) -> Changes | None:
    """Give the work done under the name ``old`` to the current coder."""
    coders = session.project.coders
    return run(
        session,
        f"Give {old}'s work to {session.coder}",
        lambda coder: coders.reassign(old=old, new=coder, coder=coder),
        show,
    )
