"""Teamwork edits that are one undo step: settling a disagreement between coders. (Sharing and
merging are long jobs that clear the undo stack: see gui/teamwork.)"""

from __future__ import annotations

from workbench.core.changes import Changes
from workbench.core.teamwork import Disagreement, Resolution, resolve
from workbench.gui.operations.run import Session, ShowMessage, run


def resolve_disagreement(
    session: Session,
    disagreement: Disagreement,
    *,
    resolution: Resolution,
    show: ShowMessage,
    keep: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Changes | None:
    """Settle a disagreement: keep one coder's coding, both, none, or agree on a range."""
    how = {"keep": f"keep {keep}'s coding", "adjust": f"agree on {start}–{end}"}
    project = session.project
    return run(
        session,
        f"Resolve disagreement on {disagreement.code_path!r} ({how.get(resolution, resolution)})",
        lambda coder: resolve(
            project,
            disagreement,
            resolution=resolution,
            coder=coder,
            keep=keep,
            start=start,
            end=end,
        ),
        show,
    )
