"""Merging a coder's copy into the project, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from undo_world import CODER, World

from workbench.core.project import Project
from workbench.core.teamwork.merge import merge_copy


@pytest.fixture
def copy_path(tmp_path: Path) -> Path:
    """A coder's file holding work the project does not have."""
    path = tmp_path / "zed.qwb"
    with Project.create(path, name="Zed's copy", coder="Zed") as copy:
        source = copy.sources.add(name="Z1", text="Zed speaks here.", coder="Zed").created[-1]
        code = copy.codebook.add(name="Zcode", coder="Zed").created[-1]
        copy.codings.apply(source=source, code=code, start=0, end=3, coder="Zed")
    return path


def test_a_copy_merges_in_and_a_second_merge_changes_nothing(
    project: Project, world: World, copy_path: Path
) -> None:
    outcome = merge_copy(project, copy_path, coder=CODER)
    assert outcome.report.total_changes > 0
    assert "Zcode" in [n.name for n in project.codebook.all()]
    z1 = project.sources.find("Z1")
    assert [(c.start, c.end, c.coder) for c in project.codings.of_source(z1)] == [(0, 3, "Zed")]
    assert [s.name for s in project.sources.list()] == ["P01", "P02", "Z1"]
    assert merge_copy(project, copy_path, coder=CODER).report.total_changes == 0
