"""A merge reports its stages as monotonic progress, and a cancel leaves the project as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import Study

from workbench.core.progress import Cancelled, Progress
from workbench.core.teamwork.merge import apply_merge, plan_merge


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _change_the_copy(study: Study) -> None:
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
        copy.codebook.rename(code=study.feelings, name="Emotions", coder="Ben")


def test_a_merge_reports_monotonic_progress(study: Study) -> None:
    _change_the_copy(study)
    steps: list[tuple[int, int, str]] = []
    progress = Progress(lambda done, total, label: steps.append((done, total, label)))
    plan = plan_merge(study.project, study.copy_path, progress=progress)
    assert [d for d, _, _ in steps] == sorted(d for d, _, _ in steps) and steps[-1][:2] == (2, 2)
    steps.clear()
    outcome = apply_merge(study.project, plan, coder="Ana", progress=progress)
    assert outcome.changes is not None
    dones = [d for d, _, _ in steps]
    assert dones == sorted(dones) and {t for _, t, _ in steps} == {4} and dones[-1] == 4
    assert "Writing the merged rows" in [label for _, _, label in steps]


@pytest.mark.parametrize(
    "stage", ["Comparing", "Backing up the project", "Writing the merged rows"]
)
def test_cancelling_a_merge_leaves_the_project_as_it_was(study: Study, stage: str) -> None:
    _change_the_copy(study)
    plan = plan_merge(study.project, study.copy_path)
    before = _digest(study.project.path)
    revision = study.project.info().revision

    def step(done: int, total: int, label: str) -> None:
        if label == stage:
            progress.cancel()

    progress = Progress(step)
    with pytest.raises(Cancelled):
        apply_merge(study.project, plan, coder="Ana", progress=progress)
    assert _digest(study.project.path) == before
    assert study.project.info().revision == revision
    assert "Feelings" in {n.path for n in study.project.codebook.all()}
