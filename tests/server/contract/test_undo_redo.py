"""Every write method of the core, its undo and its redo, on both backends: the undo tests'
cases (tests/core/undo/test_round_trip.py) compared through the project itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from state_dump import dump_project_state, kept_coders, state_diff
from test_round_trip import CASES
from undo_world import CODER, World

from workbench.core.project import Project


@pytest.mark.parametrize(
    ("method", "variant"),
    [(method, variant) for method, variants in CASES.items() for variant in variants],
    ids=lambda v: v or "-",
)
def test_edit_undo_redo(
    method: str, variant: str, project: Project, world: World, tmp_path: Path
) -> None:
    call = CASES[method][variant](project, world, tmp_path)
    before = dump_project_state(project)
    edited = call()
    after = dump_project_state(project)
    assert after != before, "the case changes nothing: it checks nothing"
    undone = project.restore(edited.undo, coder=CODER)
    now = kept_coders(dump_project_state(project), before)
    assert now == before, f"undo did not restore the state:\n{state_diff(before, now)}"
    project.restore(undone.undo, coder=CODER)
    now = dump_project_state(project)
    assert now == after, f"redo did not restore the edit:\n{state_diff(after, now)}"
