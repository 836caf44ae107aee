"""The project's stored choice of whose codings reports count (a :class:`CoderScope`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.changes import Changes
from workbench.core.db.project_rows import coder_names, project_row
from workbench.core.errors import ValidationError
from workbench.core.reports.passages import CoderScope

if TYPE_CHECKING:
    from workbench.core.project import Project

SETTING = "report_coders"


def stored_scope(project: Project) -> CoderScope:
    """The choice stored in the project; all coders merged when none was made."""
    with project.read() as s:
        settings = project_row(s).settings or {}
    return CoderScope.from_json(settings.get(SETTING))


def store_scope(project: Project, *, scope: CoderScope, coder: str) -> Changes:
    """Store ``scope`` as the project's choice for every report (one transaction).

    Named coders must be coders of the project. Undo by storing the previous scope again."""
    if stored_scope(project) == scope:
        return Changes(frozenset())
    with project.write(coder=coder) as tx:
        known = set(coder_names(tx.session).values())
        unknown = [name for name in scope.coders if name not in known]
        if unknown:
            raise ValidationError(
                f"{unknown[0]!r} is not a coder of this project; choose one of "
                f"{', '.join(sorted(known, key=str.casefold)) or 'no coders yet'}."
            )
        info = tx.info
        settings = dict(info.settings or {})
        settings[SETTING] = scope.to_json()
        info.settings = settings
        tx.audit("update", "project", info.uuid, f"Reports count: {scope.label}")
        tx.change("project")
    return tx.result
