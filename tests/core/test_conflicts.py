"""Row-version conflicts on a project file: an edit made from an older reading is refused with
the other's value, nothing written (the same scenarios run on a server in tests/server)."""

from __future__ import annotations

import pytest
from row_edits import EDITS, RowEdit, stale_edit_is_refused

from workbench.core.project import Project


@pytest.mark.parametrize("case", EDITS, ids=[e.name for e in EDITS])
def test_an_edit_from_an_older_reading_is_refused(project: Project, case: RowEdit) -> None:
    stale_edit_is_refused(project, project, case)
